"""The table format, for people at a terminal: panels for sections, tables with a rule, colour.

Imported only when this format is chosen. KB text is only ever text here (nothing parses it as
markup), with control characters removed. A page's text is never cut short: a word longer than
its column folds onto the next line, and a table or field list too wide for the space it gets
is drawn as one record per row instead. A listing (`Table.cut`) keeps one line per row and cuts
long cells with an ellipsis, saying so under the table (plain text prints them whole).

A page is drawn as a list of lines, each a list of (text, style) pieces no wider than the page.
Rich measures the cells (wide and combining characters) and writes the colour codes; wrapping,
panel borders and table rules are drawn here. Printing through a rich Console (Panel, Table,
Padding) and wrapping with rich Text objects took most of a long `explain` run beyond its
imports, and importing the Console cost more than all of this module (docs/speed.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len, chop_cells
from rich.color import ColorSystem
from rich.style import Style

from spinecli.render.doc import Block, Bullets, Doc, Fields, Image, Section, Table, Text
from spinecli.render.escape import clean, hyperlink, link_url, one_line
from spinecli.render.layout import fit_widths

Piece = tuple[str, str]  # text, and a Rich style ("bold red", "" for none)
Line = list[Piece]

PANEL_EDGES = 4  # "│ " and " │"
COLUMN_GAP = 3  # between table columns
# A column narrower than this reads as a stack of word fragments ("Epidur / al"): a table that
# cannot give each wrapping column this much is drawn one record per row instead.
READABLE_COLUMN = 12
# A listing cut to fit: its columns closer together, and no cut column narrower than this.
CUT_GAP = 2
CUT_FLOOR = 10
ELLIPSIS = "…"

_URL = re.compile(r"https?://[!-~]+\Z")
_WORD = re.compile(r"\S+")
TONES = {"danger": "bold red", "muted": "dim", "note": "italic yellow", "label": "bold", "": ""}


def render(doc: Doc, *, color: bool, width: int, links: bool = False) -> str:
    """The page; with links (and colour) each source URL is an OSC 8 hyperlink as well."""
    width = max(width, 20)
    lines = _wrap(clean(doc.title), width, "bold cyan")
    for block in doc.blocks:
        lines += _block(block, width)
    if not color:
        return "".join(_plain(line) + "\n" for line in lines)
    urls = _source_urls(doc.blocks) if links else frozenset()
    return "".join(_ansi(line, urls) + "\n" for line in lines)


def _source_urls(blocks: Sequence[Block]) -> frozenset[str]:
    """The URLs ending source lines that a hyperlink may carry (link_url): a URL that is not
    one, such as one holding an escape sequence, stays plain text."""
    urls: set[str] = set()
    for block in blocks:
        if isinstance(block, Section):
            urls |= _source_urls(block.blocks)
        elif isinstance(block, Bullets) and block.links:
            ends = (item.split()[-1] for item in block.items if item.split())
            urls |= {url for url in map(link_url, ends) if url}
    return frozenset(urls)


def _linked(text: str, urls: frozenset[str]) -> str:
    if not urls:
        return text
    return _WORD.sub(lambda m: hyperlink(m[0], m[0]) if m[0] in urls else m[0], text)


def _plain(line: Line) -> str:
    # Trailing blanks (padding to a column or border) only get in the way of copy and diff.
    return "".join(text for text, _ in line).rstrip()


def _ansi(line: Line, urls: frozenset[str] = frozenset()) -> str:
    """The line with its styles as colour codes, in the terminal's standard sixteen colours, and
    the words that are one of urls as hyperlinks to it."""
    while line and not line[-1][0].strip():
        line = line[:-1]
    if line:
        line = [*line[:-1], (line[-1][0].rstrip(), line[-1][1])]
    return "".join(
        Style.parse(style).render(_linked(text, urls), color_system=ColorSystem.STANDARD)
        if style
        else _linked(text, urls)
        for text, style in line
    )


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _span(line: Line) -> int:
    return sum(_cells(text) for text, _ in line)


def _wrap(text: str, width: int, style: str = "", urls: bool = True) -> list[Line]:
    """The text in lines at most width cells wide, in one style: a newline starts a line, words
    wrap at spaces, and a word longer than the line (a long URL) folds onto the next."""
    width = max(1, width)
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        words: list[str] = []
        used = 0
        for word in paragraph.split():
            size = _cells(word)
            if words and used + 1 + size <= width:
                words.append(word)
                used += 1 + size
                continue
            if words:
                lines.append([(" ".join(words), style)])
            if size > width and urls and _URL.match(word):
                # A URL stays whole, on a line of its own, however wide: a fold or a panel's
                # border inside it would break copying it (the terminal wraps it softly).
                lines.append([(word, style)])
                words, used = [], 0
                continue
            if size > width:
                *full, word = _fold(word, width)
                lines += [[(part, style)] for part in full]
                size = _cells(word)
            words, used = [word], size
        if words or not lines or paragraph.strip() == "":
            lines.append([(" ".join(words), style)])
    return lines


def _fold(word: str, width: int) -> list[str]:
    if word.isascii():
        return [word[i : i + width] for i in range(0, len(word), width)]
    return chop_cells(word, width)


def _block(block: Block, width: int, last: bool = False) -> list[Line]:
    """One block in lines width wide; `last` drops the blank line after it (a panel's end)."""
    if isinstance(block, Section):
        return _panel(block, width)
    if isinstance(block, Table):
        return _table(block, width)
    if isinstance(block, Text):
        lines = _wrap(clean(block.text), width, TONES.get(block.tone, ""))
        last = last or block.tone in ("label", "danger")
    elif isinstance(block, Fields):
        labels = [clean(k) for k, _ in block.rows]
        lines = _hanging(labels, [clean(v) for _, v in block.rows], 2, width, "bold")
    elif isinstance(block, Bullets):
        marks = [
            {"numbered": f"{i}.", "checkbox": "☐"}.get(block.style, "•")
            for i in range(1, len(block.items) + 1)
        ]
        lines = _hanging(marks, [clean(item) for item in block.items], 1, width, "cyan")
    elif isinstance(block, Image):
        return []  # a logo is for print: HTML and PDF
    else:
        raise TypeError(f"unknown block {block!r}")
    return lines if last else [*lines, []]


def _hanging(labels: list[str], texts: list[str], gap: int, width: int, style: str) -> list[Line]:
    """Short labels that never wrap, then text wrapped with a hanging indent to the width left."""
    label_width = max((_cells(label) for label in labels), default=0)
    if width - label_width - gap < width // 2:
        # Labels would leave the text less than half the line (field labels in a narrow
        # terminal): each label on lines of its own instead, the text indented under it.
        label_width, gap = 0, 2
    indent = (" " * (label_width + gap), "")
    lines: list[Line] = []
    for label, text in zip(labels, texts, strict=True):
        wrapped = _wrap(text, width - label_width - gap)
        if label_width:
            pad = " " * (label_width - _cells(label) + gap)
            lines.append([(label, style), (pad, ""), *wrapped[0]])
            wrapped = wrapped[1:]
        else:
            lines += _wrap(label, width, style)  # a long one must not be cut
        lines += [[indent, *line] for line in wrapped]
    return lines


def _panel(section: Section, width: int) -> list[Line]:
    """A rounded box with the title in its top border, or on its first lines when the border is
    too short: a title cut to fit would lose words."""
    border = "red" if section.tone == "danger" else "blue"
    inner = width - PANEL_EDGES
    title = one_line(section.title)
    n = len(section.blocks)
    body = [line for i, b in enumerate(section.blocks) for line in _block(b, inner, i == n - 1)]
    top = [("╭" + "─" * (width - 2) + "╮", border)]
    if title and _cells(title) + 6 <= width:
        rule = "─" * (width - _cells(title) - 5)
        top = [("╭─ ", border), (title, f"bold {border}"), (f" {rule}╮", border)]
    elif title:
        body = [*_wrap(title, inner, f"bold {border}"), *body]
    sides = [
        [("│ ", border), *line]
        + ([(" " * (inner - _span(line)) + " │", border)] if _span(line) <= inner else [])
        for line in body
    ]
    return [top, *sides, [("╰" + "─" * (width - 2) + "╯", border)]]


def _table(table: Table, width: int) -> list[Line]:
    """Columns under bold headings and a rule; rows of prose set apart by a blank line. A table
    too wide for its space is drawn one record per row (rather than squeezed to slivers), or, for
    a listing, one line per row with long cells cut."""
    if table.cut and not table.wrap:
        return _listing(table, width)
    widths = _prose_widths(table, width) if table.wrap else _natural_widths(table, width)
    drawn = sum(widths) + COLUMN_GAP * (len(widths) - 1)
    if max(drawn, _narrowest(table, widths if table.wrap else None)) > width:
        return _records(table, width)
    lines = _row([clean(column) for column in table.columns], widths, "bold")
    lines.append([("─" * drawn, "")])
    for n, row in enumerate(table.rows):
        if table.wrap and n:
            lines.append([])
        lines += _row([clean(cell) for cell in row], widths)
    return lines


def _listing(table: Table, width: int) -> list[Line]:
    """One line per row (a listing is scanned down its first column): the first column whole,
    the others at least their `cut` width, long cells cut with an ellipsis at a word where they
    can be. Columns that would not get even that are left out, and a note under the table says
    so and how to see everything."""
    n = len(table.columns)
    heads = [one_line(column) for column in table.columns]
    rows = [[one_line(cell) for cell in row] + [""] * (n - len(row)) for row in table.rows]
    natural = [max(_cells(row[i]) for row in (heads, *rows)) for i in range(n)]
    widths, gap = natural, COLUMN_GAP
    if sum(natural) + COLUMN_GAP * (n - 1) > width:
        gap = CUT_GAP
        floors = [
            min(natural[i], (table.cut[i] if i < len(table.cut) else CUT_FLOOR) or natural[i])
            for i in range(n)
        ]
        while n > 1 and sum(floors[:n]) + gap * (n - 1) > width:
            n -= 1
        if n < 2:
            return _records(table, width)
        typical = [_typical([_cells(row[i]) for row in (heads, *rows)]) for i in range(n)]
        room = width - gap * (n - 1) - sum(floors[:n])
        widths = _widen(floors[:n], natural[:n], typical, room)
    cells = [[_cut(cell, w) for cell, w in zip(row, widths, strict=False)] for row in rows]
    lines = [_cells_line(_cut_all(heads, widths), widths, gap, "bold")]
    lines.append([("─" * (sum(widths) + gap * (n - 1)), "")])
    lines += [_cells_line(row, widths, gap) for row in cells]
    dropped = heads[n:]
    if dropped or any(
        c != r[i] for row, r in zip(cells, rows, strict=True) for i, c in enumerate(row)
    ):
        note = f"{ELLIPSIS} cut to fit {width} columns"
        note += f"; not shown: {', '.join(dropped)}" if dropped else ""
        lines += _wrap(note + ". -f plain shows every cell.", width, TONES["muted"])
    return lines


def _widen(widths: list[int], natural: list[int], typical: list[int], extra: int) -> list[int]:
    """The extra cells shared out, first up to each column's typical width (most of its cells
    whole, the odd long one cut), then up to its longest cell."""
    widths = list(widths)
    for goal in ([max(w, t) for w, t in zip(widths, typical, strict=True)], natural):
        order = sorted(range(len(widths)), key=lambda i: goal[i] - widths[i])
        for done, i in enumerate(order):
            add = min(max(goal[i] - widths[i], 0), max(extra, 0) // (len(order) - done))
            widths[i] += add
            extra -= add
    return widths


def _typical(sizes: list[int]) -> int:
    """The width that holds nine cells in ten."""
    return sorted(sizes)[(len(sizes) * 9) // 10 - 1] if len(sizes) >= 10 else max(sizes)


def _cut_all(cells: list[str], widths: Sequence[int]) -> list[str]:
    return [_cut(cell, w) for cell, w in zip(cells, widths, strict=False)]


def _cut(text: str, width: int) -> str:
    """The text in at most width cells: whole if it fits, else cut with an ellipsis, after the
    last whole word when that keeps at least half of it."""
    if _cells(text) <= width:
        return text
    room = max(width - 1, 0)
    head = text[:room] if text.isascii() else chop_cells(text, room)[0] if room else ""
    space = head.rfind(" ")
    if space >= room // 2 and space > 0:
        head = head[:space]
    return head.rstrip(" ,;:") + ELLIPSIS


def _cells_line(cells: list[str], widths: Sequence[int], gap: int, style: str = "") -> Line:
    line: Line = []
    for i, (cell, w) in enumerate(zip(cells, widths, strict=False)):
        line += [(" " * gap if i else "", ""), (cell, style), (" " * (w - _cells(cell)), "")]
    return line


def _row(cells: list[str], widths: Sequence[int], heading: str = "") -> list[Line]:
    """Cells side by side, each wrapped to its column's width; headings sit on the rule, so a
    heading that wraps grows upwards."""
    # A URL in a cell folds: whole, it would push the columns after it out of line.
    columns = [_wrap(cell, w, heading, False) for cell, w in zip(cells, widths, strict=False)]
    height = max(map(len, columns), default=0)
    if heading:
        columns = [[[]] * (height - len(column)) + column for column in columns]
    lines = []
    for k in range(height):
        line: Line = []
        for i, (column, w) in enumerate(zip(columns, widths, strict=False)):
            part = column[k] if k < len(column) else []
            line += [(" " * COLUMN_GAP if i else "", ""), *part, (" " * (w - _span(part)), "")]
        lines.append(line)
    return lines


def _records(table: Table, width: int) -> list[Line]:
    """Each row as its first cell in bold, then `column value` lines indented under it."""
    lines: list[Line] = []
    for row in table.rows:
        lines += _wrap(clean(row[0]), width, "bold")
        heads = [clean(head) for head in table.columns[1 : len(row)]]
        grid = _hanging(heads, [clean(cell) for cell in row[1:]], 1, width - 2, "dim")
        lines += [[("  ", ""), *line] for line in grid]
        lines.append([])
    return lines


def _natural(table: Table) -> list[int]:
    """Each column's longest line, its heading included."""
    rows = (table.columns, *table.rows)
    return [
        max((_cells(line) for row in rows for line in clean(row[i]).split("\n")), default=0)
        for i in range(len(table.columns))
    ]


def _natural_widths(table: Table, width: int) -> list[int]:
    """The first column as wide as its longest cell (it never wraps); the others share what
    is left (see layout.fit_widths)."""
    natural = _natural(table)
    room = width - natural[0] - COLUMN_GAP * (len(natural) - 1)
    return natural[:1] + fit_widths(natural[1:], room)


def _prose_widths(table: Table, width: int) -> list[int]:
    """Fixed column widths for a table of prose (see layout.fit_widths)."""
    natural = _natural(table)
    return fit_widths(natural, width - COLUMN_GAP * (len(natural) - 1))


def _narrowest(table: Table, fixed: Sequence[int] | None) -> int:
    """The narrowest the table can be drawn without a column shrinking to a few letters: the
    first column (it never wraps) as wide as its longest cell, the others at their fixed
    widths, or else each as its longest word up to READABLE_COLUMN (a longer word folds)."""
    need = _natural(table)[:1]
    for i in range(1, len(table.columns)):
        words = " ".join(clean(row[i]) for row in (table.columns, *table.rows)).split()
        longest = min(max(map(_cells, words), default=0), READABLE_COLUMN)
        need.append(fixed[i] if fixed else longest)
    return sum(need) + COLUMN_GAP * (len(need) - 1)
