"""Rich output for people at a terminal: panels for sections, tables with borders, colour.

Imported only when this format is chosen: rich costs start-up time the other formats do not pay.
All KB text goes in as rich.text.Text (never parsed as markup) after control characters are removed.
Nothing is cut short at any width: a word longer than its column folds onto the next line, and a
table or field list too wide for the space it gets is drawn as one record per row instead.
"""

from __future__ import annotations

import io

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text as RichText

from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.escape import clean, one_line
from spinecli.render.layout import fit_widths

PANEL_EDGES = 4  # a panel's border and padding, left and right
COLUMN_GAP = 3  # between table columns: padding, the (blank) rule, padding

UNBOUNDED = 100_000
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
        console.print(_block(block, console.width))
    # Rich pads grid cells to their width; trailing blanks only get in the way of copy and diff.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _t(text: str, style: str = "") -> RichText:
    # fold, not Rich's default ellipsis: a URL too long for its column is split, never cut short.
    return RichText(clean(text), style=style, overflow="fold")


class _Fitted:
    """`wide` where its narrowest layout fits the space given, else `narrow` (one record a row).

    Rich squeezes a table that does not fit down to columns of nothing; the choice is made at
    draw time because only then is the width inside nested panels known.
    """

    def __init__(self, wide: RenderableType, narrow: RenderableType, no_wrap: list[str]) -> None:
        self.wide, self.narrow = wide, narrow
        # Rich measures a column by its longest word even when it is no_wrap (ids, labels):
        # what the whole cell needs beyond that is added here.
        whole = max(map(cell_len, no_wrap), default=0)
        self.extra = whole - max((cell_len(w) for c in no_wrap for w in c.split()), default=0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Measured as if unbounded: Rich clamps a table's minimum to the width it is offered.
        unbounded = options.update_width(UNBOUNDED)
        need = Measurement.get(console, unbounded, self.wide).minimum + self.extra
        yield self.wide if need <= options.max_width else self.narrow


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


def _block(block: Block, width: int, last: bool = False) -> RenderableType:
    """One block in width columns; `last` drops the blank line after it (the end of a panel
    needs none)."""
    if isinstance(block, Text):
        below = 0 if last or block.tone in ("label", "danger") else 1
        return Padding(_t(block.text, TONES.get(block.tone, "")), (0, 0, below, 0), expand=False)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for k, v in block.rows:
            grid.add_row(_t(k), _t(v))
        stacked = Group(
            *(Group(_t(k, "bold"), Padding(_t(v), (0, 0, 0, 2))) for k, v in block.rows)
        )
        labels = [clean(k) for k, _ in block.rows]
        return Padding(_Fitted(grid, stacked, labels), (0, 0, int(not last), 0), expand=False)
    if isinstance(block, Bullets):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="cyan")
        grid.add_column()
        for i, item in enumerate(block.items, start=1):
            mark = {"numbered": f"{i}.", "checkbox": "☐"}.get(block.style, "•")
            grid.add_row(mark, _t(item))
        return Padding(grid, (0, 0, int(not last), 0), expand=False)
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
        return _Fitted(
            table, _records(block.columns, block.rows), [clean(r[0]) for r in block.rows]
        )
    if isinstance(block, Section):
        n = len(block.blocks)
        return _Section(
            RichText(one_line(block.title), style="bold", overflow="fold"),
            Group(
                *(_block(b, width - PANEL_EDGES, i == n - 1) for i, b in enumerate(block.blocks))
            ),
            "red" if block.tone == "danger" else "blue",
        )
    raise TypeError(f"unknown block {block!r}")


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
