"""Renderers: result objects in, text out. No KB loading, no argument parsing.

Each format module is imported only when chosen, so `--format json` never pays for rich; which
page or JSON view draws a result is in render/views.py.
"""

from __future__ import annotations

from collections.abc import Sequence

FORMATS = ("table", "plain", "json", "md", "html")


def render(
    result: object, fmt: str, *, color: bool = False, width: int = 100, links: bool = False
) -> str:
    """result in format fmt; links: OSC 8 hyperlinks for source URLs (the table format, in
    colour, on a terminal)."""
    if fmt == "json":
        from spinecli.render import jsonout

        return jsonout.render(result)
    from spinecli.render.views import to_doc

    doc = to_doc(result)
    if fmt == "md":
        from spinecli.render import markdown

        return markdown.render(doc)
    if fmt == "plain":
        from spinecli.render import plain

        return plain.render(doc, width)
    if fmt == "html":
        from spinecli.render import html

        return html.render([doc])
    from spinecli.render import table

    return table.render(doc, color=color, width=width, links=links)


def render_many(
    results: Sequence[object],
    fmt: str,
    *,
    paper: str = "",
    width: int = 100,
    color: bool = False,
    links: bool = False,
) -> str:
    """Several results as one document (handouts): one HTML page with an article each, Markdown
    separated by rules, plain text and terminal pages by blank lines (links as in render). JSON
    is rendered from the set by the caller."""
    from spinecli.render.views import to_doc

    docs = [to_doc(r) for r in results]
    if fmt == "html":
        from spinecli.render import html

        return html.render(docs, paper=paper)
    if fmt == "md":
        from spinecli.render import markdown

        return "\n---\n\n".join(markdown.render(d) for d in docs)
    if fmt == "plain":
        from spinecli.render import plain

        return "\n\n".join(plain.render(d, width) for d in docs)
    if fmt == "table":
        from spinecli.render import table

        return "\n".join(table.render(d, color=color, width=width, links=links) for d in docs)
    raise ValueError(f"cannot render several results as {fmt}")
