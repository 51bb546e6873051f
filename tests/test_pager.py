"""Output taller than the terminal goes through a pager, as in git: on a real pseudo-terminal."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spinecli import pager
from tests.pty_helpers import drain, spawn
from tests.pty_helpers import on_terminal as shown

SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"
# A pager that marks every line it shows: what reaches the screen through it says so.
MARKING = "sed s/^/PAGED:/"
SCRIPT_ARGV = [SCRIPT]


def on_terminal(*argv: str, rows: int = 24) -> str:
    """What the console script shows on a terminal of `rows` lines and 100 columns."""
    code, seen = shown(SCRIPT_ARGV + list(argv), rows=rows)
    assert code == 0, seen[-500:]
    return seen


def lines_of(out: str) -> list[str]:
    return [line for line in out.replace("\r", "").split("\n") if line.strip()]


def test_tall_output_goes_through_the_pager_with_its_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPINECLI_PAGER", MARKING)
    shown = lines_of(on_terminal("explain", "esi"))
    assert len(shown) > 24
    assert all(line.startswith("PAGED:") for line in shown)
    assert any("\x1b[" in line for line in shown)  # the pager gets the colour codes


def test_output_that_fits_is_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECLI_PAGER", MARKING)
    out = on_terminal("list", "--region", "cervical", rows=60)
    assert "Open one with" in out and "PAGED:" not in out


@pytest.mark.parametrize(
    "argv",
    [["explain", "esi", "--no-pager"], ["--no-pager", "explain", "esi"]],
    ids=["command", "global"],
)
def test_no_pager(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    monkeypatch.setenv("SPINECLI_PAGER", MARKING)
    out = on_terminal(*argv)
    assert "Contraindications" in out and "PAGED:" not in out


def test_empty_spinecli_pager_turns_it_off_whatever_pager_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPINECLI_PAGER", "")
    monkeypatch.setenv("PAGER", MARKING)
    out = on_terminal("explain", "esi")
    assert "Contraindications" in out and "PAGED:" not in out


def test_pager_is_used_when_spinecli_pager_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINECLI_PAGER")
    monkeypatch.setenv("PAGER", MARKING)
    assert all(line.startswith("PAGED:") for line in lines_of(on_terminal("explain", "esi")))


def test_the_default_is_less_keeping_colour(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "less"
    fake.write_text('#!/bin/sh\necho "LESS-ARGS:$*"\nexec cat\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.delenv("SPINECLI_PAGER")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    out = on_terminal("explain", "esi")
    assert "LESS-ARGS:-FRX" in out and "Contraindications" in out


def test_a_missing_pager_program_falls_back_to_printing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECLI_PAGER", "no-such-pager-anywhere --flag")
    out = on_terminal("explain", "esi")
    assert "Contraindications" in out and "Sources" in out


def test_a_pipe_is_never_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECLI_PAGER", MARKING)
    r = subprocess.run([SCRIPT, "explain", "esi"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "Contraindications" in r.stdout and "PAGED:" not in r.stdout


def test_an_interactive_session_is_never_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    """triage asks on the terminal, then prints the result there: never through a pager."""
    monkeypatch.setenv("SPINECLI_PAGER", MARKING)
    proc, leader = spawn([SCRIPT, "triage", "leg pain"], rows=24, columns=100)
    seen = b""
    try:
        while b"Your answer" not in seen:
            ready, _, _ = select.select([leader], [], [], 30)
            assert ready, f"no question asked: {seen!r}"
            seen += os.read(leader, 4096)
        os.write(leader, b"q\n")
        proc.wait(timeout=30)
        seen += drain(leader, 1)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(leader)
    out = seen.decode("utf-8", "replace")
    assert "Sciatica" in out and "PAGED:" not in out


@pytest.mark.parametrize(
    ("env", "argv"),
    [
        ({"SPINECLI_PAGER": "most -s", "PAGER": "more"}, ["most", "-s"]),
        ({"PAGER": "more"}, ["more"]),
        ({}, ["less", "-FRX"]),
        ({"PAGER": ""}, ["less", "-FRX"]),
        ({"SPINECLI_PAGER": ""}, []),
        ({"SPINECLI_PAGER": "cat"}, []),  # cat pages nothing: spinecli prints
        ({"SPINECLI_PAGER": "less 'unbalanced"}, []),
    ],
)
def test_which_pager(env: dict[str, str], argv: list[str]) -> None:
    assert pager.command(env) == argv
