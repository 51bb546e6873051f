"""Issue 15 item 6, pipes and files: `-o -` is stdout, `match` and `triage` read a piped stdin,
through the real console script (on a pseudo-terminal where a terminal matters)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.pty_helpers import drain, spawn
from tests.pty_helpers import on_terminal as shown
from tests.test_terminal import SCRIPT

LEG = "shooting pain down my leg below the knee with numbness in my toes"


def run(
    *argv: str, cwd: Path | None = None, input: bytes | None = None, shell: str = ""
) -> subprocess.CompletedProcess[bytes]:
    """The console script with stdout and stderr captured; stdin from input, else /dev/null
    (a file, not a terminal), or as `shell` redirects it (`<&-` closes it)."""
    return subprocess.run(
        ["bash", "-c", f'exec "$0" "$@" {shell}', SCRIPT, *argv],
        capture_output=True,
        timeout=120,
        cwd=cwd,
        input=input,
        stdin=None if input is not None or shell else subprocess.DEVNULL,
    )


def fake_chromium(tmp_path: Path) -> Path:
    """A stand-in browser that writes a small PDF where --print-to-pdf says, and leaves a mark
    that it ran."""
    fake = tmp_path / "fake-chromium"
    fake.write_text(
        "#!/bin/sh\n"
        f"touch {tmp_path}/browser-ran\n"
        'for a in "$@"; do case "$a" in --print-to-pdf=*) '
        "printf '%%PDF-1.4 fake\\n' > \"${a#--print-to-pdf=}\";; esac; done\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    return fake


@pytest.mark.parametrize(
    "argv",
    [["esi"], ["esi", "--force"], ["esi", "-f", "html"], ["--all", "-f", "json"]],
    ids=lambda v: " ".join(v),
)
def test_dash_output_is_stdout_and_writes_no_file(tmp_path: Path, argv: list[str]) -> None:
    plain = run("handout", *[a for a in argv if a != "--force"], cwd=tmp_path)
    dashed = run("handout", *argv, "-o", "-", cwd=tmp_path)
    assert dashed.returncode == 0, dashed.stderr
    assert dashed.stdout == plain.stdout and dashed.stdout  # the same bytes as with no -o
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_pdf_to_a_pipe_is_the_pdf_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECLI_CHROMIUM", str(fake_chromium(tmp_path)))
    out = tmp_path / "out"
    out.mkdir()
    r = run("handout", "esi", "-f", "pdf", "-o", "-", cwd=out)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"%PDF-1.4 fake\n"
    assert list(out.iterdir()) == []


def test_pdf_to_a_terminal_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECLI_CHROMIUM", str(fake_chromium(tmp_path)))
    code, seen = shown([SCRIPT, "handout", "esi", "-f", "pdf", "-o", "-"])
    assert code == 2, seen
    assert "PDF bytes on the terminal" in seen and "%PDF" not in seen
    assert not (tmp_path / "browser-ran").exists()  # refused before Chromium starts


def test_match_reads_a_piped_description() -> None:
    piped = run("match", "-f", "json", input=f"{LEG}\n".encode())
    given = run("match", LEG, "-f", "json")
    assert piped.returncode == given.returncode == 0, piped.stderr
    piped_json, given_json = json.loads(piped.stdout), json.loads(given.stdout)
    assert piped_json["query"] == LEG  # no trailing newline from echo
    assert piped_json == given_json and given_json["conditions"] != []


def test_match_with_no_text_on_a_terminal_is_the_usage_error() -> None:
    code, seen = shown([SCRIPT, "match"])
    assert code == 2 and "Missing argument 'QUERY...'" in seen, seen


def test_match_dash_on_a_terminal_prompts_then_reads_to_ctrl_d() -> None:
    proc, leader = spawn([SCRIPT, "match", "-", "-f", "json"])
    try:
        prompt = drain(leader, 5)
        assert b"Describe the symptoms, then Ctrl-D:" in prompt
        os.write(leader, f"{LEG}\n".encode() + b"\x04")
        seen = drain(leader, 30)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert proc.returncode == 0, seen
    assert b'"conditions"' in seen and b"numbness" in seen


def test_match_prompt_is_not_shown_for_a_pipe() -> None:
    r = run("match", "-", "-f", "json", input=LEG.encode())
    assert r.returncode == 0 and b"Ctrl-D" not in r.stderr, r.stderr


def test_match_with_no_text_and_stdin_closed_is_the_usage_error() -> None:
    r = run("match", shell="<&-")
    assert r.returncode == 2 and b"Missing argument" in r.stderr, r.stderr
    assert b"Traceback" not in r.stderr


def test_triage_reads_a_piped_description() -> None:
    piped = run("triage", "-f", "json", input=LEG.encode())
    given = run("triage", LEG, "-f", "json")
    empty = run("triage", "-f", "json")  # /dev/null: no description at all
    assert piped.returncode == given.returncode, piped.stderr
    assert json.loads(piped.stdout) == json.loads(given.stdout) != json.loads(empty.stdout)


def test_triage_with_answers_on_stdin_reads_no_description_from_it() -> None:
    answers = json.dumps({"cauda-equina-syndrome": "no"}).encode()
    r = run("triage", LEG, "--answers-json", "-", "-f", "json", input=answers)
    assert b"Traceback" not in r.stderr and json.loads(r.stdout)["questions"], r.stderr
    both = run("triage", "-", "--answers-json", "-", "-f", "json", input=answers)
    assert both.returncode == 2 and b"both read stdin" in both.stderr, both.stderr


@pytest.mark.parametrize("argv", [["triage", "-f", "json"], ["quiz", "--count", "1"]])
def test_a_closed_stdin_is_no_traceback(argv: list[str]) -> None:
    r = run(*argv, shell="<&-")
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr


MARKING = "sed s/^/PAGED:/"  # a pager that marks each line it shows (as tests/test_pager.py)


def test_handout_on_a_terminal_is_a_page_through_the_pager(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPINECLI_PAGER", MARKING)
    code, seen = shown([SCRIPT, "handout", "esi"])
    lines = [line for line in seen.replace("\r", "").split("\n") if line.strip()]
    assert code == 0, seen[-500:]
    assert len(lines) > 24 and all(line.startswith("PAGED:") for line in lines)
    assert "╭─" in seen and "Emergency signs" in seen  # drawn as explain's page is
    assert "## " not in seen and "\x1b[" in seen  # not the Markdown source; colour kept


@pytest.mark.parametrize("argv", [["-f", "md"], ["-o", "-"]], ids=["format md", "dash output"])
def test_handout_on_a_terminal_asked_for_markdown_is_the_source(argv: list[str]) -> None:
    code, seen = shown([SCRIPT, "handout", "esi", *argv])
    assert code == 0, seen[-500:]
    assert "## Emergency signs" in seen and "╭─" not in seen


def test_handout_to_a_pipe_is_the_exact_markdown_a_file_gets(tmp_path: Path) -> None:
    piped = run("handout", "esi")
    written = run("handout", "esi", "-o", str(tmp_path / "esi.md"))
    assert piped.returncode == written.returncode == 0, piped.stderr
    assert piped.stdout == (tmp_path / "esi.md").read_bytes()
    assert piped.stdout.startswith(b"# Epidural steroid injection\n")
