"""Reading what a program wrote to a pseudo-terminal, for tests of interactive sessions."""

from __future__ import annotations

import os
import select


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
