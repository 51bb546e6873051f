"""Pure queries: a KnowledgeBase and a request in, result objects out. No I/O, no rendering."""

from __future__ import annotations

from spinecli.errors import NotFoundError, quoted
from spinecli.model import (
    CATEGORIES,
    REGIONS,
    Advice,
    Condition,
    KnowledgeBase,
    Prerequisite,
    Procedure,
    Source,
    Symptom,
)
from spinecli.normalize import normalize
from spinecli.record import record
from spinecli.resolve import choice, resolve

DISCLAIMER = (
    "Educational information only. It does not replace advice from your own clinician, "
    "who knows your history and can examine you."
)
CODING_NOTE = (
    "Codes are a reference, not coding advice: verify every code against the current code sets "
    "and your local payer's rules before use. ICD-10-CM descriptions are the official ones; CPT "
    "descriptions are our own short wording, since the official descriptors are copyrighted."
)
ANTICOAGULATION_NOTE = (
    "Follow your local protocol. Never stop or change an anticoagulant or antiplatelet medicine "
    "without the clinician who prescribed it."
)


@record
class PathStep:
    """One step of a care pathway: a procedure in the KB, or a plain step such as imaging."""

    procedure_id: str  # "" for a plain step
    name: str  # the procedure's name, or the step's text
    note: str
    source: str


def path_step(kb: KnowledgeBase, req: Prerequisite) -> PathStep:
    name = kb.procedures[req.procedure].name if req.procedure else req.step
    return PathStep(req.procedure, name, req.note, req.source)


@record
class ProcedureList:
    procedures: tuple[Procedure, ...]
    filters: tuple[tuple[str, str], ...]
    note: str = ""  # a typo forgiven in a filter, for stderr


@record
class ProcedurePage:
    """Everything the KB knows about one procedure (`explain`)."""

    procedure: Procedure
    treats: tuple[tuple[Condition, str], ...]
    sources: tuple[Source, ...]
    kb_version: str
    note: str = ""
    pathway: tuple[PathStep, ...] = ()  # what comes before, in order
    leads_to: tuple[PathStep, ...] = ()  # procedures that need this one first
    general_anticoagulation: tuple[Advice, ...] = ()
    # What to show (sections.EXPLAIN names; none for the whole page) and whether as the card.
    sections: tuple[str, ...] = ()
    brief: bool = False


@record
class ConditionList:
    conditions: tuple[Condition, ...]
    note: str = ""


@record
class TreatmentPlan:
    """Conservative care first, then procedures in their usual order (`treatments`)."""

    condition: Condition
    symptoms: tuple[tuple[Symptom, float], ...]
    procedures: tuple[tuple[Procedure, str], ...]
    general_candidacy: tuple[str, ...]
    sources: tuple[Source, ...]
    note: str = ""
    # procedure id -> what comes before it (only procedures that have prerequisites)
    pathways: tuple[tuple[str, tuple[PathStep, ...]], ...] = ()
    sections: tuple[str, ...] = ()  # sections.TREATMENTS names; none for the whole page
    brief: bool = False


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


def _check_choice(value: str, choices: tuple[str, ...], what: str, notes: list[str]) -> str:
    """The value meant (typos forgiven as for names: resolve.choice), its note added to notes."""
    wanted, note = choice(value, {c: c for c in choices}, what)
    notes += [note] if note else []
    return wanted


def list_procedures(
    kb: KnowledgeBase, region: str = "", category: str = "", condition: str = ""
) -> ProcedureList:
    found = list(kb.procedures.values())
    filters: list[tuple[str, str]] = []
    notes: list[str] = []
    if region:
        wanted = _check_choice(region, REGIONS, "region", notes)
        found = [p for p in found if wanted in p.regions]
        filters.append(("region", wanted))
    if category:
        wanted = _check_choice(category, CATEGORIES, "category", notes)
        found = [p for p in found if p.category == wanted]
        filters.append(("category", wanted))
    if condition:
        cond, note = resolve(condition, kb.conditions, "condition", kb.index("names.conditions"))
        notes += [note] if note else []
        ids = [t.procedure for t in cond.procedures]
        found = sorted((p for p in found if p.id in ids), key=lambda p: ids.index(p.id))
        filters.append(("condition", cond.id))
    if not found:
        shown = ", ".join(f"{k}={v}" for k, v in filters)
        raise NotFoundError(f"no procedure matches {shown}")
    return ProcedureList(tuple(found), tuple(filters), "; ".join(notes))


def _procedure(kb: KnowledgeBase, name: str) -> tuple[Procedure, str]:
    try:
        return resolve(name, kb.procedures, "procedure", kb.index("names.procedures"))
    except NotFoundError:
        _other_kind(kb, name, "conditions", "a condition", "treatments")
        raise


def _condition(kb: KnowledgeBase, name: str) -> tuple[Condition, str]:
    try:
        return resolve(name, kb.conditions, "condition", kb.index("names.conditions"))
    except NotFoundError:
        _other_kind(kb, name, "procedures", "a procedure", "explain")
        raise


def _other_kind(kb: KnowledgeBase, name: str, table: str, what: str, command: str) -> None:
    """A name of the other kind ("explain 'slipped disc'") gets pointed to the right command."""
    found = kb.index(f"names.{table}").get(normalize(name))
    if found is not None:
        entry = (kb.conditions if table == "conditions" else kb.procedures)[found]
        raise NotFoundError(
            f"{quoted(name)} is {what} ({entry.name}): try spinecli {command} {found}"
        ) from None


def explain(
    kb: KnowledgeBase, name: str, sections: tuple[str, ...] = (), brief: bool = False
) -> ProcedurePage:
    proc, note = _procedure(kb, name)
    pathway = tuple(path_step(kb, r) for r in kb.pathway(proc.id))
    leads_to = tuple(PathStep(p.id, p.name, r.note, r.source) for p, r in kb.leads_to(proc.id))
    general = kb.anticoagulation
    cited = (*(s.source for s in (*pathway, *leads_to)), *(a.source for a in general))
    return ProcedurePage(
        procedure=proc,
        treats=tuple(kb.treatments_of(proc.id)),
        sources=_sources(kb, proc.source_ids(), cited),
        kb_version=kb.version,
        note=note,
        pathway=pathway,
        leads_to=leads_to,
        general_anticoagulation=general,
        sections=sections,
        brief=brief,
    )


def list_conditions(kb: KnowledgeBase, region: str = "") -> ConditionList:
    found = list(kb.conditions.values())
    notes: list[str] = []
    if region:
        wanted = _check_choice(region, REGIONS, "region", notes)
        found = [c for c in found if wanted in c.regions]
    if not found:
        raise NotFoundError(f"no condition matches region={region}")
    return ConditionList(tuple(found), "; ".join(notes))


def treatments(
    kb: KnowledgeBase, name: str, sections: tuple[str, ...] = (), brief: bool = False
) -> TreatmentPlan:
    cond, note = _condition(kb, name)
    procs = tuple((kb.procedures[t.procedure], t.role) for t in cond.procedures)
    pathways = tuple(
        (p.id, tuple(path_step(kb, r) for r in kb.pathway(p.id))) for p, _ in procs if p.requires
    )
    cited = (
        *(c.source for p, _ in procs for c in p.cpt),
        *(step.source for _, steps in pathways for step in steps),
    )
    return TreatmentPlan(
        condition=cond,
        symptoms=tuple(kb.symptoms_of(cond.id)),
        procedures=procs,
        general_candidacy=kb.candidacy if procs else (),
        sources=_sources(kb, cond.source_ids(), kb.candidacy_sources if procs else (), cited),
        note=note,
        pathways=pathways,
        sections=sections,
        brief=brief,
    )


def recovery(kb: KnowledgeBase, name: str) -> RecoveryPlan:
    proc, note = _procedure(kb, name)
    return RecoveryPlan(proc, kb.version, kb.reviewed, _sources(kb, proc.sources), note)
