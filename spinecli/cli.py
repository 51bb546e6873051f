"""The command line: parses arguments, loads the KB, runs one query, renders, prints, exits.

The only module that knows about Typer, stdout or exit codes. Command bodies stay a few lines:
`_run` holds what they share (loading, errors, format choice, printing).
"""

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer

from spinecli import __version__
from spinecli.errors import EXIT_INTERRUPTED, EXIT_USAGE, KBError, SpineError
from spinecli.model import KnowledgeBase


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    md = "md"


app = typer.Typer(
    name="spinecli",
    help="Terminal reference for interventional spine and pain procedures. "
    "Informs; never replaces a clinician.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    layers: list[str] = []  # noqa: RUF012 - one process, one invocation
    no_color = False


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="table (default on a terminal), plain (default in a pipe), json, md."
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR=1).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spinecli {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    kb: Annotated[
        list[str] | None,
        typer.Option(
            "--kb", help="A KB file layered over the shipped one (repeatable).", metavar="PATH"
        ),
    ] = None,
    no_color: NoColorOpt = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    State.layers = list(kb or [])
    State.no_color = no_color


def _completer(kind: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Shell completion of a procedure or condition: ids whose id, name or alias fits.

    Served from the KB cache (kbcache.complete), so a TAB costs about what `--version` does.
    """

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from spinecli.kbcache import complete as matching

        layers = ctx.find_root().params.get("kb") or []
        return matching(kind, incomplete, layers)

    return complete


NAMED = "Id, name or alias, any case."
ProcedureArg = Annotated[str, typer.Argument(help=NAMED, autocompletion=_completer("procedures"))]
ConditionArg = Annotated[str, typer.Argument(help=NAMED, autocompletion=_completer("conditions"))]


def _fail(message: str, code: int) -> typer.Exit:
    sys.stderr.write(f"spinecli: {message}\n")
    return typer.Exit(code)


def load() -> KnowledgeBase:
    from spinecli.kbcache import load_kb  # kb.load_kb, served from the parsed-KB cache

    return load_kb(State.layers)


def _emit(result: object, fmt: Format | None, no_color: bool) -> None:
    from spinecli.render import render

    tty = sys.stdout.isatty()
    chosen = fmt.value if fmt else ("table" if tty else "plain")
    color = tty and not (no_color or State.no_color or os.environ.get("NO_COLOR"))
    width = os.get_terminal_size().columns if tty else int(os.environ.get("COLUMNS", "100") or 100)
    sys.stdout.write(render(result, chosen, color=color, width=width))
    sys.stdout.flush()


def _run(query: Callable[[KnowledgeBase], object], fmt: Format | None, no_color: bool) -> None:
    """Loads the KB, runs the query, prints its result; errors become one line and an exit code."""
    try:
        result = query(load())
    except SpineError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    note = getattr(result, "note", "")
    if note:
        sys.stderr.write(f"spinecli: {note}\n")
    _emit(result, fmt, no_color)


@app.command("list")
def list_(
    region: Annotated[
        str, typer.Option(help="cervical, thoracic, lumbar, sacral, peripheral.")
    ] = "",
    category: Annotated[str, typer.Option(help="e.g. injection, ablation, neuromodulation.")] = "",
    condition: Annotated[str, typer.Option(help="Only procedures for this condition.")] = "",
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List procedures, optionally filtered by region, category or condition."""
    from spinecli.queries import list_procedures

    _run(lambda kb: list_procedures(kb, region, category, condition), fmt, no_color)


@app.command()
def explain(
    procedure: ProcedureArg,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Everything the knowledge base knows about one procedure."""
    from spinecli.queries import explain as query

    _run(lambda kb: query(kb, procedure), fmt, no_color)


@app.command()
def conditions(
    region: Annotated[
        str, typer.Option(help="cervical, thoracic, lumbar, sacral, peripheral.")
    ] = "",
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List the conditions the knowledge base covers."""
    from spinecli.queries import list_conditions

    _run(lambda kb: list_conditions(kb, region), fmt, no_color)


@app.command()
def treatments(
    condition: ConditionArg,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Conservative care first, then procedures in their usual order, for one condition."""
    from spinecli.queries import treatments as query

    _run(lambda kb: query(kb, condition), fmt, no_color)


@app.command()
def recovery(
    procedure: ProcedureArg,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The recovery-expectations checklist for one procedure, phase by phase."""
    from spinecli.queries import recovery as query

    _run(lambda kb: query(kb, procedure), fmt, no_color)


@app.command()
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="KB files to check as layers over the shipped KB.", metavar="[PATH]..."
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Check KB files: every problem with file, line, key path and what to do."""
    import json

    from spinecli.kb import layer_paths, load_layers

    files = layer_paths([*State.layers, *(paths or [])])
    try:
        load_layers(files)
        problems = []
    except KBError as exc:
        problems = exc.problems
    if fmt == Format.json:
        rows = [
            {"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in problems
        ]
        typer.echo(
            json.dumps(
                {"ok": not problems, "files": [str(f) for f in files], "problems": rows}, indent=2
            )
        )
    elif not problems:
        typer.echo(f"ok: {len(files)} file(s) valid")
    if problems:
        if fmt != Format.json:
            sys.stderr.write(str(KBError(problems)) + "\n")
        raise typer.Exit(KBError.exit_code)


def _name(command: typer.models.CommandInfo) -> str | None:
    if command.name:
        return command.name
    return typer.main.get_command_name(command.callback.__name__) if command.callback else None


def command_named(args: list[str]) -> str | None:
    """The command args name, after the global options; None for none or for the group's help."""
    rest = iter(args)
    for arg in rest:
        if arg in ("-h", "--help"):
            return None
        if arg == "--kb":
            next(rest, None)
        elif not arg.startswith("-"):
            return arg
    return None


def _words() -> list[str]:
    """The arguments as Click will see them, shell completion included (bash's COMP_WORDS)."""
    if not os.environ.get("_SPINECLI_COMPLETE"):
        return sys.argv[1:]
    cword = os.environ.get("COMP_CWORD", "")
    return os.environ.get("COMP_WORDS", "").split()[1 : int(cword)] if cword.isdigit() else []


def _build_only_the_named_command() -> list[typer.models.CommandInfo]:
    """Registers only the command the arguments name; returns every command, to put back.

    Typer builds a Click command for every registered command on every run (1.3 ms of the 1.8 ms
    it takes to build ours); one command is all a run needs. Help, errors and anything not
    recognised here get the whole app.
    """
    everything = app.registered_commands
    name = command_named(_words())
    chosen = [c for c in everything if _name(c) == name]
    if len(chosen) == 1:
        app.registered_commands = chosen
    return everything


def main() -> None:
    """Console-script entry: maps interrupts, closed pipes and usage errors to exit codes."""
    import click

    everything = _build_only_the_named_command()
    try:
        code = app(standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code if exc.exit_code else EXIT_USAGE
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.stderr.write("\nspinecli: interrupted\n")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from complaining
        # about the unflushable stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    app.registered_commands = everything
    sys.exit(code if isinstance(code, int) else 0)
