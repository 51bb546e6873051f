"""`--force` replaces only regular files (issue 18, defect 1): a FIFO, a device, a directory or a
socket is refused with exit 4 and left as it was; a link is written through to its regular file."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from tests.conftest import Invoke

ARGS = ("handout", "alpha-block", "-f", "md", "--force", "-o")


def test_fifo_is_refused_and_kept(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    r = cli("--kb", str(mini), *ARGS, str(fifo))
    assert r.code == 4 and "named pipe (FIFO)" in r.err and "regular files" in r.err, r
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.md"], "no temp file left"


def test_device_is_refused_and_kept(cli: Invoke, mini: Path) -> None:
    before = os.stat("/dev/null")
    r = cli("--kb", str(mini), *ARGS, "/dev/null")
    assert r.code == 4 and "cannot write /dev/null: it is a device" in r.err, r
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_socket_is_refused(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    name = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(name))
        r = cli("--kb", str(mini), *ARGS, str(name))
    assert r.code == 4 and "is a socket" in r.err, r


def test_link_to_a_regular_file_is_written_through(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    r = cli("--kb", str(mini), *ARGS, str(link))
    assert r.code == 0, r
    assert link.is_symlink() and os.readlink(link) == str(real), "the link itself is kept"
    assert "Alpha" in real.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["dangling", "to-fifo"])
def test_link_to_nothing_or_to_a_fifo_is_refused(
    cli: Invoke, mini: Path, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "target"
    if kind == "to-fifo":
        os.mkfifo(target)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    r = cli("--kb", str(mini), *ARGS, str(link))
    assert r.code == 4 and str(link) in r.err, r
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["link.md"] + (["target"] if kind == "to-fifo" else [])
    )
