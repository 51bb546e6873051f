"""The clinician's cards of `explain --brief` and `treatments --brief`: what a clinician checks
first, on one screen (at most 40 lines at 100 columns), then where the full page is."""

from __future__ import annotations

from collections.abc import Callable

from spinecli.model import Guideline
from spinecli.queries import ANTICOAGULATION_NOTE, ProcedurePage, TreatmentPlan
from spinecli.render.doc import Block, Bullets, Doc, Fields, Table, Text
from spinecli.render.pages import (
    NO_PROCEDURE,
    NOT_STATED,
    bleeding_label,
    compact_codes,
    guideline_line,
    procedure_rows,
)

CARD_LINES = 40
CARD_WIDTH = 100
NONE_STATED = "None stated in the KB's sources."

# One list of a card: its label, its items, and the --section that shows them all.
Part = tuple[str, tuple[str, ...], str]


def _no_cite(_source: str) -> str:
    return ""


def _position(g: Guideline) -> str:
    return guideline_line(g, _no_cite)


def _listed(part: Part, shown: int, more: str) -> list[Block]:
    label, items, section = part
    if not items:
        return [Text(label, "label"), Text(NONE_STATED, "muted")]
    cut = items[:shown]
    if len(items) > shown:
        cut = (*cut, f"(+{len(items) - shown} more: {more} {section})")
    return [Text(label, "label"), Bullets(cut)]


def _fit(build: Callable[[list[int]], Doc], sizes: list[int], order: list[int]) -> Doc:
    """The card with as many items of each list as fit on one screen: each list starts with
    its first item, then they grow one item at a time, in turn (`order`), while the card still
    fits. Measured in plain text at 100 columns, as the table format draws the same lines."""
    from spinecli.render import plain

    counts = [min(1, n) for n in sizes]
    doc = build(counts)
    grown = True
    while grown:
        grown = False
        for i in order:
            if counts[i] < sizes[i]:
                trial = [*counts[:i], counts[i] + 1, *counts[i + 1 :]]
                candidate = build(trial)
                if plain.render(candidate, CARD_WIDTH).count("\n") <= CARD_LINES:
                    counts, doc, grown = trial, candidate, True
    return doc


def procedure_card(r: ProcedurePage) -> Doc:
    """Indication and criteria, contraindications, bleeding-risk class and the anticoagulant
    point, guideline positions (each body's, so where they differ shows), CPT codes."""
    p = r.procedure
    more = f"spinecli explain {p.id} --section"
    bleeding = tuple(
        f"ASRA class {bleeding_label(b.level)}: {b.scope}" for b in p.bleeding_risk
    ) or (f"Bleeding-risk class: {NOT_STATED}.",)
    parts: list[Part] = [
        ("Indication and criteria", p.candidacy, "candidacy"),
        ("Contraindications", p.contraindications, "contraindications"),
        (
            "Bleeding risk and blood thinners",
            (*bleeding, *(a.text.strip() for a in p.anticoagulation)),
            "bleeding",
        ),
        ("Guideline positions", tuple(_position(g) for g in p.guidelines), "guidelines"),
    ]
    cpt = compact_codes([c.code for c in p.cpt])

    def build(counts: list[int]) -> Doc:
        blocks: list[Block] = []
        for part, shown in zip(parts, counts, strict=True):
            blocks += _listed(part, shown, more)
            if part[2] == "bleeding":
                blocks.append(Text(ANTICOAGULATION_NOTE, "note"))
        codes = f"{cpt}. Verify codes locally (--section codes)." if cpt else NOT_STATED
        blocks += [Fields((("CPT", codes),)), _pointer(f"spinecli explain {p.id}")]
        return Doc(f"{p.name}: clinician's card", tuple(blocks))

    # Safety first when the screen is short: contraindications and bleeding grow first.
    return _fit(build, [len(part[1]) for part in parts], [1, 2, 0, 3])


def treatment_card(r: TreatmentPlan) -> Doc:
    """Diagnosis codes, conservative care, the procedures in their usual order with role and
    CPT codes, when procedures are considered, guideline positions."""
    c = r.condition
    more = f"spinecli treatments {c.id} --section"
    icd = ", ".join(d.code for d in c.icd10)
    care: Part = ("Conservative care first", c.conservative_care, "conservative-care")
    parts: list[Part] = [
        ("When procedures are considered", c.candidacy, "candidacy"),
        ("Guideline positions", tuple(_position(g) for g in c.guidelines), "guidelines"),
    ]

    def build(counts: list[int]) -> Doc:
        codes = f"{icd}. Verify codes locally (--section codes)." if icd else NOT_STATED
        blocks: list[Block] = [Fields((("ICD-10-CM", codes),)), *_listed(care, counts[0], more)]
        if c.referral:  # care lies elsewhere: first, before any procedure
            blocks[:0] = [Text("Referral, not procedures", "label"), Text(c.referral)]
        blocks.append(Text("Then procedures, in their usual order", "label"))
        if r.procedures:
            rows = procedure_rows(r)
            blocks.append(Table(("step", "procedure", "role", "CPT"), rows))
        else:
            blocks.append(Text(NO_PROCEDURE, "muted"))
        for part, shown in zip(parts, counts[1:], strict=True):
            if part[1]:
                blocks += _listed(part, shown, more)
        blocks.append(_pointer(f"spinecli treatments {c.id}"))
        return Doc(f"Treatments for {c.name}: clinician's card", tuple(blocks))

    sizes = [len(care[1]), *(len(part[1]) for part in parts)]
    return _fit(build, sizes, [0, 1, 2])


def _pointer(command: str) -> Text:
    return Text(f"The full page, with sources: {command} (or --section NAME, see --help).", "muted")
