"""The mistakes people make at the command line get one helpful message (issue 15, item 5)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke


@pytest.mark.parametrize(
    ("args", "value"),
    [
        (["list", "--region", "lumber"], "lumbar"),
        (["list", "--region", "Cerv"], "cervical"),
        (["list", "--category", "ablaton"], "ablation"),
        (["conditions", "--region", "thoracc"], "thoracic"),
    ],
)
def test_filter_values_forgive_typos_as_names_do(cli: Invoke, args: list[str], value: str) -> None:
    r = cli(*args, "-f", "json")
    assert r.code == 0, r
    assert f"taken as '{value}'" in r.err
    if args[0] == "list":
        assert value in json.loads(r.out)["filters"].values()


def test_an_unknown_filter_value_names_the_nearest_once(cli: Invoke) -> None:
    r = cli("list", "--category", "block")
    assert r.code == 2 and "did you mean 'nerve-block'" in r.err and r.out == ""
    assert r.err.lower().count("did you mean") == 1


def test_low_back_pain_finds_chronic_low_back_pain(cli: Invoke) -> None:
    r = cli("treatments", "low back pain", "-f", "json")
    assert r.code == 0 and json.loads(r.out)["condition"]["id"] == "chronic-low-back-pain"
    assert "taken as Chronic low back pain" in r.err


def test_a_generic_word_suggests_the_common_procedures_first(cli: Invoke) -> None:
    r = cli("explain", "injection")
    assert r.code == 1 and r.out == ""
    assert "Did you mean: Epidural steroid injection, Facet joint injection" in r.err


SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    """The console script, whose usage errors go through spinecli's own hints."""
    return subprocess.run([SCRIPT, *argv], capture_output=True, text=True, timeout=60, cwd="/")


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["esi"], "spinecli explain esi"),  # as tldr users type it
        (["sciatica"], "spinecli treatments sciatica"),
        (["explain", "esi", "--json"], "--format json (-f json)"),
        (["--format", "json", "explain", "esi"], "--format is an option of the command"),
        (["--brief", "explain", "esi"], "--brief is an option of the command"),
        (["explain", "esi", "--kb", "x.toml"], "--kb is a global option"),
    ],
)
def test_a_misplaced_word_gets_one_hint(argv: list[str], hint: str) -> None:
    r = run(*argv)
    assert r.returncode == 2 and r.stdout == ""
    assert hint in r.stderr and r.stderr.count("Hint:") == 1


def test_did_you_mean_is_said_once() -> None:
    r = run("explian", "esi")
    assert r.returncode == 2 and r.stderr.count("Did you mean") == 1 and "'explain'" in r.stderr
    r = run("explain", "esi", "--json")
    assert "Did you mean" not in r.stderr  # Click would offer --section


def test_a_word_that_names_nothing_gets_no_hint() -> None:
    r = run("frobnicate")
    assert r.returncode == 2 and "Hint:" not in r.stderr


@pytest.mark.parametrize("count", ["0", "-3", "51"])
def test_quiz_count_has_one_range_message(cli: Invoke, count: str) -> None:
    r = cli("quiz", "--count", count)
    assert r.code == 2 and "--count should be from 1 to 50, not " + count in r.err


@pytest.mark.parametrize("argv", [["explain", ""], ["match", ""], ["treatments", " "]])
def test_empty_input_is_a_usage_error_everywhere(cli: Invoke, argv: list[str]) -> None:
    r = cli(*argv)
    assert r.code == 2 and r.out == "" and "empty" in r.err


@pytest.mark.parametrize(
    "argv",
    [
        ["explian", "esi"],
        ["lst"],
        ["explain", "--secton", "risks", "esi"],
        ["list", "--regon", "lumbar"],
        ["explain", "injection"],
        ["treatments", "zzqx"],
        ["esi", "--brief"],
    ],
)
def test_a_suggestion_is_made_at_most_once(argv: list[str]) -> None:
    r = run(*argv)
    assert r.returncode in (1, 2), r
    said = r.stderr.count("Did you mean") + r.stderr.count("Possible options")
    assert said <= 1 and r.stderr.count("Hint:") <= 1, r.stderr
