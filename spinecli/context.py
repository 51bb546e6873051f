"""Context scopes beyond negation: known and under care, long-standing, and fresh.

A red flag is a NEW or SUSPECTED serious cause. So, over one sentence's tokens:
- known: a cue anywhere in the sentence ("known spinal mets under oncology", "diagnosed with a
  spinal fracture six weeks ago") marks its matches as a diagnosis already under care, unless
  the match's own clause says it is new or suspected;
- long-standing: a cue in the match's clause ("stress incontinence since childbirth",
  "incontinent for years", "since my surgery in 2015", "two months ago", "six weeks ago": more
  than a month) marks it as of long standing, unless that clause, or a following
  clause that names nothing of its own ("..., worse lately"), says it is new or worse; so does
  "unchanged" in a following clause that names nothing of its own ("foot drop since the op,
  unchanged"), unless a start days ago keeps it new ("since my op 4 days ago, unchanged");
- past: a cue of a time long gone in the match's clause ("IVDU 20 years ago", "chemo in 2012",
  "an infection last winter", "in my twenties"), or of something over and done with there or
  in a following clause that names nothing of its own ("..., abstinent since", "but that
  cleared", "that's gone now"), marks it as history, not a current risk, unless its own clause
  says it is current ("still", "currently"). "Since 2019" tells how long, not how long ago.
- resolved: a cue anywhere in the sentence that something is over for good ("in remission",
  "given the all clear", "it has healed") marks its matches as history, unless the match's
  clause says current or new; ranking drops the `current_only` symptoms it marks.

Clauses end at punctuation, at "but"-like words and where a new subject starts ("and I").
Negation, hypotheticals and someone else's history are negation.py's job; this module adds to
them and never overrides them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spinecli.dating import dated_at as _dated_at
from spinecli.dating import months_ago as _months_ago
from spinecli.dating import weeks_ago as _weeks_ago
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
    # the unit as phones misspell it ("3 monts ago"), as values.py reads it
    "monts ago",
    "mnths ago",
    "munths ago",
    "mnth ago",
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
# A start days ago keeps a deficit new however unchanged since ("since my op 4 days ago"):
# these count against long-standing only, not against known ("diagnosed last week" is known).
RECENT = (
    "last week",
    "a week ago",
    "fortnight",
    "days ago",
    "few days",
    "couple of days",
    "weekend",
    "more often",
    "more and more",
    "increasingly",
)
# Coming and going: a deficit felt "some days" or "on and off" is not a progressing one (the
# `progressive` findings), unless its clause or a following one says it is worse or recent.
EPISODIC = (
    "some days",
    "on bad days",
    "on and off",
    "off and on",
    "comes and goes",
    "come and go",
    "now and then",
    "now and again",
    "from time to time",
    "every so often",
    "at times",
    "intermittent",
    "intermittently",
)
# A time long gone: a risk then ("chemo in 2012") is no risk now. Not "last month" or "weeks
# ago": a recent infection or chemo just finished still counts.
REMOTE = (
    "years ago",
    "year ago",
    "decades ago",
    "years back",
    "long ago",
    "as a child",
    "as a kid",
    "as a boy",
    "as a girl",
    "as a teenager",
    "in my teens",
    "in my twenties",
    "in my thirties",
    "in my forties",
    "in my fifties",
    "when I was young",
    "when I was younger",
    "when I was a child",
    "when I was a kid",
    "last year",
    "the year before last",
    "last winter",
    "last summer",
    "last spring",
    "last autumn",
)
# Over and done with: a habit given up ("IVDU, abstinent since", "clean for twenty years").
# Not "treated" or "cleared": a UTI last week that cleared is still a recent infection.
ENDED = (
    "abstinent",
    "clean for",
    "clean since",
    "been clean",
    "stayed clean",
    "stopped injecting",
    "gave up injecting",
    "quit injecting",
)
# Over for good: a cancer in remission or given the all clear, a fracture that has healed. Told
# anywhere in the sentence ("breast cancer 15 years ago, radiotherapy, discharged after ten years
# clear"), it makes the sentence history, unless the mention's clause says current or new.
# Not "discharged" alone ("discharged yesterday after the fracture") nor "treated".
RESOLVED = (
    "in remission",
    "all clear",
    "years clear",
    "cancer free",
    "cancer-free",
    "cured",
    "fully treated",
    "discharged me",
    "discharged from follow-up",
    "healed",
    "has healed",
    "fully healed",
    "no further collapse",
)
_UNRESOLVED = frozenset(("not", "never", "no", "hasnt", "havent", "isnt", "wasnt", "yet"))
# Said to be current: overrides a past cue in its clause ("on chemo since 2023, still on it").
ONGOING = ("still", "currently", "ongoing", "at the moment", "at present", "these days")
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
    "suspected",
    "possible",
    "query",
)
CLAUSE_BREAKS = ("but", "however", "although", "though", "now", "then", "whereas")
SUBJECTS = ("i", "im", "ive", "my", "she", "he", "we", "they")
_DENIES = frozenset(("nothing", "not", "no", "never"))
_ANAPHORA = frozenset(("that", "which", "it"))
_BACK_REF = frozenset(("it", "its", "that", "thats", "this"))
_SINCE = frozenset(("sinc", "since", "from"))
_OVER = frozenset(("gone", "over", "better", "fine", "cleared", "settled", "resolved"))
CUE_PHRASES = (
    *KNOWN,
    *LONG_STANDING,
    *UNCHANGED,
    *RECENT,
    *EPISODIC,
    *REMOTE,
    *ENDED,
    *ONGOING,
    *RESOLVED,
    *FRESH,
    *CLAUSE_BREAKS,
    *SUBJECTS,
)

CueMap = dict[str, tuple[tuple[str, ...], ...]]


@record
class ContextCues:
    known: CueMap
    long_standing: CueMap
    fresh: CueMap
    breaks: frozenset[str]
    subjects: frozenset[str]
    remote: CueMap
    ended: CueMap
    ongoing: CueMap
    unchanged: CueMap
    recent: CueMap
    episodic: CueMap
    resolved: CueMap


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
        _cue_map(FRESH),
        frozenset(n for w in CLAUSE_BREAKS for n in canon_phrase(w)),
        frozenset(n for w in SUBJECTS for n in canon_phrase(w)),
        _cue_map(REMOTE),
        _cue_map(ENDED),
        _cue_map(ONGOING),
        _cue_map(UNCHANGED),
        _cue_map(RECENT),
        _cue_map(EPISODIC),
        _cue_map(RESOLVED),
    )


def context_tables(cues: ContextCues) -> tuple[Any, ...]:
    """Plain data for the KB cache (from_tables reads it back)."""
    return (
        cues.known,
        cues.long_standing,
        cues.fresh,
        tuple(sorted(cues.breaks)),
        tuple(sorted(cues.subjects)),
        cues.remote,
        cues.ended,
        cues.ongoing,
        cues.unchanged,
        cues.recent,
        cues.episodic,
        cues.resolved,
    )


def from_tables(t: Sequence[Any]) -> ContextCues:
    known, long_standing, fresh, breaks, subjects, remote, ended, ongoing, unchanged, recent = t[
        :10
    ]
    episodic, resolved = t[10:]
    return ContextCues(
        dict(known),
        dict(long_standing),
        dict(fresh),
        frozenset(breaks),
        frozenset(subjects),
        dict(remote),
        dict(ended),
        dict(ongoing),
        dict(unchanged),
        dict(recent),
        dict(episodic),
        dict(resolved),
    )


def _is_year(tok: Token) -> bool:
    return len(tok.norm) == 4 and tok.norm.isdigit() and tok.norm[:2] in ("19", "20")


def _hits(tokens: list[Token], cues: CueMap, years: bool = False, ends: bool = False) -> set[int]:
    """Token indices where a cue of the map starts, or with `ends` ends (and, with `years`, a
    year: "in 2015")."""
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
                found.add(end - 1 if ends else i)
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


def _years_ago(tokens: list[Token]) -> set[int]:
    """Years that say when ("in 2012", "breast ca 2009"), not since when ("since 2019")."""
    return {
        i
        for i, tok in enumerate(tokens)
        if tok.kind == WORD
        and _is_year(tok)
        and not (i and tokens[i - 1].kind == WORD and tokens[i - 1].norm in _SINCE)
    }


def tag(
    tokens: list[Token], matches: Sequence[tuple[int, ...]], cues: ContextCues
) -> list[tuple[bool, bool, bool, bool, bool, bool]]:
    """(known, long_standing, past, resolved, episodic, dated) for each match (its token
    indices) in one sentence."""
    if not matches:
        return []
    dated_at = _dated_at(tokens)
    known_at = _hits(tokens, cues.known)
    long_at = _hits(tokens, cues.long_standing, years=True) | _months_ago(tokens)
    past_at = _hits(tokens, cues.remote) | _years_ago(tokens)
    ended_at = _hits(tokens, cues.ended)
    resolved_at = _resolved(tokens, cues)
    episodic_at = _hits(tokens, cues.episodic)
    if not (known_at or long_at or past_at or ended_at or resolved_at or episodic_at or dated_at):
        return [(False, False, False, False, False, False)] * len(matches)
    # "nothing new there", "not new": a denied "new" says nothing is fresh; nor is the "now"
    # of "that's gone now" or "better now"
    fresh_at = {
        i
        for i in _hits(tokens, cues.fresh)
        if not (i and tokens[i - 1].kind == WORD and tokens[i - 1].norm in _DENIES)
        and not (i and tokens[i - 1].surface.lower() in _OVER)
    }
    fresh_at -= episodic_at  # the "now" of "now and then" is not now
    clause_of = clauses(tokens, cues)
    fresh = {clause_of[i] for i in fresh_at}
    ongoing = fresh | {clause_of[i] for i in _hits(tokens, cues.ongoing)}
    long_clauses = {clause_of[i] for i in long_at}
    dated_clauses = {clause_of[i] for i in dated_at}
    # a hyphen breaks a clause but not the dating: "4/12 pain post rear-end MVC"
    for i in range(1, len(tokens) - 1):
        if tokens[i].surface == "-" and clause_of[i - 1] in dated_clauses:
            dated_clauses.add(clause_of[i + 1])
    past_clauses = _carried({clause_of[i] for i in past_at}, tokens, clause_of, cues)
    ended = {clause_of[i] for i in ended_at}
    unchanged = {clause_of[i] for i in _hits(tokens, cues.unchanged)}
    recent = fresh | {clause_of[i] for i in _hits(tokens, cues.recent) | _weeks_ago(tokens)}
    # the clause where the cue ends: "now and then" spans the breaks "now" and "then"
    episodic = {clause_of[i] for i in _hits(tokens, cues.episodic, ends=True)}
    named = {clause_of[t] for toks in matches for t in toks}
    last = clause_of[-1] if clause_of else 0
    out = []
    for toks in matches:
        here = clause_of[toks[0]]
        known = bool(known_at) and here not in fresh
        long_standing = (
            here in long_clauses or _fresh_after(here, last, unchanged, named)
        ) and not _fresh_after(here, last, recent, named)
        own = {clause_of[t] for t in toks} - {here}  # "ex-IVDU" spans a hyphen
        # "on chemo", "on immunosuppressants": taking it now, whatever year it began
        taking = toks[0] > 0 and tokens[toks[0] - 1].norm == "on"
        past = (
            not taking
            and here not in ongoing
            and (
                here in past_clauses
                or here in ended
                or _fresh_after(clause_of[toks[-1]], last, ended, named - own)
            )
        )
        resolved = resolved_at and here not in ongoing
        comes_and_goes = here in episodic and not _fresh_after(here, last, recent, named)
        # "4/12 neck pain post MVC": pain that long since an event dates the event
        dated = long_standing or (here in dated_clauses and here not in recent)
        out.append((known, long_standing, past, resolved, comes_and_goes, dated))
    return out


def resolves_before(tokens: list[Token], cues: ContextCues) -> bool:
    """Whether the sentence says that what the one before told of is over: the cue follows
    "it", "that" or "this" ("I wore a brace and it has healed", "That has healed now")."""
    return any(
        i and tokens[i - 1].norm in _BACK_REF and _resolved(tokens[i - 1 :], cues)
        for i in _hits(tokens, cues.resolved)
    )


def _resolved(tokens: list[Token], cues: ContextCues) -> bool:
    """Whether the sentence says something is over for good ("in remission", "has healed"), and
    not that it is not ("never healed", "hasn't healed yet") or still going ("healing")."""
    for i in _hits(tokens, cues.resolved):
        before = {t.norm for t in tokens[max(0, i - 2) : i] if t.kind == WORD}
        if before & _UNRESOLVED or tokens[i].surface.lower().endswith("ing"):
            continue
        return True
    return False


def _carried(
    past: set[int], tokens: list[Token], clause_of: list[int], cues: ContextCues
) -> set[int]:
    """The past clauses, with each clause that only goes on about the one before ("last year
    an infection, but that cleared with antibiotics"): it opens with "that", "which" or "it"."""
    out = set(past)
    opened: set[int] = set()
    for i, tok in enumerate(tokens):
        c = clause_of[i]
        if c in opened or tok.kind != WORD or tok.norm in cues.breaks:
            continue
        opened.add(c)
        if c - 1 in out and tok.norm in _ANAPHORA:
            out.add(c)
    return out


def _fresh_after(here: int, last: int, fresh: set[int], named: set[int]) -> bool:
    """Whether the clause, or the clauses after it that name nothing of their own, say new
    (or, given the clauses with a cue of something over or unchanged, say that)."""
    if here in fresh:
        return True
    for clause in range(here + 1, last + 1):
        if clause in named:
            return False
        if clause in fresh:
            return True
    return False
