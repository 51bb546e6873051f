"""Every command's --help teaches: examples that run, the JSON keys pointed to, and text that
reads at 80 columns (no choice list split, `spinecli[codes]` as written)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from spinecli.cli.application import COMMANDS
from tests.conftest import Invoke

NAMES = [name for name, _ in COMMANDS]


def _help(cli: Invoke, monkeypatch: pytest.MonkeyPatch, name: str, width: int = 80) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli(name, "--help")
    assert r.code == 0, r
    return r.out


def _examples(text: str) -> list[list[str]]:
    """The command lines under "Examples:" in a help page."""
    block = text.split("Examples:", 1)[1].split("JSON keys", 1)[0]
    lines = [line.strip(" │") for line in block.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("spinecli ")]


@pytest.mark.parametrize("name", NAMES)
def test_help_has_examples_that_run(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    text = _help(cli, monkeypatch, name)
    examples = _examples(text)
    assert len(examples) >= 2, text
    assert "docs/json.md" in text and "-f json" in text
    monkeypatch.chdir(tmp_path)  # a handout example writes a file
    for argv in examples:
        assert argv[0] == name, argv
        r = cli(*argv)
        assert r.code == 0, (argv, r)
        assert r.out or (tmp_path / "esi.html").exists(), argv


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
        for opener, closer in ("<>", "[]"):
            start = line.rfind(opener + "table")  # the --format list, the longest one
            assert start == -1 or closer in line[start:], line
    flat = " ".join(part.strip(" │") for part in text.splitlines())
    for found in CHOICES.findall(flat):
        assert found in text, found
