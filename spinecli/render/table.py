"""Rich output for people at a terminal: panels for sections, tables with a rule, colour.

Imported only when this format is chosen. All KB text goes in as rich.text.Text (never parsed as
markup) after control characters are removed. Nothing is cut short at any width: a word longer
than its column folds onto the next line, and a table or field list too wide for the space it
gets is drawn as one record per row instead.

A page is drawn as a list of lines, each a Text no wider than the page: Rich wraps the words,
measures the cells and writes the colour codes; the panel borders and table rules are drawn
here. Printing through a rich Console (Panel, Table, Padding) laid every line out again in
several passes, a fifth of a long `explain` run, and importing it cost more than all of this
module (README, "Speed").
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.style import Style
from rich.text import Text as RichText

from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.escape import clean, one_line
from spinecli.render.layout import fit_widths

if TYPE_CHECKING:
    from rich.console import Console

Lines = list[RichText]

PANEL_EDGES = 4  # "│ " and " │"
COLUMN_GAP = 3  # between table columns
# A column narrower than this reads as a stack of word fragments ("Epidur / al"): a table that
# cannot give each wrapping column this much is drawn one record per row instead.
READABLE_COLUMN = 12

TONES = {"danger": "bold red", "muted": "dim", "note": "italic yellow", "label": "bold", "": ""}

# Text.wrap asks for a Console only to justify "full"; left-aligned text never touches it.
_NO_CONSOLE = cast("Console", None)


def render(doc: Doc, *, color: bool, width: int) -> str:
    width = max(width, 20)
    lines = _wrap(RichText(clean(doc.title), style="bold cyan"), width)
    for block in doc.blocks:
        lines += _block(block, width)
    draw = _ansi if color else _plain
    return "".join(draw(line) + "\n" for line in lines)


def _plain(line: RichText) -> str:
    # Trailing blanks (padding to a column or border) only get in the way of copy and diff.
    return line.plain.rstrip()


def _ansi(line: RichText) -> str:
    """The line with its styles as colour codes, in the terminal's standard sixteen colours."""
    line.rstrip()
    text, spans = line.plain, line.spans
    base = _style(line.style)
    out = []
    for start, end in pairwise(
        sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    ):
        style = base
        for span in spans:
            if span.start <= start and end <= span.end:
                style += _style(span.style)
        out.append(style.render(text[start:end], color_system=ColorSystem.STANDARD))
    return "".join(out)


def _style(style: str | Style) -> Style:
    return style if isinstance(style, Style) else Style.parse(style)


def _t(text: str, style: str = "") -> RichText:
    return RichText(clean(text), style=style)


def _wrap(text: RichText, width: int) -> Lines:
    """The text in lines at most width cells wide: words wrapped, a word longer than the line
    (a long URL) folded onto the next, nothing cut short."""
    return list(text.wrap(_NO_CONSOLE, max(1, width), overflow="fold")) or [RichText()]


def _joined(*parts: RichText | str) -> RichText:
    """One line of parts, each keeping its own style (Text + Text would spread the first's)."""
    line = RichText()
    for part in parts:
        line.append(part)
    return line


def _block(block: Block, width: int, last: bool = False) -> Lines:
    """One block in lines width wide; `last` drops the blank line after it (a panel's end)."""
    if isinstance(block, Section):
        return _panel(block, width)
    if isinstance(block, Table):
        return _table(block, width)
    if isinstance(block, Text):
        lines = _wrap(_t(block.text, TONES.get(block.tone, "")), width)
        last = last or block.tone in ("label", "danger")
    elif isinstance(block, Fields):
        labels = [clean(k) for k, _ in block.rows]
        lines = _hanging(labels, [_t(v) for _, v in block.rows], 2, width, "bold")
    elif isinstance(block, Bullets):
        marks = [
            {"numbered": f"{i}.", "checkbox": "☐"}.get(block.style, "•")
            for i in range(1, len(block.items) + 1)
        ]
        lines = _hanging(marks, [_t(item) for item in block.items], 1, width, "cyan")
    else:
        raise TypeError(f"unknown block {block!r}")
    return lines if last else [*lines, RichText()]


def _hanging(labels: list[str], texts: list[RichText], gap: int, width: int, style: str) -> Lines:
    """Short labels that never wrap, then text wrapped with a hanging indent to the width left."""
    label_width = max((cell_len(label) for label in labels), default=0)
    if width - label_width - gap < width // 2:
        # Labels would leave the text less than half the line (field labels in a narrow
        # terminal): each label on lines of its own instead, the text indented under it.
        label_width, gap = 0, 2
    indent = " " * (label_width + gap)
    lines: Lines = []
    for label, text in zip(labels, texts, strict=True):
        wrapped = _wrap(text, width - label_width - gap)
        if label_width:
            pad = " " * (label_width - cell_len(label) + gap)
            lines.append(_joined(RichText(label, style=style), pad, wrapped[0]))
            wrapped = wrapped[1:]
        else:
            lines += _wrap(RichText(label, style=style), width)  # a long one must not be cut
        lines += [_joined(indent, line) for line in wrapped]
    return lines


def _panel(section: Section, width: int) -> Lines:
    """A rounded box with the title in its top border, or on its first lines when the border is
    too short: a title cut to fit would lose words."""
    border = "red" if section.tone == "danger" else "blue"
    inner = width - PANEL_EDGES
    title = RichText(one_line(section.title), style="bold")
    n = len(section.blocks)
    body = [line for i, b in enumerate(section.blocks) for line in _block(b, inner, i == n - 1)]
    if title.cell_len + 6 <= width:
        rule = "─" * (width - title.cell_len - 5)
        top = _joined(RichText("╭─ ", style=border), title, RichText(f" {rule}╮", style=border))
    else:
        top = RichText("╭" + "─" * (width - 2) + "╮", style=border)
        body = [*_wrap(title, inner), *body]
    left, right = RichText("│ ", style=border), RichText(" │", style=border)
    sides = [_joined(left, line, " " * (inner - line.cell_len), right) for line in body]
    return [top, *sides, RichText("╰" + "─" * (width - 2) + "╯", style=border)]


def _table(table: Table, width: int) -> Lines:
    """Columns under bold headings and a rule; rows of prose set apart by a blank line. A table
    too wide for its space is drawn one record per row (Rich would squeeze its columns to
    nothing)."""
    widths = _prose_widths(table, width) if table.wrap else _natural_widths(table, width)
    drawn = sum(widths) + COLUMN_GAP * (len(widths) - 1)
    if max(drawn, _narrowest(table, widths if table.wrap else None)) > width:
        return _records(table, width)
    lines = _row([_t(column, "bold") for column in table.columns], widths, bottom=True)
    lines.append(RichText("─" * drawn))
    for n, row in enumerate(table.rows):
        if table.wrap and n:
            lines.append(RichText())
        lines += _row([_t(cell) for cell in row], widths)
    return lines


def _row(cells: list[RichText], widths: Sequence[int], bottom: bool = False) -> Lines:
    """Cells side by side, each wrapped to its column's width; headings (`bottom`) sit on the
    rule, so a heading that wraps grows upwards."""
    columns = [_wrap(cell, w) for cell, w in zip(cells, widths, strict=False)]
    height = max(map(len, columns), default=0)
    if bottom:
        columns = [[RichText()] * (height - len(column)) + column for column in columns]
    lines = []
    for k in range(height):
        line = RichText()
        for i, (column, w) in enumerate(zip(columns, widths, strict=False)):
            part = column[k] if k < len(column) else RichText()
            line.append(" " * COLUMN_GAP if i else "")
            line.append(part)
            line.append(" " * (w - part.cell_len))
        lines.append(line)
    return lines


def _records(table: Table, width: int) -> Lines:
    """Each row as its first cell in bold, then `column value` lines indented under it."""
    lines: Lines = []
    for row in table.rows:
        lines += _wrap(_t(row[0], "bold"), width)
        heads = [clean(head) for head in table.columns[1 : len(row)]]
        grid = _hanging(heads, [_t(cell) for cell in row[1:]], 1, width - 2, "dim")
        lines += [_joined("  ", line) for line in grid]
        lines.append(RichText())
    return lines


def _longest_line(cells: Sequence[str]) -> int:
    return max((cell_len(line) for cell in cells for line in clean(cell).split("\n")), default=0)


def _natural_widths(table: Table, width: int) -> list[int]:
    """The first column as wide as its longest cell (it never wraps); the others share what
    is left (see layout.fit_widths)."""
    natural = [
        _longest_line([row[i] for row in (table.columns, *table.rows)])
        for i in range(len(table.columns))
    ]
    room = width - natural[0] - COLUMN_GAP * (len(natural) - 1)
    return natural[:1] + fit_widths(natural[1:], room)


def _prose_widths(table: Table, width: int) -> list[int]:
    """Fixed column widths for a table of prose (see layout.fit_widths)."""
    natural = [
        _longest_line([row[i] for row in (table.columns, *table.rows)])
        for i in range(len(table.columns))
    ]
    return fit_widths(natural, width - COLUMN_GAP * (len(natural) - 1))


def _narrowest(table: Table, fixed: Sequence[int] | None) -> int:
    """The narrowest the table can be drawn without a column shrinking to a few letters: the
    first column (it never wraps) as wide as its longest cell, the others at their fixed
    widths, or else each as its longest word up to READABLE_COLUMN (a longer word folds)."""
    need = [_longest_line([row[0] for row in (table.columns, *table.rows)])]
    for i in range(1, len(table.columns)):
        words = " ".join(clean(row[i]) for row in (table.columns, *table.rows)).split()
        longest = min(max(map(cell_len, words), default=0), READABLE_COLUMN)
        need.append(fixed[i] if fixed else longest)
    return sum(need) + COLUMN_GAP * (len(need) - 1)
