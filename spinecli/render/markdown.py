"""Markdown (CommonMark with GFM tables). KB text is escaped so it stays text."""

from __future__ import annotations

from spinecli.render.doc import Block, Bullets, Doc, Fields, Image, Section, Table, Text
from spinecli.render.escape import markdown as esc


def render(doc: Doc) -> str:
    out = [f"# {esc(doc.title)}", ""]
    for block in doc.blocks:
        out += _block(block, 2)
    return "\n".join(out).rstrip() + "\n"


def _block(block: Block, level: int) -> list[str]:
    if isinstance(block, Text):
        text = esc(block.text)
        if block.tone in ("danger", "label"):
            text = f"**{text}**"
        elif block.tone in ("muted", "note"):
            text = f"*{text}*"
        return [text, ""]
    if isinstance(block, Fields):
        return [*(f"- **{esc(k)}:** {esc(v)}" for k, v in block.rows), ""]
    if isinstance(block, Bullets):
        marks = {"numbered": "{i}. ", "checkbox": "- [ ] "}
        mark = marks.get(block.style, "- ")
        return [*(mark.format(i=i) + esc(item) for i, item in enumerate(block.items, 1)), ""]
    if isinstance(block, Table):
        head = "| " + " | ".join(esc(c) for c in block.columns) + " |"
        rule = "|" + "---|" * len(block.columns)
        cell = _multiline if block.wrap else esc
        body = ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
        return [head, rule, *body, ""]
    if isinstance(block, Image):
        return []  # a logo is for print: HTML and PDF
    if isinstance(block, Section):
        lines = [f"{'#' * min(level, 6)} {esc(block.title)}", ""]
        for inner in block.blocks:
            lines += _block(inner, level + 1)
        return lines
    raise TypeError(f"unknown block {block!r}")


def _multiline(cell: str) -> str:
    """A table cell whose lines stay apart (GFM tables take <br>; the text itself is escaped)."""
    return "<br>".join(esc(line) for line in cell.split("\n") if line.strip())
