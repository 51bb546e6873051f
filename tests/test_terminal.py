"""The real console script in real pipes and a pseudo-terminal: colour only where it belongs."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test here starts a process

SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"


def run_in_pty(*args: str, env: dict[str, str] | None = None) -> str:
    """Runs spinecli with stdout on a pseudo-terminal and returns what it printed."""
    leader, follower = pty.openpty()
    base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env = {**base, "COLUMNS": "100", **(env or {})}
    proc = subprocess.Popen(
        [SCRIPT, *args], stdout=follower, stderr=subprocess.PIPE, env=full_env, cwd="/"
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.communicate(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_terminal_gets_colour_and_boxes() -> None:
    out = run_in_pty("explain", "esi")
    assert "\x1b[" in out and "╭" in out


@pytest.mark.parametrize(("args", "env"), [(["--no-color"], {}), ([], {"NO_COLOR": "1"})])
def test_no_color(args: list[str], env: dict[str, str]) -> None:
    out = run_in_pty(*args, "explain", "esi", env=env)
    assert "\x1b[" not in out and "╭" in out


def test_pipe_gets_plain_text() -> None:
    r = subprocess.run([SCRIPT, "list"], capture_output=True, text=True, cwd="/", timeout=30)
    assert r.returncode == 0 and "\x1b" not in r.stdout and "│" not in r.stdout


def test_closed_pipe_exits_quietly() -> None:
    r = subprocess.run(
        f"'{SCRIPT}' explain esi --format json | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        cwd="/",
        timeout=30,
    )
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_python_dash_m() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "spinecli", "--version"],
        capture_output=True,
        text=True,
        cwd="/",
        timeout=30,
    )
    assert r.returncode == 0 and r.stdout.startswith("spinecli ")


def test_global_option_after_the_command_gets_a_hint() -> None:
    r = subprocess.run(
        [SCRIPT, "explain", "esi", "--kb", "x.toml"],
        capture_output=True,
        text=True,
        cwd="/",
        timeout=30,
    )
    assert r.returncode == 2
    assert "--kb is a global option: it goes before the command" in r.stderr
