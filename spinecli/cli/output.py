"""Output: stdout and stderr written and flushed at once, rendering, and any SpineError made one
message on stderr and its exit status."""

import os
import shutil
import sys
from collections.abc import Callable, Mapping

import typer

from spinecli.cli.options import State
from spinecli.errors import OutputError, SpineError
from spinecli.interrupts import terminated
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
        stderr("\nspinecli: terminated\n" if terminated() else "\nspinecli: interrupted\n")


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


def write(text: str | bytes) -> None:
    """Writes and flushes stdout now, so a full disk or closed stdout is an output error here.
    Bytes (a PDF for `-o -`) go to the binary stream beneath, unchanged."""
    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    try:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
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


def echo(text: str | bytes) -> None:
    """Writes stdout now; an output error becomes one line and exit 4."""
    try:
        write(text)
    except OutputError as exc:
        raise fail(str(exc), exc.exit_code) from None


def width() -> int:
    """The terminal's columns (COLUMNS in a pipe, 100 without it), kept to 20..1000 whatever
    COLUMNS says: garbage falls back, and no value can make a renderer pad lines without end."""
    return min(max(shutil.get_terminal_size((100, 24)).columns, 20), 1000)


def wants_color() -> bool:
    """Colour codes or not, in this order: --no-color or --color never; TERM=dumb (a terminal
    that cannot show them); --color always; NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE; else
    whether stdout is a terminal (no-color.org, bixense.com/clicolors)."""
    env = os.environ
    if State.no_color or State.color == "never" or env.get("TERM") == "dumb":
        return False
    if State.color == "always":
        return True
    if env.get("NO_COLOR"):
        return False
    return _forced(env) or (sys.stdout is not None and sys.stdout.isatty())


def _forced(env: Mapping[str, str]) -> bool:
    return any(env.get(name, "") not in ("", "0", "false") for name in COLOR_FORCERS)


COLOR_FORCERS = ("FORCE_COLOR", "CLICOLOR_FORCE")


def paged(text: str) -> bool:
    """Sends text through the pager when it is taller than the terminal stdout is (not for a
    pipe, --no-pager or an empty SPINECLI_PAGER); False when the caller should print it. The
    pager module (and subprocess) is imported only then."""
    if State.no_pager or os.environ.get("SPINECLI_PAGER", None) == "":
        return False
    if sys.stdout is None or not sys.stdout.isatty():
        return False
    if text.count("\n") < shutil.get_terminal_size((100, 24)).lines:
        return False
    from spinecli.pager import page
    from spinecli.render.escape import unlink

    sys.stdout.flush()
    # A pager older than less 566 would show a hyperlink's codes as text.
    return page(unlink(text))


def load() -> KnowledgeBase:
    from spinecli.kbcache import load_kb  # kb.load_kb, served from the parsed-KB cache

    return load_kb(State.layers)


def render(result: object) -> str:
    from spinecli.render import render as draw

    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    colored = wants_color()
    fmt = State.fmt
    # Colour asked for in a pipe (--color always, FORCE_COLOR) means the terminal's format.
    chosen = fmt.value if fmt else ("table" if sys.stdout.isatty() or colored else "plain")
    # Hyperlinks only where colour goes to a terminal: never in a pipe, even with colour forced.
    links = colored and chosen == "table" and sys.stdout.isatty()
    text = draw(result, chosen, color=colored, width=width(), links=links)
    return fit_json(text) if chosen == "json" else text


def fit_json(text: str) -> str:
    """JSON for stdout: where its encoding cannot hold every character (`LC_ALL=C`), those
    beyond ASCII are written as \\uXXXX escapes, the same value, rather than as `?` (main
    makes every other output replace what its encoding cannot hold)."""
    import codecs

    from spinecli.render.escape import json_ascii

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return text
        text.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return json_ascii(text)
    return text


def emit(result: object, page: bool = True) -> None:
    """Renders and prints a result (through the pager when it is taller than the terminal,
    unless page is False: after an interactive session); an output error becomes one line and
    exit 4."""
    try:
        text = render(result)
        if not (page and paged(text)):
            write(text)
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None


def page_or_print(text: str) -> None:
    """Prints text already rendered, through the pager when it is taller than the terminal."""
    try:
        if not paged(text):
            write(text)
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None


def run(query: Callable[[KnowledgeBase], object]) -> object:
    """Loads the KB, runs the query, prints its result; errors become one line and an exit code."""
    from spinecli.kbcache import KBChanged

    try:
        try:
            result = query(load())
        except KBChanged:  # a damaged cache met while a layer was edited: read the KB again
            result = query(load())
        text = render(result)
        note = getattr(result, "note", "")
        if note:
            say(note)
        if not paged(text):
            write(text)
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None
    return result
