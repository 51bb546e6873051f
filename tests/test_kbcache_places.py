"""Something else where the cache file should be, met by the real console script (issue 18
defers these to issue 17's cache; checked here): a FIFO with no writer or with an endless one, a
directory, a device, damaged bytes, a file where the cache directory should be. Every command
and every TAB gives what it gives without a cache, at once: never a hang, a mix or an error.
(In-process tests of the same, and of a permission error, are in tests/test_kbcache.py.)
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.test_terminal import SCRIPT

pytestmark = pytest.mark.slow  # every test here starts the console script

COMMAND = ["explain", "epidural-steroid-injection", "-f", "json"]
TAB = {
    "_SPINECLI_COMPLETE": "complete_bash",
    "COMP_WORDS": "spinecli explain epid",
    "COMP_CWORD": "2",
}


def _run(argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("SPINECLI_KB", "NO_COLOR")}
    return subprocess.run(
        [SCRIPT, *argv], env={**base, **env}, capture_output=True, text=True, timeout=30, cwd="/"
    )


@pytest.fixture(scope="module")
def uncached() -> tuple[str, str]:
    """What the command and the TAB give without a cache."""
    command = _run(COMMAND, SPINECLI_NO_CACHE="1")
    tab = _run([], SPINECLI_NO_CACHE="1", **TAB)
    assert command.returncode == 0 and tab.returncode == 0 and "epidural" in tab.stdout
    return command.stdout, tab.stdout


def _fifo(file: Path) -> None:
    os.mkfifo(file)


def _garbage(file: Path) -> None:
    file.write_bytes(b"\x80not a cache\0" * 1000)


def _half(file: Path) -> None:
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])


def _directory(file: Path) -> None:
    file.mkdir()
    (file / "inside").write_text("x")


def _device(file: Path) -> None:
    file.symlink_to("/dev/zero")


PLACED: dict[str, Callable[[Path], None]] = {
    "a FIFO with no writer": _fifo,
    "a FIFO with an endless writer": _fifo,
    "garbage": _garbage,
    "half the file": _half,
    "a directory": _directory,
    "a link to /dev/zero": _device,
}


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("what", list(PLACED))
def test_any_thing_in_the_cache_files_place(
    tmp_path: Path,
    uncached: tuple[str, str],
    writer: list[subprocess.Popen[bytes]],
    what: str,
) -> None:
    cache = tmp_path / "cache"
    assert _run(COMMAND, SPINECLI_CACHE_DIR=str(cache)).returncode == 0
    (file,) = cache.glob("kb-*.cache")
    if what not in ("garbage", "half the file"):
        file.unlink()
    PLACED[what](file)
    if what == "a FIFO with an endless writer":  # opens when a reader does, then never stops
        writer.append(subprocess.Popen(["sh", "-c", 'exec yes > "$0"', str(file)]))
    for run in range(2):  # the first run may replace what is there; the second meets the result
        command = _run(COMMAND, SPINECLI_CACHE_DIR=str(cache))
        tab = _run([], SPINECLI_CACHE_DIR=str(cache), **TAB)
        assert (command.returncode, command.stderr) == (0, ""), (run, command.stderr)
        assert (tab.returncode, tab.stderr) == (0, ""), (run, tab.stderr)
        assert (command.stdout, tab.stdout) == uncached, run


def test_a_file_where_the_cache_directory_should_be(
    tmp_path: Path, uncached: tuple[str, str]
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a directory")
    for run in range(2):
        command = _run(COMMAND, SPINECLI_CACHE_DIR=str(cache))
        assert (command.returncode, command.stderr, command.stdout) == (0, "", uncached[0]), run
    assert cache.read_text() == "not a directory"
