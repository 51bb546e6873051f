"""Maps TOML key paths to line numbers, so validation messages can say where a problem is.

tomli returns plain dicts without positions; this light scan of the source recovers the line of
every table header and `key =` line. Values spanning lines (arrays, multi-line strings) are
skipped over so their contents are not mistaken for keys.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)
_PART = re.compile(r"[A-Za-z0-9_-]+|\"([^\"]*)\"|'([^']*)'")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(m.group(1) or m.group(2) or m.group(0) for m in _PART.finditer(dotted))


def _open_brackets(line: str) -> int:
    """Net count of [ and { outside strings and comments on one line."""
    depth, quote, i = 0, "", 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        i += 1
    return depth


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    depth = 0
    in_multiline = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = ""
            continue
        if depth > 0:
            depth += _open_brackets(line)
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            table = _parts(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = table + _parts(key.group(1))
        lines.setdefault(path, number)
        rest = line[key.end() :]
        for delim in ('"""', "'''"):
            if rest.count(delim) % 2 == 1:
                in_multiline = delim
        depth = max(0, _open_brackets(rest))
    return lines


def line_of(lines: dict[tuple[str, ...], int], path: tuple[str, ...]) -> int:
    """The line of the longest known prefix of path; else the first line inside path (an entity
    written only as `[procedures.ID.recovery]` has no line of its own); 0 when nothing matches."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    inside = [n for p, n in lines.items() if p[: len(path)] == path]
    return min(inside, default=0)
