"""Plain text: no colour, no box drawing; what scripts and pipes get by default."""

from __future__ import annotations

import textwrap

from spinecli.render.doc import Block, Bullets, Doc, Fields, Image, Section, Table, Text
from spinecli.render.escape import one_line
from spinecli.render.layout import fit_widths


def render(doc: Doc, width: int = 100) -> str:
    width = max(width, 20)
    title = textwrap.wrap(one_line(doc.title), width, break_on_hyphens=False) or [""]
    out = [*title, "=" * min(max(len(line) for line in title), width), ""]
    for block in doc.blocks:
        out += _block(block, width, "")
    return "\n".join(out).rstrip() + "\n"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    # Long words (URLs) stay whole so they can be copied.
    lines = textwrap.wrap(
        one_line(text),
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return lines or [first.rstrip()]


def _block(block: Block, width: int, indent: str) -> list[str]:
    if isinstance(block, Text):
        prefix = "! " if block.tone == "danger" else ""
        below = [] if block.tone in ("label", "danger") else [""]
        return [*_wrap(prefix + block.text, width, indent, indent), *below]
    if isinstance(block, Fields):
        label_width = max(len(k) for k, _ in block.rows) + 2
        lines: list[str] = []
        for k, v in block.rows:
            head = f"{indent}{k + ':':<{label_width}}"
            lines += _wrap(v, width, head, " " * len(head))
        return [*lines, ""]
    if isinstance(block, Bullets):
        lines = []
        for i, item in enumerate(block.items, start=1):
            mark = {"numbered": f"{i}. ", "checkbox": "[ ] "}.get(block.style, "- ")
            lines += _wrap(item, width, indent + mark, indent + " " * len(mark))
        return [*lines, ""]
    if isinstance(block, Table):
        return [*(_grid(block, width, indent) if block.wrap else _table(block, indent)), ""]
    if isinstance(block, Image):
        return []  # a logo is for print: HTML and PDF
    if isinstance(block, Section):
        title = one_line(block.title).upper() if block.tone == "danger" else one_line(block.title)
        lines = [indent + title, indent + "-" * len(title)]
        for inner in block.blocks:
            lines += _block(inner, width, indent)
        return lines
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table, indent: str) -> list[str]:
    """Aligned columns, one row per line (grep- and cut-friendly); the last column is not padded."""
    rows = [tuple(one_line(c) for c in row) for row in (table.columns, *table.rows)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(table.columns) - 1)]
    lines = []
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=False)] + [row[-1]]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


GAP = 2  # spaces between grid columns


def _grid(table: Table, width: int, indent: str) -> list[str]:
    """Prose in columns that fit the width: every cell wrapped, a blank line between rows."""
    rows = [tuple(_cell_lines(c) for c in row) for row in (table.columns, *table.rows)]
    widths = fit_widths(
        [max((len(line) for r in rows for line in r[i]), default=0) for i in range(len(rows[0]))],
        width - len(indent) - GAP * (len(rows[0]) - 1),
    )
    lines: list[str] = []
    for n, row in enumerate(rows):
        wrapped = [
            [part for line in cell for part in textwrap.wrap(line, w, break_on_hyphens=False)]
            or [""]
            for cell, w in zip(row, widths, strict=True)
        ]
        for i in range(max(len(cell) for cell in wrapped)):
            parts = [
                (cell[i] if i < len(cell) else "").ljust(w)
                for cell, w in zip(wrapped, widths, strict=True)
            ]
            lines.append((indent + (" " * GAP).join(parts)).rstrip())
        if n == 0:
            lines.append(indent + (" " * GAP).join("-" * w for w in widths))
        elif n < len(rows) - 1:
            lines.append("")
    return lines


def _cell_lines(cell: str) -> list[str]:
    return [one_line(line) for line in cell.split("\n") if line.strip()]
