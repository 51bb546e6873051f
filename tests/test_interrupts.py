"""Interrupted writes leave nothing behind (issue 18, defect 5; docs/reliability.md).

SIGINT (Ctrl-C) and SIGTERM at any moment of `handout --all -o DIR` leave only complete handouts
in DIR, no temp file, no `spinecli-pdf-*` directory and no running Chromium; the run ends with
130 or 143. The signals go to the real console script at random moments, many times over.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.hostile import run_main
from tests.test_terminal import SCRIPT

EXPECTED: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("SPINECLI_KB", "NO_COLOR")}
    return {**base, **extra}


def _handout_all(fmt: str, out: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [SCRIPT, "handout", "--all", "-f", fmt, "-o", f"{out}/"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd="/",
    )


def _ended(proc: subprocess.Popen[bytes], sig: int, run: int) -> bool:
    """Waits for the run; True if the signal ended it (False: it had finished first)."""
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err, (run, err)
    if proc.returncode == 0:
        return False
    assert proc.returncode == EXPECTED[sig], (run, proc.returncode, err)
    return True


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_signals_during_handout_all_leave_only_whole_files(tmp_path: Path, fmt: str) -> None:
    """20 runs, SIGINT and SIGTERM in turn, each at a random moment of the writing (which takes
    about 50 ms for the shipped KB's 35 files): every file left is a whole handout, byte for
    byte that of an uninterrupted run, and no `.ID.EXT.*.tmp` file remains."""
    env = _env()
    whole = tmp_path / "whole"
    subprocess.run(
        [SCRIPT, "handout", "--all", "-f", fmt, "-o", f"{whole}/"],
        env=env,
        check=True,
        cwd="/",
        stdout=subprocess.DEVNULL,
    )
    reference = {p.name: p.read_bytes() for p in whole.iterdir()}
    rng = random.Random(18)
    interrupted = 0
    for run in range(20):
        sig = SIGNALS[run % 2]
        out = tmp_path / f"run{run}"
        proc = _handout_all(fmt, out, env)
        while not out.exists() and proc.poll() is None:  # made just before the first file
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.06))
        proc.send_signal(sig)
        interrupted += _ended(proc, sig, run)
        left = {p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}
        assert all(left[name] == reference.get(name) for name in left), (run, sorted(left))
    assert interrupted >= 10, f"only {interrupted} of 20 runs were interrupted"


def _signalled_after(real: Callable[..., Any], sig: int) -> Callable[..., Any]:
    """real, followed by a signal to this process: it arrives the moment real has made its file
    or process, before the caller can note it for cleanup (the narrowest window there is)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        made = real(*args, **kwargs)
        os.kill(os.getpid(), sig)
        return made

    return call


@pytest.mark.parametrize("sig", SIGNALS, ids=["SIGINT", "SIGTERM"])
def test_signal_as_the_temp_file_is_made_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sig: int
) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _signalled_after(tempfile.mkstemp, sig))
    r = run_main("handout", "epidural-steroid-injection", "-o", str(tmp_path / "esi.md"))
    assert r.code == EXPECTED[sig], r
    assert sorted(tmp_path.glob(".*")) == [], "a temp file was left"


@pytest.mark.parametrize("sig", SIGNALS, ids=["SIGINT", "SIGTERM"])
def test_signal_as_the_browser_starts_ends_it_and_its_temp_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sig: int
) -> None:
    """A stand-in browser (a shell waiting on a child, one process group) is ended, and the
    `spinecli-pdf-*` directory removed, when the signal comes as Popen returns."""
    browser = tmp_path / "browser"
    browser.write_text("#!/bin/sh\nsleep 30\n")
    browser.chmod(0o755)
    monkeypatch.setenv("SPINECLI_CHROMIUM", str(browser))
    private = Path(tempfile.mkdtemp(prefix="spinecli-test-", dir="/tmp"))  # short (pdf.py)
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", _signalled_after(popen, sig))
    try:
        r = run_main(
            "handout", "epidural-steroid-injection", "-f", "pdf", "-o", str(tmp_path / "x.pdf")
        )
        assert r.code == EXPECTED[sig], r
        assert len(started) == 1 and started[0].poll() is not None, "the browser still runs"
        group = [p for p in _processes() if p.group == started[0].pid and p.alive]
        assert group == [], [p.cmdline for p in group]
        assert sorted(private.iterdir()) == []
    finally:
        for proc in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(private)


@pytest.mark.parametrize("sig", SIGNALS, ids=["SIGINT", "SIGTERM"])
def test_signal_inside_a_weakref_callback_still_ends_the_run(
    monkeypatch: pytest.MonkeyPatch, sig: int
) -> None:
    """Found by the signal loop above: a signal whose handler ran inside a weakref callback
    (importlib drops its module locks so) printed "Exception ignored in ... KeyboardInterrupt"
    and was lost, and the run went on ignoring later ones. Now it ends the run, silently."""
    import spinecli.queries

    real = spinecli.queries.explain

    def explain(*args: Any) -> Any:
        class Dropped:
            pass

        dropped = Dropped()
        kept = weakref.ref(dropped, lambda _: os.kill(os.getpid(), sig))
        del dropped  # the callback runs here, the handler inside it
        for _ in range(100):  # the work goes on, up to 10 s on a loaded machine: the signal ends it
            time.sleep(0.1)
        return real(*args) if kept() is None else None

    monkeypatch.setattr(spinecli.queries, "explain", explain)
    r = run_main("explain", "epidural-steroid-injection")
    assert (r.code, r.out) == (EXPECTED[sig], ""), r
    assert "Exception ignored" not in r.err and "Traceback" not in r.err, r.err


class Proc:
    """One line of /proc: enough to find a run's processes and tell whether they live."""

    def __init__(self, pid: int) -> None:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        self.pid, self.state, self.ppid, self.group = pid, fields[0], int(fields[1]), int(fields[2])
        self.cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()

    @property
    def alive(self) -> bool:
        return self.state not in ("Z", "X")  # a zombie has ended; only its parent's wait is due


def _processes() -> list[Proc]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):  # it ended while we looked
                found.append(Proc(int(entry.name)))
    return found


def _descendants(pid: int) -> set[int]:
    processes = _processes()
    family, grew = {pid}, True
    while grew:
        more = {p.pid for p in processes if p.ppid in family} - family
        family |= more
        grew = bool(more)
    return family - {pid}


def _survivors(family: set[int], private: Path) -> list[str]:
    """Processes still running 5 s after the run ended that were its children, or that name its
    temp dir. The grace is for Chromium's helpers: killed with their group, they may still be
    exiting (an empty cmdline, not yet a zombie) as the run returns."""
    deadline = time.monotonic() + 5
    while True:
        left = [
            f"{p.pid} {p.cmdline[:80]}"
            for p in _processes()
            if p.alive
            and p.ppid != 2  # a kernel thread that was given a freed pid of the run's
            and (p.pid in family or str(private) in p.cmdline)
        ]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


@pytest.mark.slow
def test_signals_during_pdf_leave_no_temp_dir_and_no_browser(tmp_path: Path) -> None:
    """8 runs of `handout --all -f pdf`, SIGINT and SIGTERM in turn: half at a random moment of
    the first second (loading, rendering, making the temp dir, starting Chromium), half while
    Chromium prints. TMPDIR is private, so what the run and Chromium leave there shows; no
    process that was the run's child, or names its TMPDIR, survives it."""
    # Short: pytest's tmp_path is too long a TMPDIR for Chromium's socket (spinecli/pdf.py).
    private = Path(tempfile.mkdtemp(prefix="spinecli-test-", dir="/tmp"))
    env = _env(TMPDIR=str(private))
    rng = random.Random(5)
    try:
        for run in range(8):
            sig = SIGNALS[run % 2]
            out = tmp_path / f"run{run}"
            proc = _handout_all("pdf", out, env)
            if run < 4:  # not sooner: a signal while Python itself starts is a known limit
                time.sleep(rng.uniform(0.3, 1.0))
            else:
                deadline = time.monotonic() + 60
                while not any(str(private) in p.cmdline for p in _processes()):
                    assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
                    time.sleep(0.01)
                time.sleep(rng.uniform(0, 1.0))
            family = _descendants(proc.pid)
            proc.send_signal(sig)
            assert _ended(proc, sig, run), f"run {run} was not interrupted"
            assert _survivors(family, private) == [], run
            assert sorted(private.iterdir()) == [], run
            assert [p.name for p in out.glob(".*")] == [], run
    finally:
        shutil.rmtree(private)
