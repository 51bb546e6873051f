"""Diagnosis (ICD-10-CM) and procedure (CPT) codes across the KB: listing, filtering, checking.

Pure: the official ICD-10-CM code set is passed in as a lookup function (see `codecheck.py`,
which imports the heavy package only when `spinecli codes --check` asks for it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spinecli.errors import NotFoundError, UsageError, quoted
from spinecli.model import KnowledgeBase, Source
from spinecli.normalize import normalize
from spinecli.resolve import name_index, resolve

ICD10 = "ICD-10-CM"
CPT = "CPT"
SYSTEM_NAMES = {"icd-10-cm": ICD10, "icd10cm": ICD10, "icd10": ICD10, "icd": ICD10, "cpt": CPT}
# Something that can only be (the start of) a code: an optional letter, then a digit.
_CODE_LIKE = re.compile(r"[A-Z]?[0-9][0-9A-Z.]*")

# code -> (exists in the code set, billable, official description)
Lookup = Callable[[str], tuple[bool, bool, str]]


@dataclass(frozen=True)
class CodeRow:
    system: str  # ICD10 or CPT
    code: str
    description: str
    entry_kind: str  # "condition" or "procedure"
    entry_id: str
    entry_name: str
    source: str  # "" for ICD-10-CM: the description is the official one
    excludes1: tuple[str, ...] = ()  # ICD-10-CM: codes of the same entry never coded with this one


@dataclass(frozen=True)
class CodeProblem:
    code: str
    entry_id: str
    problem: str


@dataclass(frozen=True)
class CodeCheck:
    code_set: str  # what the ICD-10-CM codes were checked against
    checked: int
    not_checked: int  # CPT codes: no open official code set to check them against
    problems: tuple[CodeProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CodeList:
    """The codes `spinecli codes` lists, how the query matched, and the check if asked for."""

    query: str
    system: str  # "" for both
    matched_by: str  # all | code | procedure | condition | description
    rows: tuple[CodeRow, ...]
    sources: tuple[Source, ...]
    check: CodeCheck | None = None
    note: str = ""


def bare(code: str) -> str:
    return code.replace(".", "").replace(" ", "").upper()


def all_rows(kb: KnowledgeBase) -> list[CodeRow]:
    """Every code in the KB: conditions' ICD-10-CM codes, then procedures' CPT codes."""
    rows = [
        CodeRow(ICD10, c.code, c.description, "condition", cond.id, cond.name, "", c.excludes1)
        for cond in kb.conditions.values()
        for c in cond.icd10
    ]
    rows += [
        CodeRow(CPT, c.code, c.description, "procedure", proc.id, proc.name, c.source)
        for proc in kb.procedures.values()
        for c in proc.cpt
    ]
    return rows


def system_named(value: str) -> str:
    key = value.strip().lower()
    if key not in SYSTEM_NAMES:
        raise UsageError(f"unknown code system {quoted(value)}; choose from: icd-10-cm, cpt")
    return SYSTEM_NAMES[key]


def list_codes(kb: KnowledgeBase, query: str = "", system: str = "") -> CodeList:
    """Codes matching a code (or its start), a procedure or condition, or description words."""
    wanted_system = system_named(system) if system else ""
    rows = all_rows(kb)
    if wanted_system:
        rows = [r for r in rows if r.system == wanted_system]
    found, matched_by, note = _match(kb, rows, query.strip())
    if not found:
        what = f"{wanted_system} code" if wanted_system else "code"
        raise NotFoundError(f"no {what} in the KB matches {quoted(query)}")
    cited = dict.fromkeys(r.source for r in found if r.source)
    sources = tuple(kb.sources[i] for i in cited if i in kb.sources)
    return CodeList(query.strip(), wanted_system, matched_by, tuple(found), sources, note=note)


def _match(kb: KnowledgeBase, rows: list[CodeRow], query: str) -> tuple[list[CodeRow], str, str]:
    if not query:
        return rows, "all", ""
    if _CODE_LIKE.fullmatch(bare(query)):
        start = bare(query)
        return [r for r in rows if bare(r.code).startswith(start)], "code", ""
    wanted = normalize(query)
    entries = [
        (kind, index[wanted].id)
        for kind, index in (
            ("procedure", name_index(kb.procedures)),
            ("condition", name_index(kb.conditions)),
        )
        if wanted in index
    ]
    if entries:
        kinds = " and ".join(dict.fromkeys(kind for kind, _ in entries))
        found = [r for r in rows if (r.entry_kind, r.entry_id) in entries]
        if not found:  # a known entry with no code: say so, rather than "no match"
            raise NotFoundError(_no_code(kb, entries))
        return found, kinds, ""
    words = wanted.split()
    by_words = [r for r in rows if all(w in normalize(r.description).split() for w in words)]
    if by_words:
        return by_words, "description", ""
    return _fuzzy(kb, rows, query)


def _no_code(kb: KnowledgeBase, entries: list[tuple[str, str]]) -> str:
    def name(kind: str, eid: str) -> str:
        return (kb.procedures[eid] if kind == "procedure" else kb.conditions[eid]).name

    named = " and ".join(f"{name(kind, eid)} ({kind})" for kind, eid in entries)
    return f"the KB lists no code for {named}: its sources give none"


def _fuzzy(kb: KnowledgeBase, rows: list[CodeRow], query: str) -> tuple[list[CodeRow], str, str]:
    """A forgiven typo in a procedure or condition name; otherwise suggestions from both."""
    for kind, entries in (("procedure", kb.procedures), ("condition", kb.conditions)):
        try:
            entry, note = resolve(query, entries, kind)
        except NotFoundError:
            continue
        found = [r for r in rows if (r.entry_kind, r.entry_id) == (kind, entry.id)]
        if not found:
            raise NotFoundError(_no_code(kb, [(kind, entry.id)]))
        return found, kind, note
    names = [*name_index(kb.procedures), *name_index(kb.conditions)]
    near = difflib.get_close_matches(normalize(query), names, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise NotFoundError(
        f"{quoted(query)} is not a code, a word in a code's description, a procedure or a "
        f"condition.{hint} (spinecli codes lists them all)"
    )


def check_codes(rows: Iterable[CodeRow], lookup: Lookup, code_set: str) -> CodeCheck:
    """Each ICD-10-CM code exists, is billable, and carries the official description."""
    problems: list[CodeProblem] = []
    checked = not_checked = 0
    for row in rows:
        if row.system != ICD10:
            not_checked += 1
            continue
        checked += 1
        exists, billable, official = lookup(row.code)
        if not exists:
            problems.append(CodeProblem(row.code, row.entry_id, "not in the ICD-10-CM code set"))
        elif not billable:
            problems.append(
                CodeProblem(
                    row.code, row.entry_id, "not billable: pick one of the more specific codes"
                )
            )
        elif row.description != official:
            problems.append(
                CodeProblem(row.code, row.entry_id, f"official description is '{official}'")
            )
    return CodeCheck(code_set, checked, not_checked, tuple(problems))


def codes_report(
    kb: KnowledgeBase, query: str = "", system: str = "", check: bool = False
) -> CodeList:
    """The codes for a query, checked against the official ICD-10-CM set when asked (that
    package is imported only then: it takes seconds)."""
    found = list_codes(kb, query, system)
    if not check:
        return found
    from dataclasses import replace

    from spinecli.codecheck import official_lookup

    lookup, code_set = official_lookup()
    return replace(found, check=check_codes(found.rows, lookup, code_set))
