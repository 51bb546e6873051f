"""PDF handouts from a real headless Chromium, read back with poppler's pdftotext and pdfinfo.

scripts/check installs chromium and poppler-utils, so these run in CI; a machine without them fails
here with a message saying what to install (a skipped browser test would hide a broken PDF).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from spinecli import pdf
from tests.conftest import Invoke, write

pytestmark = pytest.mark.slow  # every test here starts a process

NEEDED = {"chromium": "chromium", "pdftotext": "poppler-utils", "pdfinfo": "poppler-utils"}


@pytest.fixture(scope="module")
def tools() -> None:
    missing = sorted({pkg for prog, pkg in NEEDED.items() if shutil.which(prog) is None})
    assert not missing, f"install the Debian packages {missing} (scripts/check installs them)"


def pages_text(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return out.split("\f")[: page_count(path)]


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def page_count(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def test_pdf_per_procedure_with_clinic(
    tools: None, cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pdf"
    args = ["handout", "--all", "-f", "pdf", "-o", f"{out}/", "--clinic-name", "Riverside"]
    r = cli(*args, "--clinic-phone", "555 0100")
    assert r.code == 0, r
    assert sorted(p.name for p in out.iterdir()) == ["alpha-block.pdf", "beta-ablation.pdf"]
    alpha = out / "alpha-block.pdf"
    assert alpha.read_bytes().startswith(b"%PDF-")
    assert page_count(alpha) == 1
    assert "(letter)" in pdf_info(alpha)["Page size"], "Letter by default"
    text = " ".join(" ".join(pages_text(alpha)).split())
    for expected in (
        "Alpha block",
        "Clinic Riverside",
        "What it is and why it is done",
        "How to get ready",
        "Bring a driver.",
        "The first 48 hours",
        "Call emergency services now if you have:",
        "New leg weakness.",
        "Clinic phone: 555 0100.",
        "Source A, Test Publisher, 2020. https://example.org/a",
        "Knowledge base test.1, reviewed 2026-01-01",
        "Educational information only.",
    ):
        assert expected in text, expected
    assert "file:" not in text and "/tmp" not in text, "no browser header or footer"


def test_combined_pdf_on_a4_starts_each_handout_on_a_new_page(
    tools: None, cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    target = tmp_path / "both.pdf"
    r = cli(
        "handout", "alpha-block", "beta-ablation", "-f", "pdf", "--paper", "a4", "-o", str(target)
    )
    assert r.code == 0, r
    assert "(A4)" in pdf_info(target)["Page size"]
    pages = pages_text(target)
    assert len(pages) == 2
    assert "Alpha block" in pages[0] and "Beta ablation" not in pages[0]
    assert pages[1].lstrip().startswith("Beta ablation")


PHASES = ("before", "day_of", "first_48_hours", "first_weeks", "follow_up")


def test_a_checklist_phase_is_never_split_across_pages(
    tools: None, cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    """Long phases (14 items of two lines each) force page breaks; each phase stays whole."""
    item = "Step {p}-{i}: " + "keep walking a little more each day, as the clinic told you " * 2
    lines = ["[procedures.alpha-block.recovery]"]
    for p in PHASES:
        items = ", ".join(f'"{item.format(p=p, i=i)}"' for i in range(14))
        lines.append(f"{p} = [{items}]")
    layer = write(tmp_path, "\n".join(lines) + "\n")
    target = tmp_path / "long.pdf"
    r = cli("--kb", str(layer), "handout", "alpha-block", "-f", "pdf", "-o", str(target))
    assert r.code == 0, r
    pages = pages_text(target)
    assert 3 <= len(pages) <= 8, f"{len(pages)} pages for five phases of 14 items"
    for p in PHASES:
        on = {n for n, text in enumerate(pages) if re.search(rf"Step {p}-\d+:", text)}
        assert len(on) == 1, f"phase {p} split over pages {sorted(on)}"


def test_missing_browser_names_the_package_and_html(
    cli: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPINECLI_CHROMIUM", str(tmp_path / "no-such-browser"))
    target = tmp_path / "a.pdf"
    r = cli("handout", "alpha-block", "-f", "pdf", "-o", str(target))
    assert r.code == 4, r
    assert "Debian package 'chromium'" in r.err and "--format html" in r.err
    assert list(tmp_path.iterdir()) == []


def test_browser_that_fails_writes_nothing(
    cli: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("SPINECLI_CHROMIUM", str(fake))
    out = tmp_path / "out"
    r = cli("handout", "alpha-block", "-f", "pdf", "-o", f"{out}/")
    assert r.code == 4, r
    assert "did not produce a PDF" in r.err and "cannot open display" in r.err
    assert list(out.iterdir()) == []


def test_browser_command_is_offline_and_isolated(tmp_path: Path) -> None:
    argv = pdf.command("chromium", tmp_path / "p.html", tmp_path / "o.pdf", tmp_path / "prof")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'prof'}",
        f"--print-to-pdf={tmp_path / 'o.pdf'}",
    ):
        assert flag in argv, flag
    assert argv[-1] == (tmp_path / "p.html").as_uri()
