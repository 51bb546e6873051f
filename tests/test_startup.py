"""main(): help and usage errors as Click shows them, and the console script's fast exit."""

from __future__ import annotations

import subprocess
import sys

import pytest

from spinecli import cli


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["spinecli", *args])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


@pytest.mark.parametrize(
    ("args", "code", "expect"),
    [
        (["--help"], 0, "recovery"),  # the group's help lists every command
        (["nosuch"], 2, "No such command 'nosuch'"),
        (["explain"], 2, "Missing argument 'PROCEDURE'"),
        (["explain", "--help"], 0, "explain [OPTIONS] {PROCEDURE}"),
    ],
)
def test_main_help_and_errors(
    mini: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    expect: str,
) -> None:
    got, out, err = run_main(monkeypatch, capsys, *args)
    assert got == code
    assert expect in out + err


AT_EXIT = """
import atexit, sys
atexit.register(lambda: print("teardown ran"))
from spinecli.__main__ import main
sys.argv = ["spinecli", "--version"]
main()
"""


@pytest.mark.slow
def test_the_script_ends_without_teardown_but_lets_a_profiler_report() -> None:
    # The console script skips Python's teardown (docs/speed.md): an atexit handler never runs...
    fast = subprocess.run(
        [sys.executable, "-c", AT_EXIT], capture_output=True, text=True, timeout=60
    )
    assert fast.returncode == 0 and fast.stdout.startswith("spinecli "), fast
    assert "teardown ran" not in fast.stdout
    # ... unless something is watching the run and writes its report at exit.
    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "-m", "spinecli", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert profiled.returncode == 0 and "function calls" in profiled.stdout, profiled
