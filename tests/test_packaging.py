"""What the wheel and the sdist carry: the KB, py.typed, the licence, the man page, metadata;
and the man page documents the real commands and their options (spinecli/manpage.py)."""

from __future__ import annotations

import re
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import typer.main

from spinecli import manpage
from spinecli.cli import app

ROOT = Path(__file__).resolve().parent.parent
MAN = (ROOT / "man" / "spinecli.1").read_text(encoding="utf-8")
GROUP: Any = typer.main.get_command(app)  # Typer's own bundled Click
REGENERATE = "regenerate it: python -m spinecli.manpage > man/spinecli.1"


def _man_sections() -> dict[str, str]:
    """Each command's part of the man page, by command name."""
    parts = re.split(
        r'^\.SS "spinecli ([a-z-]+)[^"]*"$', MAN.split(".SH EXIT STATUS")[0], flags=re.M
    )
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_man_page_documents_exactly_the_real_commands() -> None:
    ctx = GROUP.context_class(GROUP, info_name="spinecli")
    assert list(_man_sections()) == GROUP.list_commands(ctx), REGENERATE


@pytest.mark.parametrize("name", sorted(GROUP.commands))
def test_the_man_page_documents_every_option(name: str) -> None:
    section = _man_sections()[name].replace("\\-", "-")
    options = [
        o for p in GROUP.commands[name].params if p.param_type_name == "option" for o in p.opts
    ]
    missing = [o for o in options if o not in section and o not in ("--help", "-h")]
    assert not missing, f"man page lacks {name} {missing}; {REGENERATE}"


def test_the_man_page_is_valid_roff_with_no_stray_requests() -> None:
    page = manpage.page()
    assert page.startswith(".TH SPINECLI 1 ")
    for line in page.splitlines():
        # A text line starting with . or ' would be read as a request: escaped with \&.
        assert not line.startswith("'"), line
        if line.startswith("."):
            assert re.match(r"\.(TH|SH|SS|TP|PP|B|nf|fi) ?", line), line


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    wheel = next(iter(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    sdist = next(iter(SdistBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    return Path(wheel), Path(sdist)


def test_the_wheel_carries_kb_types_licence_and_man_page(built: tuple[Path, Path]) -> None:
    with zipfile.ZipFile(built[0]) as wheel:
        names = wheel.namelist()
        metadata = next(wheel.read(n).decode() for n in names if n.endswith("METADATA"))
    for wanted in (
        "spinecli/data/procedures.toml",
        "spinecli/py.typed",
        ".data/data/share/man/man1/spinecli.1",
        ".dist-info/licenses/LICENSE",
    ):
        assert any(n.endswith(wanted) for n in names), wanted
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Programming Language :: Python :: 3.13" in metadata
    assert "Provides-Extra: codes" in metadata and "Provides-Extra: dev" not in metadata


def test_the_sdist_carries_what_its_tests_import(built: tuple[Path, Path]) -> None:
    with tarfile.open(built[1]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for wanted in (
        "benchmarks/startup.py",  # tests/test_startup.py imports it
        "tests/conftest.py",
        "man/spinecli.1",
        "LICENSE",
        "scripts/check",
        "docs/kb-format.md",
    ):
        assert wanted in names, wanted
