"""`spinecli match`: free text in, red flags, ranked conditions and procedures out. Pure.

Vocabulary, weights, findings and red-flag rules all come from the KB; the work is a one-way
pipeline, one pure stage per module, each taking the previous stage's output:

1. text -> tokens (typos corrected) -> phrase mentions in their context scopes (`mentions.py`:
   negation, hypotheticals, someone else's history, known and under care, long-standing);
2. mentions and values read with their units (`values.py`) -> findings (`findings.py`);
3. findings -> red flags by the KB's rules, and known diagnoses (`redflags.py`);
4. symptom mentions -> ranked conditions (`rank.py`);
5. ranked conditions -> procedures (here), unless a red flag was raised: then they are
   withheld. A known diagnosis under care keeps its procedures, with the signs that would make
   it urgent.

`triage` feeds yes/no answers in as mentions of their own (`answer_mentions`), so an answer
counts exactly as the same symptom or finding in the query would, and shows as "answered yes".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spinecli.errors import NotFoundError, UsageError
from spinecli.findings import Found, find
from spinecli.mentions import AFFIRMED as AFFIRMED
from spinecli.mentions import HYPOTHETICAL as HYPOTHETICAL
from spinecli.mentions import NEGATED as NEGATED
from spinecli.mentions import OTHER_PERSON as OTHER_PERSON
from spinecli.mentions import Mention as Mention
from spinecli.mentions import Span, analyse
from spinecli.mentions import find_mentions as find_mentions
from spinecli.model import Condition, Finding, KnowledgeBase, Procedure, RedFlag, Rule, Symptom
from spinecli.phrases import FINDING as FINDING
from spinecli.phrases import FLAG as FLAG
from spinecli.phrases import SYMPTOM as SYMPTOM
from spinecli.phrases import vocabulary as vocabulary
from spinecli.phrases import vocabulary_tables as vocabulary_tables
from spinecli.rank import LIST_SHARE as LIST_SHARE
from spinecli.rank import SATURATION as SATURATION
from spinecli.rank import Evidence as Evidence
from spinecli.rank import RankedCondition as RankedCondition
from spinecli.rank import condition_points as condition_points
from spinecli.rank import rank
from spinecli.record import field, record
from spinecli.redflags import KnownFlag as KnownFlag
from spinecli.redflags import RaisedFlag as RaisedFlag
from spinecli.redflags import raise_flags

LEAD_SHARE = 0.5  # conditions within this share of the best one lead to procedures
MAX_LEADING = 3
FILL = 5  # suggestions shown at least, when the listed conditions have that many


# ----------------------------------------------------------------------------- result objects
@record
class Suggestion:
    procedure: Procedure
    for_conditions: tuple[Condition, ...]


@record
class MatchResult:
    query: str
    red_flags: tuple[RaisedFlag, ...]
    conditions: tuple[RankedCondition, ...]
    procedures: tuple[Suggestion, ...]
    negated: tuple[str, ...]  # names of symptoms and red flags the query denies
    known: tuple[KnownFlag, ...] = ()  # serious causes named as known and under care
    found: Found | None = None  # the findings and values read from the text
    # Leading conditions whose care is a referral, not a spinal procedure (a mimic such as
    # axial spondyloarthritis): their procedures are not suggested; the referral is shown.
    referrals: tuple[Condition, ...] = ()

    @property
    def urgent(self) -> bool:
        return bool(self.red_flags)


@record
class SymptomList:
    """What `match` recognises (`spinecli symptoms`)."""

    symptoms: tuple[tuple[Symptom, tuple[tuple[Condition, float], ...]], ...]
    red_flags: tuple[RedFlag, ...]
    findings: Mapping[str, Finding] = field(default_factory=dict)

    def rule_text(self, rule: Rule) -> str:
        """A rule in words: "Fever, chills or rigors; or Immunosuppression, with Back pain"."""
        name = {f: self.findings[f].name if f in self.findings else f for f in rule.findings()}
        parts = [" and ".join(name[f] for f in rule.all_of)] if rule.all_of else []
        if rule.any_of:
            joined = "; ".join(name[f] for f in rule.any_of)
            n = rule.needed()
            some = joined if len(rule.any_of) == 1 else f"{'one' if n == 1 else n} of: {joined}"
            parts.append(some)
        unless = "; ".join(self.findings[f].name if f in self.findings else f for f in rule.unless)
        return " with ".join(parts) + (f", unless {unless}" if unless else "")


# ----------------------------------------------------------------------------- the query
def match(kb: KnowledgeBase, query: str) -> MatchResult:
    if not query.strip():
        raise UsageError(
            "the query is empty; describe the symptoms, e.g. spinecli match 'low back pain'"
        )
    analysis = analyse(query, vocabulary(kb))
    result = assess(kb, query, analysis.mentions, read_values(query), analysis.spans)
    if not result.red_flags and not result.conditions and not result.known:
        raise NotFoundError(_nothing_message(result))
    return result


def read_values(text: str) -> tuple[Any, ...]:
    """Ages, sex, temperatures, lab values, weight lost and durations read from the text with
    their units (`values.read_values`: Reading(kind, amount, unit, start, end, text))."""
    from spinecli.values import read_values as read  # only when a text is matched

    return tuple(read(text))


def assess(
    kb: KnowledgeBase,
    query: str,
    mentions: Iterable[Mention],
    readings: Iterable[Any] = (),
    spans: Sequence[Span] = (),
) -> MatchResult:
    """The result for mentions already found (in the query, or answers); may be empty."""
    mentions = list(mentions)
    found = find(kb, mentions, readings, spans, query)
    answered = [m.owner for m in mentions if m.kind == FLAG and m.status == AFFIRMED]
    flags, known = raise_flags(kb, found, answered)
    conditions = rank(kb, mentions)
    leading = _leading(conditions)
    return MatchResult(
        query=query,
        red_flags=flags,
        conditions=conditions,
        procedures=() if flags else _procedures(kb, leading, conditions),
        negated=_negated_names(kb, mentions, found, flags),
        known=known,
        found=found,
        referrals=tuple(c.condition for c in leading if c.condition.referral),
    )


ANSWERED = {True: "answered yes", False: "answered no"}


def answer_mentions(
    kb: KnowledgeBase, answers: Iterable[tuple[str, bool]], after: int
) -> list[Mention]:
    """Yes/no answers about symptoms, findings or red flags (by id) as affirmed or negated
    mentions. They sit just after the query's last character (`after`), so they overlap no
    words of it: an answered back or neck symptom gives the red-flag rules their spinal pain,
    as the same words in the query would."""
    spinal = vocabulary(kb).spinal
    kinds = ((kb.symptoms, SYMPTOM), (kb.findings, FINDING))
    return [
        Mention(
            owner,
            next((kind for table, kind in kinds if owner in table), FLAG),
            after,
            after,
            ANSWERED[yes],
            AFFIRMED if yes else NEGATED,
            owner in spinal,
            answered=True,
        )
        for owner, yes in answers
    ]


def _leading(conditions: tuple[RankedCondition, ...]) -> list[RankedCondition]:
    """The conditions within LEAD_SHARE of the best (MAX_LEADING at most)."""
    if not conditions:
        return []
    best = conditions[0].points
    return [c for c in conditions if c.points >= LEAD_SHARE * best][:MAX_LEADING]


def _procedures(
    kb: KnowledgeBase,
    leading: list[RankedCondition],
    listed: Sequence[RankedCondition] = (),
) -> tuple[Suggestion, ...]:
    """The leading conditions' procedures, taken in turns: each condition's first procedure, then
    each one's second, and so on, so that when two or three conditions run close every one of
    them has its usual first choices near the top. None for a condition whose care is a referral
    (a mimic that does not belong on the procedure list)."""
    lists = [
        [t.procedure for t in ranked.condition.procedures if t.procedure in kb.procedures]
        for ranked in leading
        if not ranked.condition.referral
    ]
    owners = [ranked.condition for ranked in leading if not ranked.condition.referral]
    found: dict[str, list[Condition]] = {}
    for depth in range(max(map(len, lists), default=0)):
        for pids in lists:
            if depth < len(pids):
                found.setdefault(pids[depth], [])
    # Fewer than FILL suggestions: the next listed conditions' procedures follow, in rank order,
    # so a runner-up's usual choices are still in view when one condition leads alone.
    for ranked in listed:
        if len(found) >= FILL:
            break
        if ranked in leading or ranked.condition.referral:
            continue
        pids = [t.procedure for t in ranked.condition.procedures if t.procedure in kb.procedures]
        lists.append(pids)
        owners.append(ranked.condition)
        for pid in pids:
            found.setdefault(pid, [])
    for pids, condition in zip(lists, owners, strict=True):
        for pid in pids:
            found[pid].append(condition)
    return tuple(Suggestion(kb.procedures[pid], tuple(cs)) for pid, cs in found.items())


def _negated_names(
    kb: KnowledgeBase, mentions: list[Mention], found: Found, flags: tuple[RaisedFlag, ...]
) -> tuple[str, ...]:
    """What the query denies: symptoms, and red flags whose findings it denies (a triage answer
    'no' shows in the answers, not here)."""
    affirmed = {m.owner for m in mentions if m.status == AFFIRMED}
    names: dict[str, None] = {}
    for m in mentions:
        denied_here = m.kind == SYMPTOM and m.status == NEGATED and not m.answered
        if denied_here and m.owner not in affirmed and m.owner in kb.symptoms:
            names[kb.symptoms[m.owner].name] = None
    denied = {f for f in found.negated if f in kb.findings and not kb.findings[f].spinal} - {
        m.owner for m in mentions if m.answered
    }
    raised = {r.flag.id for r in flags}
    for flag in kb.red_flags.values():
        if flag.id not in raised and any(f in denied for r in flag.rules for f in r.findings()):
            names[flag.name] = None
    return tuple(names)


def _nothing_message(result: MatchResult) -> str:
    denied = result.negated
    hint = "try other words, or see what it recognises: spinecli symptoms"
    if denied:
        return f"nothing to rank: the query only denies ({'; '.join(denied)}); {hint}"
    return f"no symptom recognised in the query; {hint}"


def list_symptoms(kb: KnowledgeBase) -> SymptomList:
    rows = []
    for s in kb.symptoms.values():
        weights = tuple(
            (kb.conditions[cid], w)
            for cid, w in sorted(s.conditions, key=lambda cw: -cw[1])
            if cid in kb.conditions
        )
        rows.append((s, weights))
    flags = tuple(kb.red_flags.values())
    used = {f for flag in flags for r in flag.rules for f in r.findings()}
    findings = {f: kb.findings[f] for f in used if f in kb.findings}
    return SymptomList(tuple(rows), flags, findings)
