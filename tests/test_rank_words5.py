"""Ranking words from the fifth tune fold's misses (session 21, `rank5`), in our own words, each
beside a near miss: the outer side of a hip, lying on one side named outright ("side" is a
stopword, so "pain lying on my side" must not read as any "pain lying"), the back of the skull
as the back of the head, a scalp sore to touch, and "a pain in the neck" as the idiom."""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from tests.redflags_of import top


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        (
            "aching on the outer side of my hip when I climb stairs",
            "greater-trochanteric-pain-syndrome",
        ),
        ("my hip hurts on the outer aspect, worse on stairs", "greater-trochanteric-pain-syndrome"),
        ("pain down the side of my right thigh from the hip", "greater-trochanteric-pain-syndrome"),
        (
            "I can't sleep on my left side, the hip is too sore",
            "greater-trochanteric-pain-syndrome",
        ),
        ("my hip is sore and I can't lie on it at night", "greater-trochanteric-pain-syndrome"),
        (
            "sharp electric jolts at the back of my skull, scalp sore to touch",
            "occipital-neuralgia",
        ),
        (
            "the scalp is sore to touch and I get zaps in the back of the head",
            "occipital-neuralgia",
        ),
    ],
)
def test_the_words_rank_the_condition(shipped: KnowledgeBase, text: str, condition: str) -> None:
    assert condition in top(shipped, text)


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        # Pain lying down (on the back, flat) is no side-lying hip pain.
        ("low back pain, worse lying down at night", "greater-trochanteric-pain-syndrome"),
        ("back pain, I can't lie flat", "greater-trochanteric-pain-syndrome"),
        ("sore back when lying on my back", "greater-trochanteric-pain-syndrome"),
    ],
)
def test_near_misses_do_not_rank_it(shipped: KnowledgeBase, text: str, condition: str) -> None:
    assert condition not in top(shipped, text)


@pytest.mark.parametrize(
    "text",
    [
        "my boss is a right pain in the neck, always on at me",
        "the council is such a pain in the neck about parking",
        "He's a pain in the neck, my brother",
    ],
)
def test_the_idiom_ranks_nothing(shipped: KnowledgeBase, text: str) -> None:
    assert top(shipped, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I have a pain in the neck when I turn my head",
        "there is a pain in the neck that goes into my shoulder",
    ],
)
def test_a_real_pain_in_the_neck_still_ranks(shipped: KnowledgeBase, text: str) -> None:
    assert "chronic-neck-pain" in top(shipped, text)


@pytest.mark.parametrize(
    "text",
    [
        "he is tender over T4 after a cough",
        "exam: tenderness at T8, afebrile",
        "pain at T6 since lifting a box",
    ],
)
def test_a_thoracic_level_with_pain_is_the_thoracic_spine(
    shipped: KnowledgeBase, text: str
) -> None:
    assert "thoracic-spine-pain" in top(shipped, text)


def test_an_mri_sequence_is_no_thoracic_level(shipped: KnowledgeBase) -> None:
    assert "thoracic-spine-pain" not in top(
        shipped, "MRI: T2 hyperintense disc at L4/5, low back pain"
    )


def test_sensory_loss_is_numbness(shipped: KnowledgeBase) -> None:
    assert "sciatica" in top(shipped, "sensory loss over the left shin and foot")


@pytest.mark.parametrize(
    "text",
    [
        "fell off a ladder onto the patio this morning and my lower back is agony",
        "knocked off my bike by a van, now my back hurts all the way down",
    ],
)
def test_back_pain_after_a_major_injury_ranks_a_fracture(shipped: KnowledgeBase, text: str) -> None:
    assert "vertebral-compression-fracture" in top(shipped, text)


def test_a_neck_after_a_crash_still_ranks_whiplash(shipped: KnowledgeBase) -> None:
    assert "whiplash" in top(
        shipped, "came off my motorbike on Sunday and my neck is stiff and sore"
    )


def test_a_minor_slip_is_no_major_injury(shipped: KnowledgeBase) -> None:
    # Near miss: the bike is exercise, not a crash.
    assert "whiplash" not in top(shipped, "my lower back aches after a long bike ride")
