"""Every shipped handout printed by the real headless Chromium, on Letter and on A4, read back.

Seen, not assumed: page counts, where the emergency signs and phones land, whole warning boxes,
no list item split over a page break, no half-empty first page, list numbers not clipped. All
handouts go into one PDF per paper (each starts on a new page), so the suite pays for two
browser runs, not seventy. scripts/check installs chromium and poppler-utils.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from spinecli.clinic import Clinic
from spinecli.handout import Handout, handouts
from spinecli.kb import load_kb
from spinecli.logo import check_logo
from spinecli.pdf import html_to_pdf
from spinecli.render import render_many
from spinecli.render.doc import Block, Bullets, Doc, Section, Text
from spinecli.render.handout_page import EMERGENCY_TITLE, WHEN_TO_CALL, handout_page
from tests.pdf_tools import Page, flat, missing_tools, pages_text, pages_words, pdf_info

pytestmark = pytest.mark.slow  # a real browser; CI runs these too

PAPERS = ("letter", "a4")
MAX_PAGES = 2
# A handout that runs onto a second page fills the first at least this far down (of the page
# height): a box pushed over whole must not leave half a page blank.
MIN_FIRST_PAGE_FILL = 0.6
# A clinic with every field and a wide logo: the fullest first page a handout can have.
LOGO = check_logo(
    b'<svg xmlns="http://www.w3.org/2000/svg" width="270" height="60">'
    b'<rect width="60" height="60" rx="10" fill="#1f3f66"/>'
    b'<text x="72" y="38" font-size="22">Riverside Spine</text></svg>',
    "test logo",
)
CLINIC = Clinic(
    name="Riverside Spine Clinic",
    phone="555 0100",
    after_hours_phone="555 0199",
    address="1 River Road, Springfield",
    logo=LOGO,
)
KB = load_kb([], env="")
PROCEDURES = list(KB.procedures)


@dataclass(frozen=True)
class Printed:
    handout: Handout
    doc: Doc
    texts: tuple[str, ...]  # each page's text, whitespace folded
    pages: tuple[Page, ...]


def _print_all(paper: str, out: Path) -> dict[str, Printed]:
    assert not missing_tools(), (
        f"install the Debian packages {missing_tools()} (scripts/check installs them)"
    )
    every = handouts(KB, [], every=True, clinic=CLINIC).handouts
    pdf = out / f"all-{paper}.pdf"
    pdf.write_bytes(html_to_pdf(render_many(every, "html", paper=paper)))
    assert f"({paper})" in pdf_info(pdf)["Page size"].replace("A4", "a4")
    texts = [flat(t) for t in pages_text(pdf, layout=False)]
    words = pages_words(pdf)
    assert len(words) == len(texts)
    starts: list[int] = []
    for h in every:  # each handout starts a page with its title
        after = starts[-1] + 1 if starts else 0
        found = next(
            n for n in range(after, len(texts)) if texts[n].startswith(flat(h.procedure.name))
        )
        starts.append(found)
    ends = [*starts[1:], len(texts)]
    return {
        h.procedure.id: Printed(h, handout_page(h), tuple(texts[a:b]), tuple(words[a:b]))
        for h, a, b in zip(every, starts, ends, strict=True)
    }


@pytest.fixture(scope="module", params=PAPERS)
def printed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Printed]:
    paper: str = request.param
    return _print_all(paper, tmp_path_factory.mktemp(paper))


def _texts(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Section):
            out += [b.title, *_texts(b.blocks)]
        elif isinstance(b, Text):
            out.append(b.text)
        elif isinstance(b, Bullets):
            out += b.items
    return out


def _section(doc: Doc, title: str) -> Section | None:
    found = [b for b in doc.blocks if isinstance(b, Section) and b.title == title]
    assert len(found) <= 1
    return found[0] if found else None


def _items(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Section):
            out += _items(b.blocks)
        elif isinstance(b, Bullets):
            out += b.items
    return out


def _pages_with(p: Printed, text: str) -> set[int]:
    return {n for n, page in enumerate(p.texts) if flat(text) in page}


@pytest.mark.parametrize("pid", PROCEDURES)
def test_one_or_two_pages(printed: dict[str, Printed], pid: str) -> None:
    assert 1 <= len(printed[pid].texts) <= MAX_PAGES, f"{pid}: {len(printed[pid].texts)} pages"


@pytest.mark.parametrize("pid", PROCEDURES)
def test_first_page_is_not_half_empty(printed: dict[str, Printed], pid: str) -> None:
    p = printed[pid]
    if len(p.pages) < 2:
        return  # one page: nothing was pushed over
    first = p.pages[0]
    lowest = max(w.y1 for w in first.body())
    assert lowest >= MIN_FIRST_PAGE_FILL * first.height, (
        f"{pid}: page 1 ends at {lowest / first.height:.0%} of the page"
    )


@pytest.mark.parametrize("pid", PROCEDURES)
def test_emergency_signs_and_phones_top_of_page_one(printed: dict[str, Printed], pid: str) -> None:
    p = printed[pid]
    page1 = p.texts[0]
    for phone in (CLINIC.phone, CLINIC.after_hours_phone):
        assert phone in page1, f"{pid}: {phone} not on page 1"
    signs = dict(p.handout.warning_signs).get("emergency", ())
    for sign in signs:
        assert flat(sign) in page1, f"{pid}: '{sign}' not on page 1"
    if signs:  # the box's heading in the top third of the page, where the eye lands first
        heading = [w for w in p.pages[0].words if w.text == "Emergency"]
        assert heading and heading[0].y0 < p.pages[0].height / 3, f"{pid}: box low on page 1"


@pytest.mark.parametrize("pid", PROCEDURES)
def test_warning_boxes_are_whole_on_one_page(printed: dict[str, Printed], pid: str) -> None:
    p = printed[pid]
    for title in (EMERGENCY_TITLE, WHEN_TO_CALL):
        box = _section(p.doc, title)
        if box is None:
            assert title == EMERGENCY_TITLE and not dict(p.handout.warning_signs).get("emergency")
            continue
        on = [_pages_with(p, t) for t in _texts((box,))]
        assert all(on), f"{pid}: part of '{title}' not found as one piece on any page"
        common = set.intersection(*on)
        assert common, f"{pid}: '{title}' split over pages {sorted(set.union(*on))}"


@pytest.mark.parametrize("pid", PROCEDURES)
def test_no_list_item_is_split_across_pages(printed: dict[str, Printed], pid: str) -> None:
    p = printed[pid]
    split = [item for item in _items(p.doc.blocks) if not _pages_with(p, item)]
    assert not split, f"{pid}: items not whole on one page: {split}"


def test_the_split_check_can_fail() -> None:
    """An item broken over two pages is found on neither page whole."""
    page = Page(612.0, 792.0, ())
    p = Printed(
        handouts(KB, [PROCEDURES[0]]).handouts[0],
        Doc("x", (Bullets(("Rest for a day.",)),)),
        ("... Rest for", "a day. ..."),
        (page, page),
    )
    assert not _pages_with(p, "Rest for a day.")
    assert _pages_with(p, "Rest for")


@pytest.mark.parametrize("paper", PAPERS)
def test_full_source_list_numbers_are_not_clipped(paper: str, tmp_path: Path) -> None:
    """`--sources full` on the handout with the most sources: every number is read back whole
    ("10.", not "l0." or "0.") and starts right of the section heading's left edge."""
    assert not missing_tools(), (
        f"install the Debian packages {missing_tools()} (scripts/check installs them)"
    )
    pid = max(KB.procedures, key=lambda i: len(KB.procedures[i].sources))
    [h] = handouts(KB, [pid], clinic=CLINIC, sources="full").handouts
    assert len(h.sources) >= 10, "two-digit numbers to check"
    pdf = tmp_path / "full.pdf"
    pdf.write_bytes(html_to_pdf(render_many([h], "html", paper=paper)))
    pages = pages_words(pdf)
    heading = next((n, w) for n, pg in enumerate(pages) for w in pg.words if w.text == "Sources")
    markers = {w.text: w for pg in pages[heading[0] :] for w in pg.words if w.text.endswith(".")}
    for n in range(1, len(h.sources) + 1):
        mark = markers.get(f"{n}.")
        assert mark is not None, f"list number {n}. not read back whole"
        assert mark.x0 >= heading[1].x0 - 0.5, f"{n}. starts left of the text column"
