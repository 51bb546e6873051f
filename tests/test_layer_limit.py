"""The accepted layer size (files.MAX_KB_BYTES): a byte over it is refused, with a clear line."""

from __future__ import annotations

from pathlib import Path

from spinecli.files import MAX_KB_BYTES
from tests.conftest import Invoke, write


def test_a_layer_one_byte_over_the_limit_is_refused(tmp_path: Path, cli: Invoke) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as f:
        f.truncate(MAX_KB_BYTES + 1)  # sparse: no disk used, and never read
    r = cli("--kb", str(big), "explain", "esi")
    assert r.code == 3, r
    assert f"{big}: is larger than 5 MB; refusing to read it" in r.err.splitlines()[-1], r
    assert "Traceback" not in r.err


def test_a_layer_at_the_limit_is_read(tmp_path: Path, cli: Invoke) -> None:
    layer = write(tmp_path, "# padding\n")
    with open(layer, "ab") as f:
        f.write(b"#" * (MAX_KB_BYTES - layer.stat().st_size - 1) + b"\n")
    assert layer.stat().st_size == MAX_KB_BYTES
    r = cli("--kb", str(layer), "explain", "esi", "-f", "json")
    assert r.code == 0, r
