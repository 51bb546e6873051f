"""Pure queries: a KnowledgeBase and a request in, result objects out. No I/O, no rendering."""

from __future__ import annotations

from spinecli.errors import NotFoundError, UsageError
from spinecli.model import (
    CATEGORIES,
    REGIONS,
    Condition,
    KnowledgeBase,
    Procedure,
    Source,
    Symptom,
)
from spinecli.record import record
from spinecli.resolve import resolve

DISCLAIMER = (
    "Educational information only. It does not replace advice from your own clinician, "
    "who knows your history and can examine you."
)


@record
class ProcedureList:
    procedures: tuple[Procedure, ...]
    filters: tuple[tuple[str, str], ...]


@record
class ProcedurePage:
    """Everything the KB knows about one procedure (`explain`)."""

    procedure: Procedure
    treats: tuple[tuple[Condition, str], ...]
    sources: tuple[Source, ...]
    kb_version: str
    note: str = ""


@record
class ConditionList:
    conditions: tuple[Condition, ...]


@record
class TreatmentPlan:
    """Conservative care first, then procedures in their usual order (`treatments`)."""

    condition: Condition
    symptoms: tuple[tuple[Symptom, float], ...]
    procedures: tuple[tuple[Procedure, str], ...]
    general_candidacy: tuple[str, ...]
    sources: tuple[Source, ...]
    note: str = ""


@record
class RecoveryPlan:
    procedure: Procedure
    kb_version: str
    kb_reviewed: str
    sources: tuple[Source, ...]
    note: str = ""


def _sources(kb: KnowledgeBase, *id_lists: tuple[str, ...]) -> tuple[Source, ...]:
    seen = dict.fromkeys(i for ids in id_lists for i in ids)
    return tuple(kb.sources[i] for i in seen if i in kb.sources)


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    wanted = value.strip().lower()
    if wanted not in choices:
        raise UsageError(f"unknown {what} '{value}'; choose from: {', '.join(choices)}")
    return wanted


def list_procedures(
    kb: KnowledgeBase, region: str = "", category: str = "", condition: str = ""
) -> ProcedureList:
    found = list(kb.procedures.values())
    filters: list[tuple[str, str]] = []
    if region:
        wanted = _check_choice(region, REGIONS, "region")
        found = [p for p in found if wanted in p.regions]
        filters.append(("region", wanted))
    if category:
        wanted = _check_choice(category, CATEGORIES, "category")
        found = [p for p in found if p.category == wanted]
        filters.append(("category", wanted))
    if condition:
        cond, _ = resolve(condition, kb.conditions, "condition", kb.index("names.conditions"))
        ids = [t.procedure for t in cond.procedures]
        found = sorted((p for p in found if p.id in ids), key=lambda p: ids.index(p.id))
        filters.append(("condition", cond.id))
    if not found:
        shown = ", ".join(f"{k}={v}" for k, v in filters)
        raise NotFoundError(f"no procedure matches {shown}")
    return ProcedureList(tuple(found), tuple(filters))


def explain(kb: KnowledgeBase, name: str) -> ProcedurePage:
    proc, note = resolve(name, kb.procedures, "procedure", kb.index("names.procedures"))
    return ProcedurePage(
        procedure=proc,
        treats=tuple(kb.treatments_of(proc.id)),
        sources=_sources(kb, proc.sources),
        kb_version=kb.version,
        note=note,
    )


def list_conditions(kb: KnowledgeBase, region: str = "") -> ConditionList:
    found = list(kb.conditions.values())
    if region:
        wanted = _check_choice(region, REGIONS, "region")
        found = [c for c in found if wanted in c.regions]
    if not found:
        raise NotFoundError(f"no condition matches region={region}")
    return ConditionList(tuple(found))


def treatments(kb: KnowledgeBase, name: str) -> TreatmentPlan:
    cond, note = resolve(name, kb.conditions, "condition", kb.index("names.conditions"))
    procs = tuple((kb.procedures[t.procedure], t.role) for t in cond.procedures)
    return TreatmentPlan(
        condition=cond,
        symptoms=tuple(kb.symptoms_of(cond.id)),
        procedures=procs,
        general_candidacy=kb.candidacy if procs else (),
        sources=_sources(kb, cond.sources, kb.candidacy_sources if procs else ()),
        note=note,
    )


def recovery(kb: KnowledgeBase, name: str) -> RecoveryPlan:
    proc, note = resolve(name, kb.procedures, "procedure", kb.index("names.procedures"))
    return RecoveryPlan(proc, kb.version, kb.reviewed, _sources(kb, proc.sources), note)
