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

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
Hook = Callable[["sys.UnraisableHookArgs"], object]


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


def _unraisable(hook: Hook) -> Hook:
    """A handler that ran inside a weakref callback or `__del__` (importlib drops its module
    locks so) raised where Python prints "Exception ignored in" and goes on: the signal was
    lost, and later ones ignored. Silently, the signal is delivered again a moment later, from
    a thread: delivered from here, its handler would run inside this hook again."""

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        signum = _State.received
        if not issubclass(info.exc_type, KeyboardInterrupt) or signum is None:
            hook(info)
            return
        import threading  # only here: not on every run's start-up

        _State.received = None
        again = threading.Timer(0.01, os.kill, (os.getpid(), signum))
        again.daemon = True
        again.start()

    return unraisable


def install() -> Callable[[], None]:
    """Sets the handlers; returns what puts the previous ones back (for in-process callers).
    Off the main thread no handler can be set (an embedding program's worker): nothing changes."""
    _State.depth, _State.pending, _State.received = 0, None, None
    previous = []
    try:
        for signum in SIGNALS:
            previous.append((signum, signal.signal(signum, _handle)))
    except ValueError:
        return lambda: None
    hook = sys.unraisablehook
    sys.unraisablehook = _unraisable(hook)

    def restore() -> None:
        for signum, handler in previous:
            signal.signal(signum, handler)
        sys.unraisablehook = hook

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
