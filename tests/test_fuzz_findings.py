"""What the fuzz run (tests/fuzz_cli.py, docs/reliability.md) found, each kept as a test here."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.hostile import run_main
from tests.test_terminal import SCRIPT


@pytest.mark.slow
def test_a_nul_in_the_clinic_logo_path_is_one_message(tmp_path: Path) -> None:
    """`logo = "a\\u0000b"` in a clinic config reached os.open, whose ValueError ended the
    console script in a traceback (exit 1)."""
    config = tmp_path / "config.toml"
    config.write_text('[clinic]\nname = "X"\nlogo = "a\\u0000b"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SPINECLI_KB"}
    r = subprocess.run(
        [SCRIPT, "handout", "epidural-steroid-injection", "--config", str(config)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd="/",
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"spinecli: config {config}: clinic.logo ") and "NUL" in r.stderr


@pytest.mark.parametrize("argv", [["validate", "\0"], ["--kb", "a\0b", "list"]], ids=str)
def test_a_nul_in_a_kb_path_is_a_kb_error(argv: list[str]) -> None:
    """Found in-process (argv from exec cannot hold a NUL): a ValueError from os.open."""
    r = run_main(*argv)
    assert r.code == 3 and "NUL" in r.err, r
