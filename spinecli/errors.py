"""One exception family for everything that ends a command; the CLI maps it to an exit status."""

from __future__ import annotations

from spinecli.record import record

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_KB = 3
EXIT_OUTPUT = 4
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as shells report it


ECHO_LIMIT = 60
_VISIBLE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def path_shown(name: object) -> str:
    """A file name for a message: control characters written as Python writes them (`\\n`,
    `\\x1b`), so a name holding a line break cannot split the message or fake a line."""
    text = str(name)
    if text.isprintable():
        return text
    return "".join(repr(c)[1:-1] if _control(c) else c for c in text)


def _control(char: str) -> bool:
    """C0 and C1 control characters and DEL (what a terminal could obey)."""
    return ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F


def quoted(text: str) -> str:
    """What the user typed, quoted for a message: line breaks and tabs shown as \\n, \\r, \\t (so
    input cannot fake a line of output), a pasted page cut short rather than echoed whole."""
    shown = text[:ECHO_LIMIT].translate(_VISIBLE)
    return f"'{shown}'" if len(text) <= ECHO_LIMIT else f"'{shown}...' ({len(text)} characters)"


class SpineError(Exception):
    """An error with a message for the user and the exit status it maps to."""

    exit_code = EXIT_NOT_FOUND


class NotFoundError(SpineError):
    exit_code = EXIT_NOT_FOUND


class UsageError(SpineError):
    exit_code = EXIT_USAGE


class OutputError(SpineError):
    exit_code = EXIT_OUTPUT


@record
class Problem:
    """One knowledge-base problem: where it is and what to do about it."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        # One line each: a file name, a key or a value quoted from a hostile file may hold a
        # line break, shown as \n.
        file, path, message = map(path_shown, (self.file, self.path, self.message))
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {path}: {message}" if path else f"{where}: {message}"


class KBError(SpineError):
    exit_code = EXIT_KB

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        n = len(problems)
        head = "knowledge base problem" if n == 1 else f"{n} knowledge base problems"
        super().__init__(f"{head}:\n" + "\n".join(f"  {p}" for p in problems))


class MissingExtraError(UsageError):
    """An optional feature whose extra is not installed (`pip install 'spinecli[codes]'`)."""
