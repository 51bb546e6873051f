"""Reading standard input, bounded: the description for `match` and `triage` (from a pipe, or
after a prompt on a terminal for `-`), and `triage --answers-json -`."""

import sys

from spinecli.cli.output import stderr
from spinecli.errors import UsageError

MAX_QUERY_BYTES = 10 * 1024 * 1024  # far beyond any description; keeps a runaway pipe bounded
PROMPT = "Describe the symptoms, then Ctrl-D:\n"


def read_bounded(limit: int) -> bytes:
    """Up to limit + 1 bytes of stdin, so a caller can tell an endless stream from one at the
    limit; stdin must be open (sys.stdin not None)."""
    assert sys.stdin is not None
    stream = getattr(sys.stdin, "buffer", None)
    return stream.read(limit + 1) if stream is not None else sys.stdin.read().encode()


def piped() -> bool:
    """stdin is open and not a terminal: a pipe or a file, which holds the text."""
    return sys.stdin is not None and not sys.stdin.isatty()


def description(words: list[str]) -> str:
    """The text of the arguments, or stdin's for `-` (a short prompt on stderr first when stdin
    is a terminal, so a waiting cursor does not look like a hang)."""
    if words != ["-"]:
        return " ".join(words)
    if sys.stdin is None:
        raise UsageError("'-' reads the query from standard input, which is closed")
    if sys.stdin.isatty():
        stderr(PROMPT)
    raw = read_bounded(MAX_QUERY_BYTES)
    if len(raw) > MAX_QUERY_BYTES:
        raise UsageError(f"the query on stdin is over {MAX_QUERY_BYTES // (1024 * 1024)} MB")
    # The text without echo's trailing newline (or any outer whitespace), so the JSON "query" is
    # the description as typed, the same whether it came as an argument or through a pipe.
    return raw.decode("utf-8", errors="replace").strip()
