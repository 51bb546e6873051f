"""Finds, reads, layers and validates KB files; kb_build turns the result into the KnowledgeBase."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spinecli.errors import KBError, Problem
from spinecli.files import MAX_KB_BYTES, RefusedFile, read_bytes
from spinecli.kb_build import build as build_kb
from spinecli.locate import key_lines, line_of
from spinecli.model import (
    KnowledgeBase,
)
from spinecli.normalize import normalize

# Re-exported: callers and tests know these as spinecli.kb.*.
from spinecli.paths import ENV_VAR as ENV_VAR
from spinecli.paths import layer_paths as layer_paths
from spinecli.paths import shipped_kb_path as shipped_kb_path
from spinecli.schema import ENTITY_TABLES, LIST_KINDS, SCHEMA, Field, check_file


@dataclass
class ParsedFile:
    path: str
    data: dict[str, Any]
    text: str = field(repr=False)

    @functools.cached_property
    def lines(self) -> dict[tuple[str, ...], int]:
        # Found only when a problem needs a line: on a 10,000-procedure KB, locating every key
        # took half of the first (uncached) run.
        return key_lines(self.text)

    def problem(self, key_path: tuple[str, ...], message: str) -> Problem:
        return Problem(self.path, line_of(self.lines, key_path), ".".join(key_path), message)


def read_file(path: Path) -> ParsedFile:
    """Reads and parses one file; every failure becomes a KBError naming the path."""
    import tomli

    name = str(path)

    def fail(message: str, line: int = 0) -> KBError:
        return KBError([Problem(name, line, "", message)])

    try:
        raw = read_bytes(path, MAX_KB_BYTES)
    except RefusedFile as exc:
        raise fail(str(exc)) from None
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied") from None
    except IsADirectoryError:
        raise fail("is a directory, not a TOML file") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(
            f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark (Windows editors) is accepted
    if not text.strip():
        raise fail("is empty; a KB file needs at least one table such as [procedures.ID]")
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line, col = getattr(exc, "lineno", 0), getattr(exc, "colno", 0)
        msg = getattr(exc, "msg", str(exc))
        raise fail(f"invalid TOML at line {line}, column {col}: {msg}", line) from None
    except RecursionError:
        raise fail("is nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer past Python's 4,300-digit conversion limit
        raise fail(f"holds a value that cannot be read: {exc}".split("; use sys.")[0]) from None
    return ParsedFile(name, data, text)


@dataclass
class Layered:
    """The merged data and, for each entity and field, the file that last set it."""

    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: dict[tuple[str, ...], ParsedFile] = field(default_factory=dict)
    first: str = ""  # the base file, blamed for what no file provides

    def where(self, key_path: tuple[str, ...], message: str) -> Problem:
        for end in range(len(key_path), 0, -1):
            src = self.origin.get(key_path[:end])
            if src is not None:
                return src.problem(key_path, message)
        return Problem(self.first, 0, ".".join(key_path), message)


def _merge(layered: Layered, parsed: ParsedFile) -> list[Problem]:
    """A later file adds new ids and replaces the fields it names (sub-table fields one by one);
    a list field given as { append = [...], prepend = [...] } adds to the list so far instead.
    Returns the problems only merging can find (an edit of an id no earlier file defines)."""
    from spinecli.schema import suggest

    problems: list[Problem] = []
    for top, body in parsed.data.items():
        if top == "kb":
            target = layered.data.setdefault("kb", {})
            for key, value in body.items():
                target[key] = _apply(target.get(key), value, SCHEMA["kb"][key])
                layered.origin[("kb", key)] = parsed
            layered.origin.setdefault(("kb",), parsed)
            continue
        table = layered.data.setdefault(top, {})
        for entity_id, entity in body.items():
            path = (top, entity_id)
            if entity_id not in table and _has_edit(entity, SCHEMA[top]):
                problems.append(
                    parsed.problem(
                        path,
                        f"adds to the lists of '{entity_id}', which no earlier file defines"
                        f"{suggest(entity_id, table)}",
                    )
                )
                continue
            if entity_id not in table:
                table[entity_id] = {}
                layered.origin[path] = parsed
            target = table[entity_id]
            for key, value in entity.items():
                target[key] = _apply(target.get(key), value, SCHEMA[top][key])
                layered.origin[(*path, key)] = parsed
    return problems


def _has_edit(entity: dict[str, Any], spec: Mapping[str, Field]) -> bool:
    for key, value in entity.items():
        f = spec[key]
        if f.kind == "table" and _has_edit(value, f.sub):
            return True
        if f.kind in LIST_KINDS and isinstance(value, dict):
            return True
    return False


def _apply(old: Any, new: Any, spec: Field) -> Any:
    """The value a field has once a later layer's value is laid over the earlier one (old)."""
    if spec.kind == "table":
        merged = dict(old or {})
        for key, value in new.items():
            merged[key] = _apply(merged.get(key), value, spec.sub[key])
        return merged
    if spec.kind in LIST_KINDS and isinstance(new, dict):
        return [*new.get("prepend", []), *(old or []), *new.get("append", [])]
    return new


def load_layers(paths: Iterable[Path]) -> Layered:
    """Reads, checks and merges every file; raises one KBError listing every problem found."""
    layered = Layered()
    problems: list[Problem] = []
    for path in paths:
        try:
            parsed = read_file(path)
        except KBError as exc:
            problems.extend(exc.problems)
            continue
        layered.first = layered.first or parsed.path
        file_problems = [parsed.problem(p, m) for p, m in check_file(parsed.data)]
        problems.extend(file_problems)
        if not file_problems:
            problems.extend(_merge(layered, parsed))
    if not problems:
        problems.extend(check_whole(layered))
    if problems:
        raise KBError(problems)
    return layered


def check_whole(layered: Layered) -> list[Problem]:
    """Checks that need every layer: required fields, references, ambiguous names."""
    problems: list[Problem] = []
    data = layered.data
    for key, f in SCHEMA["kb"].items():
        if f.required and key not in data.get("kb", {}):
            problems.append(layered.where(("kb",), f"missing required field '{key}'"))
    for top in ENTITY_TABLES:
        for entity_id, entity in data.get(top, {}).items():
            path = (top, entity_id)
            for key, f in SCHEMA[top].items():
                if f.required and key not in entity:
                    problems.append(layered.where(path, f"missing required field '{key}'"))
                if key in entity and f.refs:
                    problems.extend(_check_refs(layered, (*path, key), f.kind, entity[key], f.refs))
                if key in entity and f.kind == "records":
                    problems.extend(_check_record_refs(layered, (*path, key), f, entity[key]))
            for tiers in ("recovery", "warning_signs"):
                if tiers in entity and not any(entity[tiers].values()):
                    problems.append(layered.where((*path, tiers), "needs at least one item"))
    problems.extend(
        _check_refs(
            layered,
            ("kb", "candidacy_sources"),
            "strs",
            data.get("kb", {}).get("candidacy_sources", []),
            "sources",
        )
    )
    problems.extend(
        _check_record_refs(
            layered,
            ("kb", "anticoagulation"),
            SCHEMA["kb"]["anticoagulation"],
            data.get("kb", {}).get("anticoagulation", []),
        )
    )
    problems.extend(_check_pathway_cycles(layered))
    problems.extend(_check_findings(layered))
    for top in ("procedures", "conditions"):
        problems.extend(_check_ambiguity(layered, top))
    return problems


def _check_refs(
    layered: Layered, path: tuple[str, ...], kind: str, value: Any, target: str
) -> list[Problem]:
    from spinecli.schema import suggest

    known = layered.data.get(target, {})
    if kind == "treatments":
        ids = [item.get("id", "") for item in value]
    elif kind == "weights":
        ids = list(value)
    else:
        ids = list(value)
    singular = target.rstrip("s").replace("_", " ")
    return [
        layered.where(path, f"unknown {singular} id '{i}'{suggest(i, known)}")
        for i in ids
        if i not in known
    ]


def _check_record_refs(
    layered: Layered, path: tuple[str, ...], f: Field, items: list[dict[str, Any]]
) -> list[Problem]:
    """References inside a list of inline tables (a CPT code's source, a prerequisite's id)."""
    problems: list[Problem] = []
    for i, item in enumerate(items, start=1):
        for key, spec in f.sub.items():
            value = item.get(key)
            if spec.refs and isinstance(value, str | list):
                here = (*path, str(i), key)
                ids = [value] if isinstance(value, str) else value
                problems.extend(_check_refs(layered, here, "strs", ids, spec.refs))
    return problems


def _check_findings(layered: Layered) -> list[Problem]:
    """A finding needs something to be recognised by."""
    return [
        layered.where(
            ("findings", fid),
            f"finding '{fid}' has nothing to recognise it by: "
            "add phrases = [...], values = [...] or spinal = true",
        )
        for fid, entity in layered.data.get("findings", {}).items()
        if not (entity.get("phrases") or entity.get("values") or entity.get("spinal"))
    ]


def _check_pathway_cycles(layered: Layered) -> list[Problem]:
    """A procedure cannot, through its prerequisites, require itself."""
    procedures = layered.data.get("procedures", {})

    def needs(pid: str) -> list[str]:
        return [r["id"] for r in procedures.get(pid, {}).get("requires", []) if "id" in r]

    problems: list[Problem] = []
    for start in procedures:
        stack, seen = list(needs(start)), set()
        while stack:
            pid = stack.pop()
            if pid == start:
                problems.append(
                    layered.where(
                        ("procedures", start, "requires"),
                        f"'{start}' requires itself through its prerequisites; remove one link",
                    )
                )
                break
            if pid not in seen:
                seen.add(pid)
                stack.extend(needs(pid))
    return problems


def _check_ambiguity(layered: Layered, top: str) -> list[Problem]:
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for entity_id, entity in layered.data.get(top, {}).items():
        names = [entity_id, entity.get("name", ""), *entity.get("aliases", [])]
        # A name of punctuation alone normalises to nothing: it names nothing, so clashes with none.
        for name in {normalize(n) for n in names} - {""}:
            other = owner.setdefault(name, entity_id)
            if other != entity_id:
                problems.append(
                    layered.where(
                        (top, entity_id, "aliases"),
                        f"'{name}' also names {top}.{other}; a name or alias must be unique",
                    )
                )
    return problems


def build(layered: Layered, files: Sequence[str] = ()) -> KnowledgeBase:
    return build_kb(layered.data, files)


def load_kb(cli_layers: Sequence[str] = (), env: str | None = None) -> KnowledgeBase:
    """The shipped KB with its layers, validated and built."""
    paths = layer_paths(cli_layers, env)
    return build(load_layers(paths), [str(p) for p in paths])
