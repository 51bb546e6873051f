"""A neutral document: what a page says, before any format decides how it looks.

Pages (`pages.py`) build these from result objects; each format module renders them, so every
command looks the same in plain text, Markdown and Rich, and a new command needs no new renderer.
"""

from __future__ import annotations

from spinecli.record import record


@record
class Text:
    text: str
    tone: str = ""  # "" | "muted" | "danger" | "note" | "label" (a small heading)


@record
class Fields:
    """Label: value rows."""

    rows: tuple[tuple[str, str], ...]


@record
class Bullets:
    items: tuple[str, ...]
    style: str = "bullet"  # "bullet" | "numbered" | "checkbox"
    # Items end in a source's URL, which a terminal that shows hyperlinks may make one.
    links: bool = False


@record
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Cells hold prose (compare, search): wrap them to fit the width, a newline in a cell starts a
    # new line, and rows are set apart. Otherwise plain text keeps one row per line (for grep).
    wrap: bool = False
    # A listing (list, conditions, codes): in the table format each row stays on one line, long
    # cells cut with "…", and this is each column's narrowest width (0: never cut, as an id).
    # Empty: cells wrap instead (a page's content, where nothing may be hidden).
    cut: tuple[int, ...] = ()


@record
class Image:
    """A picture for HTML and PDF (a clinic's logo); text formats leave it out."""

    mime: str  # "image/png" | "image/svg+xml"
    data: bytes
    alt: str


@record
class Section:
    title: str
    blocks: tuple[Block, ...]
    tone: str = ""  # "" | "danger"


Block = Text | Fields | Bullets | Table | Image | Section


@record
class Doc:
    title: str
    blocks: tuple[Block, ...]
