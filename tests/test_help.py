"""Every command's --help teaches: examples that run, the JSON keys pointed to, and text that
reads at 80 columns (no choice list split, `spinecli[codes]` as written)."""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spinecli.cli.application import COMMANDS
from tests.conftest import Invoke

NAMES = [name for name, _ in COMMANDS]
SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"


def _help(cli: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, width: int = 80) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli(name, "--help")
    assert r.code == 0, r
    return r.out


def _examples(text: str) -> list[str]:
    """The command lines under "Examples:" in a help page (each under its `# what` line)."""
    block = text.split("Examples:", 1)[1].split("JSON keys", 1)[0]
    lines = [line.strip(" │") for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("# ")]


def _run_piped(line: str, cwd: Path) -> str:
    """A pipeline as a user types it, run by the shell with this environment's spinecli."""
    path = f"{Path(SCRIPT).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "PATH": path}
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {line}"], cwd=cwd, env=env, capture_output=True
    )
    assert done.returncode == 0, (line, done.stderr)
    return done.stdout.decode()


@pytest.mark.parametrize("name", NAMES)
def test_help_has_examples_that_run(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    text = _help(cli, monkeypatch, name)
    examples = _examples(text)
    assert len(examples) >= 2, text
    assert "docs/json.md" in text and "-f json" in text
    monkeypatch.chdir(tmp_path)  # a handout example writes a file
    for line in examples:
        if line.startswith("spinecli "):
            argv = shlex.split(line)[1:]
            assert argv[0] == name, argv
            r = cli(*argv)
            assert r.code == 0, (argv, r)
            out = r.out
            assert out or (tmp_path / "esi.html").exists(), argv
        else:  # a pipeline into the command: every example line is one or the other
            assert f"| spinecli {name} " in line, line
            out = _run_piped(line, tmp_path)
            assert out, line
        if "-f json" in line:
            json.loads(out)


@pytest.mark.parametrize(
    ("name", "shown"), [("match", "| spinecli match"), ("triage", "| spinecli triage")]
)
def test_help_shows_reading_a_pipe(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, shown: str
) -> None:
    """match and triage read their text from a pipe; their help shows it (issue 15 item 6)."""
    assert any(shown in line for line in _examples(_help(cli, monkeypatch, name)))


def test_handout_help_shows_stdout_as_dash(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    assert any(line.endswith("-o -") for line in _examples(_help(cli, monkeypatch, "handout")))


def test_codes_help_names_the_extra(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join(_help(cli, monkeypatch, "codes", 200).split())
    assert "pip install 'spinecli[codes]'" in text


def test_man_page_has_the_examples_without_markup() -> None:
    from spinecli.manpage import page

    man = page()
    assert "spinecli[codes]" in man and "spinecli\\e[codes]" not in man
    assert man.count("Examples:") == len(NAMES)


CHOICES = re.compile(r"<[a-z|]*\|[a-z|]*>|\[[a-z|]*\|[a-z|]*\]")


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", NAMES)
def test_choice_lists_never_split(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, width: int
) -> None:
    text = _help(cli, monkeypatch, name, width)
    # A choice list cut by the column edge leaves an opening `<` or `[` without its close.
    for line in text.splitlines():
        for opened in re.finditer(r"([<\[])[a-z]+\|", line):  # <auto|... or [table|...
            closer = ">" if opened[1] == "<" else "]"
            assert closer in line[opened.start() :], line
    flat = " ".join(part.strip(" │") for part in text.splitlines())
    for found in CHOICES.findall(flat):
        assert found in text, found


SENTENCE_END = (".", ":", ";", "!", "?", ")")


def _breaks(text: str, width: int) -> list[str]:
    """Lines of a help page cut before the edge inside a sentence: the next line's first word
    would have fitted, so the source's newline, not the wrap, ended the line. Rich wraps
    greedily, so a reflowed sentence never leaves room for the word after it. The Examples
    block is a listing, kept line by line on purpose; Typer puts `[default: ...]` on a line of
    its own."""
    listing = re.compile(r" *(# |spinecli )")
    found = []
    for line, after in itertools.pairwise(text.splitlines()):
        if listing.match(line) or listing.match(after):
            continue
        if line.startswith("│") and after.startswith("│"):  # a cell in a panel
            inner = after.rstrip()[1:-1]
            column = len(inner) - len(inner.lstrip()) + 1
            edge = len(after.rstrip()) - 2  # the border and the panel's padding
            if column <= 2:  # the next row, not the rest of this cell
                continue
        elif line.startswith(" ") and after.startswith(" "):  # the command's description
            column, edge = 1, width - 1
        else:
            continue
        head, tail = line[column:].rstrip(" │"), after[column:].strip(" │")
        if not head or not tail or tail.startswith("[") or line[column - 1] != " ":
            continue
        word = tail.split()[0]
        if not head.endswith(SENTENCE_END) and column + len(head) + 1 + len(word) < edge:
            found.append(f"{head!r} / {word!r}")
    return found


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", ["", *NAMES])
def test_help_sentences_reflow(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli(*([name] if name else []), "--help")
    assert r.code == 0, r
    assert all(len(line) <= width for line in r.out.splitlines()), r.out  # COLUMNS was read
    assert _breaks(r.out, width) == [], r.out


@pytest.mark.parametrize(("name", "width"), [("", 120), ("triage", 80)])
def test_the_console_script_renders_help_as_tested(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, width: int
) -> None:
    """The pages above are what a user sees: the installed script prints the same text."""
    argv = [*([name] if name else []), "--help"]
    monkeypatch.setenv("COLUMNS", str(width))
    env = {**os.environ, "COLUMNS": str(width)}
    shown = subprocess.run([SCRIPT, *argv], capture_output=True, text=True, env=env, check=True)
    assert shown.stdout == cli(*argv).out
    assert _breaks(shown.stdout, width) == []
