"""Result objects to JSON: a stable interface (docs/json.md); tests pin every key."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from spinecli.model import PRACTICAL_FIELDS, Advice, Condition, Guideline, Procedure, Source
from spinecli.queries import (
    ANTICOAGULATION_NOTE,
    CODING_NOTE,
    DISCLAIMER,
    ConditionList,
    PathStep,
    ProcedureList,
    ProcedurePage,
    RecoveryPlan,
    TreatmentPlan,
)

if TYPE_CHECKING:  # imported when their results are rendered, not by every JSON command
    from spinecli.codes import CodeList
    from spinecli.compare import Comparison
    from spinecli.handout import Handout, HandoutSet
    from spinecli.quiz import Quiz
    from spinecli.search import SearchResult

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


def guideline(g: Guideline) -> Json:
    return {
        "body": g.body,
        "ref": g.ref,
        "year": g.year,
        "position": g.position,
        "verbatim": g.verbatim,
        "scope": g.scope,
        "source": g.source,
    }


def step(s: PathStep) -> Json:
    """id is "" for a plain step (imaging, an assessment) that is not a procedure in the KB."""
    return {"id": s.procedure_id, "name": s.name, "note": s.note, "source": s.source}


def advice(a: Advice) -> Json:
    return {"text": a.text, "source": a.source}


def cpt_of(p: Procedure) -> list[Json]:
    return [{"code": c.code, "description": c.description, "source": c.source} for c in p.cpt]


def recovery_of(p: Procedure) -> Json:
    return {
        "phases": [{"phase": k, "items": list(v)} for k, v in p.recovery],
        "warning_signs": [{"tier": k, "items": list(v)} for k, v in p.warning_signs],
    }


def procedure_list(r: ProcedureList) -> Json:
    return {"filters": dict(r.filters), "procedures": [procedure_brief(p) for p in r.procedures]}


def procedure_page(r: ProcedurePage) -> Json:
    p = r.procedure
    full = {
        **procedure_brief(p),
        "purpose": p.purpose,
        "steps": list(p.steps),
        **{f: getattr(p, f) for f in PRACTICAL_FIELDS},
        "candidacy": list(p.candidacy),
        "benefits": list(p.benefits),
        "risks": list(p.risks),
        "contraindications": list(p.contraindications),
        "evidence": list(p.evidence),
        "conditions": [{"id": c.id, "name": c.name, "role": role} for c, role in r.treats],
        "pathway": [step(s) for s in r.pathway],
        "leads_to": [step(s) for s in r.leads_to],
        "guidelines": [guideline(g) for g in p.guidelines],
        "anticoagulation": {
            "bleeding_risk": [
                {"class": b.level, "scope": b.scope, "source": b.source} for b in p.bleeding_risk
            ],
            "advice": [advice(a) for a in p.anticoagulation],
            "general": [advice(a) for a in r.general_anticoagulation],
            "note": ANTICOAGULATION_NOTE,
        },
        "cpt": cpt_of(p),
        "coding_note": CODING_NOTE,
        **recovery_of(p),
        "sources": [source(s) for s in r.sources],
        "reviewed": p.reviewed,
        "kb_version": r.kb_version,
    }
    return _picked(full, "explain", r.sections, r.brief)


def _picked(full: Json, page: str, sections: tuple[str, ...], brief: bool) -> Json:
    """Only the keys of the parts `--section` named (or the card's, for `--brief`), in order."""
    if not sections and not brief:
        return full
    from spinecli.sections import PAGES

    parts, keeps, card = PAGES[page]
    chosen = card if brief and not sections else sections
    keys = {*keeps, *(k for part in parts if part.name in chosen for k in part.keys)}
    return {k: v for k, v in full.items() if k in keys}


def condition_list(r: ConditionList) -> Json:
    return {"conditions": [condition_brief(c) for c in r.conditions]}


def treatment_plan(r: TreatmentPlan) -> Json:
    c = r.condition
    pathways = dict(r.pathways)
    full = {
        "condition": condition_brief(c),
        "reviewed": c.reviewed,
        "icd10": [
            {"code": d.code, "description": d.description, "excludes1": list(d.excludes1)}
            for d in c.icd10
        ],
        "coding_note": CODING_NOTE,
        "symptoms": [{"id": s.id, "name": s.name, "weight": w} for s, w in r.symptoms],
        "conservative_care": list(c.conservative_care),
        "referral": c.referral,
        "procedures": [
            {
                "order": i,
                "id": p.id,
                "name": p.name,
                "role": role,
                "cpt": cpt_of(p),
                "pathway": [step(s) for s in pathways.get(p.id, ())],
            }
            for i, (p, role) in enumerate(r.procedures, start=1)
        ],
        "candidacy": list(c.candidacy),
        "guidelines": [guideline(g) for g in c.guidelines],
        "general_candidacy": list(r.general_candidacy),
        "sources": [source(s) for s in r.sources],
    }
    return _picked(full, "treatments", r.sections, r.brief)


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


def search_result(r: SearchResult) -> Json:
    return {
        "query": r.query,
        "terms": list(r.terms),
        "total": r.total,
        "hits": [
            {
                "rank": i,
                "kind": h.kind,
                "id": h.id,
                "name": h.name,
                "score": h.score,
                "matches": [{"field": m.field, "snippet": m.snippet} for m in h.matches],
                "points_to": [{"id": c, "name": n} for c, n in h.points_to],
                "action": h.action,
            }
            for i, h in enumerate(r.hits, start=1)
        ],
    }


def comparison(r: Comparison) -> Json:
    from spinecli.compare import ATTRIBUTES

    return {
        "attributes": [key for key, _ in ATTRIBUTES],
        "procedures": [
            {
                "id": p.id,
                "name": p.name,
                "category": p.category,
                "regions": list(p.regions),
                "purpose": p.purpose,
                "conditions": [{"id": c.id, "name": c.name, "role": role} for c, role in treats],
                "imaging": p.imaging,
                "anesthesia": p.anesthesia,
                "duration": p.duration,
                "onset": p.onset,
                "relief_duration": p.relief_duration,
                "repeat": p.repeat,
                "risks": list(p.risks),
                "recovery": recovery_of(p)["phases"],
            }
            for p, treats in zip(r.procedures, r.treats, strict=True)
        ],
    }


def quiz(r: Quiz) -> Json:
    from spinecli.quiz_terminal import letter

    topic = r.topic
    return {
        "seed": r.seed,
        "count": r.count,
        "topic": {"kind": topic.kind, "id": topic.id, "name": topic.name} if topic else None,
        "questions": [
            {
                "number": i,
                "kind": q.kind,
                "prompt": q.prompt,
                "options": list(q.options),
                "answer": letter(q.answer),
                "answer_index": q.answer,
                "explanation": q.explanation,
                "subject": {"kind": q.subject[0], "id": q.subject[1]},
            }
            for i, q in enumerate(r.questions, start=1)
        ],
    }


def code_list(r: CodeList) -> Json:
    check = r.check
    return {
        "query": r.query,
        "system": r.system,
        "matched_by": r.matched_by,
        "codes": [
            {
                "system": x.system,
                "code": x.code,
                "description": x.description,
                "entry": {"kind": x.entry_kind, "id": x.entry_id, "name": x.entry_name},
                "source": x.source,
                "excludes1": list(x.excludes1),
            }
            for x in r.rows
        ],
        "coding_note": CODING_NOTE,
        "sources": [source(s) for s in r.sources],
        "check": None
        if check is None
        else {
            "code_set": check.code_set,
            "ok": check.ok,
            "checked": check.checked,
            "not_checked": check.not_checked,
            "problems": [
                {"code": x.code, "entry": x.entry_id, "problem": x.problem} for x in check.problems
            ],
        },
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
        # The patient wording a handout prints (plain_* fields, else the shared ones).
        "phases": [{"phase": k, "items": list(v)} for k, v in r.recovery],
        "warning_signs": [{"tier": k, "items": list(v)} for k, v in r.warning_signs],
        "risks": list(r.risks),
        "bodies": list(r.bodies),
        "sources": [source(s) for s in r.sources],
        "reviewed": p.reviewed,
        "kb_version": r.kb_version,
        "kb_reviewed": r.kb_reviewed,
        "disclaimer": DISCLAIMER,
    }


def handout_set(r: HandoutSet) -> Json:
    return {"handouts": [handout(h) for h in r.handouts]}


def dumps(value: Any) -> str:
    """Readable UTF-8 JSON, with characters a terminal could obey escaped (escape.json_safe)."""
    from spinecli.render.escape import json_safe

    return json_safe(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"


def render(result: object) -> str:
    from spinecli.render.views import JSON_VIEWS, view

    return dumps(view(JSON_VIEWS, result)(result))
