"""The clinic's logo on handouts, progress on a terminal, and a batch that stops part way."""

from __future__ import annotations

import base64
import os
import struct
import sys
import zlib
from pathlib import Path

import pytest

from spinecli import export
from spinecli.errors import OutputError
from spinecli.handout import HandoutSet
from spinecli.logo import MAX_LOGO_BYTES
from tests.conftest import Invoke, write
from tests.pty_helpers import drain, spawn


def png(width: int = 1, height: int = 1) -> bytes:
    """A real PNG: signature, IHDR, one IDAT of grey pixels, IEND, each chunk with its CRC."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10">'
    b'<rect width="40" height="10"/></svg>'
)


def config_with_logo(tmp_path: Path, data: bytes, name: str) -> Path:
    (tmp_path / name).write_bytes(data)
    text = f'[clinic]\nname = "Riverside"\nphone = "555 0100"\nlogo = "{name}"\n'
    return write(tmp_path, text, "clinic.toml")


@pytest.mark.parametrize(
    ("data", "name", "mime"), [(png(), "logo.png", "image/png"), (SVG, "logo.svg", "image/svg+xml")]
)
def test_logo_is_embedded_in_html(
    cli: Invoke, mini: Path, tmp_path: Path, data: bytes, name: str, mime: str
) -> None:
    config = config_with_logo(tmp_path, data, name)  # a path relative to the config file
    r = cli("handout", "alpha-block", "-f", "html", "--config", str(config))
    assert r.code == 0, r
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    assert f'<img class="logo" src="{uri}" alt="Riverside logo">' in r.out
    assert r.out.index('class="logo"') < r.out.index("555 0100"), "logo above the phones"
    assert "img-src data:" in r.out, "the page's policy allows embedded images only"
    md = cli("handout", "alpha-block", "--config", str(config))
    assert md.code == 0 and "base64" not in md.out and "Riverside" in md.out


BAD_LOGOS = [
    (b"GIF89a not ours", "is not a PNG or SVG file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "no IHDR header"),
    (png(5000, 1), "at most 4000 pixels a side"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "'<script'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.org/a.png"/></svg>', "href"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "<!DOCTYPE"),
    (b"<svg><rect></svg>", "is not well-formed SVG"),
    (b"<svg-not/>", "not <svg>"),
    (b"<?xml version='1.0'?><html>" + b"<svg/>" + b"</html>", "not <svg>"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_LOGO_BYTES + 1), "at most 256 KB"),
]


@pytest.mark.parametrize(("data", "message"), BAD_LOGOS)
def test_bad_logo_is_one_clear_usage_error(
    cli: Invoke, mini: Path, tmp_path: Path, data: bytes, message: str
) -> None:
    config = config_with_logo(tmp_path, data, "logo.bin")
    r = cli("handout", "alpha-block", "-f", "html", "--config", str(config))
    assert r.code == 2, r
    assert message in r.err and "clinic.logo" in r.err and str(config) in r.err, r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert not r.out


def test_missing_logo_file(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    config = write(tmp_path, '[clinic]\nlogo = "nowhere.png"\n', "clinic.toml")
    r = cli("handout", "alpha-block", "--config", str(config))
    assert r.code == 2 and "no such file" in r.err and "nowhere.png" in r.err, r


def test_batch_stopping_part_way_lists_what_it_wrote(
    cli: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = export.render_set
    calls: list[str] = []

    def second_fails(result: HandoutSet, fmt: str, paper: str = "") -> bytes:
        calls.append(result.handouts[0].procedure.id)
        if len(calls) == 2:
            raise OutputError("Chromium did not produce a PDF (test)")
        return real(result, fmt, paper)

    monkeypatch.setattr(export, "render_set", second_fails)
    out = tmp_path / "out"
    r = cli("handout", "--all", "-o", f"{out}/")
    assert r.code == 4, r
    assert r.out == f"{out / 'alpha-block.md'}\n", "the file written before the error is listed"
    assert "did not produce a PDF (test) (stopped after 1 of 2 files)" in r.err
    assert sorted(p.name for p in out.iterdir()) == ["alpha-block.md"]


def test_no_progress_when_stderr_is_not_a_terminal(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    r = cli("handout", "--all", "-o", f"{tmp_path / 'out'}/")
    assert r.code == 0 and r.err == "", r


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    """The installed console script (shipped KB) on a pseudo-terminal: a progress line on
    stderr naming the files as they are written, then the paths."""
    script = Path(sys.executable).with_name("spinecli")
    out = tmp_path / "out"
    names = ["epidural-steroid-injection", "facet-joint-injection"]
    proc, leader = spawn([str(script), "handout", *names, "-o", f"{out}/"], 24, 100)
    try:
        seen = drain(leader, 5.0)
    finally:
        os.close(leader)
    assert proc.wait(timeout=30) == 0, seen
    assert b"Writing handouts" in seen and b"epidural-steroid-injection.md" in seen, seen
    assert sorted(p.name for p in out.iterdir()) == [f"{n}.md" for n in names]
