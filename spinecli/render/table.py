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
    return buffer.getvalue()


def _t(text: str, style: str = "") -> RichText:
    return RichText(clean(text), style=style)


def _block(block: Block) -> RenderableType:
    if isinstance(block, Text):
        below = 0 if block.tone in ("label", "danger") else 1
        return Padding(_t(block.text, TONES.get(block.tone, "")), (0, 0, below, 0), expand=False)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for k, v in block.rows:
            grid.add_row(_t(k), _t(v))
        return Padding(grid, (0, 0, 1, 0), expand=False)
    if isinstance(block, Bullets):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="cyan")
        grid.add_column()
        for i, item in enumerate(block.items, start=1):
            mark = {"numbered": f"{i}.", "checkbox": "☐"}.get(block.style, "•")
            grid.add_row(mark, _t(item))
        return Padding(grid, (0, 0, 1, 0), expand=False)
    if isinstance(block, Table):
        table = RichTable(box=box.SIMPLE_HEAD, header_style="bold", expand=False)
        for i, column in enumerate(block.columns):
            table.add_column(_t(column), no_wrap=i == 0, overflow="fold")
        for row in block.rows:
            table.add_row(*(_t(c) for c in row))
        return table
    if isinstance(block, Section):
        style = "red" if block.tone == "danger" else "blue"
        inner = Group(*(_block(b) for b in block.blocks))
        return Panel(
            inner,
            title=_t(block.title, "bold"),
            title_align="left",
            border_style=style,
            box=box.ROUNDED,
        )
    raise TypeError(f"unknown block {block!r}")
