"""Where `spinecli` and `python -m spinecli` start.

Imports nothing heavy itself, so a Ctrl-C while Typer and Click load (the first tenth of a
second) ends cleanly too; from then on `cli.main` maps interrupts and errors to exit codes.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def run() -> None:
    """One whole run, ending in SystemExit with the exit status: what tests call in-process."""
    try:
        from spinecli.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("\nspinecli: interrupted\n")
        raise SystemExit(130) from None
    cli_main()


def main() -> NoReturn:
    """The console script: one run, then the process ends at once.

    Python's own teardown frees every module and object one by one, about 15 ms after Typer,
    Click and Rich alone, a fifth of a run; a process that has flushed its output and holds
    nothing else (no atexit handlers, no threads, files written and closed) can skip it, unless
    a profiler or the like is waiting to write its report at exit.
    """
    try:
        run()
    except SystemExit as stop:
        code = _status(stop.code)
    else:
        code = 0
    if _observed():
        raise SystemExit(code)  # their reports are written at exit, by atexit or teardown
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()  # empty already: cli.main flushed stdout and reported failures
        except (OSError, ValueError):
            pass
    os._exit(code)


def _observed() -> bool:
    """Whether a profiler, tracer, coverage or Python's dev mode watches this run
    (`python -m cProfile -m spinecli`, `coverage run -m spinecli`, `python -X dev`).
    From 3.12 profilers, debuggers and coverage may watch through `sys.monitoring` instead of
    `sys.setprofile`/`settrace` (cProfile does): any tool id in use counts."""
    return (
        sys.getprofile() is not None
        or sys.gettrace() is not None
        or _monitored()
        or "coverage" in sys.modules
        or sys.flags.dev_mode
    )


def _monitored() -> bool:
    """Whether any `sys.monitoring` tool (3.12+) is registered."""
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return False
    # Tool ids are 0..5 (DEBUGGER_ID 0, COVERAGE_ID 1, PROFILER_ID 2, OPTIMIZER_ID 5).
    return any(monitoring.get_tool(tool) is not None for tool in range(6))


def _status(code: object) -> int:
    """The exit status SystemExit(code) stands for, as Python itself would end the process."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")
    return 1


if __name__ == "__main__":
    main()
