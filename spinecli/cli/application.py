"""The Typer app: its global options and the table of its commands, in the order help lists them."""

# No `from __future__ import annotations`: Typer evaluates every string annotation of every
# command on every run (docs/speed.md).
from typing import Annotated

import typer

from spinecli import __version__
from spinecli.cli import commands, interactive
from spinecli.cli.examples import epilog
from spinecli.cli.options import (
    COLOR_HELP,
    COLOR_METAVAR,
    NO_COLOR_HELP,
    NO_PAGER_HELP,
    ColorChoice,
    State,
)
from spinecli.cli.output import echo, fail
from spinecli.errors import EXIT_USAGE

app = typer.Typer(
    name="spinecli",
    help="Terminal reference for interventional spine and pain procedures. "
    "Informs; never replaces a clinician.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        echo(f"spinecli {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    kb: Annotated[
        list[str] | None,
        typer.Option(
            "--kb", help="A KB file layered over the shipped one (repeatable).", metavar="PATH"
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help=NO_COLOR_HELP)] = False,
    color: Annotated[
        ColorChoice | None, typer.Option("--color", help=COLOR_HELP, metavar=COLOR_METAVAR)
    ] = None,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=NO_PAGER_HELP)] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    if "" in (kb or []):  # `--kb ''` or an unset variable: Path("") would be the current folder
        raise fail("--kb: empty path; give a KB file (TOML)", EXIT_USAGE)
    State.layers = list(kb or [])
    State.fmt = None
    State.no_color = no_color
    State.color = color.value if color else ColorChoice.auto.value
    State.no_pager = no_pager
    State.interrupted = False


COMMANDS = (
    ("list", commands.list_),
    ("explain", commands.explain),
    ("conditions", commands.conditions),
    ("treatments", commands.treatments),
    ("recovery", commands.recovery),
    ("match", commands.match),
    ("symptoms", commands.symptoms),
    ("compare", commands.compare),
    ("search", commands.search),
    ("quiz", interactive.quiz),
    ("triage", interactive.triage),
    ("codes", commands.codes),
    ("validate", commands.validate),
    ("handout", commands.handout),
)
for _name, _body in COMMANDS:
    app.command(_name, epilog=epilog(_name))(_body)
