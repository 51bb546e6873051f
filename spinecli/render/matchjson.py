"""JSON for `match`, `symptoms` and `triage` (their pages: matchviews.py).

Imported (through render/views.py) only when a match result is rendered as JSON, like the
pages: a `match --format json` run pays for neither the pages nor the triage planner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinecli.findings import Hit
from spinecli.match import MatchResult, SymptomList
from spinecli.model import ValueTest
from spinecli.render.jsonout import Json

if TYPE_CHECKING:
    from spinecli.triage import Question, Triage


def match_json(r: MatchResult) -> Json:
    """The `match` contract in design.md: these keys, always."""
    return {
        "query": r.query,
        "urgent": r.urgent,
        "red_flags": [
            {
                "id": f.flag.id,
                "name": f.flag.name,
                "action": f.flag.action,
                "matched": list(f.matched),
                "rules": [
                    {
                        "rule": fired.rule.rule,
                        "source": fired.rule.source,
                        "findings": [hit_json(h) for h in fired.hits],
                    }
                    for fired in f.fired
                ],
            }
            for f in r.red_flags
        ],
        "known": [
            {
                "id": k.flag.id,
                "name": k.flag.name,
                "urgent_if": k.flag.urgent_if or k.flag.action,
                "findings": [hit_json(h) for h in k.hits],
            }
            for k in r.known
        ],
        "conditions": [
            {
                "id": c.condition.id,
                "name": c.condition.name,
                "score": c.score,
                "evidence": [
                    {
                        "symptom": e.symptom.id,
                        "text": e.text,
                        "weight": e.weight,
                        "negated": e.negated,
                    }
                    for e in c.evidence
                ],
            }
            for c in r.conditions
        ],
        "procedures": [
            {
                "id": s.procedure.id,
                "name": s.procedure.name,
                "for_conditions": [c.id for c in s.for_conditions],
            }
            for s in r.procedures
        ],
        "referrals": [{"id": c.id, "name": c.name, "referral": c.referral} for c in r.referrals],
        "read": read_json(r),
    }


def hit_json(h: Hit) -> Json:
    return {"id": h.finding, "name": h.name, "text": h.text, "via": h.via}


def read_json(r: MatchResult) -> Json:
    """What was read from the text: age, sex, values with units, denied and others' findings."""
    found = r.found
    readings = found.readings if found else ()

    def first(kind: str) -> object:
        return next((x.amount for x in readings if x.kind == kind), None)

    names = found.names if found else {}
    return {
        "age": first("age"),
        "sex": next((x.unit for x in readings if x.kind == "sex"), None),
        "values": [
            {"kind": x.kind, "amount": x.amount, "unit": x.unit, "text": x.text}
            for x in readings
            if x.kind != "sex"
        ],
        "negated": [{"id": f, "name": names.get(f, f)} for f in found.negated] if found else [],
        "other_person": (
            [{"id": f, "name": names.get(f, f)} for f in found.other_person] if found else []
        ),
    }


def question_json(q: Question) -> Json:
    return {
        "id": q.id,
        "kind": q.kind,
        "text": q.text,
        "why": q.why,
        "separates": [{"id": c.id, "name": c.name, "weight": w} for c, w in q.separates],
    }


def triage_json(r: Triage) -> Json:
    """A session so far: enough for a script to send the answers back with one more."""
    return {
        "questions": [{**question_json(a.question), "answer": a.answer} for a in r.asked],
        "next_question": question_json(r.next_question) if r.next_question else None,
        "ended": r.ended or None,
        "result": match_json(r.result),
    }


def values_of_test(t: ValueTest) -> dict[str, object]:
    return {
        "kind": t.kind,
        "at_least": t.at_least,
        "above": t.above,
        "at_most": t.at_most,
        "below": t.below,
    }


def symptom_list_json(r: SymptomList) -> Json:
    return {
        "symptoms": [
            {
                "id": s.id,
                "name": s.name,
                "phrases": list(s.phrases),
                "conditions": [{"id": c.id, "name": c.name, "weight": w} for c, w in weights],
            }
            for s, weights in r.symptoms
        ],
        "red_flags": [
            {
                "id": f.id,
                "name": f.name,
                "action": f.action,
                "rules": [
                    {
                        "rule": rule.rule,
                        "source": rule.source,
                        "all": list(rule.all_of),
                        "any": list(rule.any_of),
                        "at_least": rule.needed(),
                        "unless": list(rule.unless),
                    }
                    for rule in f.rules
                ],
            }
            for f in r.red_flags
        ],
        "findings": [
            {
                "id": f.id,
                "name": f.name,
                "phrases": list(f.phrases),
                "values": [
                    {k: v for k, v in values_of_test(t).items() if v is not None} for t in f.values
                ],
            }
            for f in r.findings.values()
        ],
    }
