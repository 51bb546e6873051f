"""main() builds only the command it runs; everything else behaves as with the whole app."""

from __future__ import annotations

import subprocess
import sys

import pytest

from spinecli import cli
from spinecli.cli import exits


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["explain", "esi", "--format", "json"], "explain"),
        (["--kb", "explain", "list"], "list"),  # a layer file that happens to be named explain
        (["--kb=x.toml", "--no-color", "treatments", "x"], "treatments"),
        (["--help", "explain"], None),
        (["-h"], None),
        (["--version"], None),
        ([], None),
        (["--kb"], None),
    ],
)
def test_command_named(args: list[str], name: str | None) -> None:
    assert exits.command_named(args) == name


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["spinecli", *args])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def test_main_runs_the_named_command_and_puts_the_app_back(
    mini: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = list(cli.app.registered_commands)
    seen: list[int] = []
    real = cli.app.__call__

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(len(cli.app.registered_commands))
        return real(*args, **kwargs)

    monkeypatch.setattr(type(cli.app), "__call__", lambda self, *a, **k: spy(*a, **k))
    code, out, _ = run_main(monkeypatch, capsys, "explain", "alpha", "--format", "json")
    assert code == 0 and '"id": "alpha-block"' in out
    assert seen == [1]
    assert cli.app.registered_commands == before


@pytest.mark.parametrize(
    ("args", "code", "expect"),
    [
        (["--help"], 0, "recovery"),  # the group's help lists every command
        (["nosuch"], 2, "No such command 'nosuch'"),
        (["explain"], 2, "Missing argument 'PROCEDURE'"),
        (["explain", "--help"], 0, "explain [OPTIONS] PROCEDURE"),
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
