"""`app_for`: a run that plainly names a command builds only that one; every other run (help,
completion, a mistyped command, an option before the command) gets the whole app."""

import pytest
import typer.main

from spinecli.cli.application import COMMANDS, app, app_for

ALL = [name for name, _ in COMMANDS]


def names(one: typer.Typer) -> list[str]:
    group = typer.main.get_command(one)
    return list(getattr(group, "commands", {}))


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["match", "pain", "-f", "json"], "match"),
        (["explain", "esi", "--help"], "explain"),
        (["--kb", "list", "explain", "esi"], "explain"),  # "list" is --kb's value
        (["--kb=x.toml", "--color", "never", "--no-pager", "codes", "esi"], "codes"),
    ],
)
def test_a_named_command_alone(
    args: list[str], command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("_SPINECLI_COMPLETE", raising=False)
    assert names(app_for(args)) == [command]
    assert names(app) == ALL  # the shared app is never changed


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["-h", "match"], ["mach", "pain"], ["--format", "json", "match"], ["--kb"]],
)
def test_anything_else_sees_every_command(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("_SPINECLI_COMPLETE", raising=False)
    assert app_for(args) is app


def test_completion_sees_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_SPINECLI_COMPLETE", "complete_bash")
    assert app_for(["explain", "ky"]) is app
