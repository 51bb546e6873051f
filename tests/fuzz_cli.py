"""A longer fuzz run of the whole CLI, outside the default suite (docs/reliability.md).

Not collected by `pytest` (the name is not test_*.py); run it by name, at low priority:

    nice -n 10 .venv-3.11/bin/python -m pytest tests/fuzz_cli.py -q
    FUZZ_EXAMPLES=20000 FUZZ_PROCESSES=1000 nice -n 10 .venv-3.11/bin/python -m pytest \
        tests/fuzz_cli.py

Every command with arbitrary names and text (match, search, triage, explain, treatments, ...),
arbitrary values for its options (the options are read from the app, so a new one joins), and a
generated KB layer (valid, schema-shaped, mutated shipped TOML or any text). Properties: the exit
status is one the design documents (0-4), stderr holds no traceback and says something whenever
the status is not 0 (stdout does, for `validate -f json`), and no file is written anywhere but
under the directory -o names.
`test_fuzz_in_process` runs what the console script runs in this process (thousands of runs a
minute); `test_fuzz_console_script` a smaller sample through the real console script.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import tomli_w
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from typer.main import get_command

import spinecli.kb
from spinecli.cli import app
from tests.hostile import run_main
from tests.test_hardening import LAYER as SCHEMA_SHAPED
from tests.test_hardening import SHIPPED_LINES, _mutate, valid_kbs
from tests.test_terminal import SCRIPT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3000"))
PROCESSES = int(os.environ.get("FUZZ_PROCESSES", "150"))
STATUSES = {0, 1, 2, 3, 4}
# Shrinking re-runs whole commands for minutes (the first finding took 5); the argv and layer of
# a failing example are small enough to read as they are.
NO_SHRINK = (Phase.explicit, Phase.generate)
# Left out on purpose: they write the user's shell start-up files, or take Chromium's seconds.
SKIPPED_OPTIONS = {"--install-completion", "--show-completion"}
SKIPPED_CHOICES = {"pdf"}

_KB = spinecli.kb.load_kb([], env="")
NAMES = sorted(
    {*_KB.procedures, *_KB.conditions}
    | {p.name for p in _KB.procedures.values()}
    | {c.name for c in _KB.conditions.values()}
)
GROUP = get_command(app)
COMMANDS: dict[str, Any] = dict(GROUP.commands)  # type: ignore[attr-defined]

TEXT = st.text(max_size=40) | st.text(st.characters(codec="utf-8"), max_size=200)
NAME = st.sampled_from(NAMES) | TEXT | st.sampled_from(NAMES).map(lambda n: n[:-1] + "x")
PHRASE = st.lists(st.sampled_from(NAMES) | TEXT, min_size=0, max_size=4).map(" ".join)
FILE_NAME = st.text(
    st.characters(exclude_characters="/\0", exclude_categories=["Cs"]), min_size=1, max_size=20
).filter(lambda s: s not in (".", ".."))


def _values(param: Any) -> st.SearchStrategy[list[str]]:
    """argv for one parameter of a command: a flag, an option and its value, or arguments."""
    opts = [o for o in param.opts if o not in SKIPPED_OPTIONS]
    if not opts:
        return st.just([])
    choices = [c for c in getattr(param.type, "choices", ()) if c not in SKIPPED_CHOICES]
    value: st.SearchStrategy[str] = TEXT
    if choices:
        value = st.sampled_from(choices) | TEXT
    elif param.type.name in ("integer", "integer range"):
        value = st.integers(-5, 10**6).map(str) | TEXT
    if "--output" in opts:
        value = FILE_NAME | FILE_NAME.map(lambda n: n + "/")
    if param.param_type_name == "argument":
        words = st.lists(NAME if param.nargs == 1 else PHRASE, min_size=0, max_size=3)
        return words.map(lambda w: w[: 1 if param.nargs == 1 else None])
    if getattr(param, "is_flag", False):
        return st.sampled_from(opts).map(lambda o: [o])
    return st.tuples(st.sampled_from(opts), value).map(list)


@st.composite
def argvs(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    params = COMMANDS[name].params
    argv: list[str] = [name]
    for param in draw(st.lists(st.sampled_from(params), max_size=4)):
        argv += draw(_values(param))
    for param in params:  # arguments mostly present, options mostly not
        if param.param_type_name == "argument" and draw(st.integers(0, 3)):
            argv += draw(_values(param))
    if draw(st.booleans()):
        argv += draw(st.sampled_from([["--help"], ["--bogus"], ["--"], ["-"]]))
    return argv


class _Drawer:
    """What `_mutate` expects of st.data(), inside a composite strategy."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def draw(self, strategy: st.SearchStrategy[Any], label: str | None = None) -> Any:
        return self._draw(strategy)


LAYERS = st.one_of(
    st.none(),
    valid_kbs().map(lambda kb: tomli_w.dumps(kb).encode()),
    SCHEMA_SHAPED.map(lambda layer: tomli_w.dumps(layer).encode()),
    st.composite(
        lambda draw: _mutate(list(SHIPPED_LINES[:300]), cast(st.DataObject, _Drawer(draw)))
    )(),
    st.binary(max_size=300),
)


class Sandbox:
    """A directory for one run: cwd is out/, HOME, the cache and the layer live beside it."""

    def __init__(self, root: Path) -> None:
        self.root, self.out = root, root / "out"
        for d in ("out", "home", "cache", "config", "layers"):
            (root / d).mkdir(exist_ok=True)
        self.env = {
            "HOME": str(root / "home"),
            "SPINECLI_CACHE_DIR": str(root / "cache"),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_CACHE_HOME": str(root / "home" / ".cache"),
        }

    def files(self) -> set[str]:
        """Everything under the root but out/ and the cache (which spinecli owns)."""
        found = set()
        for d, dirs, names in os.walk(self.root):
            rel = Path(d).relative_to(self.root)
            if rel.parts[:1] in (("out",), ("cache",)):
                continue
            found |= {str(rel / n) for n in names + dirs}
        return found

    def layer(self, raw: bytes | None) -> list[str]:
        if raw is None:
            return []
        path = self.root / "layers" / "layer.toml"
        path.write_bytes(raw)
        return ["--kb", str(path)]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture
def in_sandbox(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    for key, value in sandbox.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(sandbox.out)
    yield sandbox


def _check(code: int, out: str, err: str, argv: list[str], before: set[str], box: Sandbox) -> None:
    assert code in STATUSES, (code, argv, err[-2000:])
    assert "Traceback" not in err, (argv, err[-3000:])
    # Something says why (`validate -f json` reports its problems on stdout).
    assert code == 0 or err.strip() or out.strip(), (code, argv)
    assert box.files() == before, (argv, box.files() ^ before)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=NO_SHRINK,
)
@given(argv=argvs(), layer=LAYERS)
def test_fuzz_in_process(in_sandbox: Sandbox, argv: list[str], layer: bytes | None) -> None:
    full = [*in_sandbox.layer(layer), *argv]
    before = in_sandbox.files()
    r = run_main(*full)
    _check(r.code, r.out, r.err, full, before, in_sandbox)


@settings(
    max_examples=PROCESSES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=NO_SHRINK,
)
@given(argv=argvs(), layer=LAYERS)
def test_fuzz_console_script(sandbox: Sandbox, argv: list[str], layer: bytes | None) -> None:
    assume(not any("\0" in a for a in argv))  # exec cannot pass it (in-process runs get it)
    full = [*sandbox.layer(layer), *argv]
    before = sandbox.files()
    env = {k: v for k, v in os.environ.items() if k not in ("SPINECLI_KB", "NO_COLOR")}
    proc = subprocess.run(
        [SCRIPT, *full],
        env={**env, **sandbox.env, "SPINECLI_PAGER": ""},
        cwd=sandbox.out,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    out, err = (proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    _check(proc.returncode, out, err, full, before, sandbox)
