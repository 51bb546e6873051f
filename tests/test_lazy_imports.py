"""What each hot command must not import: the start-up budget (issue 7) kept without a clock.

Each case runs the real console script's code path in a fresh interpreter, then lists which of
the named modules got loaded. A module named here costs milliseconds at import; a change that
pulls one into a path that does not need it shows up as a failure, not as a slower benchmark.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test here starts a process

SCRIPT = """
import contextlib, io, json, os, sys
from spinecli.__main__ import run
names = json.loads(sys.argv[1])
sys.argv = ["spinecli", *sys.argv[2:]]
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        run()
except SystemExit as stop:
    assert not stop.code, (stop.code, out.getvalue())
assert out.getvalue(), "no output"
print(json.dumps([m for m in names if m in sys.modules]))
"""

HEAVY = [
    "rich",
    "rich.console",
    "rich.panel",
    "rich.table",
    "rich.text",
    "spinecli.match",
    "spinecli.triage",
    "spinecli.schema",
    "spinecli.render.pages",
    "spinecli.render.table",
    "spinecli.render.cards",
    "spinecli.pager",
    "dataclasses",
]

DESCRIPTION = "aching low back pain shooting down my left leg with numbness in my toes"


def loaded(cache: Path, *argv: str, **env: str) -> set[str]:
    """The HEAVY modules a run loads once the KB cache is warm (the first run builds it, and
    building it is allowed to cost more)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SPINECLI_")}
    environ.update(SPINECLI_CACHE_DIR=str(cache), **env)
    for _ in range(2):
        r = subprocess.run(
            [sys.executable, "-c", SCRIPT, json.dumps(HEAVY), *argv],
            capture_output=True,
            text=True,
            timeout=60,
            env=environ,
        )
        assert r.returncode == 0, r.stderr
    return set(json.loads(r.stdout))


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (["explain", "esi", "--format", "json"], set()),
        (
            ["explain", "esi", "--format", "table"],
            {"rich", "spinecli.render.pages", "spinecli.render.table"},
        ),
        (["match", DESCRIPTION, "--format", "json"], {"spinecli.match"}),
        (["list", "--format", "plain"], {"spinecli.render.pages"}),
        # Into a pipe a handout is its Markdown: no terminal page, no pager.
        (["handout", "esi"], {"spinecli.render.pages", "dataclasses"}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_a_command_imports_only_what_it_uses(
    tmp_path: Path, argv: list[str], allowed: set[str]
) -> None:
    assert loaded(tmp_path, *argv) <= allowed


def test_completion_imports_none_of_them(tmp_path: Path) -> None:
    env = {"_SPINECLI_COMPLETE": "complete_bash", "COMP_WORDS": "spinecli explain ky"}
    assert loaded(tmp_path, COMP_CWORD="2", **env) == set()
