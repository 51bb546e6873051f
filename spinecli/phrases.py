"""The KB's phrases compiled for matching: symptom phrases and finding phrases, with typo
tables and the cue words (cue_words.py). Compiled once per KB and kept in the KB cache as named
indexes (model.INDEXES), so a `match` run loads them instead of compiling every phrase.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from typing import Any

from spinecli import context, cue_words, rewrites, stopwords, synonyms
from spinecli.model import Finding, KnowledgeBase, Symptom
from spinecli.negation import Cues, compile_cues
from spinecli.normalize import fold
from spinecli.record import record
from spinecli.text import STOPWORDS, canon_phrase, gate_key, words_of
from spinecli.typos import TypoIndex

SYMPTOM, FINDING, FLAG = "symptom", "finding", "red_flag"  # mention kinds (FLAG: an answer)
SPINAL_SHARE = 0.4  # a symptom most of whose phrases name the back or neck places pain there


@record
class Phrase:
    words: tuple[str, ...]  # canonical content words, as a multiset
    owner: str  # symptom or finding id
    kind: str  # SYMPTOM or FINDING


# A phrase in a vocabulary's table: its number (KB order), words, owner and kind.
PhraseRow = tuple[int, tuple[str, ...], str, str]


@record
class Vocabulary:
    # Every phrase, filed under its first word (a phrase matches only when all its words occur,
    # so a query looks only under its own words: a 10,000-procedure KB's phrases are not all
    # read for every query). Numbered, so matches are found in KB order whatever the lookup.
    by_word: Mapping[str, tuple[PhraseRow, ...]]
    spinal: frozenset[str]  # symptoms that place pain in the back or neck
    # From the cache, the word tables (words, gate, the typo and cue tables) are maps read
    # bucket by bucket: a query reads the buckets of its own words, not the whole lexicon.
    words: Collection[str]
    typos: TypoIndex
    no_typo: frozenset[str]  # words never read as typos: lexicon words, stopwords
    gate: Collection[str]  # gate keys (text.gate_key) of every word that can matter to a query
    # The lexicon's share, the same for every KB but kept with it in the cache: compiling it
    # took longer than matching a query.
    spine: frozenset[str]  # canonical words naming the back or neck (cue_words.SPINE_SITES)
    cues: Cues  # negation triggers and scope words
    context: context.ContextCues  # known, long-standing and fresh cues


def _spine_words() -> frozenset[str]:
    return frozenset(n for w in cue_words.SPINE_SITES for n in canon_phrase(w))


def _content(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w for w in words if w not in STOPWORDS)


_LEXICON_PHRASES = (
    cue_words.PRE_NEGATION,
    cue_words.POST_NEGATION,
    cue_words.PSEUDO_NEGATION,
    cue_words.HYPOTHETICAL,
    cue_words.EXPERIENCER,
    tuple(rewrites.PHRASES),
    tuple(cue_words.SCOPE_END),
    tuple(cue_words.CLAUSE_START),
    context.CUE_PHRASES,
)


@lru_cache(maxsize=8)
def _compile(symptoms: tuple[Symptom, ...], findings: tuple[Finding, ...]) -> Vocabulary:
    raw: list[tuple[str, str, str]] = [(p, s.id, SYMPTOM) for s in symptoms for p in s.phrases]
    raw += [(p, f.id, FINDING) for f in findings for p in f.phrases]
    phrases: dict[Phrase, None] = {}
    surfaces: list[tuple[str, str]] = []
    for text, owner, kind in raw:
        words = _content(canon_phrase(text))
        if words:
            phrases[Phrase(tuple(sorted(words)), owner, kind)] = None
        for word in text.split():
            surfaces += [(s, n) for n, s in words_of(word) if n not in STOPWORDS]
    vocab_words = frozenset(w for p in phrases for w in p.words)
    lexicon_words = (
        set(stopwords.STOPWORDS)
        | set(synonyms.SYNONYMS)
        | set(rewrites.ABBREVIATIONS)
        | set(synonyms.NOT_TYPOS)
        | {w for group in _LEXICON_PHRASES for p in group for w in p.split()}
    )
    spine = _spine_words()
    spinal = frozenset(
        s.id
        for s in symptoms
        if s.phrases
        and sum(bool(spine & set(canon_phrase(p))) for p in s.phrases)
        >= SPINAL_SHARE * len(s.phrases)
    )
    by_word: dict[str, list[PhraseRow]] = {}
    for n, p in enumerate(phrases):
        by_word.setdefault(p.words[0], []).append((n, p.words, p.owner, p.kind))
    known = {*vocab_words, *(s for s, _ in surfaces), *lexicon_words, *spine}
    return Vocabulary(
        {w: tuple(rows) for w, rows in by_word.items()},
        spinal,
        vocab_words,
        TypoIndex(surfaces),
        frozenset(lexicon_words),
        frozenset(gate_key(fold(w)) for w in known),
        spine,
        compile_cues(),
        context.compile_context(),
    )


def _compiled(kb: KnowledgeBase) -> Vocabulary:
    return _compile(tuple(kb.symptoms.values()), tuple(kb.findings.values()))


def vocabulary_tables(kb: KnowledgeBase) -> dict[str, Any]:
    """The compiled vocabulary's small tables as plain data, model.INDEXES["match.vocabulary"]:
    the KB cache keeps it, and a `match` run loads it instead of compiling every phrase
    (docs/speed.md). The tables that grow with the KB or are read a word at a time are indexes
    of their own (below), kept in buckets."""
    v = _compiled(kb)
    return {
        "spinal": tuple(sorted(v.spinal)),
        "no_typo": tuple(sorted(v.no_typo)),
        "spine": tuple(sorted(v.spine)),
        "cues": tuple(sorted(w) for w in (v.cues.scope_end, v.cues.subjects, v.cues.clause_start)),
        "context": context.context_tables(v.context),
    }


def words_table(kb: KnowledgeBase) -> dict[str, int]:
    """Vocabulary.words as a map (a query asks only whether its words are in it)."""
    return dict.fromkeys(sorted(_compiled(kb).words), 1)


def gate_table(kb: KnowledgeBase) -> dict[str, int]:
    """Vocabulary.gate as a map, likewise."""
    return dict.fromkeys(sorted(_compiled(kb).gate), 1)


def canon_table(kb: KnowledgeBase) -> dict[str, str]:
    """The typo index's known words and their canonical forms, looked up a word at a time."""
    return dict(_compiled(kb).typos.canon)


def cue_table(kb: KnowledgeBase) -> dict[str, Any]:
    """The negation triggers under their first word (Cues.by_first_word)."""
    return dict(_compiled(kb).cues.by_first_word)


def phrase_table(kb: KnowledgeBase) -> dict[str, tuple[PhraseRow, ...]]:
    """Vocabulary.by_word, an index of its own: the cache stores it in buckets, and a query
    reads only the buckets of its own words."""
    return dict(_compiled(kb).by_word)


def typo_table(kb: KnowledgeBase) -> dict[str, list[str]]:
    """The typo index's deletion table, an index of its own: the cache stores it in buckets, and
    a query reads only the buckets of the unknown words it has, if any."""
    return dict(_compiled(kb).typos.index)


def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    """The KB's phrases compiled once per KB (and kept in the KB cache between runs)."""
    found = kb.derived.get("match.compiled")
    if isinstance(found, Vocabulary):
        return found
    t = kb.index("match.vocabulary")
    vocab = Vocabulary(
        kb.index("match.phrases"),
        frozenset(t["spinal"]),
        kb.index("match.words"),
        TypoIndex.from_tables(kb.index("match.canon"), kb.index("match.typos")),
        frozenset(t["no_typo"]),
        kb.index("match.gate"),
        frozenset(t["spine"]),
        Cues(kb.index("match.cues"), *(frozenset(words) for words in t["cues"])),
        context.from_tables(t["context"]),
    )
    kb.derived["match.compiled"] = vocab
    return vocab
