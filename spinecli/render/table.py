"""Rich output for people at a terminal: panels for sections, tables with borders, colour.

Imported only when this format is chosen: rich costs start-up time the other formats do not pay.
All KB text goes in as rich.text.Text (never parsed as markup) after control characters are removed.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text as RichText

from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.escape import clean

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
        console.print(_block(block))
    # Rich pads grid cells to their width; trailing blanks only get in the way of copy and diff.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _t(text: str, style: str = "") -> RichText:
    return RichText(clean(text), style=style)


def _block(block: Block, last: bool = False) -> RenderableType:
    """One block; `last` drops the blank line after it (the end of a panel needs none)."""
    if isinstance(block, Text):
        below = 0 if last or block.tone in ("label", "danger") else 1
        return Padding(_t(block.text, TONES.get(block.tone, "")), (0, 0, below, 0), expand=False)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for k, v in block.rows:
            grid.add_row(_t(k), _t(v))
        return Padding(grid, (0, 0, int(not last), 0), expand=False)
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
            box=box.SIMPLE_HEAD, header_style="bold", expand=False, show_edge=False, pad_edge=False
        )
        for i, column in enumerate(block.columns):
            table.add_column(_t(column), no_wrap=i == 0, overflow="fold")
        for row in block.rows:
            table.add_row(*(_t(c) for c in row))
        return table
    if isinstance(block, Section):
        style = "red" if block.tone == "danger" else "blue"
        n = len(block.blocks)
        inner = Group(*(_block(b, i == n - 1) for i, b in enumerate(block.blocks)))
        return Panel(
            inner,
            title=_t(block.title, "bold"),
            title_align="left",
            border_style=style,
            box=box.ROUNDED,
        )
    raise TypeError(f"unknown block {block!r}")
