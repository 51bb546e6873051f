"""The Typer app: its global options and the table of its commands, in the order help lists them."""

# No `from __future__ import annotations`: Typer evaluates every string annotation of every
# command on every run (docs/speed.md).
import os
from collections.abc import Callable
from typing import Annotated, Any

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


def _new_app() -> typer.Typer:
    """The app with its global options and no commands yet."""
    new = typer.Typer(
        name="spinecli",
        help="Terminal reference for interventional spine and pain procedures. "
        "Informs; never replaces a clinician.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    new.callback()(_global)
    return new


def _version(value: bool) -> None:
    if value:
        echo(f"spinecli {__version__}\n")
        raise typer.Exit()


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
app = _new_app()
for _name, _body in COMMANDS:
    app.command(_name, epilog=epilog(_name))(_body)

# The global options before the command: those that take a value, and flags.
_VALUED = ("--kb", "--color")
_FLAGS = ("--no-color", "--no-pager", "--version")


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with: one holding only the command they name, when they plainly
    name one, since Typer builds a Click command from every registered one on every run
    (docs/speed.md). Anything else (help, completion, an unknown or mistyped command, an
    unknown option before the command) gets the whole `app`, so help, completion and
    "Did you mean" see every command. `app` itself is never changed."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return app  # shell completion (Typer reads _SPINECLI_COMPLETE)
    words = iter(args)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word.startswith(tuple(f"{name}=" for name in _VALUED)) or word in _FLAGS:
            continue
        elif word.startswith("-"):
            return app  # --help, --install-completion, --, or a mistake hints.py explains
        else:
            bodies: dict[str, Callable[..., Any]] = dict(COMMANDS)
            if word not in bodies:
                return app
            one = _new_app()
            one.command(word, epilog=epilog(word))(bodies[word])
            return one
    return app
