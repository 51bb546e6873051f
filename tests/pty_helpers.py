"""Reading what a program wrote to a pseudo-terminal, for tests of interactive sessions."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios


def drain(leader: int, quiet: float) -> bytes:
    """Everything readable from the terminal until it closes or stays quiet for `quiet` s."""
    seen = b""
    while select.select([leader], [], [], quiet)[0]:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    return seen


def spawn(argv: list[str], rows: int = 0, columns: int = 0) -> tuple[subprocess.Popen[bytes], int]:
    """argv on a fresh pseudo-terminal (stdin, stdout and stderr), colour allowed; returns the
    process and the terminal's leader end, which the caller closes."""
    leader, follower = pty.openpty()
    if rows and columns:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen(
        argv,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd="/",
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"},
    )
    os.close(follower)
    return proc, leader
