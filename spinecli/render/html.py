"""HTML: one self-contained page (inline CSS, no scripts, no external assets) for screen and print.

Every piece of KB text goes through `_e` (control characters removed, then HTML-escaped), so KB
text can never become markup. A Content-Security-Policy forbids scripts and every fetch as a
second line of defence, which also keeps the PDF renderer off the network.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from spinecli import __version__
from spinecli.render.doc import Block, Bullets, Doc, Fields, Image, Section, Table, Text
from spinecli.render.escape import clean

PAPERS = {"letter": "letter", "a4": "A4"}

# Colours as (foreground, background) pairs; tests hold each pair to WCAG AAA contrast (7:1).
INK, PAPER = "#1a1a1a", "#ffffff"
PALETTE = {
    "text": (INK, PAPER),
    "heading": ("#1f3f66", PAPER),
    "muted": ("#4a4a4a", PAPER),
    "danger": ("#8a0010", "#fff4f4"),
    "clinic": (INK, "#f1f5fa"),
}

CSS = """
:root { color-scheme: light; }
html { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: %(text_fg)s; background: %(text_bg)s; }
body { max-width: 44rem; margin: 1.5rem auto; padding: 0 1rem; overflow-wrap: break-word; }
h1, h2, h3 { line-height: 1.25; color: %(heading_fg)s; }
h1 { font-size: 1.9rem; margin: 0 0 0.75rem; }
h2 { font-size: 1.35rem; margin: 1.5rem 0 0.5rem; padding-bottom: 0.15rem;
  border-bottom: 2px solid %(heading_fg)s; }
h3 { font-size: 1.12rem; margin: 1rem 0 0.35rem; }
p { margin: 0.4rem 0; }
ul, ol { margin: 0.3rem 0; padding-left: 1.6rem; }
li { margin: 0.25rem 0; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { position: relative; padding-left: 2rem; }
ul.checklist li::before { content: ""; position: absolute; left: 0.15rem; top: 0.2em;
  width: 0.95em; height: 0.95em; box-sizing: border-box; border: 2px solid %(text_fg)s;
  border-radius: 2px; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem;
  margin: 0.5rem 0 1rem; padding: 0.6rem 1rem; color: %(clinic_fg)s; background: %(clinic_bg)s;
  border: 1px solid %(heading_fg)s; border-radius: 4px; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
section.danger { border-left: 6px solid %(danger_fg)s; padding-left: 0.9rem; }
section.danger > h2, section.danger h3.danger, p.danger { color: %(danger_fg)s; }
section.danger section.danger { background: %(danger_bg)s; padding: 0.1rem 0.8rem 0.4rem;
  border-left: none; border-radius: 4px; }
.muted { color: %(muted_fg)s; font-size: 0.92rem; }
.note { font-style: italic; }
.label { font-weight: bold; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid %(muted_fg)s; padding: 0.2rem 0.5rem; text-align: left;
  vertical-align: top; }
img.logo { display: block; max-width: 16rem; max-height: 4.5rem; margin: 0 0 0.5rem; }
ol { padding-left: 2.4em; }
article + article { margin-top: 3rem; border-top: 3px double %(muted_fg)s; padding-top: 1rem; }
@media print {
  @page { margin: 12mm 14mm 14mm;%(page_size)s
    @bottom-right { content: "Page " counter(page) " of " counter(pages);
      font-family: "DejaVu Sans", sans-serif; font-size: 9pt; color: %(muted_fg)s; } }
  /* Compact for paper: a handout fits one or two pages (tests/test_handout_pages.py). */
  html { font-size: 10pt; line-height: 1.35; }
  body { max-width: none; margin: 0; padding: 0; }
  h1 { font-size: 1.7rem; margin: 0 0 0.4rem; }
  h2 { font-size: 1.2rem; margin: 0.75rem 0 0.3rem; }
  h3 { font-size: 1.02rem; margin: 0.45rem 0 0.15rem; }
  p { margin: 0.25rem 0; }
  li { margin: 0.12rem 0; }
  ul.checklist, section.danger ul { columns: 2; column-gap: 7mm; }
  /* The logo sits at the top right, beside the clinic's details: it costs the page no height. */
  img.logo { float: right; max-width: 50mm; max-height: 14mm; margin: 0 0 0 4mm; }
  .muted { font-size: 0.85rem; }
  dl.fields { grid-template-columns: max-content 1fr max-content 1fr; margin: 0.3rem 0 0.5rem;
    padding: 0.35rem 0.8rem; }
  /* A box (a warning, the clinic's details, a short list) and a list item are never split
     across pages; a long list may go on over a page break, so no page is left half empty. */
  section.keep, section.danger, dl.fields, li { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, p.label, p.danger { break-after: avoid; page-break-after: avoid; }
  article + article { break-before: page; page-break-before: always; margin-top: 0;
    border-top: none; padding-top: 0; }
}
"""

# Images only as data: URIs (a clinic's logo, embedded): still no fetch of any kind.
KEEP_ITEMS = 6  # a section with at most this many list items is kept on one page

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)


def _e(text: str) -> str:
    return html.escape(clean(text), quote=True)


def stylesheet(paper: str = "") -> str:
    colours = {
        f"{k}_{side}": v for k, (fg, bg) in PALETTE.items() for side, v in (("fg", fg), ("bg", bg))
    }
    size = f" size: {PAPERS[paper]};" if paper else ""
    return CSS % {**colours, "page_size": size}


def render(docs: Sequence[Doc], *, paper: str = "", lang: str = "en") -> str:
    """One HTML document holding every doc, each in its own <article> (a new page in print).

    paper: "letter" or "a4" fixes the print page size; "" leaves it to the printer settings.
    """
    title = docs[0].title if len(docs) == 1 else f"{len(docs)} patient handouts"
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="spinecli {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{stylesheet(paper)}</style>",
        "</head>",
        "<body>",
    ]
    body = []
    for doc in docs:
        body += ["<article>", f"<h1>{_e(doc.title)}</h1>"]
        for block in doc.blocks:
            body += _block(block, 2)
        body.append("</article>")
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"


def _block(block: Block, level: int) -> list[str]:
    if isinstance(block, Text):
        cls = f' class="{block.tone}"' if block.tone else ""
        return [f"<p{cls}>{_e(block.text)}</p>"]
    if isinstance(block, Fields):
        rows = (f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in block.rows)
        return ['<dl class="fields">', *rows, "</dl>"]
    if isinstance(block, Bullets):
        tag = "ol" if block.style == "numbered" else "ul"
        cls = {"checkbox": ' class="checklist"'}.get(block.style, "")
        return [f"<{tag}{cls}>", *(f"<li>{_e(i)}</li>" for i in block.items), f"</{tag}>"]
    if isinstance(block, Image):
        import base64

        uri = f"data:{block.mime};base64,{base64.b64encode(block.data).decode('ascii')}"
        return [f'<img class="logo" src="{_e(uri)}" alt="{_e(block.alt)}">']
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{_e(c)}</th>' for c in block.columns)
        rows = ("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in block.rows)
        return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody></table>"]
    if isinstance(block, Section):
        h = min(level, 6)
        # A short list (a checklist phase) stays on one page; a long one (sources, steps) may
        # break between items, or it would leave most of a page empty.
        keep = not any(isinstance(b, Section) for b in block.blocks) and (
            sum(len(b.items) for b in block.blocks if isinstance(b, Bullets)) <= KEEP_ITEMS
        )
        classes = " ".join(c for c in (block.tone, "keep" if keep else "") if c)
        cls = f' class="{classes}"' if classes else ""
        heading_cls = f' class="{block.tone}"' if block.tone else ""
        lines = [f"<section{cls}>", f"<h{h}{heading_cls}>{_e(block.title)}</h{h}>"]
        for inner in block.blocks:
            lines += _block(inner, level + 1)
        return [*lines, "</section>"]
    raise TypeError(f"unknown block {block!r}")
