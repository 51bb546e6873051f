"""Result objects to neutral documents (see doc.py). What each page says, in which order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spinecli.model import RECOVERY_PHASES, WARNING_TIERS, Procedure, Source
from spinecli.queries import (
    DISCLAIMER,
    ConditionList,
    ProcedureList,
    ProcedurePage,
    RecoveryPlan,
    TreatmentPlan,
)
from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text

PHASE_TITLES = dict(RECOVERY_PHASES)
TIER_TITLES = dict(WARNING_TIERS)
# Symptoms weighted below this point to a condition only weakly: `match` uses them, the
# "typical symptoms" list does not.
TYPICAL_WEIGHT = 2.0
NOT_STATED = "not stated in the KB's sources"
ROLE_LABELS = {
    "diagnostic": "diagnostic",
    "therapeutic": "therapeutic",
    "diagnostic-and-therapeutic": "diagnostic and therapeutic",
    "last-resort": "last resort",
}


def source_line(s: Source) -> str:
    parts = [s.title]
    if s.publisher:
        parts.append(s.publisher)
    if s.year:
        parts.append(str(s.year))
    line = ", ".join(parts)
    if s.single_practice:
        line += " [single clinic, vendor or payer page: one practice's figures]"
    return f"{line}. {s.url}" if s.url else line


def sources_section(sources: tuple[Source, ...]) -> Section:
    return Section("Sources", (Bullets(tuple(source_line(s) for s in sources), "numbered"),))


def _maybe(title: str, items: tuple[str, ...], style: str = "bullet") -> list[Block]:
    return [Section(title, (Bullets(items, style),))] if items else []


def _note(note: str) -> list[Block]:
    return [Text(note, "note")] if note else []


def warning_section(p: Procedure) -> Section:
    blocks: list[Block] = []
    for tier, items in p.warning_signs:
        blocks.append(
            Text(TIER_TITLES[tier] + " if:", "danger" if tier == "emergency" else "label")
        )
        blocks.append(Bullets(items))
    return Section("When to get help", tuple(blocks), "danger")


def procedure_list(r: ProcedureList) -> Doc:
    rows = tuple((p.id, p.name, p.category, ", ".join(p.regions), p.summary) for p in r.procedures)
    title = "Procedures" + "".join(f" ({k}: {v})" for k, v in r.filters)
    return Doc(title, (Table(("id", "name", "category", "regions", "summary"), rows),))


def procedure_page(r: ProcedurePage) -> Doc:
    p = r.procedure
    facts = [
        ("Also called", ", ".join(p.aliases)),
        ("Category", p.category),
        ("Regions", ", ".join(p.regions)),
        ("Imaging", p.imaging),
        ("Anesthesia", p.anesthesia),
        ("Setting", p.setting),
        ("Duration", p.duration),
        ("Relief starts", p.onset),
        ("Relief lasts", p.relief_duration),
        ("Repeating it", p.repeat),
    ]
    treats = tuple((c.name, ROLE_LABELS[role]) for c, role in r.treats)
    blocks: list[Block] = [
        *_note(r.note),
        Text(p.summary),
        # A fact the sources do not give is shown as such, not hidden: a gap is information.
        Fields(tuple((k, v or NOT_STATED) for k, v in facts)),
        Section("Purpose", (Text(p.purpose),)),
    ]
    if treats:
        blocks.append(Section("Conditions it treats", (Table(("condition", "role"), treats),)))
    blocks += [
        *_maybe("Who is a candidate", p.candidacy),
        Section("How it is done", (Bullets(p.steps, "numbered"),)),
        *_maybe("Benefits", p.benefits),
        *_maybe("Risks", p.risks),
        *_maybe("Contraindications", p.contraindications),
        *_maybe("Evidence", p.evidence),
        Section("Recovery", tuple(_phase_blocks(p, checkbox=False))),
        warning_section(p),
        sources_section(r.sources),
        Text(
            f"KB {r.kb_version}; entry reviewed {p.reviewed or 'not recorded'}. {DISCLAIMER}",
            "muted",
        ),
    ]
    return Doc(p.name, tuple(blocks))


def _phase_blocks(p: Procedure, checkbox: bool) -> list[Block]:
    blocks: list[Block] = []
    for phase, items in p.recovery:
        blocks.append(Text(PHASE_TITLES[phase], "label"))
        blocks.append(Bullets(items, "checkbox" if checkbox else "bullet"))
    return blocks


def condition_list(r: ConditionList) -> Doc:
    rows = tuple((c.id, c.name, ", ".join(c.regions), c.summary) for c in r.conditions)
    return Doc("Conditions", (Table(("id", "name", "regions", "summary"), rows),))


def treatment_plan(r: TreatmentPlan) -> Doc:
    c = r.condition
    blocks: list[Block] = [*_note(r.note), Text(c.summary)]
    if c.aliases:
        blocks.append(
            Fields((("Also called", ", ".join(c.aliases)), ("Regions", ", ".join(c.regions))))
        )
    typical = tuple(s.name for s, weight in r.symptoms if weight >= TYPICAL_WEIGHT)
    if typical:
        blocks.append(Section("Typical symptoms", (Bullets(typical),)))
    blocks.append(Section("Conservative care first", (Bullets(c.conservative_care),)))
    if r.procedures:
        rows = tuple(
            (str(i), p.name, ROLE_LABELS[role]) for i, (p, role) in enumerate(r.procedures, start=1)
        )
        blocks.append(
            Section(
                "Then procedures, in their usual order",
                (Table(("step", "procedure", "role"), rows),),
            )
        )
    else:
        blocks.append(
            Text(
                "The knowledge base lists no interventional procedure for this condition.", "muted"
            )
        )
    blocks += _maybe("When procedures are considered", c.candidacy)
    blocks += _maybe("General candidacy for interventional care", r.general_candidacy)
    blocks += [sources_section(r.sources), Text(DISCLAIMER, "muted")]
    return Doc(f"Treatments for {c.name}", tuple(blocks))


def recovery_plan(r: RecoveryPlan) -> Doc:
    p = r.procedure
    blocks: list[Block] = [*_note(r.note)]
    for phase, items in p.recovery:
        blocks.append(Section(PHASE_TITLES[phase], (Bullets(items, "checkbox"),)))
    blocks += [
        warning_section(p),
        sources_section(r.sources),
        Text(f"KB {r.kb_version}, reviewed {r.kb_reviewed}. {DISCLAIMER}", "muted"),
    ]
    return Doc(f"Recovery checklist: {p.name}", tuple(blocks))


PAGES: dict[type[Any], Callable[[Any], Doc]] = {
    ProcedureList: procedure_list,
    ProcedurePage: procedure_page,
    ConditionList: condition_list,
    TreatmentPlan: treatment_plan,
    RecoveryPlan: recovery_plan,
}


def to_doc(result: object) -> Doc:
    return PAGES[type(result)](result)
