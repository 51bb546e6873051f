"""Issue 18, defects 3 and 4: --answers-json is read like a KB layer (bounded, no endless device,
a silent pipe times out), nesting that would overflow the parser is refused, and a closed stdin
gets a message, never a traceback. Through the real console script."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from spinecli.cli import interactive
from tests.test_terminal import SCRIPT


def run(shell: str, *argv: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f'exec "$0" "$@" {shell}', SCRIPT, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=stdin,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("match", "-"),
        ("triage", "back pain", "--answers-json", "-", "-f", "json"),
    ],
)
def test_closed_stdin_is_one_message(argv: tuple[str, ...]) -> None:
    r = run("<&-", *argv)
    assert r.returncode == 2, r
    assert "Traceback" not in r.stderr and "closed" in r.stderr, r.stderr


def test_answers_from_an_endless_device_are_refused() -> None:
    r = run("", "triage", "back pain", "--answers-json", "/dev/zero", "-f", "json")
    assert r.returncode == 2 and "is a device" in r.stderr, r
    assert "Traceback" not in r.stderr


def test_answers_over_the_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "a.json"
    big.write_text(" " * (interactive.MAX_ANSWERS_BYTES + 1) + "{}", encoding="utf-8")
    r = run("", "triage", "back pain", "--answers-json", str(big), "-f", "json")
    assert r.returncode == 2 and "larger than 1 MB" in r.stderr, r


def test_deeply_nested_answers_are_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    r = run("", "triage", "back pain", "--answers-json", str(deep), "-f", "json")
    assert r.returncode == 2 and "nested too deeply" in r.stderr, r
    assert "Traceback" not in r.stderr


def test_an_endless_stream_on_stdin_stops_at_the_limit() -> None:
    r = subprocess.run(
        [
            "bash",
            "-c",
            'head -c 3000000 /dev/zero | "$0" triage "back pain" --answers-json - -f json',
            SCRIPT,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "larger than 1 MB" in r.stderr, r


def test_answers_from_a_pipe_still_work() -> None:
    read, write = os.pipe()
    os.write(write, json.dumps({"leg-pain-below-knee": "yes"}).encode())
    os.close(write)
    r = run("", "triage", "back pain", "--answers-json", "-", "-f", "json", stdin=read)
    os.close(read)
    assert r.returncode in (0, 1), r
    assert "Traceback" not in r.stderr


BIG_INT = "[procedures.alpha-block]\nrepeat = " + "9" * 5000 + "\n"


def test_an_integer_past_the_digit_limit_is_a_kb_error(tmp_path: Path) -> None:
    layer = tmp_path / "big.toml"
    layer.write_text(BIG_INT, encoding="utf-8")
    for argv in (("--kb", str(layer), "list"), ("validate", str(layer))):
        r = run("", *argv)
        assert r.returncode == 3 and "cannot be read" in r.stderr, r
        assert "Traceback" not in r.stderr


def test_an_integer_past_the_digit_limit_in_a_config_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[clinic]\nname = " + "9" * 5000 + "\n", encoding="utf-8")
    r = run("", "handout", "esi", "--config", str(config))
    assert r.returncode == 2 and "cannot be read" in r.stderr, r


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    layer = tmp_path / "bom.toml"
    layer.write_bytes(b'\xef\xbb\xbf[procedures.epidural-steroid-injection]\nsummary = "BOM ok."\n')
    r = run("", "--kb", str(layer), "explain", "esi", "-f", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["summary"] == "BOM ok.", r.stderr
