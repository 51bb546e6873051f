"""The KB's shape as data, and the checks that need only one file (types, unknown keys, enums).

Checks that need the layered whole (required fields, references, ambiguity) live in `kb.py`.
docs/kb-format.md documents the same shape for people; tests keep the two in step.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from spinecli.model import (
    BLEEDING_CLASSES,
    CATEGORIES,
    RECOVERY_PHASES,
    REGIONS,
    ROLES,
    VALUE_KINDS,
    WARNING_TIERS,
)

# Both used with fullmatch: `$` would also accept a trailing newline ("evil\n").
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
# ICD-10-CM: letter, digit, letter-or-digit, then up to four more after the dot (M51.16, M80.08XA).
ICD10_PATTERN = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
# CPT: five digits (Category I) or four digits and F, T or U (Category II, III, PLA: 0232T).
CPT_PATTERN = r"[0-9]{4}[0-9FTU]"


@dataclass(frozen=True)
class Field:
    kind: str  # str | strs | int | number | bool | date | weights | treatments | table | records
    required: bool = False
    choices: tuple[str, ...] = ()
    refs: str = ""  # the top-level table whose ids this field names
    # kind "table": its fields; kind "records" (a list of inline tables): each item's keys.
    sub: Mapping[str, Field] = field(default_factory=dict)
    pattern: str = ""  # a string must match this regular expression in full
    hint: str = ""  # what a value matching `pattern` looks like, for the message
    one_of: tuple[str, ...] = ()  # records: each item needs exactly one of these keys
    unique: str = ""  # records: no two items may share this key's value


def _phases(keys: tuple[tuple[str, str], ...]) -> dict[str, Field]:
    return {k: Field("strs") for k, _ in keys}


STR, STRS, DATE = Field("str"), Field("strs"), Field("date")
REQ_STR, REQ_STRS = Field("str", True), Field("strs", True)
SOURCES_REQ = Field("strs", True, refs="sources")
SOURCE_REF = Field("str", True, refs="sources")
ENTITY_TABLES = ("sources", "procedures", "conditions", "symptoms", "findings", "red_flags")
NUMBER = Field("number")
VALUE_BOUNDS = ("at_least", "above", "at_most", "below")

GUIDELINES = Field(
    "records",
    sub={
        "body": REQ_STR,
        "ref": REQ_STR,
        "year": Field("int"),
        "position": REQ_STR,
        "scope": REQ_STR,
        "verbatim": Field("bool"),
        "source": SOURCE_REF,
    },
)
ADVICE = Field("records", sub={"text": REQ_STR, "source": SOURCE_REF})

SCHEMA: dict[str, dict[str, Field]] = {
    "kb": {
        "version": REQ_STR,
        "reviewed": Field("date", True),
        "candidacy": STRS,
        "candidacy_sources": Field("strs", refs="sources"),
        "anticoagulation": ADVICE,
    },
    "sources": {
        "title": REQ_STR,
        "publisher": STR,
        "year": Field("int"),
        "url": STR,
        "also": STRS,
        "single_practice": Field("bool"),
    },
    "procedures": {
        "name": REQ_STR,
        "aliases": STRS,
        "summary": REQ_STR,
        "plain_summary": STR,
        "category": Field("str", True, choices=CATEGORIES),
        "regions": Field("strs", True, choices=REGIONS),
        "purpose": REQ_STR,
        "steps": REQ_STRS,
        "imaging": STR,
        "anesthesia": STR,
        "setting": STR,
        "duration": STR,
        "onset": STR,
        "relief_duration": STR,
        "repeat": STR,
        "candidacy": STRS,
        "benefits": STRS,
        "risks": REQ_STRS,
        "contraindications": STRS,
        "evidence": STRS,
        "sources": SOURCES_REQ,
        "reviewed": DATE,
        "recovery": Field("table", True, sub=_phases(RECOVERY_PHASES)),
        "warning_signs": Field("table", True, sub=_phases(WARNING_TIERS)),
        "plain_risks": STRS,
        "plain_recovery": Field("table", sub=_phases(RECOVERY_PHASES)),
        "plain_warning_signs": Field("table", sub=_phases(WARNING_TIERS)),
        "cpt": Field(
            "records",
            unique="code",
            sub={
                "code": Field("str", True, pattern=CPT_PATTERN, hint="five characters, e.g. 62323"),
                "description": REQ_STR,
                "source": SOURCE_REF,
            },
        ),
        "guidelines": GUIDELINES,
        "requires": Field(
            "records",
            one_of=("id", "step"),
            sub={
                "id": Field("str", refs="procedures"),
                "step": STR,
                "note": STR,
                "source": SOURCE_REF,
            },
        ),
        "bleeding_risk": Field(
            "records",
            sub={
                "class": Field("str", True, choices=BLEEDING_CLASSES),
                "scope": REQ_STR,
                "source": SOURCE_REF,
            },
        ),
        "anticoagulation": ADVICE,
    },
    "conditions": {
        "name": REQ_STR,
        "aliases": STRS,
        "summary": REQ_STR,
        "regions": Field("strs", True, choices=REGIONS),
        "conservative_care": REQ_STRS,
        "procedures": Field("treatments", refs="procedures"),
        "candidacy": STRS,
        "sources": SOURCES_REQ,
        "reviewed": DATE,
        "icd10": Field(
            "records",
            unique="code",
            sub={
                "code": Field("str", True, pattern=ICD10_PATTERN, hint="like M51.16"),
                "description": REQ_STR,
                "excludes1": STRS,
            },
        ),
        "guidelines": GUIDELINES,
        "referral": STR,
    },
    "symptoms": {
        "name": REQ_STR,
        "phrases": REQ_STRS,
        "conditions": Field("weights", True, refs="conditions"),
        "sources": Field("strs", refs="sources"),
        "question": STR,
        "current_only": Field("bool"),
        "qualifier": Field("bool"),
    },
    "findings": {
        "name": REQ_STR,
        "phrases": STRS,
        "values": Field(
            "records",
            sub={"kind": Field("str", True, choices=tuple(VALUE_KINDS))}
            | {bound: NUMBER for bound in VALUE_BOUNDS},
        ),
        "spinal": Field("bool"),
        "cause": Field("bool"),
        "new_only": Field("bool"),
        "event": Field("bool"),
        "current_only": Field("bool"),
        "symptoms": Field("strs", refs="symptoms"),
        "diagnosed": Field("bool"),
        "progressive": Field("bool"),
        "spinal_site": Field("bool"),
        "question": STR,
        "sources": Field("strs", refs="sources"),
    },
    "red_flags": {
        "name": REQ_STR,
        "summary": REQ_STR,
        "action": REQ_STR,
        "rules": Field(
            "records",
            True,
            sub={
                "rule": REQ_STR,
                "source": SOURCE_REF,
                "all": Field("strs", refs="findings"),
                "any": Field("strs", refs="findings"),
                "at_least": Field("int"),
                "unless": Field("strs", refs="findings"),
            },
        ),
        "sources": SOURCES_REQ,
        "question": STR,
        "urgent_if": STR,
    },
}
# Keys a file may still carry from an older format, with what to do instead.
RETIRED: dict[tuple[str, str], str] = {
    ("red_flags", "phrases"): (
        "red flags are rules over findings now: put the phrases in a [findings.ID] table and "
        'add [[red_flags.ID.rules]] with any = ["ID"], rule = "..." and source = "..." '
        "(docs/kb-format.md)"
    ),
    ("red_flags", "context_phrases"): (
        "red flags are rules over findings now: put the phrases in a [findings.ID] table and "
        'add [[red_flags.ID.rules]] with all = ["ID", "back-or-neck-pain"] (docs/kb-format.md)'
    ),
}

MAX_WEIGHT = 5.0

# A layer may add to a list instead of replacing it: FIELD = { append = [...], prepend = [...] }.
LIST_KINDS = ("strs", "treatments", "records")
LIST_EDITS = ("append", "prepend")

# (key path, message) pairs; kb.py adds file and line.
Issue = tuple[tuple[str, ...], str]


def suggest(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _type_issue(kind: str, value: Any) -> str:
    """A message when value does not fit kind, else ''."""
    checks: dict[str, tuple[Callable[[Any], bool], str]] = {
        "str": (lambda v: isinstance(v, str), "a string"),
        "strs": (
            lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
            "a list of strings",
        ),
        "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
        "number": (
            lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "a number",
        ),
        "bool": (lambda v: isinstance(v, bool), "true or false"),
        "date": (
            lambda v: (
                isinstance(v, datetime.date)
                or (isinstance(v, str) and bool(DATE_PATTERN.fullmatch(v)))
            ),
            "a date as YYYY-MM-DD",
        ),
        "table": (lambda v: isinstance(v, dict), "a table"),
        "weights": (lambda v: isinstance(v, dict), "an inline table of CONDITION-ID = weight"),
        "treatments": (
            lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
            'a list of inline tables { id = "...", role = "..." }',
        ),
        "records": (
            lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
            "a list of inline tables { key = value, ... }",
        ),
    }
    ok, expected = checks[kind]
    if ok(value):
        return ""
    return f"should be {expected}, not {_describe(value)}"


def _describe(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    names |= {list: "a list", dict: "a table", datetime.date: "a date"}
    return names.get(type(value), type(value).__name__)


def check_file(data: dict[str, Any]) -> Iterator[Issue]:
    """Structural checks on one parsed file."""
    for top, body in data.items():
        if top not in SCHEMA:
            yield (top,), f"unknown table '{top}'{suggest(top, SCHEMA)}"
            continue
        if not isinstance(body, dict):
            yield (top,), f"should be a table, not {_describe(body)}"
            continue
        if top == "kb":
            yield from _check_fields((top,), body, SCHEMA[top])
            continue
        for entity_id, entity in body.items():
            path = (top, entity_id)
            if not ID_PATTERN.fullmatch(entity_id):
                yield path, "ids are lowercase words joined by hyphens, e.g. 'nerve-block'"
            if not isinstance(entity, dict):
                yield path, f"should be a table, not {_describe(entity)}"
                continue
            yield from _check_fields(path, entity, SCHEMA[top])
            if top == "red_flags":
                yield from _check_rules(path, entity.get("rules"))
            if top == "findings":
                yield from _check_value_tests(path, entity.get("values"))


def _check_rules(path: tuple[str, ...], rules: Any) -> Iterator[Issue]:
    """Each rule names what it needs: findings in `all` or `any`, `at_least` that `any` can meet."""
    if not isinstance(rules, list):
        return
    for i, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict):
            continue
        here = (*path, "rules", str(i))
        all_of, any_of = rule.get("all", []), rule.get("any", [])
        if not all_of and not any_of:
            yield here, f'rule {i} needs all = ["FINDING-ID", ...] or any = ["FINDING-ID", ...]'
        at_least = rule.get("at_least")
        if isinstance(at_least, int) and isinstance(any_of, list):
            if not any_of:
                yield (*here, "at_least"), f"rule {i} has at_least but no any = [...] to count"
            elif not 1 <= at_least <= len(any_of):
                yield (
                    (*here, "at_least"),
                    f"at_least {at_least} should be 1 to {len(any_of)} (the findings in any)",
                )


def _check_value_tests(path: tuple[str, ...], tests: Any) -> Iterator[Issue]:
    if not isinstance(tests, list):
        return
    for i, test in enumerate(tests, start=1):
        if isinstance(test, dict) and not any(b in test for b in VALUE_BOUNDS):
            yield (
                (*path, "values", str(i)),
                f"value {i} needs a bound: {', '.join(VALUE_BOUNDS)} (e.g. at_least = 38)",
            )


def _check_fields(
    path: tuple[str, ...], entity: dict[str, Any], spec: Mapping[str, Field]
) -> Iterator[Issue]:
    for key, value in entity.items():
        here = (*path, key)
        if key not in spec:
            retired = RETIRED.get((path[0], key)) if len(path) == 2 else None
            yield here, retired or f"unknown key '{key}'{suggest(key, spec)}"
            continue
        f = spec[key]
        if f.kind in LIST_KINDS and isinstance(value, dict):
            yield from _check_list_edit(here, f, value)
            continue
        problem = _type_issue(f.kind, value)
        if problem:
            yield here, problem
            continue
        yield from _check_value(here, f, value)


def _check_list_edit(path: tuple[str, ...], f: Field, edit: dict[str, Any]) -> Iterator[Issue]:
    """{ append = [...], prepend = [...] }: each part checked as the list it adds to."""
    if not edit:
        yield path, "a list edit needs append = [...] or prepend = [...]"
    for how, items in edit.items():
        here = (*path, how)
        if how not in LIST_EDITS:
            hint = suggest(how, LIST_EDITS)
            yield here, f"unknown list edit '{how}'; use append or prepend{hint}"
            continue
        problem = _type_issue(f.kind, items)
        if problem:
            yield here, problem
        else:
            yield from _check_value(here, f, items)


# Shown on one line and offered to the shell by TAB completion, one candidate a line.
ONE_LINE_KEYS = ("name", "aliases")


def _unseen(text: str) -> str:
    """The first control or invisible format character in text, as U+XXXX; "" if none."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf"):
            return f"U+{ord(char):04X}"
    return ""


def _check_one_line(path: tuple[str, ...], value: Any) -> Iterator[Issue]:
    for i, item in enumerate(value if isinstance(value, list) else [value], start=1):
        found = _unseen(item) if isinstance(item, str) else ""
        if found:
            where = f"item {i} holds" if isinstance(value, list) else "holds"
            yield (
                path,
                (
                    f"{where} a control or invisible character ({found}); a name or alias is one "
                    "line of visible text"
                ),
            )


def _check_value(path: tuple[str, ...], f: Field, value: Any) -> Iterator[Issue]:
    key = path[-2] if len(path) > 1 and path[-1] in LIST_EDITS else path[-1]
    if key in ONE_LINE_KEYS and f.kind in ("str", "strs"):
        yield from _check_one_line(path, value)
    if f.kind == "table":
        yield from _check_fields(path, value, f.sub)
    elif f.kind == "str" and not value.strip():
        yield path, "is empty"
    elif f.kind == "str" and f.pattern and not re.fullmatch(f.pattern, value):
        yield path, f"'{value}' is not a valid code ({f.hint})"
    elif f.kind == "strs":
        for i, item in enumerate(value):
            if not item.strip():
                yield path, f"item {i + 1} is empty"
    if f.choices:
        for item in value if isinstance(value, list) else [value]:
            if item not in f.choices:
                yield (
                    path,
                    f"'{item}' is not one of: {', '.join(f.choices)}{suggest(item, f.choices)}",
                )
    if f.kind == "weights":
        for cid, weight in value.items():
            if isinstance(weight, bool) or not isinstance(weight, int | float):
                yield (*path, cid), f"weight should be a number, not {_describe(weight)}"
            elif not 0 <= weight <= MAX_WEIGHT:
                yield (*path, cid), f"weight {weight} is outside 0 to {MAX_WEIGHT:g}"
    if f.kind == "treatments":
        for i, item in enumerate(value):
            yield from _check_treatment((*path, str(i + 1)), item)
    if f.kind == "records":
        yield from _check_records(path, f, value)


def _check_records(path: tuple[str, ...], f: Field, items: list[dict[str, Any]]) -> Iterator[Issue]:
    """Each inline table: known keys of the right type, required keys present, one_of, unique."""
    seen: dict[Any, int] = {}
    for i, item in enumerate(items, start=1):
        here = (*path, str(i))
        yield from _check_fields(here, item, f.sub)
        for key, spec in f.sub.items():
            if spec.required and key not in item:
                yield here, f"item {i} needs '{key}'"
        if f.one_of and sum(k in item for k in f.one_of) != 1:
            either = " or ".join(f"'{k}'" for k in f.one_of)
            yield here, f"item {i} needs exactly one of {either}"
        if f.unique and f.unique in item:
            value = item[f.unique]
            if value in seen:
                yield here, f"item {i} repeats {f.unique} '{value}' (item {seen[value]})"
            seen.setdefault(value, i)


def _check_treatment(path: tuple[str, ...], item: dict[str, Any]) -> Iterator[Issue]:
    for key in item:
        if key not in ("id", "role"):
            yield path, f"unknown key '{key}'{suggest(key, ('id', 'role'))}"
    if not isinstance(item.get("id"), str):
        yield path, 'needs id = "PROCEDURE-ID"'
    role = item.get("role")
    if role not in ROLES:
        yield path, f"role should be one of: {', '.join(ROLES)}{suggest(str(role), ROLES)}"
