"""Output: stdout and stderr written and flushed at once, rendering, and any SpineError made one
message on stderr and its exit status."""

import os
import shutil
import sys
from collections.abc import Callable

import typer

from spinecli.cli.options import Format, State
from spinecli.errors import OutputError, SpineError
from spinecli.model import KnowledgeBase


def stderr(text: str) -> None:
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


def say(message: str) -> None:
    stderr(f"spinecli: {message}\n")


def interrupted() -> None:
    if not State.interrupted:
        State.interrupted = True
        stderr("\nspinecli: interrupted\n")


def fail(message: str, code: int) -> typer.Exit:
    say(message)
    return typer.Exit(code)


def drop_stdout() -> None:
    """Points stdout at /dev/null, so Python's last flush of output nobody can take stays silent."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def write(text: str) -> None:
    """Writes and flushes stdout now, so a full disk or closed stdout is an output error here."""
    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly. Exit here, as Typer would turn the
        # error into exit 1.
        drop_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        drop_stdout()
        raise OutputError(f"cannot write output: {exc.strerror or exc}") from None


def echo(text: str) -> None:
    """Writes stdout now; an output error becomes one line and exit 4."""
    try:
        write(text)
    except OutputError as exc:
        raise fail(str(exc), exc.exit_code) from None


def width() -> int:
    """The terminal's columns (COLUMNS in a pipe, 100 without it), kept to 20..1000 whatever
    COLUMNS says: garbage falls back, and no value can make a renderer pad lines without end."""
    return min(max(shutil.get_terminal_size((100, 24)).columns, 20), 1000)


def color(no_color: bool) -> bool:
    """Colour: on a terminal, unless --no-color (global or the command's) or NO_COLOR says no."""
    return sys.stdout.isatty() and not (no_color or State.no_color or os.environ.get("NO_COLOR"))


def load() -> KnowledgeBase:
    from spinecli.kbcache import load_kb  # kb.load_kb, served from the parsed-KB cache

    return load_kb(State.layers)


def render(result: object, fmt: Format | None, no_color: bool) -> str:
    from spinecli.render import render as draw

    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    chosen = fmt.value if fmt else ("table" if sys.stdout.isatty() else "plain")
    return draw(result, chosen, color=color(no_color), width=width())


def emit(result: object, fmt: Format | None, no_color: bool) -> None:
    """Renders and prints a result; an output error becomes one line and exit 4."""
    try:
        write(render(result, fmt, no_color))
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None


def run(query: Callable[[KnowledgeBase], object], fmt: Format | None, no_color: bool) -> object:
    """Loads the KB, runs the query, prints its result; errors become one line and an exit code."""
    try:
        result = query(load())
        text = render(result, fmt, no_color)
        note = getattr(result, "note", "")
        if note:
            say(note)
        write(text)
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None
    return result
