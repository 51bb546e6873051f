"""A crash months back is no major trauma now (context.py, dating.py: `event` findings)."""

from __future__ import annotations

import pytest

from spinecli.dating import dated_at, months_ago
from spinecli.model import KnowledgeBase
from spinecli.text import tokenize
from tests.redflags_of import flags_raised

FRACTURE = "spinal-fracture"


@pytest.mark.parametrize(
    "text",
    [
        "stiff lower back 5/12 after an RTA",  # clinical shorthand: five months
        "neck has ached 8/52 since the motor vehicle accident",  # eight weeks
        "back still hurts from a car accident 2 mnths ago",  # typo'd unit
        "my neck went after a car crash 5 monts ago",
        "neck pain 6 wks after a car accident, sore to turn",
        "lumbar ache since a road traffic accident 3/12 ago",
        "since the crash in October my neck is stiff",
    ],
)
def test_a_crash_a_month_or_more_back_is_not_fresh_trauma(
    shipped: KnowledgeBase, text: str
) -> None:
    assert FRACTURE not in flags_raised(shipped, text)


@pytest.mark.parametrize(
    "text",
    [
        "neck pain 3/7 post RTA",  # three days: recent
        "low back pain 2/52 after a car crash",  # two weeks: recent
        "back pain after a car accident 10 days ago",
        "neck hurts since a car crash yesterday",
        "neck pain after a car accident last week",
        "back pain for 4 months and a car crash yesterday made it much worse",
        "lower back pain 3/12, car crash this morning",  # the pain's duration
        "stiff neck 3 wks after a car crash",
    ],
)
def test_a_recent_crash_still_flags(shipped: KnowledgeBase, text: str) -> None:
    assert FRACTURE in flags_raised(shipped, text)


def test_a_dated_crash_does_not_hide_new_cauda_equina_signs(shipped: KnowledgeBase) -> None:
    text = "back pain since a car crash 5 months ago, now numb between the legs and can't pee"
    assert "cauda-equina-syndrome" in flags_raised(shipped, text)


def test_shorthand_reads_as_values_py_does() -> None:
    assert dated_at(tokenize("pain 4/12")) and dated_at(tokenize("pain 6/52"))
    assert not dated_at(tokenize("pain 3/52")) and not dated_at(tokenize("pain 3/7"))
    assert not dated_at(tokenize("seen 3/12/2024"))  # a date, not a duration
    assert months_ago(tokenize("fell 4/12 ago")) and not months_ago(tokenize("fell 4/12"))


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("got whiplash when a car hit mine yesterday, RTA", True),  # whiplash is neck pain
        ("whiplash from a car crash a few days ago", True),
        ("whiplash from a motor vehicle collision 7 months ago, still stiff", False),
        ("whiplash years ago, no accident since", False),
    ],
)
def test_whiplash_is_neck_pain_after_the_crash(
    shipped: KnowledgeBase, text: str, flags: bool
) -> None:
    assert (FRACTURE in flags_raised(shipped, text)) is flags
