"""Fresh lay, typo and mixed-history descriptions (written before reading the KB vocabulary): each
must put one of its conditions in the matcher's top three. They guard generalisation, not wording
copied from the tune folds."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from spinecli.errors import NotFoundError
from spinecli.kb import load_kb
from spinecli.match import match
from spinecli.model import KnowledgeBase

DATA = Path(__file__).parent / "data" / "lay_language.toml"
CASES = [
    (c["text"], tuple(c["conditions"])) for c in tomllib.loads(DATA.read_text("utf-8"))["case"]
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t[:40] for t, _ in CASES])
def test_expected_condition_in_top_three(
    kb: KnowledgeBase, text: str, expected: tuple[str, ...]
) -> None:
    try:
        ranked = [c.condition.id for c in match(kb, text).conditions][:3]
    except NotFoundError:
        ranked = []
    assert set(expected) & set(ranked), f"{text!r}: got {ranked}"


def test_every_condition_has_a_fresh_sentence(kb: KnowledgeBase) -> None:
    covered = {c for _, expected in CASES for c in expected}
    assert not set(kb.conditions) - covered


@pytest.mark.parametrize(
    "text",
    [
        "years ago I had a slipped disc which got better. Now my shoulder aches",
        "I had sciatica that got better after physio, now my neck is stiff and sore",
    ],
)
def test_an_old_problem_that_resolved_drives_no_condition(kb: KnowledgeBase, text: str) -> None:
    leading = [c.condition.id for c in match(kb, text).conditions][:2]
    assert not {"herniated-disc", "sciatica"} & set(leading), leading
