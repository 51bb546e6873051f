"""The output options (--format, --no-color, --color, --no-pager) are declared once
(cli/options.output_options) and every command that prints takes them, with the same help; their
values reach the command through the run's State, which starts afresh on every run."""

from __future__ import annotations

import json
from typing import Any

import pytest
import typer.main

from spinecli.cli import app
from spinecli.cli.options import COLOR_HELP, FORMAT_HELP, NO_COLOR_HELP, NO_PAGER_HELP
from tests.conftest import Invoke

SHARED = {"--format": FORMAT_HELP, "--no-color": NO_COLOR_HELP, "--color": COLOR_HELP}
SHARED_PAGER = {**SHARED, "--no-pager": NO_PAGER_HELP}
# validate prints no page (nothing to page); handout has its own --format (md, html, pdf...).
TAKES = {"validate": SHARED, "handout": {k: SHARED[k] for k in ("--no-color", "--color")}}


def _commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    return dict(group.commands)


@pytest.mark.parametrize("name", list(_commands()))
def test_every_command_takes_the_shared_output_options(name: str) -> None:
    options = {opt: p for p in _commands()[name].params for opt in p.opts}
    for opt, help_text in TAKES.get(name, SHARED_PAGER).items():
        assert opt in options, (name, opt)
        assert options[opt].help == help_text, (name, opt)
    if name != "handout":
        assert options["--format"].opts == ["--format", "-f"]


def test_a_commands_format_does_not_outlive_its_run(cli: Invoke) -> None:
    first = cli("list", "-f", "json")
    assert first.code == 0 and json.loads(first.out)
    again = cli("list")  # a pipe: plain, not the last run's JSON
    assert again.code == 0 and not again.out.lstrip().startswith(("{", "["))


def test_a_commands_no_color_does_not_outlive_its_run(cli: Invoke) -> None:
    assert cli("list", "--no-color", "--color", "always").out.count("\x1b[") == 0
    assert "\x1b[" in cli("list", "--color", "always").out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "-f", "json"],
        ["quiz", "--worksheet", "--count", "2", "--seed", "1", "-f", "json"],
        ["triage", "leg pain", "--no-interactive", "-f", "json"],
        ["codes", "M51", "-f", "json"],
    ],
)
def test_commands_that_read_the_format_themselves_see_it(cli: Invoke, argv: list[str]) -> None:
    r = cli(*argv)
    assert r.code == 0, r
    json.loads(r.out)
