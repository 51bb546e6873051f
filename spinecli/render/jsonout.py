"""Result objects to JSON: a stable interface (README, "JSON output"); tests pin every key."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from spinecli.handout import Handout, HandoutSet
from spinecli.model import Condition, Procedure, Source
from spinecli.queries import (
    DISCLAIMER,
    ConditionList,
    ProcedureList,
    ProcedurePage,
    RecoveryPlan,
    TreatmentPlan,
)

Json = dict[str, Any]


def source(s: Source) -> Json:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "year": s.year,
        "url": s.url,
        "single_practice": s.single_practice,
    }


def procedure_brief(p: Procedure) -> Json:
    return {
        "id": p.id,
        "name": p.name,
        "aliases": list(p.aliases),
        "category": p.category,
        "regions": list(p.regions),
        "summary": p.summary,
    }


def condition_brief(c: Condition) -> Json:
    return {
        "id": c.id,
        "name": c.name,
        "aliases": list(c.aliases),
        "regions": list(c.regions),
        "summary": c.summary,
    }


def recovery_of(p: Procedure) -> Json:
    return {
        "phases": [{"phase": k, "items": list(v)} for k, v in p.recovery],
        "warning_signs": [{"tier": k, "items": list(v)} for k, v in p.warning_signs],
    }


def procedure_list(r: ProcedureList) -> Json:
    return {"filters": dict(r.filters), "procedures": [procedure_brief(p) for p in r.procedures]}


def procedure_page(r: ProcedurePage) -> Json:
    p = r.procedure
    return {
        **procedure_brief(p),
        "purpose": p.purpose,
        "steps": list(p.steps),
        "imaging": p.imaging,
        "anesthesia": p.anesthesia,
        "setting": p.setting,
        "duration": p.duration,
        "onset": p.onset,
        "relief_duration": p.relief_duration,
        "repeat": p.repeat,
        "candidacy": list(p.candidacy),
        "benefits": list(p.benefits),
        "risks": list(p.risks),
        "contraindications": list(p.contraindications),
        "evidence": list(p.evidence),
        "conditions": [{"id": c.id, "name": c.name, "role": role} for c, role in r.treats],
        **recovery_of(p),
        "sources": [source(s) for s in r.sources],
        "reviewed": p.reviewed,
        "kb_version": r.kb_version,
    }


def condition_list(r: ConditionList) -> Json:
    return {"conditions": [condition_brief(c) for c in r.conditions]}


def treatment_plan(r: TreatmentPlan) -> Json:
    c = r.condition
    return {
        "condition": condition_brief(c),
        "symptoms": [{"id": s.id, "name": s.name, "weight": w} for s, w in r.symptoms],
        "conservative_care": list(c.conservative_care),
        "procedures": [
            {"order": i, "id": p.id, "name": p.name, "role": role}
            for i, (p, role) in enumerate(r.procedures, start=1)
        ],
        "candidacy": list(c.candidacy),
        "general_candidacy": list(r.general_candidacy),
        "sources": [source(s) for s in r.sources],
    }


def recovery_plan(r: RecoveryPlan) -> Json:
    p = r.procedure
    return {
        "procedure": {"id": p.id, "name": p.name},
        **recovery_of(p),
        "sources": [source(s) for s in r.sources],
        "kb_version": r.kb_version,
        "kb_reviewed": r.kb_reviewed,
        "disclaimer": DISCLAIMER,
    }


def handout(r: Handout) -> Json:
    p, c = r.procedure, r.clinic
    return {
        "procedure": {"id": p.id, "name": p.name},
        "clinic": {
            "name": c.name,
            "phone": c.phone,
            "after_hours_phone": c.after_hours_phone,
            "address": c.address,
        },
        "plain_summary": p.plain_summary,
        "summary": p.summary,
        "purpose": p.purpose,
        **recovery_of(p),
        "sources": [source(s) for s in r.sources],
        "reviewed": p.reviewed,
        "kb_version": r.kb_version,
        "kb_reviewed": r.kb_reviewed,
        "disclaimer": DISCLAIMER,
    }


def handout_set(r: HandoutSet) -> Json:
    return {"handouts": [handout(h) for h in r.handouts]}


JSON_VIEWS: dict[type[Any], Callable[[Any], Json]] = {
    ProcedureList: procedure_list,
    ProcedurePage: procedure_page,
    ConditionList: condition_list,
    TreatmentPlan: treatment_plan,
    RecoveryPlan: recovery_plan,
    Handout: handout,
    HandoutSet: handout_set,
}


def render(result: object) -> str:
    if type(result) not in JSON_VIEWS:
        import spinecli.render.matchviews  # noqa: F401  registers itself; imported only for match
    return json.dumps(JSON_VIEWS[type(result)](result), indent=2, ensure_ascii=False) + "\n"
