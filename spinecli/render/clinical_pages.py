"""The `explain` and `treatments` pages: in full, as the parts `--section` picks, or as the
one-screen clinician's card of `--brief` (part names in spinecli/sections.py)."""

from __future__ import annotations

from collections.abc import Callable

from spinecli.model import Procedure, Source
from spinecli.queries import (
    ANTICOAGULATION_NOTE,
    CODING_NOTE,
    DISCLAIMER,
    ProcedurePage,
    TreatmentPlan,
)
from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.pages import (
    NO_PROCEDURE,
    NO_SOURCED_CODE,
    NOT_STATED,
    PHASE_TITLES,
    ROLE_LABELS,
    TYPICAL_WEIGHT,
    Cite,
    bleeding_label,
    cited,
    citer,
    excludes1_note,
    guidelines_section,
    pathway_blocks,
    procedure_rows,
    sources_section,
    step_line,
    warning_section,
)

# (part name, its blocks given how to cite a source), in page order: a part is built only when
# shown, and the sources a few parts cite are known before their numbers are.
Parts = list[tuple[str, Callable[[Cite], list[Block]]]]


def procedure_page(r: ProcedurePage) -> Doc:
    if r.brief:
        from spinecli.render.cards import procedure_card

        return procedure_card(r)
    footer = Text(
        f"KB {r.kb_version}; entry reviewed {r.procedure.reviewed or 'not recorded'}. {DISCLAIMER}",
        "muted",
    )
    blocks = _picked(r.sections, r.sources, _procedure_parts(r))
    return Doc(r.procedure.name, (*blocks, footer))


def treatment_plan(r: TreatmentPlan) -> Doc:
    if r.brief:
        from spinecli.render.cards import treatment_card

        return treatment_card(r)
    blocks = _picked(r.sections, r.sources, _treatment_parts(r))
    return Doc(f"Treatments for {r.condition.name}", (*blocks, Text(DISCLAIMER, "muted")))


def _picked(sections: tuple[str, ...], srcs: tuple[Source, ...], parts: Parts) -> list[Block]:
    """The page's blocks, or only the parts named. Picked parts cite their sources by numbers
    that a Sources list of just those sources follows, unless `sources` was picked too."""
    if not sections:
        cite = citer(srcs)
        return [b for _, build in parts for b in build(cite)]
    parts = [(name, build) for name, build in parts if name in sections]
    used: set[str] = set()

    def probe(sid: str) -> str:
        used.add(sid)
        return ""

    for _, build in parts:
        build(probe)  # which sources the picked parts cite
    shown = srcs if "sources" in sections else tuple(s for s in srcs if s.id in used)
    cite = citer(shown)
    picked = [b for _, build in parts for b in build(cite)]
    if shown and "sources" not in sections and used:
        picked.append(sources_section(shown))
    elif "sources" in sections and not shown:
        picked.append(Text("No sources listed.", "muted"))
    return picked


def _maybe(title: str, items: tuple[str, ...], style: str = "bullet") -> list[Block]:
    return [Section(title, (Bullets(items, style),))] if items else []


def _procedure_parts(r: ProcedurePage) -> Parts:
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
        ("Reviewed", p.reviewed),
    ]
    treats = tuple((c.name, ROLE_LABELS[role]) for c, role in r.treats)
    recovery: list[Block] = []
    for phase, items in p.recovery:
        recovery += [Text(PHASE_TITLES[phase], "label"), Bullets(items)]
    summary: list[Block] = [Text(p.summary), Fields(tuple((k, v or NOT_STATED) for k, v in facts))]
    return [
        # A fact the sources do not give is shown as such, not hidden: a gap is information.
        ("summary", lambda _: summary),
        ("purpose", lambda _: [Section("Purpose", (Text(p.purpose),))]),
        (
            "conditions",
            lambda _: (
                [Section("Conditions it treats", (Table(("condition", "role"), treats),))]
                if treats
                else []
            ),
        ),
        ("pathway", lambda cite: _pathway(r, cite)),
        ("candidacy", lambda _: _maybe("Who is a candidate", p.candidacy)),
        ("steps", lambda _: [Section("How it is done", (Bullets(p.steps, "numbered"),))]),
        ("benefits", lambda _: _maybe("Benefits", p.benefits)),
        ("risks", lambda _: _maybe("Risks", p.risks)),
        ("contraindications", lambda _: _maybe("Contraindications", p.contraindications)),
        ("bleeding", lambda cite: [_bleeding_section(r, cite)]),
        ("evidence", lambda _: _maybe("Evidence", p.evidence)),
        ("guidelines", lambda cite: guidelines_section(p.guidelines, cite)),
        ("codes", lambda cite: [_cpt_section(p, cite)]),
        ("recovery", lambda _: [Section("Recovery", tuple(recovery))]),
        ("warning-signs", lambda _: [warning_section(p)]),
        ("sources", lambda _: [sources_section(r.sources)]),
    ]


def _pathway(r: ProcedurePage, cite: Cite) -> list[Block]:
    path: list[Block] = []
    if r.pathway:
        this = f"{r.procedure.name} (this procedure)"
        path += [Text("Comes after:", "label"), *pathway_blocks(this, r.pathway, cite)]
    if r.leads_to:
        path += [
            Text("Leads on to:", "label"),
            Bullets(tuple(step_line(s, cite) for s in r.leads_to)),
        ]
    return [Section("Care pathway", tuple(path))] if path else []


def _advice(items: tuple[tuple[str, str], ...], cite: Cite) -> tuple[str, ...]:
    return tuple(cited(text.strip(), cite(source)) for text, source in items)


def _bleeding_section(r: ProcedurePage, cite: Cite) -> Section:
    p = r.procedure
    blocks: list[Block] = []
    if p.bleeding_risk:
        rows = tuple((bleeding_label(b.level), b.scope + cite(b.source)) for b in p.bleeding_risk)
        blocks.append(Table(("ASRA bleeding-risk class", "applies to"), rows))
    else:
        blocks.append(Text(f"Bleeding-risk class: {NOT_STATED}.", "muted"))
    if p.anticoagulation:
        blocks.append(Bullets(_advice(tuple((a.text, a.source) for a in p.anticoagulation), cite)))
    if r.general_anticoagulation:
        general = tuple((a.text, a.source) for a in r.general_anticoagulation)
        blocks += [Text("For every procedure:", "label"), Bullets(_advice(general, cite))]
    blocks.append(Text(ANTICOAGULATION_NOTE, "note"))
    return Section("Bleeding risk and blood thinners", tuple(blocks))


def _cpt_section(p: Procedure, cite: Cite) -> Section:
    if not p.cpt:
        return Section("Procedure codes (CPT)", (Text(f"Procedure code: {NOT_STATED}.", "muted"),))
    rows = tuple((c.code, c.description + cite(c.source)) for c in p.cpt)
    return Section(
        "Procedure codes (CPT)", (Table(("code", "description"), rows), Text(CODING_NOTE, "muted"))
    )


def _treatment_parts(r: TreatmentPlan) -> Parts:
    c = r.condition
    fields = (
        ("Also called", ", ".join(c.aliases)),
        ("Regions", ", ".join(c.regions)),
        ("Reviewed", c.reviewed or "not recorded"),
    )
    codes: list[Block] = []
    if c.icd10:
        icd_rows = tuple((d.code, d.description + excludes1_note(d.excludes1)) for d in c.icd10)
        body = (Table(("code", "description"), icd_rows), Text(CODING_NOTE, "muted"))
        codes.append(Section("Diagnosis codes (ICD-10-CM)", body))
    else:
        codes.append(Section("Diagnosis codes (ICD-10-CM)", (Text(NO_SOURCED_CODE, "muted"),)))
    typical = tuple(s.name for s, weight in r.symptoms if weight >= TYPICAL_WEIGHT)
    summary: list[Block] = [Text(c.summary), Fields(tuple((k, v) for k, v in fields if v))]
    if c.referral:  # care lies elsewhere: said before codes, symptoms and any procedure
        summary.append(Section("Referral, not procedures", (Text(c.referral),)))
    return [
        ("summary", lambda _: summary),
        ("codes", lambda _: codes),
        ("symptoms", lambda _: _maybe("Typical symptoms", typical)),
        (
            "conservative-care",
            lambda _: [Section("Conservative care first", (Bullets(c.conservative_care),))],
        ),
        ("procedures", lambda cite: _treatment_procedures(r, cite)),
        ("candidacy", lambda _: _maybe("When procedures are considered", c.candidacy)),
        ("guidelines", lambda cite: guidelines_section(c.guidelines, cite)),
        (
            "general-candidacy",
            lambda _: _maybe("General candidacy for interventional care", r.general_candidacy),
        ),
        ("sources", lambda _: [sources_section(r.sources)]),
    ]


def _treatment_procedures(r: TreatmentPlan, cite: Cite) -> list[Block]:
    procedures: list[Block] = []
    if r.procedures:
        procedures.append(
            Section(
                "Then procedures, in their usual order",
                (Table(("step", "procedure", "role", "CPT"), procedure_rows(r)),),
            )
        )
        names = {p.id: p.name for p, _ in r.procedures}
        path: list[Block] = []
        for pid, steps in r.pathways:
            last = f"then {names[pid]}"
            path += [Text(names[pid] + ":", "label"), *pathway_blocks(last, steps, cite)]
        if path:
            procedures.append(Section("Care pathways", tuple(path)))
    else:
        procedures.append(Text(NO_PROCEDURE, "muted"))
    return procedures
