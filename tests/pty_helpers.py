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


def spawn(
    argv: list[str], rows: int = 0, columns: int = 0, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """argv on a fresh pseudo-terminal (stdin, stdout and stderr), colour allowed (NO_COLOR
    left out unless env sets it); returns the process and the terminal's leader end, which the
    caller closes."""
    leader, follower = pty.openpty()
    if rows and columns:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen(
        argv,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd="/",
        env={**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, **(env or {})},
    )
    os.close(follower)
    return proc, leader


def on_terminal(
    argv: list[str], rows: int = 24, columns: int = 100, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """argv's exit status and everything it showed on a terminal of rows x columns (stdin,
    stdout and stderr), read until the terminal closes with the process and any pager."""
    proc, leader = spawn(argv, rows, columns, env)
    try:
        seen = drain(leader, 30)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(leader)
    return proc.returncode, seen.decode("utf-8", "replace")
