"""Loose matching the matcher must not do: idioms with a body word, a bare "year", real medical
words read as typos of other ones; and the stray word that is no evidence at all."""

from __future__ import annotations

import pytest

from spinecli.errors import NotFoundError
from spinecli.match import find_mentions, match, vocabulary
from spinecli.model import KnowledgeBase
from spinecli.text import STOPWORDS, canon_phrase


def symptoms(kb: KnowledgeBase, query: str) -> set[str]:
    return {m.owner for m in find_mentions(query, vocabulary(kb))}


@pytest.mark.parametrize(
    "text",
    [
        "back to square one",
        "What year did the Berlin Wall come down?",
        "Thanks for the quote, I'll get back to you next year",
        "last year I went back home",
        # A stray word that names a symptom only in company is no evidence (exit 1).
        "I love chronic TV shows",
        "we tied knots in the rope",
        "burning the toast again",
        "the fusion restaurant on the corner",
        "arching the bridge over the river",
    ],
)
def test_idioms_and_stray_words_are_no_evidence(shipped: KnowledgeBase, text: str) -> None:
    with pytest.raises(NotFoundError):
        match(shipped, text)


def test_the_body_word_still_counts_outside_the_idiom(shipped: KnowledgeBase) -> None:
    assert "axial-low-back-pain" in symptoms(shipped, "I get back pain every day")
    assert "axial-low-back-pain" in symptoms(shipped, "my back pain is back to square one")


def test_a_long_history_needs_more_than_the_word_year(shipped: KnowledgeBase) -> None:
    assert "chronic-duration" not in symptoms(shipped, "back pain since I moved house this year")
    assert "chronic-duration" not in symptoms(shipped, "back pain for a month")
    for text in ("back pain for years", "back pain for a year", "back pain for 2 years"):
        assert "chronic-duration" in symptoms(shipped, text), text


@pytest.mark.parametrize("word", ["spondylitis", "spondylolysis", "bowls", "shin", "consultant"])
def test_real_words_are_never_typos(shipped: KnowledgeBase, word: str) -> None:
    vocab = vocabulary(shipped)
    assert word in vocab.no_typo
    assert not symptoms(shipped, f"I have {word}") & {"facet-arthritis-named", "stenosis-named"}


def test_typos_are_still_read(shipped: KnowledgeBase) -> None:
    assert "radiating-leg-pain" in symptoms(shipped, "sciatca in my leg")


def test_every_phrase_has_one_home(shipped: KnowledgeBase) -> None:
    # Two symptoms with the same words would both fire on them and count the words twice.
    homes: dict[tuple[str, ...], set[str]] = {}
    for s in shipped.symptoms.values():
        for p in s.phrases:
            key = tuple(sorted(w for w in canon_phrase(p) if w not in STOPWORDS))
            homes.setdefault(key, set()).add(s.id)
    shared = {" ".join(k): sorted(v) for k, v in homes.items() if len(v) > 1}
    assert not shared, shared


def test_eases_when_i_lie_down_is_not_worse_lying_down(shipped: KnowledgeBase) -> None:
    # A phrase is not assembled across a word of the opposite sense after one of its own words.
    assert "central-pain-eased-lying-down" not in symptoms(
        shipped, "back pain, better in the morning, worse lying down"
    )
    # The opposite word before the phrase's own word splits nothing: it is eased lying down.
    for text in (
        "back pain, worse in the morning, better lying down",
        "back pain, better lying down",
    ):
        assert "central-pain-eased-lying-down" in symptoms(shipped, text), text
