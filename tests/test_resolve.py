"""Names: id, name or alias in any case; small typos forgiven; otherwise 'did you mean'."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecli.errors import NotFoundError, UsageError
from spinecli.model import KnowledgeBase
from spinecli.resolve import resolve


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("epidural-steroid-injection", "epidural-steroid-injection"),
        ("Epidural Steroid Injection", "epidural-steroid-injection"),
        ("ESI", "epidural-steroid-injection"),
        ("esi", "epidural-steroid-injection"),
        ("rfa", "radiofrequency-ablation"),
        ("SCS", "spinal-cord-stimulation"),
        ("  Kyphoplasty ", "kyphoplasty"),
        ("PRP", "prp-injection"),
    ],
)
def test_exact_names(shipped: KnowledgeBase, query: str, expected: str) -> None:
    entry, note = resolve(query, shipped.procedures, "procedure")
    assert entry.id == expected and note == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kyphoplsty", "kyphoplasty"),
        ("vertebroplsty", "vertebroplasty"),
        ("discogrphy", "discography"),
        ("radiofrequncy ablation", "radiofrequency-ablation"),
        ("intrathecal pmp", "intrathecal-pump"),
    ],
)
def test_typos_forgiven_with_a_note(shipped: KnowledgeBase, query: str, expected: str) -> None:
    entry, note = resolve(query, shipped.procedures, "procedure")
    assert entry.id == expected
    assert "taken as" in note


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("slipped disc", "herniated-disc"),
        ("Sciatica", "sciatica"),
        ("crps", "complex-regional-pain-syndrome"),
    ],
)
def test_condition_names(shipped: KnowledgeBase, query: str, expected: str) -> None:
    assert resolve(query, shipped.conditions, "condition")[0].id == expected


def test_unknown_suggests_nearest(shipped: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError) as info:
        resolve("plasty", shipped.procedures, "procedure")
    message = str(info.value)
    assert "Did you mean" in message
    assert "Kyphoplasty" in message or "Vertebroplasty" in message


def test_nonsense_not_forgiven(shipped: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        resolve("banana bread", shipped.procedures, "procedure")


@settings(deadline=None)  # a loaded machine is no failure (and the KB's repr is huge)
@given(query=st.text(max_size=60))
def test_resolve_never_crashes(shipped: KnowledgeBase, query: str) -> None:
    try:
        entry, _ = resolve(query, shipped.procedures, "procedure")
    except NotFoundError as exc:
        assert "no procedure named" in str(exc)
    except UsageError as exc:  # nothing to look up: blank or only punctuation
        assert "name is empty" in str(exc)
    else:
        assert entry.id in shipped.procedures


def test_words_in_several_names_take_the_clearly_closest(shipped: KnowledgeBase) -> None:
    # "chronic low back pain" and "vertebrogenic low back pain" both hold the words; the first
    # is clearly closer to what was typed, and the note says what was taken.
    entry, note = resolve("low back pain", shipped.conditions, "condition")
    assert entry.id == "chronic-low-back-pain" and "taken as Chronic low back pain" in note


def test_words_in_several_names_alike_are_offered_not_guessed(shipped: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError) as caught:
        resolve("joint injection", shipped.procedures, "procedure")
    message = str(caught.value)
    for name in (
        "Facet joint injection",
        "Sacroiliac joint injection",
        "Peripheral joint injection",
    ):
        assert name in message
    assert message.count("Did you mean") == 1


def test_a_word_in_many_names_offers_them_in_kb_order(shipped: KnowledgeBase) -> None:
    """`explain injection`: the common injections (the KB lists the seed procedures first)."""
    with pytest.raises(NotFoundError) as caught:
        resolve("injection", shipped.procedures, "procedure")
    offered = str(caught.value).split("Did you mean: ", 1)[1].split("?", 1)[0].split(", ")
    holders = [p.name for p in shipped.procedures.values() if "injection" in p.name.lower()]
    assert offered[:2] == holders[:2] == ["Epidural steroid injection", "Facet joint injection"]
