from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

import spinecli.kb
import spinecli.paths
from spinecli.cli import app
from spinecli.model import KnowledgeBase

# No per-example deadline anywhere: on a shared machine it times the neighbours, and a deadline
# hit makes Hypothesis re-run and print the example (a whole KB: a 350 kB repr, then a warning).
settings.register_profile("spinecli", deadline=None)
settings.load_profile("spinecli")

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.toml"
STUDY = DATA / "study.toml"


@pytest.fixture(autouse=True)
def _no_user_layers(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, cache_root: Path
) -> None:
    """Tests see only the KB files they ask for, never the developer's environment or cache."""
    monkeypatch.delenv("SPINECLI_KB", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("SPINECLI_CHROMIUM", raising=False)
    monkeypatch.delenv("SPINECLI_NO_CACHE", raising=False)
    # No pager (a test on a pseudo-terminal would wait in less) and no colour forced, unless a
    # test asks for them; tests/test_pager.py and tests/test_color.py do.
    monkeypatch.setenv("SPINECLI_PAGER", "")
    for name in ("PAGER", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SPINECLI_CACHE_DIR", str(cache_root))
    # No user config (clinic details) unless a test writes one here.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One KB cache for the session (as a user has one), away from the user's own."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def mini(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Swap the shipped KB for the small test KB."""
    monkeypatch.setattr(spinecli.paths, "shipped_kb_path", lambda: MINI)
    return MINI


@pytest.fixture
def study(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Swap the shipped KB for the made-up study KB (ten procedures, for search, compare, quiz)."""
    monkeypatch.setattr(spinecli.paths, "shipped_kb_path", lambda: STUDY)
    return STUDY


@pytest.fixture(scope="session")
def study_kb() -> KnowledgeBase:
    return spinecli.kb.build(spinecli.kb.load_layers([STUDY]))


@pytest.fixture(scope="session")
def shipped() -> KnowledgeBase:
    return spinecli.kb.load_kb([], env="")


class Invoke:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        r = self.runner.invoke(app, list(args), input=input)
        return Result(r.exit_code, r.stdout, r.stderr, r.exception)


class Result:
    def __init__(self, code: int, out: str, err: str, exc: BaseException | None) -> None:
        self.code, self.out, self.err, self.exc = code, out, err, exc

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[:300]!r}, err={self.err[:300]!r})"


@pytest.fixture
def cli() -> Iterator[Invoke]:
    yield Invoke()


def write(tmp_path: Path, text: str, name: str = "layer.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
