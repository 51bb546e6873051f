"""Progress on stderr for long exports (`handout --all -f pdf`), only when stderr is a terminal.

Rich is imported only then, and only once there is more than one file to write: a pipe, a log
file or a single handout pay nothing.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spinecli.export import Progress


@contextlib.contextmanager
def on_terminal(label: str) -> Iterator[Progress | None]:
    """A Progress callback drawing a transient bar on stderr, or None when it is not a TTY."""
    stream = sys.stderr
    if stream is None or not stream.isatty():
        yield None
        return
    with contextlib.ExitStack() as stack:
        state: dict[str, Any] = {}

        def step(done: int, total: int, path: Path) -> None:
            if total < 2:
                return
            if "bar" not in state:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                bar = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=Console(file=stream),
                    transient=True,
                )
                stack.enter_context(bar)
                state["bar"], state["task"] = bar, bar.add_task(label, total=total)
            shown = f"{label} {path.name}" if done < total else label
            state["bar"].update(state["task"], completed=done, description=shown)

        yield step
