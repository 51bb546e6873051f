"""Rich output for people at a terminal: panels for sections, tables with borders, colour.

Imported only when this format is chosen: rich costs start-up time the other formats do not pay.
All KB text goes in as rich.text.Text (never parsed as markup) after control characters are removed.
Nothing is cut short at any width: a word longer than its column folds onto the next line, and a
table or field list too wide for the space it gets is drawn as one record per row instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text as RichText

from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.escape import clean, one_line
from spinecli.render.layout import fit_widths

PANEL_EDGES = 4  # a panel's border and padding, left and right
COLUMN_GAP = 3  # between table columns: padding, the (blank) rule, padding
# A column narrower than this reads as a stack of word fragments ("Epidur / al"): a table that
# cannot give each wrapping column this much is drawn one record per row instead.
READABLE_COLUMN = 12

TONES = {"danger": "bold red", "muted": "dim", "note": "italic yellow", "label": "bold", "": ""}


def render(doc: Doc, *, color: bool, width: int) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(width, 20),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    console.print(RichText(clean(doc.title), style="bold cyan"))
    for block in doc.blocks:
        console.print(_block(console, block, console.width))
    # Rich pads grid cells to their width; trailing blanks only get in the way of copy and diff.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _t(text: str, style: str = "") -> RichText:
    # fold, not Rich's default ellipsis: a URL too long for its column is split, never cut short.
    return RichText(clean(text), style=style, overflow="fold")


class _Section:
    """A panel titled in its top border, or on its first line when the border is too short:
    Rich cuts a border title to fit, and a cut title loses words."""

    def __init__(self, title: RichText, body: RenderableType, style: str) -> None:
        self.title, self.body, self.style = title, body, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # The border holds "╭─ " + title + " ─╮".
        in_border = self.title.cell_len + 6 <= options.max_width
        yield Panel(
            self.body if in_border else Group(self.title, self.body),
            title=self.title if in_border else None,
            title_align="left",
            border_style=self.style,
            box=box.ROUNDED,
        )


def _records(heads: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> RenderableType:
    """Each row as its first cell in bold, then `column value` lines, indented under it."""
    parts: list[RenderableType] = []
    for row in rows:
        parts.append(_t(row[0], "bold"))
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(style="dim")
        grid.add_column()
        for head, cell in zip(heads[1:], row[1:], strict=False):
            grid.add_row(_t(head), _t(cell))
        parts.append(Padding(grid, (0, 0, 1, 2), expand=False))
    return Group(*parts)


def _hanging(
    console: Console, labels: list[str], texts: list[RichText], gap: int, width: int, style: str
) -> RichText:
    """Short labels that never wrap, then text wrapped with a hanging indent to the width left.

    What a two-column Rich grid draws, line for line, at a fraction of the cost: a grid
    measures every cell and draws each one through its own padding and segment passes, and on a
    long `explain` page that was most of the time the table format took. The text is wrapped by
    Rich itself (`Text.wrap`), so line breaks are Rich's.
    """
    label_width = max((cell_len(label) for label in labels), default=0)
    if width - label_width - gap < width // 2:
        # Labels would leave the text less than half the line (field labels in a narrow
        # terminal): each label on its own line instead, the text indented under it.
        label_width, gap = 0, 2
    indent = " " * (label_width + gap)
    out = RichText(no_wrap=True)
    for n, (label, text) in enumerate(zip(labels, texts, strict=True)):
        # A word longer than the line (a long URL) folds onto the next: nothing is cut short.
        lines = text.wrap(console, max(1, width - label_width - gap), overflow="fold")
        if not label_width:
            # The label on lines of its own, wrapped too: a long one must not be cut.
            head = RichText(label, style=style).wrap(console, max(1, width), overflow="fold")
            out.append("\n" if n else "")
            out.append_text(RichText("\n").join(head))
        for i, line in enumerate(lines):
            if not label_width:
                out.append("\n" + indent)
                out.append_text(line)
                continue
            if n or i:
                out.append("\n")
            if i:
                out.append(indent)
            else:
                out.append(label, style)
                out.append(" " * (label_width - cell_len(label) + gap))
            out.append_text(line)
    return out


def _spaced(renderable: RenderableType) -> Group:
    """The renderable and a blank line (a Group: cheaper to draw than a Padding)."""
    return Group(renderable, RichText(""))


def _block(console: Console, block: Block, width: int, last: bool = False) -> RenderableType:
    """One block, width columns wide; `last` drops the blank line after it (a panel's end)."""
    if isinstance(block, Text):
        text = _t(block.text, TONES.get(block.tone, ""))
        return text if last or block.tone in ("label", "danger") else _spaced(text)
    if isinstance(block, Fields):
        labels = [clean(k) for k, _ in block.rows]
        grid = _hanging(console, labels, [_t(v) for _, v in block.rows], 2, width, "bold")
        return grid if last else _spaced(grid)
    if isinstance(block, Bullets):
        marks = [
            {"numbered": f"{i}.", "checkbox": "☐"}.get(block.style, "•")
            for i in range(1, len(block.items) + 1)
        ]
        grid = _hanging(console, marks, [_t(item) for item in block.items], 1, width, "cyan")
        return grid if last else _spaced(grid)
    if isinstance(block, Table):
        table = RichTable(
            box=box.SIMPLE_HEAD,
            header_style="bold",
            show_edge=False,
            pad_edge=False,
            show_lines=block.wrap,
        )
        widths = _prose_widths(block, width) if block.wrap else [None] * len(block.columns)
        for i, column in enumerate(block.columns):
            table.add_column(_t(column), no_wrap=i == 0, overflow="fold", width=widths[i])
        for row in block.rows:
            table.add_row(*(_t(c) for c in row))
        # Rich squeezes a table that does not fit into columns of nothing: one record a row.
        return table if _narrowest(block, widths) <= width else _records(block.columns, block.rows)
    if isinstance(block, Section):
        n = len(block.blocks)
        return _Section(
            RichText(one_line(block.title), style="bold", overflow="fold"),
            Group(
                *(
                    _block(console, b, width - PANEL_EDGES, i == n - 1)
                    for i, b in enumerate(block.blocks)
                )
            ),
            "red" if block.tone == "danger" else "blue",
        )
    raise TypeError(f"unknown block {block!r}")


def _narrowest(table: Table, widths: Sequence[int | None]) -> int:
    """The narrowest the table can be drawn without a column shrinking to a few letters: the
    first column (it never wraps) as wide as its longest cell, a column with a set width that
    wide, any other as its longest word up to READABLE_COLUMN (a longer word folds)."""
    need = []
    for i, column in enumerate(table.columns):
        cells = [clean(column), *(clean(row[i]) for row in table.rows)]
        if i == 0:
            need.append(max((cell_len(ln) for c in cells for ln in c.split("\n")), default=0))
        else:
            words = " ".join(cells).split()
            need.append(widths[i] or min(max(map(cell_len, words), default=0), READABLE_COLUMN))
    return sum(need) + COLUMN_GAP * (len(need) - 1)


def _prose_widths(table: Table, width: int) -> list[int | None]:
    """Fixed column widths for a table of prose (see layout.fit_widths)."""
    natural = [
        max(
            (cell_len(line) for row in (table.columns, *table.rows) for line in row[i].split("\n")),
            default=0,
        )
        for i in range(len(table.columns))
    ]
    return list(fit_widths(natural, width - COLUMN_GAP * (len(natural) - 1)))
