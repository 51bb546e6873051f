"""Rich output for people at a terminal: panels for sections, tables with borders, colour.

Imported only when this format is chosen: rich costs start-up time the other formats do not pay.
All KB text goes in as rich.text.Text (never parsed as markup) after control characters are removed.
"""

from __future__ import annotations

import io

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text as RichText

from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.escape import clean
from spinecli.render.layout import fit_widths

PANEL_EDGES = 4  # a panel's border and padding, left and right
COLUMN_GAP = 3  # between table columns: padding, the (blank) rule, padding

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
    return RichText(clean(text), style=style)


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
    indent = " " * (label_width + gap)
    out = RichText(no_wrap=True)
    for n, (label, text) in enumerate(zip(labels, texts, strict=True)):
        # "ellipsis": what a grid column does with a word longer than the line (a long URL)
        lines = text.wrap(console, max(1, width - label_width - gap), overflow="ellipsis")
        for i, line in enumerate(lines):
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
        return table
    if isinstance(block, Section):
        style = "red" if block.tone == "danger" else "blue"
        n = len(block.blocks)
        inner = Group(
            *(
                _block(console, b, width - PANEL_EDGES, i == n - 1)
                for i, b in enumerate(block.blocks)
            )
        )
        return Panel(
            inner,
            title=_t(block.title, "bold"),
            title_align="left",
            border_style=style,
            box=box.ROUNDED,
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
