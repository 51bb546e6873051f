"""Result objects to neutral documents (see doc.py). What each page says, in which order."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spinecli.model import (
    NOT_CLASSIFIED,
    RECOVERY_PHASES,
    WARNING_TIERS,
    Condition,
    Guideline,
    Procedure,
    Source,
)
from spinecli.queries import (
    CODING_NOTE,
    DISCLAIMER,
    ConditionList,
    PathStep,
    ProcedureList,
    RecoveryPlan,
    TreatmentPlan,
)
from spinecli.render.doc import Block, Bullets, Doc, Section, Table, Text

if TYPE_CHECKING:  # imported when their results are rendered, not by every command
    from spinecli.codes import CodeList
    from spinecli.compare import Comparison
    from spinecli.quiz import Quiz
    from spinecli.search import SearchResult

PHASE_TITLES = dict(RECOVERY_PHASES)
TIER_TITLES = dict(WARNING_TIERS)
# Symptoms weighted below this point to a condition only weakly: `match` uses them, the
# "typical symptoms" list does not.
TYPICAL_WEIGHT = 2.0
NOT_STATED = "not stated in the KB's sources"
NO_SOURCED_CODE = "None listed: no source the KB uses gives a code for this condition."
# How a bleeding-risk record whose class is NOT_CLASSIFIED reads on a page.
NOT_CLASSIFIED_LABEL = "not classified by ASRA"
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
    lines = tuple(source_line(s) for s in sources)
    return Section("Sources", (Bullets(lines, "numbered", links=True),))


Cite = Callable[[str], str]


def citer(sources: tuple[Source, ...]) -> Cite:
    """' [n]' pointing at a source's number in the page's numbered Sources section."""
    numbers = {s.id: i for i, s in enumerate(sources, start=1)}
    return lambda sid: f" [{numbers[sid]}]" if sid in numbers else ""


def _unstop(text: str) -> str:
    return text.strip().removesuffix(".")


def cited(text: str, mark: str) -> str:
    """The text with its source mark before the closing full stop: 'Stop it [3].'"""
    if text.endswith(".") and mark:
        return f"{text[:-1]}{mark}."
    return text + mark


def guideline_line(g: Guideline, cite: Cite) -> str:
    year = f" ({g.year})" if g.year else ""
    position = f'"{g.position.strip()}" (exact wording)' if g.verbatim else _unstop(g.position)
    return f"{g.body} {g.ref}{year}: {position}. Applies to: {_unstop(g.scope)}{cite(g.source)}."


def guidelines_section(guidelines: tuple[Guideline, ...], cite: Cite) -> list[Block]:
    if not guidelines:
        return []
    lines = tuple(guideline_line(g, cite) for g in guidelines)
    return [Section("Guideline positions", (Bullets(lines),))]


def step_line(step: PathStep, cite: Cite) -> str:
    note = f": {_unstop(step.note)}" if step.note else ""
    return f"{_unstop(step.name)}{note}{cite(step.source)}"


def pathway_blocks(last: str, steps: tuple[PathStep, ...], cite: Cite) -> list[Block]:
    return [Bullets((*(step_line(s, cite) for s in steps), last), "numbered")]


def compact_codes(codes: list[str]) -> str:
    """Runs of consecutive codes joined: '64490, 64491, 64492, 0213T' -> '64490-64492, 0213T'."""
    runs: list[list[str]] = []
    for code in codes:
        prev = runs[-1][-1] if runs else ""
        if prev and _next_code(prev) == code:
            runs[-1].append(code)
        else:
            runs.append([code])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _next_code(code: str) -> str:
    digits = code.rstrip("FTU")
    if not digits.isdigit():
        return ""
    return str(int(digits) + 1).zfill(len(digits)) + code[len(digits) :]


def bleeding_label(level: str) -> str:
    return NOT_CLASSIFIED_LABEL if level == NOT_CLASSIFIED else level


def _maybe(title: str, items: tuple[str, ...], style: str = "bullet") -> list[Block]:
    return [Section(title, (Bullets(items, style),))] if items else []


def warning_section(p: Procedure) -> Section:
    blocks: list[Block] = []
    for tier, items in p.warning_signs:
        blocks.append(
            Text(TIER_TITLES[tier] + " if:", "danger" if tier == "emergency" else "label")
        )
        blocks.append(Bullets(items))
    return Section("When to get help", tuple(blocks), "danger")


def procedure_list(r: ProcedureList) -> Doc:
    # A list is for finding a name: summaries are in `explain` (and in the JSON), and without them
    # the table fits a terminal.
    rows = tuple((p.id, p.name, p.category, ", ".join(p.regions)) for p in r.procedures)
    title = "Procedures" + "".join(f" ({k}: {v})" for k, v in r.filters)
    hint = Text("Open one with: spinecli explain ID", "muted")
    return Doc(
        title, (Table(("id", "name", "category", "regions"), rows, cut=(0, 20, 10, 10)), hint)
    )


def condition_list(r: ConditionList) -> Doc:
    rows = tuple((c.id, c.name, ", ".join(c.regions), c.summary) for c in r.conditions)
    return Doc(
        "Conditions", (Table(("id", "name", "regions", "summary"), rows, cut=(0, 20, 10, 20)),)
    )


def recovery_plan(r: RecoveryPlan) -> Doc:
    p = r.procedure
    blocks: list[Block] = []
    for phase, items in p.recovery:
        blocks.append(Section(PHASE_TITLES[phase], (Bullets(items, "checkbox"),)))
    blocks += [
        warning_section(p),
        sources_section(r.sources),
        Text(f"KB {r.kb_version}, reviewed {r.kb_reviewed}. {DISCLAIMER}", "muted"),
    ]
    return Doc(f"Recovery checklist: {p.name}", tuple(blocks))


def excludes1_note(codes: tuple[str, ...]) -> str:
    """ICD-10-CM Excludes1: the two codes are never reported together."""
    return f" (Excludes1: never coded with {', '.join(codes)})" if codes else ""


def code_list(r: CodeList) -> Doc:
    cite = citer(r.sources)
    rows = tuple(
        (
            x.system,
            x.code,
            x.description + cite(x.source) + excludes1_note(x.excludes1),
            f"{x.entry_name} ({x.entry_kind})",
        )
        for x in r.rows
    )
    blocks: list[Block] = [
        Table(("system", "code", "description", "used for"), rows, cut=(0, 0, 20, 16)),
        Text(CODING_NOTE, "muted"),
    ]
    if r.check is not None:
        blocks.append(check_section(r))
    if r.sources:
        blocks.append(sources_section(r.sources))
    title = f"Codes matching '{r.query}'" if r.query else "Codes"
    return Doc(title + (f" ({r.system})" if r.system else ""), tuple(blocks))


def check_section(r: CodeList) -> Section:
    check = r.check
    assert check is not None
    summary = f"{check.checked} ICD-10-CM code(s) checked against {check.code_set}: " + (
        "all exist, are billable and carry the official description."
        if check.ok
        else f"{len(check.problems)} problem(s)."
    )
    blocks: list[Block] = [Text(summary, "" if check.ok else "danger")]
    if check.problems:
        rows = tuple((x.code, x.entry_id, x.problem) for x in check.problems)
        blocks.append(Table(("code", "entry", "problem"), rows))
    if check.not_checked:
        blocks.append(
            Text(
                f"{check.not_checked} CPT code(s) not checked: the CPT code set is licensed and "
                "not shipped with any open package; only their format was checked.",
                "muted",
            )
        )
    return Section("Check against the official code set", tuple(blocks))


KIND_LABELS = {"red_flag": "red flag"}
POINTS_SHOWN = 3  # conditions named per symptom hit; the JSON has them all
FIELD_LABELS = {
    "aliases": "also called",
    "onset": "relief starts",
    "relief_duration": "relief lasts",
    "repeat": "repeating it",
    "recovery": "recovery",
    "warning_signs": "when to get help",
}


def field_label(field: str) -> str:
    """'recovery.first_48_hours' -> 'recovery, the first 48 hours'."""
    group, _, part = field.partition(".")
    label = FIELD_LABELS.get(group, group.replace("_", " "))
    detail = PHASE_TITLES.get(part) or TIER_TITLES.get(part) or part.replace("_", " ")
    return f"{label}, {detail[0].lower()}{detail[1:]}" if part else label


def search_result(r: SearchResult) -> Doc:
    from spinecli.search import shown

    rows = []
    for i, h in enumerate(r.hits, start=1):
        where = [f"{field_label(m.field)}: {m.snippet}" for m in h.matches]
        if h.points_to:
            names = [name for _, name in h.points_to[:POINTS_SHOWN]]
            more = len(h.points_to) - len(names)
            where.append("points to: " + ", ".join(names) + (f" and {more} more" if more else ""))
        if h.action:
            where.append(f"what to do: {h.action}")
        rows.append(
            (str(i), f"{h.name}\n{h.id}", KIND_LABELS.get(h.kind, h.kind), "\n".join(where))
        )
    blocks: list[Block] = [
        Table(("#", "name and id", "kind", "where it matched"), tuple(rows), wrap=True),
    ]
    if r.total > len(r.hits):
        blocks.append(
            Text(f"{len(r.hits)} of {r.total} shown; --limit {r.total} shows all.", "muted")
        )
    blocks.append(
        Text(
            "Open a procedure with: spinecli explain ID; a condition with: spinecli treatments ID.",
            "muted",
        )
    )
    return Doc(f'Search: "{shown(r.query)}"', tuple(blocks))


RISKS_SHOWN = 3  # compare abridges risks and recovery; explain and recovery give them in full
RECOVERY_SHOWN = 3


def comparison(r: Comparison) -> Doc:
    from spinecli.compare import ATTRIBUTES

    rows = tuple(
        (
            label,
            *(_compared(key, p, treats) for p, treats in zip(r.procedures, r.treats, strict=True)),
        )
        for key, label in ATTRIBUTES
    )
    blocks: list[Block] = [
        Table(("", *(p.name for p in r.procedures)), rows, wrap=True),
        Text(
            "Main risks and recovery are abridged: spinecli explain ID and spinecli recovery ID "
            "give them in full, with sources.",
            "muted",
        ),
        Text(DISCLAIMER, "muted"),
    ]
    return Doc("Compare: " + ", ".join(p.name for p in r.procedures), tuple(blocks))


def _compared(key: str, p: Procedure, treats: tuple[tuple[Condition, str], ...]) -> str:
    """One cell of the comparison: a procedure's value for one attribute, as text."""
    if key == "regions":
        return ", ".join(p.regions)
    if key == "conditions":
        return "\n".join(f"{c.name} ({ROLE_LABELS[role]})" for c, role in treats) or "none listed"
    if key == "risks":
        return _abridged(p.risks, RISKS_SHOWN, f"spinecli explain {p.id}")
    if key == "recovery":
        # The recovery itself (first days and weeks); preparation and follow-up are in `recovery`.
        phases = dict(p.recovery)
        items = [*phases.get("first_48_hours", ()), *phases.get("first_weeks", ())]
        return _abridged(
            tuple(items or phases.get("day_of", ())), RECOVERY_SHOWN, f"spinecli recovery {p.id}"
        )
    text: str = getattr(p, key)  # category, purpose or one of model.PRACTICAL_FIELDS
    return text or NOT_STATED


def _abridged(items: tuple[str, ...], n: int, where: str) -> str:
    if not items:
        return NOT_STATED
    lines = [f"- {item}" for item in items[:n]]
    if len(items) > n:
        lines.append(f"(+{len(items) - n} more: {where})")
    return "\n".join(lines)


def quiz_sheet(r: Quiz) -> Doc:
    """A worksheet to print: the questions, then the answer key."""
    from spinecli.quiz_terminal import letter, replay_command

    blocks: list[Block] = [
        Text(
            f"{len(r.questions)} questions. Answers follow spinecli's knowledge base. "
            f"The same quiz again: {replay_command(r)}",
            "muted",
        ),
    ]
    for i, q in enumerate(r.questions, start=1):
        options = tuple(f"{letter(j)}. {option}" for j, option in enumerate(q.options))
        blocks.append(Section(f"Question {i}", (Text(q.prompt), Bullets(options, "checkbox"))))
    key = tuple(f"{letter(q.answer)}. {q.explanation}" for q in r.questions)
    blocks += [Section("Answer key", (Bullets(key, "numbered"),)), Text(DISCLAIMER, "muted")]
    return Doc(f"Quiz: {r.topic.name}" if r.topic else "Quiz", tuple(blocks))


NO_PROCEDURE = "The knowledge base lists no interventional procedure for this condition."


def procedure_rows(r: TreatmentPlan) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (str(i), p.name, ROLE_LABELS[role], compact_codes([x.code for x in p.cpt]) or "-")
        for i, (p, role) in enumerate(r.procedures, start=1)
    )
