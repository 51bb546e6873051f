"""Docs cannot drift: every command has help and a README entry; every KB field is documented;
the README stays a short front door whose links and paths all exist."""

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


def _readme_command_table() -> list[str]:
    """The commands named in the first column of the README's command table, in order."""
    section = README.split("\n## Commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `spinecli ([a-z-]+)\b", section, re.M)


def test_readme_command_table_is_the_real_commands() -> None:
    listed = _readme_command_table()
    assert len(listed) == len(set(listed)), f"a command is listed twice: {listed}"
    assert sorted(listed) == COMMANDS


def test_readme_is_a_front_door() -> None:
    assert len(README.splitlines()) <= 300


DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
REPO_DIRS = ("spinecli/", "tests/", "benchmarks/", "docs/", "data/", "scripts/", ".ci/")
REPO_PATH = re.compile(rf"`((?:{'|'.join(map(re.escape, REPO_DIRS))})[\w./-]*\w)(?::\s*\w+)?`")


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_docs_name_only_files_that_exist(page: Path) -> None:
    """Relative links (`[x](docs/y.md)`) and repository paths in backticks point at real files."""
    text = page.read_text(encoding="utf-8")
    missing = []
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" not in target and not (page.parent / target).exists():
            missing.append(target)
    for path in REPO_PATH.findall(text):
        if not (ROOT / path).exists():
            missing.append(path)
    assert not missing, f"{page.name} names files that do not exist: {missing}"
