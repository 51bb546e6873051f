"""Hardening: hostile knowledge bases, hostile text, hostile pipes (docs/reliability.md).

KB text and user input are data in every format; damaged or strange KB files end in exit 3
with the path; closed pipes, full disks and Ctrl-C end cleanly; sizes and widths stay bounded.

The two registries below drive the hostile-text, format, width and query checks. A new command
that renders KB text or takes free text joins every check by adding one line to them.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.cells import cell_len

import spinecli.kb
import spinecli.kbcache
import spinecli.model
import spinecli.paths
import spinecli.queries
import spinecli.render
import spinecli.schema
from spinecli.normalize import normalize
from spinecli.render import views
from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.escape import clean
from spinecli.render.escape import markdown as md_escape
from tests.conftest import MINI
from tests.hostile import (
    HOSTILE,
    HOSTILE_ONE_LINE,
    LITERALS,
    hostile_data,
    inert,
    run_main,
    shipped_kb,
    write_toml,
)
from tests.test_terminal import SCRIPT, run_in_pty

# Every command that renders KB text, as argv against the hostile KB (ids from mini.toml).
# A new command joins the hostile-text, format and width checks below with one line here; a
# command whose formats are not table/plain/json/md also gets a line in OWN_FORMATS.
RENDERING: dict[str, list[str]] = {
    "list": ["list"],
    "list --condition": ["list", "--condition", "gamma-pain"],
    "conditions": ["conditions"],
    "explain": ["explain", "alpha-block"],
    "explain with a typo": ["explain", "alpha-blok"],  # a note on stderr quotes KB text
    "treatments": ["treatments", "gamma-pain"],
    "treatments, no procedure": ["treatments", "delta-ache"],
    "recovery": ["recovery", "beta-ablation"],
    "match, a red flag": ["match", "gamma twinge and an omega sign"],
    "match": ["match", "a gamma twinge in my back"],
    "triage": ["triage", "a gamma twinge"],
    "symptoms": ["symptoms"],
    "codes": ["codes"],
    "codes of a condition": ["codes", "gamma-pain"],
    "compare": ["compare", "alpha-block", "beta-ablation"],
    "search": ["search", "alpha"],
    "search, a symptom": ["search", "twinge"],
    "quiz worksheet": ["quiz", "--worksheet", "--seed", "1", "--topic", "alpha-block"],
    "handout": ["handout", "alpha-block"],
    "handouts, all": ["handout", "--all"],
}

# Commands that take free text from the user, as argv around the query: the hostile-input,
# arbitrary-Unicode and 1 MB query checks below cover each.
QUERIES: dict[str, Callable[[str], list[str]]] = {
    "explain": lambda q: ["explain", "--", q],
    "treatments": lambda q: ["treatments", "--", q],
    "recovery": lambda q: ["recovery", "--", q],
    "list --condition": lambda q: ["list", "--condition", q],
    "match": lambda q: ["match", "--", q],
    "triage": lambda q: ["triage", "--", q],
    "codes": lambda q: ["codes", "--", q],
    "search": lambda q: ["search", "--", q],
    "compare": lambda q: ["compare", "--", q, "alpha-block"],
    "quiz --topic": lambda q: ["quiz", "--worksheet", "--seed", "1", "--topic", q],
    "handout": lambda q: ["handout", "--", q],
}

FORMATS = ("table", "plain", "json", "md")
# Commands with other formats than FORMATS, by their first word (pdf needs Chromium: its HTML
# is what the html check covers).
OWN_FORMATS = {"handout": ("md", "html", "plain", "json")}
WIDTHS = (20, 40, 80, 300)
# Rich's escape hatches, spelled the way a hostile query would.
HOSTILE_QUERY = "\x1b[31m[red]zz\x1b]8;;https://evil.example\x07[link=x]y\x9b2J\u202ez"
MD = MarkdownIt("gfm-like")  # CommonMark + GFM tables, strikethrough and linkify (autolinks)


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The hostile KB as the shipped one; returns its data for comparison."""
    data = hostile_data()
    path = write_toml(tmp_path / "hostile.toml", data)
    monkeypatch.setattr(spinecli.paths, "shipped_kb_path", lambda: path)
    monkeypatch.setenv("COLUMNS", "300")
    return data


def tokens(markdown: str) -> Iterator[Token]:
    stack = list(MD.parse(markdown))
    while stack:
        token = stack.pop()
        yield token
        stack.extend(token.children or ())


def active_markdown(markdown: str) -> list[str]:
    """Tokens that would make rendered Markdown more than text: HTML, links, images. The one
    exception is the renderer's own `<br>` between lines of a table cell (KB text's would be
    escaped, so it is never this token)."""
    kinds = {"html_inline", "html_block", "link_open", "image"}
    found = [t for t in tokens(markdown) if t.type in kinds]
    return [t.type for t in found if not (t.type == "html_inline" and t.content == "<br>")]


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


# --- KB text is data, never markup --------------------------------------------------------


def formats_of(name: str) -> tuple[str, ...]:
    return OWN_FORMATS.get(RENDERING[name][0], FORMATS)


@pytest.mark.parametrize(
    ("name", "fmt"), [(name, fmt) for name in RENDERING for fmt in formats_of(name)]
)
def test_hostile_kb_text_stays_text(hostile: dict[str, Any], name: str, fmt: str) -> None:
    r = run_main(*RENDERING[name], "--format", fmt)
    assert r.code == 0, r
    assert not inert(r.out) and not inert(r.err), r
    if fmt in ("table", "plain"):
        assert all(literal in r.out for literal in LITERALS), r
    elif fmt == "md":
        assert not active_markdown(r.out)
        text = "".join(t.content for t in tokens(r.out) if t.type == "text")
        assert all(literal in text for literal in LITERALS)
    elif fmt == "html":
        page = Html()
        page.feed(r.out)
        # KB text adds no element and no attribute: what the page holds is what a benign KB
        # gives, and no attribute points anywhere the KB says.
        assert not [a for a in page.attrs if "evil.example" in a], page.attrs
        assert page.tags == _benign_html_tags(RENDERING[name])
        assert all(literal in page.text for literal in (*LITERALS, "<script>alert(1)</script>"))
    else:
        # JSON is data: the KB's text comes back exactly, escapes and all.
        found = list(strings(json.loads(r.out)))
        assert any(HOSTILE in s for s in found) or any(HOSTILE_ONE_LINE in s for s in found)
    if name == "explain with a typo":
        assert "taken as" in r.err and "[red]RED[/red]" in r.err


class Html(HTMLParser):
    """The tags, attribute values and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs += [v or "" for _, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text += data


def _benign_html_tags(argv: list[str]) -> Counter[str]:
    with shipped_kb(MINI):
        r = run_main(*argv, "--format", "html")
    page = Html()
    page.feed(r.out)
    return page.tags


@pytest.mark.parametrize("name", [n for n in RENDERING if "table" in formats_of(n)])
def test_hostile_kb_text_on_a_colour_terminal(hostile: dict[str, Any], name: str) -> None:
    # The real script on a pseudo-terminal: rich draws in colour, and only its colour codes
    # appear; KB markup stays literal.
    path = spinecli.paths.shipped_kb_path()
    argv = RENDERING[name]
    out = run_in_pty("--kb", str(path), *argv, env={"COLUMNS": "300"})
    assert "\x1b[" in out, out[:300]
    assert not inert(out.replace("\r\n", "\n"), colour=True), out[:300]
    assert all(literal in out for literal in LITERALS)


@pytest.mark.parametrize("name", QUERIES)
def test_hostile_query_echoed_inert(hostile: dict[str, Any], name: str) -> None:
    r = run_main(*QUERIES[name](HOSTILE_QUERY))
    assert r.code in (0, 1), r
    assert not inert(r.out) and not inert(r.err), r


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--region", HOSTILE_QUERY],
        ["conditions", "--region", HOSTILE_QUERY],
        ["list", "--format", HOSTILE_QUERY],
        [HOSTILE_QUERY],
        ["explain"],
        ["--kb", HOSTILE_QUERY, "list"],
        ["validate", HOSTILE_QUERY + ".toml"],
    ],
    ids=["region", "conditions region", "format", "command", "missing argument", "kb", "validate"],
)
def test_errors_echoing_input_are_inert(hostile: dict[str, Any], argv: list[str]) -> None:
    r = run_main(*argv)
    assert r.code in (2, 3), r
    assert r.err and not inert(r.err) and not inert(r.out), r
    assert "Traceback" not in r.err


@pytest.mark.parametrize(
    "argv",
    [
        ["quiz", "--interactive", "--seed", "1", "--topic", "alpha-block"],
        ["triage", "--interactive", "a gamma twinge"],
    ],
    ids=["quiz", "triage"],
)
def test_interactive_sessions_show_kb_text_inertly(
    hostile: dict[str, Any], argv: list[str]
) -> None:
    # Sessions print outside the renderers; stdin here is empty, so each asks its first
    # question (quoting KB text), then ends with its summary.
    r = run_main(*argv)
    assert r.code == 0, r
    assert not inert(r.out) and not inert(r.err), r
    assert "[red]RED[/red]" in r.out


HOSTILE_KEYS = """
[procedures.alpha-block]
"\\u001b[31m[red]key[/red]" = 1
"\\u009b2J" = "x"

["\\u001b]8;;https://evil.example\\u0007[link=x]table"]
a = 1

[procedures."\\u202ebad-\\u001b[1mid"]
name = "x"
"""


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_validate_quotes_hostile_keys_inertly(
    hostile: dict[str, Any], tmp_path: Path, fmt: str
) -> None:
    layer = tmp_path / "keys.toml"
    layer.write_text(HOSTILE_KEYS, encoding="utf-8")
    r = run_main("validate", str(layer), "--format", fmt)
    assert r.code == 3, r
    assert not inert(r.out) and not inert(r.err), r
    if fmt == "json":
        paths = [p["path"] for p in json.loads(r.out)["problems"]]
        assert any("\x1b[31m[red]key[/red]" in p for p in paths), paths  # data kept exactly
    else:
        assert "[red]key[/red]" in r.err and "keys.toml:3" in r.err


@pytest.mark.parametrize("command", ["", "list", "explain", "validate", "treatments"])
def test_help_is_inert(command: str) -> None:
    r = run_main(*([command] if command else []), "--help")
    assert r.code == 0 and r.out and not inert(r.out), r


# Every place a Markdown renderer could see KB text: a paragraph, list items, checkboxes,
# headings, emphasis, field rows and a GFM table cell.
MD_CONTEXTS = (
    "{}",
    "x {}",
    "- {}",
    "1. {}",
    "- [ ] {}",
    "# {}",
    "**{}**",
    "*{}*",
    "- **{}:** {}",
    "| a | b |\n|---|---|\n| {} | {} |",
)
LINKISH = st.sampled_from(
    [
        *"ab1 .:/@<>[]()!*_`#-+=|~&;\\\"'{}\t\n",
        *("http", "www", "com", "://", "//", "&amp;", "&#x", "mailto:", "xmpp:", "localhost"),
        *("127.0.0.1", "é", "\u3002", "\uff48", "<!--", "<div>"),
    ]
)
MD_TEXT = st.lists(LINKISH, max_size=30).map("".join) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=MD_TEXT, context=st.sampled_from(MD_CONTEXTS))
def test_markdown_escape_keeps_text_text(text: str, context: str) -> None:
    escaped = md_escape(text)
    rendered = context.replace("{}", escaped)
    assert not active_markdown(rendered), (text, rendered)
    if context == "x {}":
        # Lossless: what a reader sees is exactly the text, on one line.
        shown = "".join(t.content for t in tokens(rendered) if t.type in ("text", "code_inline"))
        assert shown == f"x {escaped and ' '.join(clean(text).split())}".rstrip()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_leaves_nothing_a_terminal_obeys(text: str) -> None:
    assert not inert(clean(text).replace("\t", " "))


# --- Damaged and arbitrary TOML never crashes ---------------------------------------------


def _mutate(lines: list[str], data: st.DataObject) -> bytes:
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        n = len(lines)
        i = data.draw(st.integers(0, max(n - 1, 0)), label="line")
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "bytes", "text", "cut"]))
        if not lines:
            lines = [""]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, n - 1), label="other line")
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "text":
            lines[i] = data.draw(st.text(max_size=40), label="new line")
        elif op == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])), label="cut at")]
        else:
            junk = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
            raw = lines[i].encode("utf-8", "surrogateescape")
            at = data.draw(st.integers(0, len(raw)), label="at")
            lines[i] = (raw[:at] + junk + raw[at:]).decode("utf-8", "surrogateescape")
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _check_outcome(argv: list[str], path: Path, raw: bytes) -> None:
    path.write_bytes(raw)
    r = run_main(*argv)
    assert r.code in (0, 1, 3), r
    assert not inert(r.err), r
    if r.code == 3:
        assert r.err.startswith("spinecli: ") and str(path) in r.err, r
    if argv[-1] == "json" and r.code == 0:
        json.loads(r.out)


SHIPPED_LINES = spinecli.paths.shipped_kb_path().read_text(encoding="utf-8").splitlines()
COMMAND_ON_KB = st.sampled_from([["validate"], ["list", "-f", "json"], ["explain", "esi"]])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), argv=COMMAND_ON_KB)
def test_mutated_shipped_kb_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, argv: list[str]
) -> None:
    path = tmp_path_factory.mktemp("mutated") / "procedures.toml"
    raw = _mutate(list(SHIPPED_LINES), data)
    with shipped_kb(path):
        _check_outcome(argv, path, raw)


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_as_a_layer_never_crash(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("layer") / "layer.toml"
    with shipped_kb(MINI):
        _check_outcome(["--kb", str(path), "list", "-f", "json"], path, raw)


# TOML that parses, with keys the schema knows or not and values of every type and depth:
# this reaches the validator's every branch instead of stopping at the parser.
KEYS = st.sampled_from(sorted({k for spec in spinecli.schema.SCHEMA.values() for k in spec}))
SCALARS = (
    st.text(max_size=12)
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(KEYS | st.text(), inner, max_size=3)
    ),
    max_leaves=8,
)
ENTITY = st.dictionaries(KEYS, VALUES, max_size=6)
TOP = st.sampled_from([*spinecli.schema.SCHEMA, "extra"])
IDS = st.sampled_from(["alpha-block", "beta-ablation", "gamma-pain", "src-a", "new-id", "Bad_Id"])
LAYER = st.dictionaries(TOP, st.dictionaries(IDS | KEYS, ENTITY | VALUES, max_size=3), max_size=3)


@settings(max_examples=80, deadline=None)
@given(layer=LAYER)
def test_arbitrary_toml_layer_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, layer: dict[str, Any]
) -> None:
    path = tmp_path_factory.mktemp("layer") / "layer.toml"
    with shipped_kb(MINI):
        _check_outcome(
            ["--kb", str(path), "explain", "alpha-block", "-f", "json"], path, _toml(layer)
        )


def _toml(data: dict[str, Any]) -> bytes:
    return tomli_w.dumps(data).encode("utf-8")


# --- JSON round-trips any valid KB --------------------------------------------------------

TEXT = st.text(min_size=1, max_size=30).filter(str.strip)
TEXTS = st.lists(TEXT, min_size=1, max_size=3)
# Names and aliases: no control or format characters, which validation refuses there.
LINE = st.text(
    st.characters(exclude_categories=("Cc", "Cf", "Cs")), min_size=1, max_size=30
).filter(str.strip)


@st.composite
def valid_kbs(draw: st.DrawFn) -> dict[str, Any]:
    """A small valid KB with arbitrary Unicode in every free-text field."""
    n = draw(st.integers(1, 3))
    procedures: dict[str, dict[str, Any]] = {
        f"proc-{i}": {
            "name": draw(LINE),
            "aliases": draw(st.lists(LINE, max_size=2)),
            "summary": draw(TEXT),
            "category": draw(st.sampled_from(spinecli.model.CATEGORIES)),
            "regions": draw(
                st.lists(st.sampled_from(spinecli.model.REGIONS), min_size=1, unique=True)
            ),
            "purpose": draw(TEXT),
            "steps": draw(TEXTS),
            "risks": draw(TEXTS),
            "setting": draw(TEXT),
            "sources": ["src"],
            "recovery": {"before": draw(TEXTS), "follow_up": draw(TEXTS)},
            "warning_signs": {"emergency": draw(TEXTS)},
        }
        for i in range(n)
    }
    condition = {
        "name": draw(LINE),
        "summary": draw(TEXT),
        "regions": ["lumbar"],
        "conservative_care": draw(TEXTS),
        "procedures": [{"id": pid, "role": "therapeutic"} for pid in procedures],
        "sources": ["src"],
    }
    kb = {
        "kb": {"version": draw(TEXT), "reviewed": "2026-01-01"},
        "sources": {"src": {"title": draw(TEXT), "url": draw(TEXT)}},
        "procedures": procedures,
        "conditions": {"cond": condition},
    }
    # Names and aliases must be unique once normalised, as validation demands.
    names = [
        name
        for pid, p in procedures.items()
        for name in {normalize(x) for x in (pid, p["name"], *p["aliases"])} - {""}
    ]
    assume(len(names) == len(set(names)))
    return kb


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kb=valid_kbs())
def test_json_round_trips_any_valid_kb(
    tmp_path_factory: pytest.TempPathFactory, kb: dict[str, Any]
) -> None:
    path = tmp_path_factory.mktemp("kb") / "kb.toml"
    path.write_bytes(_toml(kb))
    with shipped_kb(path):
        listed = run_main("list", "-f", "json")
        assert listed.code == 0, listed
        assert not inert(listed.out)
        got = {p["id"]: p for p in json.loads(listed.out)["procedures"]}
        for pid, want in kb["procedures"].items():
            for key in ("name", "aliases", "summary", "category", "regions"):
                assert got[pid][key] == want[key]
            r = run_main("explain", pid, "-f", "json")
            assert r.code == 0, r
            page = json.loads(r.out)
            for key in ("name", "summary", "purpose", "steps", "risks", "setting"):
                assert page[key] == want[key], key
            phases = {p["phase"]: p["items"] for p in page["phases"]}
            assert phases == want["recovery"]
            assert page["kb_version"] == kb["kb"]["version"]
            assert page["sources"][0]["url"] == kb["sources"]["src"]["url"]
        for fmt in ("table", "plain", "md"):
            r = run_main("explain", next(iter(kb["procedures"])), "-f", fmt)
            assert r.code == 0 and not inert(r.out) and not inert(r.err), r
            if fmt == "md":
                assert not active_markdown(r.out)


@pytest.mark.parametrize("name", QUERIES)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.text() | st.text(st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)))
def test_arbitrary_unicode_queries(name: str, query: str) -> None:
    # Lone surrogates are how Python carries argv bytes that are not UTF-8.
    with shipped_kb(MINI):
        r = run_main(*QUERIES[name](query))
    # Exit 2 only for a query without a word (search: "needs at least one word to look for").
    assert r.code in (0, 1) or (r.code == 2 and not normalize(query)), r
    assert not inert(r.out) and not inert(r.err), r


# --- Pipes and signals ----------------------------------------------------------------------


def _big_layer(tmp_path: Path, size: int = 1_000_000) -> Path:
    """A valid layer whose `list -f json` output is far larger than a pipe's buffer."""
    text = tomli_w.dumps({"procedures": {"alpha-block": {"summary": "word " * (size // 5)}}})
    layer = tmp_path / "big.toml"
    layer.write_text(text, encoding="utf-8")
    return layer


PATIENCE = """
import sys
import spinecli.files
spinecli.files.PIPE_TIMEOUT = 0.5
from spinecli.__main__ import main
sys.argv = ["spinecli", *sys.argv[1:]]
main()
"""


def _run_with_short_pipe_timeout(*argv: str) -> tuple[int, str]:
    """spinecli in a real process that gives a silent pipe half a second, not ten: a FIFO that
    nobody writes to ends the run, and a read that blocked anyway fails on the timeout here
    instead of hanging the suite."""
    proc = subprocess.run(
        [sys.executable, "-c", PATIENCE, *argv], capture_output=True, timeout=60, cwd="/"
    )
    return proc.returncode, proc.stderr.decode()


def _spawn(*argv: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("SPINECLI_KB", "NO_COLOR")}
    return subprocess.Popen([SCRIPT, *argv], env=env, cwd="/", **kwargs)


@pytest.mark.slow
def test_list_into_head_exits_quietly() -> None:
    r = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$0" list | head -1', SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )
    assert r.returncode == 0 and r.stderr == "" and r.stdout.count("\n") == 1, r


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["list"], ["--help"], ["--version"], ["validate"]], ids=str)
def test_reader_gone_before_output_exits_quietly(argv: list[str]) -> None:
    # The pipe has no reader at all by the time spinecli writes: every write fails with EPIPE.
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = _spawn(*argv, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == b"", err


def _spawn_big_list(tmp_path: Path) -> subprocess.Popen[bytes]:
    """`list -f json` of a KB whose output is far larger than a pipe's buffer, stdout piped."""
    argv = [
        "--kb",
        str(_mini_copy(tmp_path)),
        "--kb",
        str(_big_layer(tmp_path)),
        "list",
        "-f",
        "json",
    ]
    return _spawn(*argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_reader_leaving_mid_output_exits_quietly(tmp_path: Path) -> None:
    # The output is ten times a pipe's buffer, so spinecli is still writing when we leave.
    proc = _spawn_big_list(tmp_path)
    assert proc.stdout is not None and proc.stdout.read(100)
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == b"", err


@pytest.mark.slow
def test_ctrl_c_while_writing_ends_with_130(tmp_path: Path) -> None:
    # spinecli is blocked writing into a full pipe (we read one byte of a megabyte) when the
    # real SIGINT arrives: a terminal's Ctrl-C, delivered to a real process.
    proc = _spawn_big_list(tmp_path)
    assert proc.stdout is not None and proc.stdout.read(1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().endswith("spinecli: interrupted\n") and b"Traceback" not in err, err


@pytest.mark.slow
def test_ctrl_c_while_reading_stdin_ends_with_130() -> None:
    # `match -` waits for symptoms on stdin; the pipe stays open and empty. The signal is sent
    # once the kernel reports the process asleep reading a pipe (/proc/PID/wchan), so it lands
    # in the read, where a person's Ctrl-C would.
    proc = _spawn(
        "match", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    wchan = Path(f"/proc/{proc.pid}/wchan")
    for _ in range(600):  # at most 30 s
        if proc.poll() is not None or "pipe" in wchan.read_text():
            break
        time.sleep(0.05)
    assert proc.poll() is None and "pipe" in wchan.read_text(), proc.communicate()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and out == b"", err
    assert err == b"\nspinecli: interrupted\n", err


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["writing", "reading"])
def test_sigterm_unwinds_like_ctrl_c_and_ends_with_143(tmp_path: Path, stage: str) -> None:
    """Issue 18, defect 5: SIGTERM had no handler; now it unwinds (temp files and child
    processes are cleaned up by the same `finally` blocks as Ctrl-C) and exits 143."""
    if stage == "writing":
        proc = _spawn_big_list(tmp_path)
        assert proc.stdout is not None and proc.stdout.read(1)
    else:
        proc = _spawn(
            "match", "-", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        wchan = Path(f"/proc/{proc.pid}/wchan")
        for _ in range(600):
            if proc.poll() is not None or "pipe" in wchan.read_text():
                break
            time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert err.decode().endswith("spinecli: terminated\n") and b"Traceback" not in err, err


def _mini_copy(tmp_path: Path) -> Path:
    """mini.toml as a layer: the big layer's `alpha-block` needs it in the real process."""
    path = tmp_path / "mini.toml"
    shutil.copy(MINI, path)
    return path


class _RefuseImport:
    """A meta-path finder that is interrupted while importing one module, as Ctrl-C would."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, name: str, *_: object) -> None:
        if name == self.name:
            raise KeyboardInterrupt


def _interrupt(*_: object, **__: object) -> Any:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "stage", ["importing", "loading the KB", "querying", "rendering", "writing"]
)
def test_ctrl_c_at_every_stage_ends_with_130(
    stage: str, hostile: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    if stage == "importing":
        monkeypatch.delitem(sys.modules, "spinecli.cli")
        monkeypatch.setattr(sys, "meta_path", [_RefuseImport("spinecli.cli"), *sys.meta_path])
    else:
        target = {
            "loading the KB": (spinecli.kbcache, "load_kb"),
            "querying": (spinecli.queries, "explain"),
            "rendering": (spinecli.render, "render"),
            "writing": (sys.modules["spinecli.cli.output"], "write"),
        }[stage]
        monkeypatch.setattr(*target, _interrupt)
    r = run_main("explain", "alpha-block")
    assert (r.code, r.out, r.err) == (130, "", "\nspinecli: interrupted\n")


WRITERS = [["list"], ["explain", "esi", "-f", "json"], ["validate"], ["--version"], ["--help"]]


@pytest.mark.slow
@pytest.mark.parametrize("argv", WRITERS, ids=" ".join)
def test_full_disk_is_an_output_error(argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = _spawn(*argv, stdout=full, stderr=subprocess.PIPE)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 4, err
    assert err == b"spinecli: cannot write output: No space left on device\n"


@pytest.mark.slow
@pytest.mark.parametrize("argv", WRITERS, ids=" ".join)
def test_closed_stdout_is_an_output_error(argv: list[str]) -> None:
    r = subprocess.run(
        ["bash", "-c", 'exec "$0" "$@" >&-', SCRIPT, *argv],
        capture_output=True,
        timeout=60,
        cwd="/",
    )
    assert r.returncode == 4, r
    assert r.stderr == b"spinecli: cannot write output: standard output is closed\n"


@pytest.mark.slow
@pytest.mark.parametrize(("argv", "code"), [(["list"], 0), (["explain", "zzz"], 1)])
def test_closed_stderr_still_gives_the_exit_status(argv: list[str], code: int) -> None:
    r = subprocess.run(
        ["bash", "-c", 'exec "$0" "$@" 2>&-', SCRIPT, *argv], capture_output=True, timeout=60
    )
    assert r.returncode == code, r


# --- Sizes and shapes -----------------------------------------------------------------------


def test_50_mb_kb_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: costs no disk, and is never read
    with shipped_kb(MINI):
        r = run_main("--kb", str(big), "list")
    assert r.code == 3 and f"{big}: is larger than 5 MB" in r.err, r


def test_a_file_larger_than_it_says_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc files report size 0; the read itself stops past the limit.
    monkeypatch.setattr(spinecli.kb, "MAX_KB_BYTES", 100)
    with shipped_kb(MINI):
        r = run_main("--kb", "/proc/self/status", "list")
    assert r.code == 3 and "/proc/self/status: is larger than" in r.err, r


DEPTH = 5000


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * DEPTH + "]" * DEPTH,
        "a = " + "{ b = " * DEPTH + "1" + " }" * DEPTH,
        "a" + ".b" * DEPTH + " = 1",
        "[" + ".".join(["t"] * DEPTH) + "]",
        "[procedures.alpha-block]\nsteps = " + "[" * DEPTH + "]" * DEPTH,
    ],
    ids=["arrays", "inline tables", "dotted key", "table header", "inside a field"],
)
def test_deep_nesting_is_a_kb_error(tmp_path: Path, text: str) -> None:
    layer = tmp_path / "deep.toml"
    layer.write_text(text, encoding="utf-8")
    with shipped_kb(MINI):
        r = run_main("--kb", str(layer), "list")
    assert r.code == 3 and str(layer) in r.err and not inert(r.err), r


@pytest.mark.parametrize("fmt", FORMATS)
def test_very_long_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    long_name = "N" * 5_000  # one word, longer than any terminal
    summary = "word " * 20_000
    layer = write_toml(
        tmp_path / "long.toml",
        {"procedures": {"alpha-block": {"name": long_name, "summary": summary.strip()}}},
    )
    monkeypatch.setenv("COLUMNS", "80")
    with shipped_kb(MINI):
        r = run_main("--kb", str(layer), "list", "-f", fmt)
    assert r.code == 0, r
    if fmt == "json":
        got = json.loads(r.out)["procedures"][0]
        assert (got["name"], got["summary"]) == (long_name, summary.strip())
    elif fmt == "table":
        assert max(map(cell_len, r.out.splitlines())) <= 80
        # A listing keeps its row on one line: the name cut, and the note says where it is whole.
        assert "N" * 10 + "…" in r.out and "-f plain shows every cell" in " ".join(r.out.split())


@pytest.mark.parametrize("name", QUERIES)
def test_one_megabyte_query(hostile: dict[str, Any], name: str) -> None:
    query = ("lower back pain, " * 70_000)[:1_000_000]
    r = run_main(*QUERIES[name](query))
    assert r.code in (0, 1), r
    assert len(r.err) < 1_000 and not inert(r.err), r  # not echoed back whole


# --- Files that are not what they seem --------------------------------------------------------


def _fifo(d: Path) -> Path:
    os.mkfifo(d / "fifo.toml")
    return d / "fifo.toml"


def _socket(d: Path) -> Path:
    path = d / "sock.toml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


def _loop(d: Path) -> Path:
    (d / "a.toml").symlink_to(d / "b.toml")
    (d / "b.toml").symlink_to(d / "a.toml")
    return d / "a.toml"


def _latin1(d: Path) -> Path:
    path = d / "latin1.toml"
    path.write_bytes(
        '[procedures.alpha-block]\nsetting = "Clinique Sainte-Thérèse"\n'.encode("latin-1")
    )
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d, "is a directory"),
        (_fifo, "is a pipe that sent nothing for 0.5 s"),
        (_socket, "cannot read"),
        (lambda d: Path("/dev/null"), "is a device, not a file"),
        (_loop, "cannot read: Too many levels of symbolic links"),
        (_latin1, "is not UTF-8 text (bad byte at offset 54)"),
        (lambda d: d / "missing.toml", "no such file"),
        (lambda d: d / "missing.toml" / "below.toml", "no such file"),
    ],
    ids=["directory", "fifo", "socket", "device", "symlink loop", "latin-1", "missing", "below"],
)
def test_strange_layers_give_exit_3_with_the_path(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    if path.name == "fifo.toml":
        code, err = _run_with_short_pipe_timeout("--kb", str(MINI), "--kb", str(path), "list")
    else:
        with shipped_kb(MINI):
            r = run_main("--kb", str(path), "list")
        code, err = r.code, r.err
    assert code == 3 and f"{path}: {message}" in err, err


@pytest.mark.parametrize(
    ("error", "message"),
    [(errno.EACCES, "permission denied"), (errno.EIO, "cannot read: Input/output error")],
)
def test_unreadable_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, message: str
) -> None:
    # Root reads a chmod 000 file regardless, and the tests may run as root: the failure is
    # injected where the loader opens the file instead.
    path = tmp_path / "secret.toml"
    path.write_text("[kb]\n", encoding="utf-8")
    real_open = os.open

    def refuse(file: Any, *args: Any, **kwargs: Any) -> int:
        if str(file) == str(path):
            raise OSError(error, os.strerror(error), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with shipped_kb(MINI):
        r = run_main("--kb", str(path), "list")
    assert r.code == 3 and f"{path}: {message}" in r.err, r


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_fifo, "is a pipe that sent nothing for 0.5 s"),
        (lambda d: d, "is a directory"),
        (lambda d: _deep(d / "deep.toml"), "is nested too deeply to read"),
    ],
    ids=["fifo", "directory", "deep"],
)
def test_strange_clinic_configs(tmp_path: Path, make: Callable[[Path], Path], message: str) -> None:
    # The handout's clinic config goes through the same reader as KB layers.
    path = make(tmp_path)
    code, err = _run_with_short_pipe_timeout("handout", "esi", "--config", str(path))
    assert code == 2 and f"config {path}: {message}" in err, err


def _deep(path: Path) -> Path:
    path.write_text("a = " + "[" * DEPTH + "]" * DEPTH, encoding="utf-8")
    return path


COMPLETE = """
import sys
from spinecli.complete import candidates
print("\\n".join(candidates("procedure", "", sys.argv[1:])))
"""


@pytest.mark.slow
def test_completion_offers_kb_names_inertly_and_never_waits(tmp_path: Path) -> None:
    # TAB completion reads the layers too: a FIFO among them is skipped at once (a real
    # process, against a hang), and hostile names reach the shell's list without escapes.
    hostile = write_toml(tmp_path / "hostile.toml", hostile_data())
    proc = subprocess.run(
        [sys.executable, "-c", COMPLETE, str(_fifo(tmp_path)), str(hostile)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )
    assert proc.returncode == 0 and proc.stderr == "", proc
    assert "alpha-block" in proc.stdout and "[red]RED[/red]" in proc.stdout
    assert not inert(proc.stdout)


@pytest.mark.slow
def test_a_pipe_is_a_layer(tmp_path: Path) -> None:
    # `generate | spinecli --kb /dev/stdin ...` and `--kb <(generate)`: read to end of file.
    layer = b'[procedures.alpha-block]\nsetting = "From a pipe"\n'
    proc = _spawn(
        *("--kb", str(MINI), "--kb", "/dev/stdin", "explain", "alpha-block"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = proc.communicate(layer, timeout=60)
    assert proc.returncode == 0 and b"From a pipe" in out, err


@pytest.mark.slow
def test_stdin_redirected_from_a_file_is_a_layer(tmp_path: Path) -> None:
    # Refusing pipes still leaves `--kb /dev/stdin < clinic.toml`: that is a regular file.
    layer = tmp_path / "clinic.toml"
    layer.write_text('[procedures.alpha-block]\nsetting = "From stdin"\n', encoding="utf-8")
    with open(layer, "rb") as stdin:
        proc = _spawn(
            "--kb",
            str(MINI),
            "--kb",
            "/dev/stdin",
            "explain",
            "alpha-block",
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and b"From stdin" in out, err


# --- Widths -----------------------------------------------------------------------------------


def _doc_strings(block: Doc | Block, cut: bool = False) -> Iterator[str]:
    """The text a page shows, less the cells of listings when `cut` (the table format cuts
    those to one line per row: tests/test_layout.py)."""
    if isinstance(block, Doc | Section):
        yield block.title
        for inner in block.blocks:
            yield from _doc_strings(inner, cut)
    elif isinstance(block, Text):
        yield block.text
    elif isinstance(block, Fields):
        for label, value in block.rows:
            yield from (label, value)
    elif isinstance(block, Bullets):
        yield from block.items
    elif isinstance(block, Table) and not (cut and block.cut):
        # Column names are ours, not KB text; a narrow table shows rows as records without them.
        for row in block.rows:
            yield from row


@pytest.fixture
def docs(monkeypatch: pytest.MonkeyPatch) -> list[Doc]:
    """Records every document a command renders, to compare its text with the output."""
    seen: list[Doc] = []
    real = views.to_doc

    def record(result: object) -> Doc:
        seen.append(real(result))
        return seen[-1]

    monkeypatch.setattr(views, "to_doc", record)
    return seen


def _check_width(r: Any, docs: list[Doc], fmt: str, width: int) -> None:
    assert r.code == 0, r
    content = "\n".join(s for doc in docs for s in _doc_strings(doc, fmt == "table"))
    if fmt == "table":
        # A URL wider than the page has a line of its own, whole (the terminal wraps it softly).
        lines = [x for x in r.out.splitlines() if not re.fullmatch(r"[│ ]*(\S+ +)?https?://\S+", x)]
        assert max(map(cell_len, lines)) <= width
        # Lossless: every character of the page's text is somewhere in the output; Rich's
        # ellipsis or a column squeezed to nothing would lose some.
        wanted = Counter(c for c in clean(content) if not c.isspace())
        assert not wanted - Counter(r.out), (wanted - Counter(r.out)).most_common(5)
    else:
        # Plain text keeps every character too (danger titles in capitals, hence casefold).
        wanted = Counter(c for c in clean(content).casefold() if not c.isspace())
        lost = wanted - Counter(r.out.casefold())
        assert not lost, lost.most_common(5)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("fmt", ["table", "plain"])
@pytest.mark.parametrize("name", [n for n in RENDERING if "table" in formats_of(n)])
def test_widths_hostile(
    hostile: dict[str, Any],
    docs: list[Doc],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    fmt: str,
    width: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    _check_width(run_main(*RENDERING[name], "-f", fmt), docs, fmt, width)


SHIPPED_PAGES = [
    ["list"],
    ["conditions"],
    ["explain", "esi"],
    ["treatments", "sciatica"],
    ["recovery", "kyphoplasty"],
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("argv", SHIPPED_PAGES, ids=" ".join)
def test_widths_shipped(
    docs: list[Doc], monkeypatch: pytest.MonkeyPatch, argv: list[str], width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    _check_width(run_main(*argv, "-f", "table"), docs, "table", width)


@pytest.mark.parametrize("columns", ["abc", "-5", "0", "", "99999999999"])
def test_any_columns_value_is_survived(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    with shipped_kb(MINI):
        r = run_main("explain", "alpha-block", "-f", "table")
    assert r.code == 0 and max(map(cell_len, r.out.splitlines())) <= 1000, r
