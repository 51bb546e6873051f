"""Colour: --color auto|always|never on every command, --no-color, NO_COLOR, FORCE_COLOR,
CLICOLOR_FORCE, and never any colour codes under TERM=dumb; on a real pseudo-terminal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.pty_helpers import on_terminal

SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"
ESC = "\x1b["


def terminal(*argv: str, env: dict[str, str]) -> str:
    code, out = on_terminal([SCRIPT, *argv], rows=200, env=env)
    assert code == 0, out[-500:]
    return out


def pipe(*argv: str) -> str:
    r = subprocess.run([SCRIPT, *argv], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize(
    ("argv", "env", "colour"),
    [
        ([], {}, True),
        (["--color", "auto"], {}, True),
        (["--color", "never"], {}, False),
        (["--no-color"], {}, False),
        (["--global-no-color"], {}, False),
        ([], {"NO_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # asked for by name, it wins
        ([], {"TERM": "dumb"}, False),
        (["--color", "always"], {"TERM": "dumb", "FORCE_COLOR": "1"}, False),
    ],
)
def test_on_a_terminal(argv: list[str], env: dict[str, str], colour: bool) -> None:
    if argv == ["--global-no-color"]:
        out = terminal("--no-color", "list", "--region", "cervical", env=env)
    else:
        out = terminal("list", "--region", "cervical", *argv, env=env)
    assert (ESC in out) is colour
    assert "Open one with" in out


@pytest.mark.parametrize(
    ("argv", "env", "colour"),
    [
        ([], {}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"CLICOLOR_FORCE": "1"}, True),
        ([], {"FORCE_COLOR": "0"}, False),
        (["--color", "always"], {}, True),
        (["--global-always"], {}, True),
        (["--color", "always", "--no-color"], {}, False),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1", "TERM": "dumb"}, False),
    ],
)
def test_in_a_pipe(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str], colour: bool
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    global_always = argv == ["--global-always"]
    out = pipe("--color", "always", "list") if global_always else pipe("list", *argv)
    assert (ESC in out) is colour
    # Colour asked for in a pipe draws the terminal's format; without it, plain text (its title
    # underlined with =).
    assert ("=====" in out) is not colour


def test_json_never_gets_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ESC not in pipe("explain", "esi", "--color", "always", "-f", "json")


COMMANDS = [
    ["list"],
    ["explain", "esi"],
    ["conditions"],
    ["treatments", "sciatica"],
    ["recovery", "esi"],
    ["match", "leg pain"],
    ["symptoms"],
    ["compare", "esi", "rfa"],
    ["search", "pump"],
    ["quiz", "--count", "1", "--seed", "1"],
    ["triage", "leg pain"],
    ["codes", "esi"],
    ["validate"],
    ["handout", "esi"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
@pytest.mark.parametrize("option", [["--color", "never"], ["--color", "always"], ["--no-color"]])
def test_every_command_takes_the_colour_options(
    cli: Invoke, argv: list[str], option: list[str]
) -> None:
    r = cli(*argv, *option)
    assert r.code == 0, r


def test_the_commands_above_are_all_of_them() -> None:
    import typer.main

    from spinecli.cli import app

    names = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert {argv[0] for argv in COMMANDS} == names


def test_a_bad_colour_choice_is_a_usage_error(cli: Invoke) -> None:
    r = cli("list", "--color", "sometimes")
    assert r.code == 2 and r.out == ""
