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
from spinecli.interrupts import allowed, held

ENV_VAR = "SPINECLI_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 120.0
# Chromium's singleton socket is TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket, and a
# socket's path holds at most 107 bytes: with a longer TMPDIR it fails with "zygote: Broken pipe".
# Chromium gets our own temp dir as its TMPDIR where that fits, so what a kill mid-start leaves
# (the socket's directory, made before the profile's link to it) goes with our dir.
_SOCKET = "/org.chromium.Chromium.XXXXXX/SingletonSocket"
LONGEST_TMPDIR = 107 - len(_SOCKET)
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
    base = tempfile.gettempdir()
    if len(os.fsencode(base)) > LONGEST_TMPDIR:
        raise OutputError(
            f"Chromium cannot print with TMPDIR={base}: its socket there would pass the "
            f"{LONGEST_TMPDIR + len(_SOCKET)}-byte limit of a socket's path; set TMPDIR to a path "
            f"of at most {LONGEST_TMPDIR} bytes (e.g. TMPDIR=/tmp)"
        )
    # Held: a signal as mkdtemp or Popen returns would leave the directory or the browser.
    with held():
        tmp = Path(tempfile.mkdtemp(prefix="spinecli-pdf-", dir=base))
        page, pdf, profile = tmp / "handout.html", tmp / "handout.pdf", tmp / "p"
        try:
            page.write_text(page_html, encoding="utf-8")
            own = len(os.fsencode(tmp)) <= LONGEST_TMPDIR
            err = _run(command(browser, page, pdf, profile), tmp if own else Path(base))
            data = pdf.read_bytes() if pdf.is_file() else b""
        finally:
            _remove_socket_dir(profile, base)
            shutil.rmtree(tmp, ignore_errors=True)
    if not data.startswith(b"%PDF-"):
        last = err.strip().splitlines()[-1:] or ["no message"]
        raise OutputError(f"Chromium did not produce a PDF ({browser}): {last[0]}")
    return data


def _run(argv: list[str], tmpdir: Path) -> str:
    """Runs the browser in its own process group, so a timeout or Ctrl-C ends all its helpers,
    with tmpdir as its TMPDIR. Called held(), so it cannot start without being ended."""
    try:
        proc = subprocess.Popen(
            argv,
            env={**os.environ, "TMPDIR": str(tmpdir)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise OutputError(f"cannot start {argv[0]}: {exc.strerror or exc}") from None
    try:
        with allowed():  # printing takes seconds: Ctrl-C ends it at once
            _, err = proc.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise OutputError(
            f"Chromium took longer than {TIMEOUT_SECONDS:g} seconds; no PDF written"
        ) from None
    finally:
        _kill_group(proc)  # helpers (zygote, crash handler) can outlive the main process
    return err.decode("utf-8", "replace")


def _remove_socket_dir(profile: Path, base: str) -> None:
    """Chromium removes the directory of its singleton socket when it exits, not when killed
    (a Ctrl-C while printing): the profile's SingletonSocket link names it. Needed only when
    that directory is outside our temp dir (a TMPDIR too long to hold Chromium's inside ours)."""
    try:
        socket_dir = Path(os.readlink(profile / "SingletonSocket")).parent
    except OSError:
        return
    if socket_dir.parent == Path(base) and socket_dir.name.startswith("org.chromium.Chromium."):
        shutil.rmtree(socket_dir, ignore_errors=True)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()  # left open when an interrupt cut communicate() short
