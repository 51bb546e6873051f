"""Renderers: result objects in, text out. No KB loading, no argument parsing.

Each format module is imported only when chosen, so `--format json` never pays for rich.
"""

from __future__ import annotations

FORMATS = ("table", "plain", "json", "md")


def render(result: object, fmt: str, *, color: bool = False, width: int = 100) -> str:
    if fmt == "json":
        from spinecli.render import jsonout

        return jsonout.render(result)
    from spinecli.render.pages import to_doc

    doc = to_doc(result)
    if fmt == "md":
        from spinecli.render import markdown

        return markdown.render(doc)
    if fmt == "plain":
        from spinecli.render import plain

        return plain.render(doc, width)
    from spinecli.render import table

    return table.render(doc, color=color, width=width)
