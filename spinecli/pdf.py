"""HTML to PDF with headless Chromium, when it is installed (never a Python PDF dependency).

The page is written to a private temporary directory and printed from there with a fresh browser
profile; the flags below switch off every background fetch (updates, sync, field trials), and the
page's own Content-Security-Policy forbids it any request, so nothing touches the network.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from spinecli.errors import OutputError

ENV_VAR = "SPINECLI_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120.0
MISSING = (
    "PDF output needs Chromium, which was not found. Install the Debian package 'chromium' "
    "(apt-get install chromium), or set SPINECLI_CHROMIUM to a Chromium or Chrome program; "
    "or use --format html and print the page from any browser."
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-breakpad",
    "--no-pdf-header-footer",
)


def find_browser() -> str | None:
    """SPINECLI_CHROMIUM if set (it must exist), else the first known name on PATH."""
    chosen = os.environ.get(ENV_VAR, "")
    if chosen:
        return shutil.which(chosen)
    return next((found for name in NAMES if (found := shutil.which(name))), None)


def command(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    return [
        browser,
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]


def html_to_pdf(page_html: str) -> bytes:
    """The PDF bytes of one HTML page; OutputError (exit 4) when Chromium is missing or fails."""
    browser = find_browser()
    if browser is None:
        raise OutputError(MISSING)
    with tempfile.TemporaryDirectory(prefix="spinecli-pdf-") as tmp:
        page, pdf, profile = Path(tmp, "handout.html"), Path(tmp, "handout.pdf"), Path(tmp, "p")
        page.write_text(page_html, encoding="utf-8")
        err = _run(command(browser, page, pdf, profile))
        data = pdf.read_bytes() if pdf.is_file() else b""
    if not data.startswith(b"%PDF-"):
        last = err.strip().splitlines()[-1:] or ["no message"]
        raise OutputError(f"Chromium did not produce a PDF ({browser}): {last[0]}")
    return data


def _run(argv: list[str]) -> str:
    """Runs the browser in its own process group, so a timeout or Ctrl-C ends all its helpers."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise OutputError(f"cannot start {argv[0]}: {exc.strerror or exc}") from None
    try:
        _, err = proc.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise OutputError(
            f"Chromium took longer than {TIMEOUT_SECONDS:g} seconds; no PDF written"
        ) from None
    except BaseException:
        _kill_group(proc)
        raise
    _kill_group(proc)  # helpers (zygote, crash handler) can outlive the main process
    return err.decode("utf-8", "replace")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
