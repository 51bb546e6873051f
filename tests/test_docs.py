"""Docs cannot drift: every command has help and a README entry; every KB field is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from spinecli.cli import app
from spinecli.model import KnowledgeBase
from spinecli.schema import SCHEMA
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
KB_FORMAT = (ROOT / "docs" / "kb-format.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_readme_entry(cli: Invoke, command: str) -> None:
    r = cli(command, "--help")
    assert r.code == 0 and "Usage:" in r.out
    assert f"spinecli {command}" in README, f"README does not document `spinecli {command}`"


@pytest.mark.parametrize(("table", "key"), [(t, k) for t, fields in SCHEMA.items() for k in fields])
def test_every_kb_field_documented(table: str, key: str) -> None:
    section = KB_FORMAT.split(f"## `[{table}", 1)[1].split("\n## ", 1)[0]
    assert re.search(rf"\| `{key}` \|", section), f"docs/kb-format.md lacks {table}.{key}"


def test_quickstart_has_two_commands() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```(?:sh|bash)\n(.*?)```", quickstart, re.S)
    assert len(commands) == 2
    assert "scripts/check" in commands[1]


def test_readme_counts_match_the_shipped_kb(shipped: KnowledgeBase) -> None:
    m = re.search(
        r"covers (\d+) procedures .*?, (\d+) conditions, (\d+) symptoms and (\d+) red flags",
        README.replace("\n", " "),
    )
    assert m, "README's KB summary line is missing"
    counts = (len(shipped.procedures), len(shipped.conditions), len(shipped.symptoms))
    assert tuple(int(g) for g in m.groups()) == (*counts, len(shipped.red_flags))
