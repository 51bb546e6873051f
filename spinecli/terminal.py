"""Question and answer on a terminal, shared by the interactive quiz and triage.

`ask` reads replies until one parses; `converse` runs a session and turns its endings into exit
statuses: end of input or `q` stop cleanly (0), Ctrl-C stops too (130; the CLI reports it), and
either way the session's summary is printed first. Sessions print through `say`, which keeps the
KB text they quote from driving the terminal, as the renderers do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer

from spinecli.errors import EXIT_INTERRUPTED, EXIT_OK
from spinecli.render.escape import clean

T = TypeVar("T")
STOP = ("q", "quit")


def say(text: str = "", **style: Any) -> None:
    """A line on stdout (typer.secho's styles), control characters removed. Styles turned off
    (None, False: no colour) are left out, and without any the line is plain: Click's secho
    ends every line with a reset code, even with no style, and leaves it in on a terminal, even
    a dumb one."""
    chosen = {name: value for name, value in style.items() if value}
    if chosen:
        typer.secho(clean(text), **chosen)
    else:
        typer.echo(clean(text))


def ask(prompt: str, parse: Callable[[str], T | None], again: str) -> T:
    """A parsed reply; asks again (saying `again`) until one parses. `q` or end of input raise
    EOFError, Ctrl-C KeyboardInterrupt: `converse` handles both."""
    while True:
        reply = input(prompt)
        if reply.strip().lower() in STOP:
            raise EOFError
        value = parse(reply)
        if value is not None:
            return value
        say(again)


def converse(session: Callable[[], None], summary: Callable[[], None]) -> int:
    """Runs the session, then the summary; the exit status for how the session ended."""
    try:
        session()
    except EOFError:
        say()
    except KeyboardInterrupt:
        say()
        summary()
        return EXIT_INTERRUPTED
    summary()
    return EXIT_OK
