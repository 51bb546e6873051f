"""Source URLs as OSC 8 hyperlinks: on a colour terminal only (never in a pipe, plain, Markdown,
JSON or without colour), and only for a URL that cannot carry an escape sequence."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomli

from spinecli.render.escape import hyperlink, link_url, unlink
from tests.conftest import MINI
from tests.hostile import inert, write_toml
from tests.pty_helpers import on_terminal

SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"
OSC8 = "\x1b]8;"
COLOUR = {"TERM": "xterm-256color"}


def terminal(*argv: str, env: dict[str, str] | None = None) -> str:
    code, out = on_terminal([SCRIPT, *argv], rows=400, env={**COLOUR, **(env or {})})
    assert code == 0, out[-500:]
    return out.replace("\r\n", "\n")


def esi_urls() -> list[str]:
    r = subprocess.run(
        [SCRIPT, "explain", "esi", "-f", "json"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    urls = [s["url"] for s in json.loads(r.stdout)["sources"] if s.get("url")]
    assert urls
    return urls


def test_source_urls_are_hyperlinks_on_a_colour_terminal() -> None:
    out = terminal("explain", "esi")
    for url in esi_urls():
        assert hyperlink(url, url) in out, url
    assert not inert(out, colour=True)


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["--color", "never"], {}),
        (["--no-color"], {}),
        ([], {"NO_COLOR": "1"}),
        ([], {"TERM": "dumb"}),
        (["-f", "plain"], {}),
        (["-f", "md"], {}),
        (["-f", "json"], {}),
    ],
)
def test_no_hyperlinks_without_colour_or_in_other_formats(
    argv: list[str], env: dict[str, str]
) -> None:
    out = terminal("explain", "esi", *argv, env=env)
    assert "sources" in out.lower()  # the page's sources are shown, as text
    assert OSC8 not in out


@pytest.mark.parametrize(
    ("argv", "env"), [([], {}), (["--color", "always"], {}), ([], {"FORCE_COLOR": "1"})]
)
def test_no_hyperlinks_in_a_pipe(argv: list[str], env: dict[str, str]) -> None:
    r = subprocess.run(
        [SCRIPT, "explain", "esi", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **COLOUR, **env},
    )
    assert r.returncode == 0, r.stderr
    assert esi_urls()[0] in r.stdout and OSC8 not in r.stdout


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a\x1b]8;;https://evil.example\x1b\\",
        "https://example.org/a\x1b]0;title\x07",
        "https://example.org/a\x07",
        "https://example.org/\u202egnp.exe",
        "https://example.org/\x9b31m",
    ],
)
def test_a_hostile_source_url_stays_plain_text(tmp_path: Path, url: str) -> None:
    data = tomli.loads(MINI.read_text(encoding="utf-8"))
    data["sources"]["src-a"]["url"] = url
    kb = write_toml(tmp_path / "kb.toml", data)
    out = terminal("--kb", str(kb), "explain", "alpha-block")
    assert "\x1b[" in out  # in colour
    # The page also cites shipped sources, which are linked; this one is not, and nothing in it
    # reaches the terminal as an escape.
    assert OSC8 in out and f"{OSC8};https://example.org/" not in out
    assert not inert(out, colour=True), out
    assert "https://example.org/" in out  # the URL's text, cleaned, is still there


def test_a_safe_source_url_of_a_kb_is_linked() -> None:
    data = tomli.loads(MINI.read_text(encoding="utf-8"))
    url = data["sources"]["src-a"]["url"]
    out = terminal("--kb", str(MINI), "explain", "alpha-block")
    assert hyperlink(url, url) in out and not inert(out, colour=True)


def test_inert_flags_every_other_osc_sequence() -> None:
    url = "https://example.org/a"
    assert not inert(hyperlink(url, url), colour=True)
    assert inert(hyperlink(url, url))  # without colour, no link is ours
    assert inert(hyperlink("https://evil.example", "click"), colour=True)  # text not the URL
    assert inert(hyperlink("file:///etc/passwd", "file:///etc/passwd"), colour=True)
    assert inert("\x1b]8;id=1;https://x.example\x1b\\https://x.example\x1b]8;;\x1b\\", colour=True)
    assert inert("\x1b]0;title\x07", colour=True)
    assert inert(hyperlink(url, url)[:-2], colour=True)  # an unclosed link


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1&c=%20#d", True),
        ("http://example.org", True),
        ("https://example.org/a b", False),
        ("https://example.org/\x1b\\", False),
        ("https://example.org/\x07", False),
        ("https://example.org/é", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://" + "a" * 3000, False),
    ],
)
def test_link_url(url: str, safe: bool) -> None:
    assert (link_url(url) == url) is safe
    assert link_url(url) in (url, None)


def test_unlink_keeps_the_text() -> None:
    url = "https://example.org/a"
    assert unlink(f"see {hyperlink(url, url)} now") == f"see {url} now"


def test_no_hyperlinks_through_the_pager() -> None:
    # `tee` as the pager shows on the terminal exactly what the pager was sent.
    code, out = on_terminal(
        [SCRIPT, "explain", "esi"], rows=10, env={**COLOUR, "SPINECLI_PAGER": "tee"}
    )
    assert code == 0, out[-500:]
    assert "\x1b[" in out and esi_urls()[0] in out
    assert OSC8 not in out


def handout_urls() -> list[str]:
    r = subprocess.run(
        [SCRIPT, "handout", "esi", "--sources", "full", "-f", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    (handout,) = json.loads(r.stdout)["handouts"]
    urls = [s["url"] for s in handout["sources"] if s.get("url")]
    assert urls
    return urls


def test_handout_source_urls_are_hyperlinks_on_a_colour_terminal() -> None:
    out = terminal("handout", "esi", "--sources", "full")
    for url in handout_urls():
        assert hyperlink(url, url) in out, url
    assert not inert(out, colour=True)


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["--no-color"], {}),
        (["--color", "never"], {}),
        ([], {"NO_COLOR": "1"}),
        (["-f", "md"], {}),
        (["-f", "plain"], {}),
        (["-o", "-"], {}),
    ],
)
def test_no_handout_hyperlinks_without_colour_or_as_a_file(
    argv: list[str], env: dict[str, str]
) -> None:
    out = terminal("handout", "esi", "--sources", "full", *argv, env=env)
    assert handout_urls()[0] in out.replace("\\", "")  # as text (Markdown escapes its dots)
    assert OSC8 not in out


@pytest.mark.parametrize("argv", [["--color", "always"], ["-o", "esi.md"]])
def test_no_handout_hyperlinks_in_a_pipe_or_a_file(tmp_path: Path, argv: list[str]) -> None:
    r = subprocess.run(
        [SCRIPT, "handout", "esi", "--sources", "full", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, **COLOUR, "FORCE_COLOR": "1"},
    )
    assert r.returncode == 0, r.stderr
    written = r.stdout + "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert handout_urls()[0] in written.replace("\\", "") and OSC8 not in written
