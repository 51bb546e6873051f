"""Exam-style weakness in lay and clinical words (issue 13): failing the heel or toe walk, a foot
that cannot be lifted or slaps down, a grip that fails, a leg that will not bear weight, when new,
is the progressive deficit cn110/cn113 list (foot drop, severe or progressive leg deficit). A heel
or forefoot too painful to stand on (plantar fasciitis) is pain, not weakness, and stays quiet.
"""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

FLAG = "progressive-neurological-deficit"


@pytest.mark.parametrize(
    "text",
    [
        "I can't stand on my heels since Monday",
        "sciatica, he is unable to stand on his heels since Monday",
        "low back pain, I cannot stand on tiptoe on the left since yesterday",
        "since Sunday I can't lift my toes on the left and my back aches",
        "lumbar disc: since the weekend she can't pull her foot up",
        "sciatica and my foot slaps when I walk, started this week",
        "back pain and my leg won't hold me since Tuesday",
        "back pain; the right leg won't take my weight any more since yesterday",
        "back pain, since last week I can't grip a cup",
        "neck pain and since Friday he cannot grip a pen",
    ],
)
def test_new_exam_style_weakness_raises_the_flag(shipped: KnowledgeBase, text: str) -> None:
    assert FLAG in flags_raised(shipped, text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't walk on my heels because they hurt so much, plantar fasciitis",
        "my heel hurts when I stand on it in the morning",
        "It is too painful to stand on my heel first thing in the morning",
        "plantar fasciitis: I can't stand on my toes because it hurts",
        "my plantar fasciitis means I can't walk on my toes because it hurts",
        "back pain for years, I have been unable to walk on my heels for 10 years",
    ],
)
def test_a_painful_heel_or_an_old_deficit_is_quiet(shipped: KnowledgeBase, text: str) -> None:
    assert FLAG not in flags_raised(shipped, text)
