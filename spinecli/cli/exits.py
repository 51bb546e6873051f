"""`main()`: one run of the app, with interrupts, closed pipes, output and usage errors mapped to
exit statuses."""

import contextlib
import io
import os
import signal
import sys

import typer

from spinecli import interrupts
from spinecli.cli.application import app, app_for
from spinecli.cli.options import State
from spinecli.cli.output import drop_stdout, interrupted, say, stderr
from spinecli.errors import EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_TERMINATED, EXIT_USAGE


def main() -> None:
    """Runs the app; maps interrupts, closed pipes, output and usage errors to exit codes."""
    if sys.stdout is None:
        say("cannot write output: standard output is closed")
        sys.exit(EXIT_OUTPUT)
    State.interrupted = False
    _replace_unencodable()
    restore = interrupts.install()
    try:
        code = _invoke()
        if sys.stdout is not None:
            sys.stdout.flush()  # surface an output error now, not in Python's exit handler
    except (typer.Abort, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut this short
        drop_stdout()  # nothing more after Ctrl-C, and no blocking on a pipe nobody reads
        interrupted()
        code = EXIT_TERMINATED if interrupts.terminated() else EXIT_INTERRUPTED
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
    finally:
        restore()  # in-process callers get their handlers back
    sys.exit(code)


def _replace_unencodable() -> None:
    """An output encoding that cannot hold the text (`PYTHONIOENCODING=ascii`, `LC_ALL=C` with
    `PYTHONUTF8=0`) gets what it can hold, each other character shown as `?`, instead of a
    UnicodeEncodeError part way through; JSON is escaped to fit instead (output.fit_json)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            # A closed or detached stream is reported where it is written.
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="replace")


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


def _home() -> str | None:
    home = os.path.expanduser("~")
    return None if home.startswith("~") else home


def _said_once(message: str) -> str:
    """Typer and Click each add "Did you mean 'x'?" to an unknown command: say it once."""
    import re

    return re.sub(r"( Did you mean [^?]*\?)(?:\1)+", r"\1", message)


def _invoke() -> int:
    """The app's exit code, with the ways Click and Typer end a run made plain."""
    before = _stdout_file()
    try:
        code = app_for(sys.argv[1:])(standalone_mode=False, prog_name="spinecli")
    except SystemExit as exc:
        # Rich meets a reader that left (while writing --help) by pointing stdout at
        # /dev/null and exiting 1; that is no failure either.
        if exc.code == 1 and before != _devnull_file() == _stdout_file():
            raise BrokenPipeError from None
        raise
    except RuntimeError:
        # Path.home() with no HOME and no passwd entry: only Typer's --install-completion
        # needs a home (spinecli's own lookups do without one).
        if _home() is not None or "--install-completion" not in sys.argv[1:]:
            raise
        say(
            "cannot find a home directory (HOME is not set and this user has no passwd entry); "
            "set HOME, or use --show-completion and install the script yourself"
        )
        return EXIT_USAGE
    except typer.TyperException as exc:
        # Typer's bundled Click raises its usage errors as TyperExceptions with Click's `show`.
        # They echo what was typed: through stderr(), like every message.
        from spinecli.cli.hints import hint

        said, hinted = hint(exc, app)
        shown = io.StringIO()
        show = getattr(said, "show", None)
        if callable(show):
            show(file=shown)
        else:
            shown.write(f"Error: {said.format_message()}\n")
        stderr(_said_once(shown.getvalue()) + hinted)
        return exc.exit_code if exc.exit_code else EXIT_USAGE
    if code == EXIT_INTERRUPTED:
        raise KeyboardInterrupt  # Typer turns Ctrl-C inside a command into a silent exit 130
    return code if isinstance(code, int) else 0
