"""Context scopes beyond negation: known and under care, long-standing, and fresh.

A red flag is a NEW or SUSPECTED serious cause. So, over one sentence's tokens:
- known: a cue anywhere in the sentence ("known spinal mets under oncology", "diagnosed with a
  spinal fracture six weeks ago") marks its matches as a diagnosis already under care, unless
  the match's own clause says it is new or suspected;
- long-standing: a cue in the match's clause ("stress incontinence since childbirth",
  "incontinent for years", "since my surgery in 2015", "two months ago") marks it as of long
  standing, unless that clause, or a following
  clause that names nothing of its own ("..., worse lately"), says it is new or worse.

Clauses end at punctuation, at "but"-like words and where a new subject starts ("and I").
Negation, hypotheticals and someone else's history are negation.py's job; this module adds to
them and never overrides them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spinecli.record import record
from spinecli.text import WORD, Token, canon_phrase

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
KNOWN = (
    "known",
    "diagnosed",
    "diagnosis of",
    "dx",
    "under oncology",
    "oncologist",
    "oncology team",
    "under the care of",
    "being treated for",
    "on treatment for",
    "under surveillance",
    "on surveillance",
    "being monitored",
    "palliative",
    "palliative care",
    "hospice",
    "haematology",
    "follow-up",
    "in remission",
)
LONG_STANDING = (
    "since childbirth",
    "since childhood",
    "since I was a child",
    "since birth",
    "since my pregnancy",
    "since having my children",
    "since having my kids",
    "since having my baby",
    "for years",
    "years",
    "decades",
    "long-standing",
    "longstanding",
    "lifelong",
    "all my life",
    "always had",
    "as long as I can remember",
    "months ago",
    "a month ago",
    "last month",
    "last year",
    "last winter",
    "last summer",
    "last spring",
    "last autumn",
    *(f"in {month}" for month in MONTHS),
)
# Said of a deficit, these cover the clause before too when theirs names nothing of its own:
# "foot drop since the op, unchanged on every review" is not progressive.
UNCHANGED = ("never changed", "not changed", "hasn't changed", "unchanged", "no different")
FRESH = (
    "new",
    "newly",
    "recent",
    "recently",
    "sudden",
    "suddenly",
    "worse",
    "worsening",
    "getting worse",
    "now",
    "today",
    "yesterday",
    "last night",
    "this morning",
    "this week",
    "last week",
    "a week ago",
    "days ago",
    "few days",
    "couple of days",
    "at the weekend",
    "over the weekend",
    "suspected",
    "possible",
    "query",
)
CLAUSE_BREAKS = ("but", "however", "although", "though", "now", "then", "whereas")
SUBJECTS = ("i", "im", "ive", "my", "she", "he", "we", "they")
_DENIES = frozenset(("nothing", "not", "no", "never"))
CUE_PHRASES = (*KNOWN, *LONG_STANDING, *UNCHANGED, *FRESH, *CLAUSE_BREAKS, *SUBJECTS)

CueMap = dict[str, tuple[tuple[str, ...], ...]]


@record
class ContextCues:
    known: CueMap
    long_standing: CueMap
    unchanged: CueMap
    fresh: CueMap
    breaks: frozenset[str]
    subjects: frozenset[str]


def _cue_map(phrases: Sequence[str]) -> CueMap:
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        key = canon_phrase(phrase)
        if key:
            found.setdefault(key[0], []).append(key)
    return {w: tuple(sorted(keys, key=len, reverse=True)) for w, keys in found.items()}


def compile_context() -> ContextCues:
    return ContextCues(
        _cue_map(KNOWN),
        _cue_map((*LONG_STANDING, *UNCHANGED)),
        _cue_map(UNCHANGED),
        _cue_map(FRESH),
        frozenset(n for w in CLAUSE_BREAKS for n in canon_phrase(w)),
        frozenset(n for w in SUBJECTS for n in canon_phrase(w)),
    )


def context_tables(cues: ContextCues) -> tuple[Any, ...]:
    """Plain data for the KB cache (from_tables reads it back)."""
    return (
        cues.known,
        cues.long_standing,
        cues.unchanged,
        cues.fresh,
        tuple(sorted(cues.breaks)),
        tuple(sorted(cues.subjects)),
    )


def from_tables(t: Sequence[Any]) -> ContextCues:
    known, long_standing, unchanged, fresh, breaks, subjects = t
    return ContextCues(
        dict(known),
        dict(long_standing),
        dict(unchanged),
        dict(fresh),
        frozenset(breaks),
        frozenset(subjects),
    )


def _is_year(tok: Token) -> bool:
    return len(tok.norm) == 4 and tok.norm.isdigit() and tok.norm[:2] in ("19", "20")


def _hits(tokens: list[Token], cues: CueMap, years: bool = False) -> set[int]:
    """Token indices where a cue of the map starts (and, with `years`, a year: "in 2015")."""
    found: set[int] = set()
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok.kind != WORD:
            continue
        if years and _is_year(tok):
            found.add(i)
            continue
        for key in cues.get(tok.norm, ()):
            end = i + len(key)
            if end <= n and all(
                tokens[j].kind == WORD and tokens[j].norm == key[j - i] for j in range(i, end)
            ):
                found.add(i)
                break
    return found


def clauses(tokens: list[Token], cues: ContextCues) -> list[int]:
    """The clause number of each token."""
    out: list[int] = []
    clause = 0
    for i, tok in enumerate(tokens):
        if tok.kind != WORD or tok.norm in cues.breaks:
            clause += 1
        elif tok.norm in ("and", "or") and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt.kind == WORD and (nxt.norm in cues.subjects or nxt.norm in cues.breaks):
                clause += 1
        out.append(clause)
    return out


def tag(
    tokens: list[Token], matches: Sequence[tuple[int, ...]], cues: ContextCues
) -> list[tuple[bool, bool]]:
    """(known, long_standing) for each match (its token indices) in one sentence."""
    if not matches:
        return []
    known_at = _hits(tokens, cues.known)
    long_at = _hits(tokens, cues.long_standing, years=True)
    if not known_at and not long_at:
        return [(False, False)] * len(matches)
    # "nothing new there", "not new": a denied "new" says nothing is fresh
    fresh_at = {
        i
        for i in _hits(tokens, cues.fresh)
        if not (i and tokens[i - 1].kind == WORD and tokens[i - 1].norm in _DENIES)
    }
    clause_of = clauses(tokens, cues)
    fresh = {clause_of[i] for i in fresh_at}
    long_clauses = {clause_of[i] for i in long_at}
    unchanged = {clause_of[i] for i in _hits(tokens, cues.unchanged)}
    named = {clause_of[t] for toks in matches for t in toks}
    last = clause_of[-1] if clause_of else 0
    out = []
    for toks in matches:
        here = clause_of[toks[0]]
        known = bool(known_at) and here not in fresh
        long_standing = (
            here in long_clauses or _said_after(here, last, unchanged, named)
        ) and not _fresh_after(here, last, fresh, named)
        out.append((known, long_standing))
    return out


def _said_after(here: int, last: int, said: set[int], named: set[int]) -> bool:
    """Whether a clause after this one, before any that names something of its own, says it."""
    for clause in range(here + 1, last + 1):
        if clause in named:
            return False
        if clause in said:
            return True
    return False


def _fresh_after(here: int, last: int, fresh: set[int], named: set[int]) -> bool:
    """Whether the clause, or the clauses after it that name nothing of their own, say new."""
    return here in fresh or _said_after(here, last, fresh, named)
