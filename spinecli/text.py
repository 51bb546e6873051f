"""Tokens for matching: offsets into the original text, and a canonical form per word.

The same pipeline runs on KB phrases and on queries, so they meet in the middle:
fold (case, accents, apostrophes) -> British/American spelling -> shorthand (rewrites.py) ->
light stemming -> synonyms -> multi-word rewrites. Pure functions, cached per word.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache, lru_cache
from typing import NamedTuple

from spinecli import rewrites, stopwords, synonyms
from spinecli.normalize import fold

WORD, SOFT, HARD = 0, 1, 2  # token kinds: a word, a soft break (comma...), a sentence break

_BREAK = r"[.!?;]+(?!\d)|\n|\s[-\u2013\u2014]+\s"  # ends a sentence (and every phrase and scope)
# A question or a "label - " answered no ("Fever? No.", "Q: weakness? A: none", "fever - no")
# is one clause, not two sentences: the separator is a soft break, `QA` (negation.py reads the
# answer back over the question). So is one answered yes, whose answer goes on to say what the
# question asked of ("Numbness? Yes, both legs" is numbness in both legs). Cases spelled out,
# as below.
QA = "?"
_NO_ANSWER = (
    r"(?:[Nn][Oo](?:[Nn][Ee]|[Pp][Ee])?|[Nn][Ii][Ll]|[Nn][Ee][Gg](?:[Aa][Tt][Ii][Vv][Ee])?"
    r"|[Nn][Ee][Vv][Ee][Rr]|[Dd][Ee][Nn][Ii][Ee][SsDd]|[Aa][Bb][Ss][Ee][Nn][Tt])(?![^\W_])"
)
_YES_ANSWER = r"(?:[Yy](?:[Ee][Ss]|[Ee][Pp]|[Ee][Aa][Hh]?)?)(?![^\W_])"
_QA = rf"(?:\?+\s*(?:[Aa]\s*[:.)]\s*)?|\s[-\u2013\u2014]+\s)(?={_NO_ANSWER}|{_YES_ANSWER})"
_SENTENCE_BREAK = re.compile(rf"(?P<qa>{_QA})|{_BREAK}")
# Cases spelled out rather than re.IGNORECASE, which doubles the time to compile this (every
# `match` run compiles it).
_TOKEN = re.compile(
    r"(?P<slash>(?<![^\W_])[a-zA-Z]{1,2}/(?:[a-zA-Z]{1,2}(?![^\W_]))?)"
    r"|(?P<sign>(?<![^\W_])[+-][vV][eE](?![^\W_]))"
    r"|(?P<word>[^\W_]+(?:['\u2019][^\W_]+)*)"
    rf"|(?P<qa>{_QA})"
    rf"|(?P<hard>{_BREAK})"
    r"|(?P<soft>[,:()/&+\-\u2013\u2014\[\]])"
)
_VOWELS = frozenset("aeiouy")


class Token(NamedTuple):
    kind: int
    norm: str  # canonical form ("" for breaks)
    surface: str  # folded word as typed, for typo matching
    start: int
    end: int


_IZE = ("ise", "ised", "ises", "ising", "isation", "isations")


def _spelling(word: str) -> str:
    """British spellings to American ones, so `anaesthesia` meets `anesthesia`."""
    n = len(word)
    if n >= 6:
        if "ae" in word or "oe" in word:
            word = word.replace("ae", "e").replace("oe", "e")
        if word.endswith("our"):
            word = word[:-3] + "or"
        elif word.endswith("ours"):
            word = word[:-4] + "ors"
    if n >= 7 and word.endswith(_IZE):
        i = word.rfind("is")
        word = word[:i] + "iz" + word[i + 2 :]
    if n >= 5 and word.endswith(("tre", "tres")) and word[word.rfind("tre") - 1] not in "aeiou":
        i = word.rfind("tre")
        word = word[:i] + "ter" + word[i + 3 :]
    return word


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripper in the spirit of Porter's step 1: inflections meet, roots stay.

    `radiating`, `radiates`, `radiated`, `radiation` -> `radiat`; `numbness` -> `numb`;
    `sitting` -> `sit`; `denies`, `denied`, `deny` -> `deni`. Consistency matters more than
    linguistics: KB phrases and queries go through the same function.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies"):
        word = word[:-3] + "i" if len(word) > 4 else word[:-1]
    elif word.endswith(("ss", "us", "is")):
        pass
    elif word.endswith("s") and _has_vowel(word[:-2]):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _has_vowel(base):
            word = base
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz" + "aeiou":
                word = word[:-1]
            break
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        word = word[:-1] + "i"
    for suffix, keep in (("ness", 3), ("ful", 3), ("ly", 4), ("ation", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)] + ("at" if suffix == "ation" else "")
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _canon_word(word: str) -> str:
    word = synonyms.SYNONYMS.get(word, word)
    stemmed = stem(_spelling(word))
    return _SYNONYM_STEMS.get(stemmed, stemmed)


def _build_synonym_stems() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, value in synonyms.SYNONYMS.items():
        table[stem(_spelling(key))] = stem(_spelling(value))
    # The canonical word itself must map to itself even when a key stems to it.
    for value in synonyms.SYNONYMS.values():
        table.pop(stem(_spelling(value)), None)
    return table


_SYNONYM_STEMS = _build_synonym_stems()


@lru_cache(maxsize=65536)
def words_of(raw: str) -> tuple[tuple[str, str], ...]:
    """One typed token -> (canonical, surface) words: shorthand expanded, apostrophes dropped."""
    raw = fold(raw)
    expansion = rewrites.ABBREVIATIONS.get(raw)
    if expansion is None:
        if raw.endswith("'s"):
            raw = raw[:-2]
        raw = raw.replace("'", "")
        expansion = rewrites.ABBREVIATIONS.get(raw, raw)
    return tuple((_canon_word(w), w) for w in expansion.split())


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of text between sentence breaks."""
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.lastgroup == "qa":
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def gate_key(word: str) -> str:
    """The start of a folded word, British spellings folded: words that can meet share it."""
    return word[:4].replace("ae", "e").replace("oe", "e")[:3]


def tokenize(text: str, gate: Collection[str] | None = None) -> list[Token]:
    """Words and breaks with their offsets in `text`, multi-word rewrites applied.

    `gate` (optional) holds the gate keys of every word that can mean something to the caller;
    a longer word outside it skips normalisation (it can only ever be a typo), which keeps huge
    queries of unknown words fast.
    """
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__  # skips NamedTuple's Python-level __new__: this loop sees every word
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        start, end = m.span()
        if kind == "hard":
            append(new(Token, (HARD, "", "", start, end)))
        elif kind == "qa":
            append(new(Token, (SOFT, "", QA, start, end)))
        elif kind == "soft":
            # The mark itself is kept: negation reads ":" and "-" differently from ",".
            append(new(Token, (SOFT, "", m.group(), start, end)))
        else:
            raw = m.group()
            if gate is not None and len(raw) > 3 and raw.isalpha():
                folded = fold(raw)
                if gate_key(folded) not in gate:
                    append(new(Token, (WORD, folded, folded, start, end)))
                    continue
            for norm, surface in words_of(raw):
                append(new(Token, (WORD, norm, surface, start, end)))
    return tokens if _BY_FIRST.keys().isdisjoint(t.norm for t in tokens) else rewrite(tokens)


def _canon_sequence(phrase: str) -> tuple[str, ...]:
    return tuple(norm for word in phrase.split() for norm, _ in words_of(word))


def _first_norm(phrase: str) -> str | None:
    for word in phrase.split():
        for norm, _ in words_of(word):
            return norm
    return None


# The multi-word rewrites grouped by the canonical form of their first word. A group is put in
# canonical form only when a text has its first word: there are thousands of rewrites, and
# canonicalising them all at import cost every `match` run more than anything else in this
# module (docs/speed.md).
_BY_FIRST: dict[str, list[tuple[str, str]]] = {}
for _phrase, _meaning in rewrites.PHRASES.items():
    _first = _first_norm(_phrase)
    if _first is not None:
        _BY_FIRST.setdefault(_first, []).append((_phrase, _meaning))


@cache
def _rewrites_from(first: str) -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """The rewrites whose first canonical word is `first`, canonical, and the longest's length.
    (Later phrases win over earlier ones of the same canonical form, as in one dict.)"""
    table = {_canon_sequence(k): _canon_sequence(v) for k, v in _BY_FIRST[first]}
    return table, max(len(k) for k in table)


def rewrite(tokens: list[Token]) -> list[Token]:
    """Applies the multi-word rewrites (`lower extremity` -> `leg`, rewrites.py), longest first."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == WORD and tok.norm in _BY_FIRST:
            table, longest = _rewrites_from(tok.norm)
            for size in range(min(longest, n - i), 1, -1):
                window = tokens[i : i + size]
                key = tuple(t.norm for t in window)
                if all(t.kind == WORD for t in window) and key in table:
                    start, end = window[0].start, window[-1].end
                    for norm in table[key]:
                        out.append(Token(WORD, norm, norm, start, end))
                    i += size
                    break
            else:
                single = table.get((tok.norm,))
                if single is None:
                    out.append(tok)
                else:
                    out.extend(Token(WORD, n_, n_, tok.start, tok.end) for n_ in single)
                i += 1
            continue
        out.append(tok)
        i += 1
    return out


def canon_phrase(phrase: str) -> tuple[str, ...]:
    """The canonical words of a phrase, rewrites applied (stopwords kept)."""
    return tuple(t.norm for t in tokenize(phrase) if t.kind == WORD)


# The stopword list (spinecli/stopwords.py) in canonical form, as tokens carry it.
STOPWORDS = frozenset(n for w in stopwords.STOPWORDS for n, _ in words_of(w))
