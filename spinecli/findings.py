"""Stage 3 of `match`: mentions and values -> findings, what red-flag rules look for.

A finding is present when the text affirms one of its phrases, a value read from the text meets
one of its value tests (temperature of 38 C or more), one of its `symptoms`, or, for a `spinal`
finding, any symptom in the back or neck. A mention that is negated, hypothetical or someone
else's does not count; nor does a long-standing one of a `new_only` finding, nor one of the
past ("IVDU 20 years ago") of a `new_only` or `current_only` finding. A `cause` finding
mentioned as known and under care, and a `diagnosed` one wherever it is affirmed, are set apart
(`known`): their flag is a known diagnosis. A `progressive` finding said to come and go ("some
days", "on and off") does not count unless said to be worse. A `spinal_site` finding in a
sentence that names a limb joint and no part of the spine is that joint's ("my shoulder aches at
night" is no spinal night pain).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from spinecli import cue_words
from spinecli.mentions import AFFIRMED, NEGATED, OTHER_PERSON, Mention, Span
from spinecli.model import KnowledgeBase
from spinecli.phrases import FINDING, SYMPTOM
from spinecli.record import field, record
from spinecli.text import canon_phrase, sentences

PHRASE, VALUE, SYMPTOM_HIT, ANSWER = "phrase", "value", "symptom", "answer"


@record
class Hit:
    """One piece of evidence for a finding: the words (or value) of the text, and how."""

    finding: str
    name: str  # the finding's name
    text: str
    via: str  # PHRASE, VALUE, SYMPTOM_HIT or ANSWER


@record
class Found:
    present: Mapping[str, tuple[Hit, ...]]  # finding id -> its affirmed hits
    known: Mapping[str, tuple[Hit, ...]]  # cause findings mentioned as known and under care
    negated: tuple[str, ...]  # finding ids the text denies (and nowhere affirms)
    other_person: tuple[str, ...]  # finding ids only in someone else's history
    readings: tuple[Any, ...]  # the values read from the patient's own words (values.Reading)
    names: Mapping[str, str] = field(default_factory=dict)  # finding id -> name


def _in_scope(start: int, end: int, spans: Sequence[Span]) -> str:
    for s in spans:
        if s.start < end and start < s.end:
            return s.status
    return AFFIRMED


@lru_cache(maxsize=1)
def _sites() -> tuple[frozenset[str], frozenset[str]]:
    """Canonical words of the limb joints and of the spine."""
    joints = frozenset(n for w in cue_words.LIMB_JOINTS for n in canon_phrase(w))
    return joints, frozenset(n for w in cue_words.SPINE_SITES for n in canon_phrase(w))


def _at_a_limb_joint(query: str, at: int) -> bool:
    """Whether the sentence around offset `at` names a limb joint and no part of the spine; a
    sentence that names neither speaks of the last one named before it ("my shoulder has been
    painful - it aches at night")."""
    joints, spine = _sites()
    joint = False
    for start, end in sentences(query):
        if start > at:
            break
        words = set(canon_phrase(query[start:end]))
        if words & (joints | spine):
            joint = not words & spine
    return joint


def find(
    kb: KnowledgeBase,
    mentions: Iterable[Mention],
    readings: Iterable[Any] = (),
    spans: Sequence[Span] = (),
    query: str = "",
) -> Found:
    present: dict[str, list[Hit]] = {}
    known: dict[str, list[Hit]] = {}
    denied: dict[str, None] = {}
    others: dict[str, None] = {}
    spinal = [f for f in kb.findings.values() if f.spinal]
    by_symptom: dict[str, list[str]] = {}
    for f in kb.findings.values():
        for s in f.symptoms:
            by_symptom.setdefault(s, []).append(f.id)

    def add(into: dict[str, list[Hit]], hit: Hit) -> None:
        hits = into.setdefault(hit.finding, [])
        if hit not in hits:
            hits.append(hit)

    for m in mentions:
        if m.kind == SYMPTOM:
            via = ANSWER if m.answered else SYMPTOM_HIT
            if m.status == AFFIRMED and m.spine:
                for f in spinal:
                    add(present, Hit(f.id, f.name, m.text, via))
            if m.status == AFFIRMED:
                for fid in by_symptom.get(m.owner, ()):
                    add(present, Hit(fid, kb.findings[fid].name, m.text, via))
            continue
        if m.kind != FINDING or m.owner not in kb.findings:
            continue
        finding = kb.findings[m.owner]
        if m.status == NEGATED:
            denied[m.owner] = None
        elif m.status == OTHER_PERSON:
            others[m.owner] = None
        elif m.status == AFFIRMED:
            hit = Hit(m.owner, finding.name, m.text, ANSWER if m.answered else PHRASE)
            if finding.diagnosed or (finding.cause and m.known):
                add(known, hit)
            elif not (
                (finding.new_only and m.long_standing)
                or (finding.event and m.dated)
                or ((finding.new_only or finding.current_only) and m.past)
                or (finding.progressive and m.episodic)
                or (finding.spinal_site and not m.answered and _at_a_limb_joint(query, m.start))
            ):
                add(present, hit)
    own = tuple(r for r in readings if _in_scope(r.start, r.end, spans) == AFFIRMED)
    for r in own:
        for f in kb.findings.values():
            if any(t.kind == r.kind and t.holds(r.amount, r.lower_bound) for t in f.values):
                add(present, Hit(f.id, f.name, r.text, VALUE))
    return Found(
        present={k: tuple(v) for k, v in present.items()},
        known={k: tuple(v) for k, v in known.items() if k not in present},
        negated=tuple(k for k in denied if k not in present),
        other_person=tuple(k for k in others if k not in present and k not in denied),
        readings=own,
        names={f: kb.findings[f].name for f in (*denied, *others)},
    )
