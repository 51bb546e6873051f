"""Reading a file named by a user (KB layer, clinic config) without being stalled or flooded."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class RefusedFile(OSError):
    """A file we will not read (not a regular file, too large); the message says why."""


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, or RefusedFile (other failures are the usual OSError subclasses).

    Opened non-blocking, so a FIFO with no writer cannot hang the open; only regular files are
    read, as a FIFO, socket or device may never end; at most limit + 1 bytes are read, so a file
    that grows or reports a smaller size (/proc) is refused too.
    """
    too_large = f"is larger than {_size(limit)}; refusing to read it"
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise RefusedFile("is a directory, not a TOML file")
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(
                f"is not a regular file (it is a {_kind(info.st_mode)}); "
                "save its content to a file and pass that"
            )
        if info.st_size > limit:
            raise RefusedFile(too_large)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise RefusedFile(too_large)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "FIFO or pipe"), (stat.S_ISSOCK, "socket"))
    return next((name for test, name in kinds if test(mode)), "device")


def _size(limit: int) -> str:
    mb = limit / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{limit} bytes"
