"""`main()`: one run of the app, with interrupts, closed pipes, output and usage errors mapped to
exit statuses."""

import io
import os
import signal
import sys

import typer

from spinecli.cli.application import app
from spinecli.cli.options import State
from spinecli.cli.output import drop_stdout, interrupted, say, stderr
from spinecli.errors import EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_USAGE


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
    """Runs the app; maps interrupts, closed pipes, output and usage errors to exit codes."""
    import click

    if sys.stdout is None:
        say("cannot write output: standard output is closed")
        sys.exit(EXIT_OUTPUT)
    State.interrupted = False
    everything = _build_only_the_named_command()
    try:
        code = _invoke()
        if sys.stdout is not None:
            sys.stdout.flush()  # surface an output error now, not in Python's exit handler
    except (click.exceptions.Abort, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut this short
        drop_stdout()  # nothing more after Ctrl-C, and no blocking on a pipe nobody reads
        interrupted()
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        drop_stdout()
        code = 0
    except OSError as exc:
        # Reading turns every OSError into a KB error and our own writes into an OutputError;
        # what is left is Click writing help or usage to an unwritable stdout.
        drop_stdout()
        say(f"cannot write output: {exc.strerror or exc}")
        code = EXIT_OUTPUT
    app.registered_commands = everything
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


def _said_once(message: str) -> str:
    """Typer and Click each add "Did you mean 'x'?" to an unknown command: say it once."""
    import re

    return re.sub(r"( Did you mean [^?]*\?)(?:\1)+", r"\1", message)


def _invoke() -> int:
    """The app's exit code, with the ways Click and Typer end a run made plain."""
    import click

    before = _stdout_file()
    try:
        code = app(standalone_mode=False)
    except click.ClickException as exc:
        # Click's usage errors echo what was typed: through stderr(), like every message.
        from spinecli.cli.hints import hint

        said, hinted = hint(exc, app)
        shown = io.StringIO()
        said.show(file=shown)
        stderr(_said_once(shown.getvalue()) + hinted)
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
