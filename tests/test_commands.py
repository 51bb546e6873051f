"""Every command in every format against the shipped KB, and the exit codes around them."""

from __future__ import annotations

import json
import re

import pytest

from spinecli import __version__
from tests.conftest import Invoke

ANSI = re.compile(r"\x1b\[")
COMMANDS = [
    ["list"],
    ["list", "--region", "cervical"],
    ["list", "--category", "ablation"],
    ["list", "--condition", "facet-joint-arthritis"],
    ["explain", "esi"],
    ["explain", "Spinal Cord Stimulation"],
    ["conditions"],
    ["treatments", "herniated disc"],
    ["treatments", "sciatica"],
    ["recovery", "rfa"],
]
FORMATS = ["table", "plain", "json", "md"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_every_format(cli: Invoke, command: list[str], fmt: str) -> None:
    r = cli(*command, "--format", fmt)
    assert r.code == 0, r
    assert r.out.strip() and not ANSI.search(r.out)
    if fmt == "json":
        json.loads(r.out)
    if fmt == "md":
        assert r.out.startswith("# ")


def test_piped_default_is_plain(cli: Invoke) -> None:
    r = cli("explain", "esi")
    assert r.code == 0
    assert not ANSI.search(r.out)
    assert not any(ch in r.out for ch in "╭│─"), "no box drawing in pipes"
    assert "Epidural steroid injection\n====" in r.out


def test_explain_is_laid_out_in_sections(cli: Invoke) -> None:
    out = cli("explain", "esi", "-f", "plain").out
    for heading in (
        "Purpose",
        "How it is done",
        "Risks",
        "Recovery",
        "WHEN TO GET HELP",
        "Sources",
    ):
        assert f"\n{heading}\n" in out, heading


def test_list_filters(cli: Invoke) -> None:
    data = json.loads(cli("list", "--category", "augmentation", "-f", "json").out)
    assert {p["id"] for p in data["procedures"]} == {"vertebroplasty", "kyphoplasty"}
    peripheral = json.loads(cli("list", "--region", "peripheral", "-f", "json").out)
    assert all("peripheral" in p["regions"] for p in peripheral["procedures"])
    assert "peripheral-joint-injection" in {p["id"] for p in peripheral["procedures"]}


def test_list_condition_filter_keeps_usual_order(cli: Invoke) -> None:
    listed = json.loads(cli("list", "--condition", "facet arthritis", "-f", "json").out)
    plan = json.loads(cli("treatments", "facet-joint-arthritis", "-f", "json").out)
    assert [p["id"] for p in listed["procedures"]] == [p["id"] for p in plan["procedures"]]


def test_treatments_conservative_first_then_procedures(cli: Invoke) -> None:
    out = cli("treatments", "herniated-disc", "-f", "plain").out
    assert out.index("Conservative care first") < out.index("Then procedures")


def test_recovery_md_is_a_checklist(cli: Invoke) -> None:
    out = cli("recovery", "esi", "-f", "md").out
    assert out.count("- [ ] ") >= 5
    assert "## Before the procedure" in out
    assert "does not replace advice" in out


def test_unknown_procedure_exits_1_with_suggestions(cli: Invoke) -> None:
    r = cli("explain", "kyphoplasticity-thing")
    assert r.code == 1 and r.out == ""
    assert "Did you mean" in r.err and "Traceback" not in r.err


def test_typo_is_forgiven_with_note_on_stderr(cli: Invoke) -> None:
    r = cli("explain", "kyphoplsty", "-f", "json")
    assert r.code == 0 and json.loads(r.out)["id"] == "kyphoplasty"
    assert "taken as Kyphoplasty" in r.err


def test_unknown_condition_exits_1(cli: Invoke) -> None:
    r = cli("treatments", "broken toe nail")
    assert r.code == 1 and "no condition named" in r.err


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "esi", "--format", "yaml"],
        ["list", "--region", "elbow"],
        ["list", "--category", "surgery"],
        ["explain"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(cli: Invoke, args: list[str]) -> None:
    r = cli(*args)
    assert r.code == 2, r
    assert "Traceback" not in r.err


def test_version(cli: Invoke) -> None:
    r = cli("--version")
    assert r.code == 0 and r.out.strip() == f"spinecli {__version__}"


def test_no_args_shows_help(cli: Invoke) -> None:
    r = cli()
    assert "explain" in r.out + r.err


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["explain", "slipped disc"], "is a condition (Herniated disc): try spinecli treatments"),
        (["recovery", "sciatica"], "is a condition (Sciatica): try spinecli treatments sciatica"),
        (["treatments", "kyphoplasty"], "is a procedure (Kyphoplasty): try spinecli explain"),
    ],
)
def test_a_name_of_the_other_kind_points_to_the_right_command(
    cli: Invoke, args: list[str], hint: str
) -> None:
    r = cli(*args)
    assert r.code == 1 and hint in r.err, r


def test_nonsense_gets_no_random_suggestions(cli: Invoke) -> None:
    r = cli("explain", "zzzz")
    assert r.code == 1 and "Did you mean" not in r.err and "spinecli list" in r.err
