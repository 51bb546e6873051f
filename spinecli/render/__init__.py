"""Renderers: result objects in, text out. No KB loading, no argument parsing.

Each format module is imported only when chosen, so `--format json` never pays for rich.
"""

from __future__ import annotations

from collections.abc import Sequence

FORMATS = ("table", "plain", "json", "md", "html")


def view_key(kind: type) -> str:
    """How PAGES and JSON_VIEWS name a result class: "module.Class". A name, not the class, so
    finding the view for one result imports no other command's module (docs/speed.md)."""
    return f"{kind.__module__}.{kind.__qualname__}"


# Triage's result, named rather than imported: its question planner costs `match` start-up time,
# and a Triage to render means its module is loaded already (tests check this is view_key's).
TRIAGE_KEY = "spinecli.triage.Triage"


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
    if fmt == "html":
        from spinecli.render import html

        return html.render([doc])
    from spinecli.render import table

    return table.render(doc, color=color, width=width)


def render_many(results: Sequence[object], fmt: str, *, paper: str = "", width: int = 100) -> str:
    """Several results as one document (handouts): one HTML page with an article each, Markdown
    separated by rules, plain text by blank lines. JSON is rendered from the set by the caller."""
    from spinecli.render.pages import to_doc

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
    raise ValueError(f"cannot render several results as {fmt}")
