"""PDF handouts from a real headless Chromium, read back with poppler's pdftotext and pdfinfo.

scripts/check installs chromium and poppler-utils, so these run in CI; a machine without them fails
here with a message saying what to install (a skipped browser test would hide a broken PDF).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from spinecli import pdf
from tests.conftest import Invoke, write
from tests.pdf_tools import flat, missing_tools, page_count, pages_text, pdf_info

pytestmark = pytest.mark.slow  # every test here starts a process


@pytest.fixture(scope="module")
def tools() -> None:
    assert not missing_tools(), (
        f"install the Debian packages {missing_tools()} (scripts/check installs them)"
    )


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
        "Get help now. Call emergency services if you have:",
        "New leg weakness.",
        "Clinic phone: 555 0100.",
        "Risks",
        "Soreness.",
        "Where this information comes from",
        "This handout draws on information from Test Publisher.",
        "Knowledge base test.1, reviewed 2026-01-01",
        "spinecli explain alpha-block",
        "Educational information only.",
    ):
        assert expected in text, expected
    assert "file:" not in text and "/tmp" not in text, "no browser header or footer"
    assert "https://example.org/a" not in text, "the numbered list only with --sources full"
    full = out / "full.pdf"
    r = cli("handout", "alpha-block", "-f", "pdf", "-o", str(full), "--sources", "full")
    assert r.code == 0, r
    assert "Source A, Test Publisher, 2020. https://example.org/a" in flat(
        " ".join(pages_text(full))
    )


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


def test_long_lists_break_between_items_never_inside_one(
    tools: None, cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    """Long phases (14 items of two lines each) force page breaks: each item stays whole on one
    page, and each phase's heading stays with its first item."""
    item = "Step {p}-{i}: " + "keep walking a little more each day, as the clinic told you " * 2
    lines = ["[procedures.alpha-block.recovery]"]
    for p in PHASES:
        items = ", ".join(f'"{item.format(p=p, i=i)} End {p} {i}."' for i in range(14))
        lines.append(f"{p} = [{items}]")
    layer = write(tmp_path, "\n".join(lines) + "\n")
    target = tmp_path / "long.pdf"
    r = cli("--kb", str(layer), "handout", "alpha-block", "-f", "pdf", "-o", str(target))
    assert r.code == 0, r
    pages = [" ".join(t.split()) for t in pages_text(target, layout=False)]
    assert 3 <= len(pages) <= 8, f"{len(pages)} pages for five phases of 14 items"
    for p in PHASES:
        for i in range(14):
            start = {n for n, text in enumerate(pages) if f"Step {p}-{i}:" in text}
            end = {n for n, text in enumerate(pages) if f"End {p} {i}." in text}
            assert len(start) == 1 and start == end, f"item {p}-{i} split: {start} {end}"
    for p, title in (("first_48_hours", "The first 48 hours"), ("follow_up", "Follow-up visits")):
        [heading] = [n for n, text in enumerate(pages) if title in text]
        assert f"Step {p}-0:" in pages[heading], f"'{title}' left alone at a page's foot"


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


def test_too_long_tmpdir_is_one_clear_message(
    tools: None, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chromium's socket lives in TMPDIR and a socket's path holds 107 bytes: a longer TMPDIR
    made Chromium fail with "zygote ... write: Broken pipe". Now the message says what to do."""
    long = tmp_path / ("t" * max(1, pdf.LONGEST_TMPDIR - len(str(tmp_path))))
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    r = cli("handout", "epidural-steroid-injection", "-f", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert r.code == 4, r
    assert f"TMPDIR={long}" in r.err and "at most 62 bytes" in r.err, r.err
    assert not (tmp_path / "x.pdf").exists()
