"""Context the matcher reads around a phrase: questions answered no, labels whose answer is a
denial, and someone else's history with its scope ending where the writer speaks of themselves."""

from __future__ import annotations

import pytest

from spinecli.errors import NotFoundError
from spinecli.match import AFFIRMED, NEGATED, find_mentions, match, vocabulary
from spinecli.model import KnowledgeBase
from spinecli.text import sentences


def flags(kb: KnowledgeBase, query: str) -> list[str]:
    return [f.flag.id for f in match(kb, query).red_flags]


def statuses(kb: KnowledgeBase, query: str) -> dict[str, str]:
    return {m.text.lower(): m.status for m in find_mentions(query, vocabulary(kb))}


@pytest.mark.parametrize(
    "denials",
    [
        "Fever? No. Night pain? No. Weight loss? No.",
        "Q: fever? A: no. Q: night sweats? A: none.",
        "Q. Fever? A. No. Q. Night pain? A. Nope.",
        "fever - no, night pain - no, weight loss - no.",
        "Fever: none. Cancer history: none. Trauma: nil. IVDU: never.",
    ],
)
def test_a_question_or_label_answered_no_is_denied(shipped: KnowledgeBase, denials: str) -> None:
    assert flags(shipped, "low back pain for 3 months") == []
    text = f"{denials} Low back pain for 3 months."
    assert flags(shipped, text) == [], text
    assert statuses(shipped, text)["low back pain"] == AFFIRMED


def test_a_question_answered_yes_stays_affirmed(shipped: KnowledgeBase) -> None:
    assert "spinal-infection" in flags(shipped, "Fever? Yes, since Tuesday. Low back pain.")


def test_the_answer_governs_the_question_not_what_follows_it(shipped: KnowledgeBase) -> None:
    found = statuses(shipped, "Leg pain? No, just back pain.")
    assert found["leg pain"] == NEGATED
    assert found["back pain"] == AFFIRMED
    # A label whose answer says more than "no" is a finding with details, not a denial.
    assert statuses(shipped, "LBP: no leg pain")["lbp"] == AFFIRMED


def test_an_answered_question_stays_one_clause_but_other_questions_do_not() -> None:
    assert len(sentences("Fever? No.")) == len(sentences("Fever. No.")) - 1
    assert len(sentences("Fever? Since Tuesday.")) == len(sentences("Fever. Since Tuesday."))


@pytest.mark.parametrize(
    "other",
    [
        "My wife has pancreatic cancer",
        "My dad died of bowel cancer at 60",
        "My best friend was diagnosed with a spinal tumour",
        "My sister has had breast cancer",
        "Family history of prostate cancer",
        "FHx bowel cancer",
    ],
)
def test_someone_elses_history_is_not_the_patients(shipped: KnowledgeBase, other: str) -> None:
    own = "I have neck pain for 3 months"  # with cancer, neck pain is the CG75 rule (cn260)
    assert "spinal-malignancy" in flags(shipped, f"I had bowel cancer and {own.lower()}")
    assert flags(shipped, f"{other} and {own.lower()}") == [], other
    assert flags(shipped, f"{other}. {own}.") == [], other


def test_someone_elses_history_ends_at_the_writers_own_words(shipped: KnowledgeBase) -> None:
    # "my back" is the writer's: the family's history covers "bowel cancer" only.
    found = statuses(shipped, "my dad had bowel cancer and my back hurts")
    assert found["back hurts"] == AFFIRMED
    assert "cauda-equina-syndrome" in flags(shipped, "my mum had cancer but I have saddle numbness")
    # A person alone is no cue: lifting her is the writer's back pain.
    for text in (
        "lifting my wife into the bath, my back hurts",
        "since my son was born my back hurts",
    ):
        assert set(statuses(shipped, text).values()) == {AFFIRMED}, text


def test_a_parent_writing_for_a_child_keeps_the_childs_symptoms(shipped: KnowledgeBase) -> None:
    found = statuses(shipped, "my son is 15 and has saddle numbness")
    assert found["saddle numbness"] == AFFIRMED


def test_havent_been_able_to_is_cant(shipped: KnowledgeBase) -> None:
    assert "cauda-equina-syndrome" in flags(
        shipped, "I haven't been able to pee since this morning"
    )
    with pytest.raises(NotFoundError):
        match(shipped, "Fever? No.")
