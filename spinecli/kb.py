"""Finds, reads, layers and validates KB files, and builds the KnowledgeBase from them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spinecli.errors import KBError, Problem
from spinecli.locate import key_lines, line_of
from spinecli.model import (
    RECOVERY_PHASES,
    WARNING_TIERS,
    Condition,
    KnowledgeBase,
    Procedure,
    RedFlag,
    Source,
    Symptom,
    Treatment,
)
from spinecli.normalize import normalize

# Re-exported: callers and tests know these as spinecli.kb.*.
from spinecli.paths import ENV_VAR as ENV_VAR
from spinecli.paths import layer_paths as layer_paths
from spinecli.paths import shipped_kb_path as shipped_kb_path
from spinecli.schema import ENTITY_TABLES, SCHEMA, check_file

MAX_KB_BYTES = 20 * 1024 * 1024  # far above any real KB; keeps a hostile file from stalling us


@dataclass
class ParsedFile:
    path: str
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int]

    def problem(self, key_path: tuple[str, ...], message: str) -> Problem:
        return Problem(self.path, line_of(self.lines, key_path), ".".join(key_path), message)


def read_file(path: Path) -> ParsedFile:
    """Reads and parses one file; every failure becomes a KBError naming the path."""
    import tomli

    name = str(path)

    def fail(message: str, line: int = 0) -> KBError:
        return KBError([Problem(name, line, "", message)])

    try:
        if path.is_dir():
            raise fail("is a directory, not a TOML file")
        if path.stat().st_size > MAX_KB_BYTES:
            raise fail(f"is larger than {MAX_KB_BYTES // (1024 * 1024)} MB; refusing to read it")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(
            f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None
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
    return ParsedFile(name, data, key_lines(text))


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


def _merge(layered: Layered, parsed: ParsedFile) -> None:
    """A later file adds new ids and replaces the fields it names (sub-table fields one by one)."""
    for top, body in parsed.data.items():
        if top == "kb":
            target = layered.data.setdefault("kb", {})
            for key, value in body.items():
                target[key] = value
                layered.origin[("kb", key)] = parsed
            layered.origin.setdefault(("kb",), parsed)
            continue
        table = layered.data.setdefault(top, {})
        for entity_id, entity in body.items():
            path = (top, entity_id)
            if entity_id not in table:
                table[entity_id] = {}
                layered.origin[path] = parsed
            target = table[entity_id]
            for key, value in entity.items():
                spec = SCHEMA[top].get(key)
                if spec is not None and spec.kind == "table" and key in target:
                    target[key] = {**target[key], **value}
                else:
                    target[key] = value
                layered.origin[(*path, key)] = parsed


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
            _merge(layered, parsed)
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


def _check_ambiguity(layered: Layered, top: str) -> list[Problem]:
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for entity_id, entity in layered.data.get(top, {}).items():
        names = [entity_id, entity.get("name", ""), *entity.get("aliases", [])]
        for name in {normalize(n) for n in names if n}:
            other = owner.setdefault(name, entity_id)
            if other != entity_id:
                problems.append(
                    layered.where(
                        (top, entity_id, "aliases"),
                        f"'{name}' also names {top}.{other}; a name or alias must be unique",
                    )
                )
    return problems


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value or "")


def _t(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


def _phased(
    table: dict[str, list[str]], keys: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((k, tuple(table[k])) for k, _ in keys if table.get(k))


def build(layered: Layered, files: Sequence[str] = ()) -> KnowledgeBase:
    d = layered.data
    meta = d.get("kb", {})
    return KnowledgeBase(
        version=str(meta.get("version", "")),
        reviewed=_date(meta.get("reviewed")),
        candidacy=_t(meta.get("candidacy")),
        candidacy_sources=_t(meta.get("candidacy_sources")),
        sources={
            k: Source(
                id=k,
                title=v["title"],
                publisher=v.get("publisher", ""),
                year=v.get("year"),
                url=v.get("url", ""),
                also=_t(v.get("also")),
                single_practice=bool(v.get("single_practice", False)),
            )
            for k, v in d.get("sources", {}).items()
        },
        procedures={k: _procedure(k, v) for k, v in d.get("procedures", {}).items()},
        conditions={k: _condition(k, v) for k, v in d.get("conditions", {}).items()},
        symptoms={
            k: Symptom(
                id=k,
                name=v["name"],
                phrases=_t(v["phrases"]),
                conditions=tuple((c, float(w)) for c, w in v["conditions"].items()),
                sources=_t(v.get("sources")),
            )
            for k, v in d.get("symptoms", {}).items()
        },
        red_flags={
            k: RedFlag(
                id=k,
                name=v["name"],
                summary=v["summary"],
                action=v["action"],
                phrases=_t(v["phrases"]),
                sources=_t(v["sources"]),
                context_phrases=_t(v.get("context_phrases")),
            )
            for k, v in d.get("red_flags", {}).items()
        },
        files=tuple(files),
    )


def _procedure(pid: str, v: dict[str, Any]) -> Procedure:
    return Procedure(
        id=pid,
        name=v["name"],
        summary=v["summary"],
        category=v["category"],
        regions=_t(v["regions"]),
        purpose=v["purpose"],
        steps=_t(v["steps"]),
        risks=_t(v["risks"]),
        sources=_t(v["sources"]),
        aliases=_t(v.get("aliases")),
        imaging=v.get("imaging", ""),
        anesthesia=v.get("anesthesia", ""),
        setting=v.get("setting", ""),
        duration=v.get("duration", ""),
        onset=v.get("onset", ""),
        relief_duration=v.get("relief_duration", ""),
        repeat=v.get("repeat", ""),
        candidacy=_t(v.get("candidacy")),
        benefits=_t(v.get("benefits")),
        contraindications=_t(v.get("contraindications")),
        evidence=_t(v.get("evidence")),
        reviewed=_date(v.get("reviewed")),
        recovery=_phased(v["recovery"], RECOVERY_PHASES),
        warning_signs=_phased(v["warning_signs"], WARNING_TIERS),
    )


def _condition(cid: str, v: dict[str, Any]) -> Condition:
    return Condition(
        id=cid,
        name=v["name"],
        summary=v["summary"],
        regions=_t(v["regions"]),
        conservative_care=_t(v["conservative_care"]),
        sources=_t(v["sources"]),
        aliases=_t(v.get("aliases")),
        candidacy=_t(v.get("candidacy")),
        reviewed=_date(v.get("reviewed")),
        procedures=tuple(Treatment(t["id"], t["role"]) for t in v.get("procedures", [])),
    )


def load_kb(cli_layers: Sequence[str] = (), env: str | None = None) -> KnowledgeBase:
    """The shipped KB with its layers, validated and built."""
    paths = layer_paths(cli_layers, env)
    return build(load_layers(paths), [str(p) for p in paths])
