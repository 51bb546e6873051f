"""Ctrl-C and SIGTERM: one KeyboardInterrupt, held off while a temp file or a child is made or
removed.

`install()` (the console script's `main`) turns SIGINT and SIGTERM into KeyboardInterrupt, which
unwinds through every `finally`. Python runs a handler between any two bytecodes, so a signal just
after `mkstemp` or `Popen` made their file or process, but before either returned, or just as a
`finally` begins, would skip its cleanup (2 runs in 40 left a temp file). Inside `held()` the
signal is noted and raised when the block ends, when what it made is cleaned up or handed over;
`allowed()` lets it through again for a long wait inside such a block (Chromium printing). Only
the first signal raises: a second one cannot cut the cleanup short.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _State:
    depth = 0  # held() blocks entered and not yet left
    pending: int | None = None  # a signal that came while held
    received: int | None = None  # the signal being raised: later ones are ignored


def _handle(signum: int, frame: FrameType | None) -> None:
    if _State.received is not None:
        return
    if _State.depth:
        _State.pending = _State.pending or signum
        return
    _State.received = signum
    raise KeyboardInterrupt


def install() -> Callable[[], None]:
    """Sets the handlers; returns what puts the previous ones back (for in-process callers).
    Off the main thread no handler can be set (an embedding program's worker): nothing changes."""
    _State.depth, _State.pending, _State.received = 0, None, None
    previous = []
    try:
        for signum in SIGNALS:
            previous.append((signum, signal.signal(signum, _handle)))
    except ValueError:
        pass

    def restore() -> None:
        for signum, handler in previous:
            signal.signal(signum, handler)

    return restore


def terminated() -> bool:
    """Whether the signal that ended the run was SIGTERM (exit 143) rather than Ctrl-C (130)."""
    return _State.received == signal.SIGTERM


@contextmanager
def held() -> Iterator[None]:
    """A signal inside the block is raised when it ends (no-op without `install`)."""
    _State.depth += 1
    try:
        yield
    finally:
        _State.depth -= 1
        _raise_pending()


@contextmanager
def allowed() -> Iterator[None]:
    """Inside held(): a signal raises at once again, for a wait that may take long."""
    depth, _State.depth = _State.depth, 0
    try:
        _raise_pending()
        yield
    finally:
        _State.depth = depth


def _raise_pending() -> None:
    if _State.depth == 0 and _State.pending is not None and _State.received is None:
        _State.received, _State.pending = _State.pending, None
        raise KeyboardInterrupt
