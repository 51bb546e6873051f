"""Handout Markdown and HTML, parsed: structure, heading order, escaping of hostile KB text."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from spinecli.render.escape import clean
from spinecli.render.html import PALETTE, stylesheet
from tests.conftest import Invoke, write

HOSTILE = (
    '<script>alert("x")</script> & "double" \'single\' [bold red]rich[/] *stars* _under_ '
    "\x1b[31mred\x1b[0m </p><h1>fake</h1> <!-- c --> &amp; `tick` # hash"
)
SHOWN = clean(HOSTILE)  # what a reader should see: the same text without control characters

ALL_PHASES = ("before", "day_of", "first_48_hours", "first_weeks", "follow_up")
ALL_TIERS = ("emergency", "call_clinic", "mention")
H2_ORDER = [
    "Emergency signs",
    "What it is and why it is done",
    "How to get ready",
    "On the day",
    "Your recovery checklist",
    "When to call",
    "Risks",
    "Questions to ask your care team",
    "Where this information comes from",
]


def toml_str(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def hostile_layer(tmp_path: Path) -> Path:
    s = toml_str(HOSTILE)
    lines = [
        '[sources.evil]\ntitle = {s}\npublisher = {s}\nurl = "javascript:alert(1)"',
        "[procedures.alpha-block]",
        # A name is one line of visible text (validation refuses escapes there).
        f"name = {toml_str(SHOWN)}\nsummary = {s}\npurpose = {s}",
        'sources = { append = ["evil"] }',
        "[procedures.alpha-block.recovery]",
        *(f"{phase} = [{s}, {s}]" for phase in ALL_PHASES),
        "[procedures.alpha-block.warning_signs]",
        *(f"{tier} = [{s}]" for tier in ALL_TIERS),
    ]
    return write(tmp_path, "\n".join(lines).replace("{s}", s) + "\n", "hostile.toml")


def hostile_config(tmp_path: Path) -> Path:
    s = toml_str(HOSTILE)
    keys = ("name", "phone", "after_hours_phone", "address")
    return write(tmp_path, "[clinic]\n" + "".join(f"{k} = {s}\n" for k in keys), "clinic.toml")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> list[Node]:
        out = [self]
        for c in self.children:
            if isinstance(c, Node):
                out += c.walk()
        return out

    def find(self, tag: str) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag]


VOID = {"meta", "br", "hr", "img", "input", "link"}


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse_html(text: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], "every element closed"
    return builder


def heading_levels(root: Node) -> list[int]:
    return [int(n.tag[1]) for n in root.walk() if re.fullmatch(r"h[1-6]", n.tag)]


@pytest.fixture
def hostile_html(cli: Invoke, mini: Path, tmp_path: Path) -> tuple[str, TreeBuilder]:
    args = ["--kb", str(hostile_layer(tmp_path)), "handout", "alpha-block", "-f", "html"]
    r = cli(*args, "--config", str(hostile_config(tmp_path)), "--sources", "full")
    assert r.code == 0, r
    return r.out, parse_html(r.out)


ALLOWED_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "article", "section"),
    *("h1", "h2", "h3", "p", "ul", "ol", "li", "dl", "dt", "dd"),
}
ALLOWED_ATTRS = {
    ("html", "lang"),
    ("meta", "charset"),
    ("meta", "http-equiv"),
    ("meta", "content"),
    ("meta", "name"),
    ("section", "class"),
    ("ul", "class"),
    ("p", "class"),
    ("dl", "class"),
    ("h2", "class"),
    ("h3", "class"),
}


def test_hostile_text_stays_text(hostile_html: tuple[str, TreeBuilder]) -> None:
    raw, tree = hostile_html
    root = tree.root
    assert "<script" not in raw.lower() and "\x1b" not in raw
    assert {n.tag for n in root.walk()} - {"#root"} <= ALLOWED_TAGS
    for n in root.walk():
        for name, value in n.attrs.items():
            assert (n.tag, name) in ALLOWED_ATTRS, (n.tag, name, value)
            assert "alert" not in value and "fake" not in value
    assert tree.comments == [], "a KB <!-- --> must not become a comment"
    [h1] = root.find("h1")
    assert h1.text() == SHOWN, "one h1: the KB's <h1> stays text"
    body_text = root.find("body")[0].text()
    # the hostile text appears wherever KB or clinic text is shown: name, summary, purpose,
    # 2 items x 5 phases, 3 tiers, the publisher named under "Where this information comes
    # from", source title and publisher in the full list (on one line), 4 clinic fields and the
    # two phone numbers again under "Call the clinic today".
    assert body_text.count(SHOWN) == 1 + 2 + 10 + 3 + 1 + 2 + 4 + 2
    assert "javascript:alert(1)" in body_text, "a URL is shown as text, never a link"


def test_html_is_self_contained_with_lang_and_csp(hostile_html: tuple[str, TreeBuilder]) -> None:
    raw, tree = hostile_html
    [html] = tree.root.find("html")
    assert html.attrs["lang"] == "en"
    csp = [m.attrs["content"] for m in tree.root.find("meta") if "http-equiv" in m.attrs]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    assert not re.search(r"(?i)\b(src|href)\s*=|@import|url\(", raw)


def test_html_headings_in_order(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    layer = write(
        tmp_path,
        "[procedures.alpha-block.recovery]\n"
        + "".join(f'{p} = ["{p} item."]\n' for p in ALL_PHASES)
        + "[procedures.alpha-block.warning_signs]\n"
        + "".join(f'{t} = ["{t} sign."]\n' for t in ALL_TIERS),
    )
    r = cli("--kb", str(layer), "handout", "alpha-block", "beta-ablation", "-f", "html")
    assert r.code == 0, r
    root = parse_html(r.out).root
    articles = root.find("article")
    assert len(articles) == 2
    for article in articles:
        levels = heading_levels(article)
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    first = articles[0]
    assert [h.text() for h in first.find("h2")] == H2_ORDER
    # every checklist phase is its own keep-together section holding a checklist
    keep = [s for s in first.find("section") if "keep" in s.attrs.get("class", "")]
    phases = [
        s for s in keep if s.find("ul") and "checklist" in s.find("ul")[0].attrs.get("class", "")
    ]
    titles = [(s.find("h2") or s.find("h3"))[0].text() for s in phases]
    assert titles == [
        "How to get ready",
        "On the day",
        "The first 48 hours",
        "The first weeks",
        "Follow-up visits",
        "Questions to ask your care team",
    ]
    tiers = [p.text() for p in first.find("p") if p.text().startswith(("Get", "Call", "Watch"))]
    assert tiers == [
        "Get help now. Call emergency services if you have:",
        "Call the clinic today if you have:",
        "Watch for these, and tell the clinic at your next visit:",
    ]
    # the emergency signs come first, in a warning box of their own, before any other section
    boxes = [s for s in first.find("section") if "danger" in s.attrs.get("class", "")]
    assert first.find("section")[0] is boxes[0]
    assert [li.text() for li in boxes[0].find("li")] == ["emergency sign."]


def test_print_stylesheet() -> None:
    css = stylesheet("a4")
    media = css.split("@media print", 1)[1]
    assert "size: A4;" in media and "size: letter;" in stylesheet("letter")
    assert not re.search(r"(?<![-\w])size:", stylesheet("")), "no paper: the printer decides"
    keep = re.search(r"section\.keep[^{]*\{([^}]*)\}", media)
    assert keep and "break-inside: avoid" in keep.group(1)
    assert re.search(r"article \+ article \{[^}]*break-before: page", media)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("role", sorted(PALETTE))
def test_contrast_meets_wcag_aaa(role: str) -> None:
    fg, bg = PALETTE[role]
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    ratio = (light + 0.05) / (dark + 0.05)
    assert ratio >= 7.0, f"{role}: {fg} on {bg} is {ratio:.2f}:1"


def test_contrast_check_can_fail() -> None:
    light, dark = _luminance("#ffffff"), _luminance("#777777")
    assert (light + 0.05) / (dark + 0.05) < 7.0


# Markdown ---------------------------------------------------------------------------------


def md_tokens(text: str) -> list[object]:
    return list(MarkdownIt("commonmark").parse(text))


def test_markdown_structure(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    r = cli("handout", "alpha-block", "--clinic-name", "Riverside")
    tokens = MarkdownIt("commonmark").parse(r.out)
    headings = [
        (int(t.tag[1]), tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings == [
        (1, "Alpha block"),
        (2, "Emergency signs"),
        (2, "What it is and why it is done"),
        (2, "How to get ready"),
        (2, "Your recovery checklist"),
        (3, "The first 48 hours"),
        (2, "When to call"),
        (2, "Risks"),
        (2, "Questions to ask your care team"),
        (2, "Where this information comes from"),
    ]
    items = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert "[ ] Bring a driver." in items and "[ ] Rest." in items
    assert "New leg weakness." in items, "warning signs are bullets, not checkboxes"
    assert tokens[3].type == "bullet_list_open", "the clinic box comes right after the title"
    assert tokens[6].content == "**Clinic:** Riverside"


def test_markdown_escapes_hostile_text(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    args = ["--kb", str(hostile_layer(tmp_path)), "handout", "alpha-block"]
    r = cli(*args, "--config", str(hostile_config(tmp_path)))
    assert r.code == 0, r
    tokens = MarkdownIt("commonmark").parse(r.out)
    inline = [c for t in tokens if t.children for c in t.children]
    kinds = {t.type for t in tokens} | {c.type for c in inline}
    assert not kinds & {"html_block", "html_inline", "link_open", "code_inline"}
    emphasised = [
        t.children[i + 1].content
        for t in tokens
        for i, c in enumerate(t.children or [])
        if c.type == "em_open" and t.children
    ]
    assert [e.split()[0] for e in emphasised] == ["This", "Educational"], "only our own"
    texts = " ".join(c.content for c in inline if c.type == "text")
    assert "*stars* _under_" in texts and "`tick` # hash" in texts
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 1
    h1_text = "".join(c.content for c in tokens[1].children or [] if c.type == "text")
    assert h1_text == " ".join(SHOWN.split())
