"""The command line: parses arguments, loads the KB, runs one query, renders, prints, exits.

The only module that knows about Typer, stdout or exit codes. Command bodies stay a few lines:
`_run` holds what they share (loading, errors, format choice, printing).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer

from spinecli import __version__
from spinecli.errors import (
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_USAGE,
    KBError,
    OutputError,
    SpineError,
)
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
        _print(f"spinecli {__version__}\n")
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


def _stderr(text: str) -> None:
    """Writes to stderr with control characters removed: messages echo user input, file names
    and KB text, none of which may drive the terminal."""
    from spinecli.render.escape import clean

    if sys.stderr is None:
        return
    try:
        sys.stderr.write(clean(text))
        sys.stderr.flush()
    except OSError:
        pass  # stderr itself is gone: nowhere left to report to


def _say(message: str) -> None:
    _stderr(f"spinecli: {message}\n")


def _fail(message: str, code: int) -> typer.Exit:
    _say(message)
    return typer.Exit(code)


def _drop_stdout() -> None:
    """Points stdout at /dev/null, so Python's last flush of output nobody can take stays silent."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _write(text: str) -> None:
    """Writes and flushes stdout now, so a full disk or closed stdout is an output error here."""
    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly. Exit here, as Typer would turn the
        # error into exit 1.
        _drop_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        _drop_stdout()
        raise OutputError(f"cannot write output: {exc.strerror or exc}") from None


def _print(text: str) -> None:
    try:
        _write(text)
    except OutputError as exc:
        raise _fail(str(exc), exc.exit_code) from None


def _width() -> int:
    """The terminal's columns (COLUMNS in a pipe, 100 without it), kept to 20..1000 whatever
    COLUMNS says: garbage falls back, and no value can make a renderer pad lines without end."""
    return min(max(shutil.get_terminal_size((100, 24)).columns, 20), 1000)


def load() -> KnowledgeBase:
    from spinecli.kb import load_kb

    return load_kb(State.layers)


def _render(result: object, fmt: Format | None, no_color: bool) -> str:
    from spinecli.render import render

    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    tty = sys.stdout.isatty()
    chosen = fmt.value if fmt else ("table" if tty else "plain")
    color = tty and not (no_color or State.no_color or os.environ.get("NO_COLOR"))
    return render(result, chosen, color=color, width=_width())


def _run(query: Callable[[KnowledgeBase], object], fmt: Format | None, no_color: bool) -> None:
    """Loads the KB, runs the query, prints its result; errors become one line and an exit code."""
    try:
        result = query(load())
        text = _render(result, fmt, no_color)
        note = getattr(result, "note", "")
        if note:
            _say(note)
        _write(text)
    except SpineError as exc:
        raise _fail(str(exc), exc.exit_code) from None


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
    procedure: Annotated[str, typer.Argument(help="Id, name or alias, any case.")],
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
    condition: Annotated[str, typer.Argument(help="Id, name or alias, any case.")],
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Conservative care first, then procedures in their usual order, for one condition."""
    from spinecli.queries import treatments as query

    _run(lambda kb: query(kb, condition), fmt, no_color)


@app.command()
def recovery(
    procedure: Annotated[str, typer.Argument(help="Id, name or alias, any case.")],
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
    from spinecli.kb import layer_paths, load_layers
    from spinecli.render.jsonout import dumps

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
        _print(dumps({"ok": not problems, "files": [str(f) for f in files], "problems": rows}))
    elif not problems:
        _print(f"ok: {len(files)} file(s) valid\n")
    if problems:
        if fmt != Format.json:
            _say(str(KBError(problems)))
        raise typer.Exit(KBError.exit_code)


def main() -> None:
    """Runs the app; maps interrupts, closed pipes, output and usage errors to exit codes."""
    import click

    if sys.stdout is None:
        _say("cannot write output: standard output is closed")
        sys.exit(EXIT_OUTPUT)
    try:
        code = _invoke()
        if sys.stdout is not None:
            sys.stdout.flush()  # surface an output error now, not in Python's exit handler
    except (click.exceptions.Abort, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut this short
        _drop_stdout()  # nothing more after Ctrl-C, and no blocking on a pipe nobody reads
        _stderr("\nspinecli: interrupted\n")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        _drop_stdout()
        code = 0
    except OSError as exc:
        # Reading turns every OSError into a KB error and our own writes into an OutputError;
        # what is left is Click writing help or usage to an unwritable stdout.
        _drop_stdout()
        _say(f"cannot write output: {exc.strerror or exc}")
        code = EXIT_OUTPUT
    sys.exit(code)


def _stdout_file() -> tuple[int, int] | None:
    """Which file stdout is (device, inode), or None when it has no file descriptor."""
    try:
        info = os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _devnull_file() -> tuple[int, int]:
    info = os.stat(os.devnull)
    return info.st_dev, info.st_ino


def _invoke() -> int:
    """The app's exit code, with the ways Click and Typer end a run made plain."""
    import click

    before = _stdout_file()
    try:
        code = app(standalone_mode=False)
    except click.ClickException as exc:
        # Click's usage errors echo what was typed: through _stderr, like every message.
        shown = io.StringIO()
        exc.show(file=shown)
        _stderr(shown.getvalue())
        return exc.exit_code if exc.exit_code else EXIT_USAGE
    except SystemExit as exc:
        # Rich meets a reader that left (while writing --help) by pointing stdout at
        # /dev/null and exiting 1; that is no failure either.
        if exc.code == 1 and before != _devnull_file() == _stdout_file():
            raise BrokenPipeError from None
        raise
    if code == EXIT_INTERRUPTED:
        raise KeyboardInterrupt  # Typer turns Ctrl-C inside a command into a silent exit 130
    return code if isinstance(code, int) else 0
