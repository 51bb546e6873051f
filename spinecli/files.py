"""Reading a file named by a user (KB layer, clinic config) without being stalled or flooded."""

from __future__ import annotations

import os
import select
import stat
from collections.abc import Callable
from pathlib import Path

# The largest KB layer read: 9 times the shipped KB, and small enough that every command that
# answers one question stays within 5x its time on the shipped KB once the cache is built
# (`quiz` was 6x at 10 MB; docs/speed.md, benchmarks/big_layer.py). Also keeps a hostile file
# from stalling us.
MAX_KB_BYTES = 5 * 1024 * 1024
# How long a pipe may stay silent: `--kb <(generate-kb)` answers at once; a FIFO nobody writes
# to would wait forever.
PIPE_TIMEOUT = 10.0


class RefusedFile(OSError):
    """A file we will not read (a device, too large, a silent pipe); the message says why."""


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, or RefusedFile (other failures are the usual OSError subclasses).

    Opened non-blocking, so a FIFO with no writer cannot hang the open. Regular files are read;
    so are pipes and FIFOs (`--kb <(...)`, `--kb /dev/stdin`), until end of file, but one that
    stays silent for PIPE_TIMEOUT seconds is refused; devices are refused (a terminal or
    /dev/zero may never end). At most limit + 1 bytes are read, so a file that grows or reports
    a smaller size (/proc) is refused too.
    """
    if "\0" in os.fspath(path):  # os.open raises ValueError: from a config's TOML, or in-process
        raise RefusedFile("has a NUL character in its name, which no file name can hold")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise RefusedFile("is a directory, not a TOML file")
        if stat.S_ISFIFO(info.st_mode):
            return _read_pipe(fd, limit)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile("is a device, not a file; save its content to a file and pass that")
        if info.st_size > limit:
            raise RefusedFile(_too_large(limit))
        return _read_all(fd, limit)
    finally:
        os.close(fd)


def _read_all(fd: int, limit: int, wait: Callable[[], None] | None = None) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        if wait is not None:
            wait()
        try:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        except BlockingIOError:
            continue  # a pipe with nothing yet: wait again
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RefusedFile(_too_large(limit))
    return b"".join(chunks)


def _read_pipe(fd: int, limit: int) -> bytes:
    """A pipe's bytes up to end of file, waiting at most PIPE_TIMEOUT for each piece.

    Linux's poll reports nothing on a FIFO no writer has opened yet (not end of file), so a
    writer that opens it a moment after us is waited for, like one that is slow to write.
    """
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)

    def wait() -> None:
        if not poller.poll(PIPE_TIMEOUT * 1000):
            raise RefusedFile(
                f"is a pipe that sent nothing for {PIPE_TIMEOUT:g} s; "
                "save its content to a file and pass that"
            )

    return _read_all(fd, limit, wait)


def _too_large(limit: int) -> str:
    mb = limit / (1024 * 1024)
    size = f"{mb:g} MB" if mb >= 1 else f"{limit} bytes"
    return f"is larger than {size}; refusing to read it"
