"""JSON for `match`, `symptoms` and `triage` (their pages: matchviews.py).

Imported (through render/views.py) only when a match result is rendered as JSON, like the
pages: a `match --format json` run pays for neither the pages nor the triage planner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinecli.match import MatchResult, SymptomList
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
            }
            for f in r.red_flags
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
                "phrases": list(f.phrases),
                "context_phrases": list(f.context_phrases),
            }
            for f in r.red_flags
        ],
    }
