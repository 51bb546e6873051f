"""Issue 18, defects 4 and 6: odd environments end cleanly. An output encoding that cannot hold
the text gets replacements (JSON: exact escapes), never a traceback; no home directory means no
user config; TERM=dumb gets no colour codes anywhere."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke, write
from tests.hostile import run_main
from tests.pty_helpers import drain, on_terminal, spawn
from tests.test_terminal import SCRIPT

ASCII = {"PYTHONIOENCODING": "ascii"}
C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}


def script(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if k not in ("SPINECLI_KB", "NO_COLOR")}
    full = {**base, **env}
    full = {k: v for k, v in full.items() if v != ""}  # "" unsets
    return subprocess.run([SCRIPT, *argv], env=full, capture_output=True, timeout=60, cwd="/")


@pytest.mark.slow
@pytest.mark.parametrize("env", [ASCII, C_LOCALE], ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"])
@pytest.mark.parametrize(
    "argv",
    [
        ["match", "déjà sciatica"],
        ["explain", "esi", "-f", "table"],
        ["explain", "esi", "-f", "plain"],
        ["explain", "esi", "-f", "md"],
        ["handout", "esi", "-f", "plain"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_an_encoding_that_cannot_hold_the_text_gets_replacements(
    env: dict[str, str], argv: list[str]
) -> None:
    r = script(*argv, env=env)
    assert r.returncode == 0 and r.stderr == b"", r.stderr[-800:]
    assert r.stdout.isascii() and len(r.stdout) > 200
    if argv[0] == "explain":  # the em dashes and arrows the KB holds became "?"
        assert b"?" in r.stdout


@pytest.mark.slow
@pytest.mark.parametrize("env", [ASCII, C_LOCALE], ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"])
@pytest.mark.parametrize("argv", [["explain", "esi"], ["handout", "esi"], ["recovery", "esi"]])
def test_json_in_such_an_encoding_is_escaped_exactly(env: dict[str, str], argv: list[str]) -> None:
    r = script(*argv, "-f", "json", env=env)
    utf8 = script(*argv, "-f", "json", env={"PYTHONIOENCODING": "utf-8"})
    assert r.returncode == 0 and r.stderr == b"", r.stderr[-800:]
    assert r.stdout.isascii()
    assert json.loads(r.stdout) == json.loads(utf8.stdout)
    assert not utf8.stdout.isascii()  # the KB does hold characters beyond ASCII


@pytest.mark.slow
@pytest.mark.parametrize("env", [ASCII, C_LOCALE], ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"])
def test_a_message_in_such_an_encoding_is_one_line(env: dict[str, str]) -> None:
    r = script("explain", "déjà vu", env=env)
    assert r.returncode == 1 and r.stdout == b"", r
    err = r.stderr.decode("ascii")
    assert err.startswith("spinecli: no procedure named 'd") and "j" in err and "vu'" in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["handout", "esi", "-f", "md"], ["list"], ["match", "sciatica"]])
def test_no_home_variable_through_the_console_script(argv: list[str]) -> None:
    # `env -u HOME`: no user config, no cache (none of the XDG variables set either).
    unset = {name: "" for name in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    r = script(*argv, env={**unset, "SPINECLI_CACHE_DIR": ""})
    assert r.returncode == 0 and r.stderr == b"" and len(r.stdout) > 100, r.stderr


def _no_home(monkeypatch: pytest.MonkeyPatch, error: type[Exception]) -> None:
    """As for a uid with no passwd entry and no HOME: Path.home() fails, `~` stays `~`."""

    def home() -> Path:
        raise error("Could not determine home directory.")

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(pathlib.Path, "home", staticmethod(home))
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)


@pytest.mark.parametrize("error", [RuntimeError, KeyError])
def test_no_home_means_no_user_config(
    cli: Invoke, mini: Path, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    _no_home(monkeypatch, error)
    r = cli("handout", "alpha-block", "-f", "md")
    assert r.code == 0 and r.out.startswith("# Alpha block") and r.err == "", r


def test_no_home_still_reads_xdg_config_home(
    cli: Invoke, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_home(monkeypatch, RuntimeError)
    (tmp_path / "spinecli").mkdir()
    write(tmp_path / "spinecli", '[clinic]\nname = "Riverside"\n', "config.toml")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    r = cli("handout", "alpha-block", "-f", "md")
    assert r.code == 0 and "Riverside" in r.out, r


def test_no_home_and_a_logo_under_tilde(
    cli: Invoke, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = write(tmp_path, '[clinic]\nlogo = "~/logo.png"\n', "clinic.toml")
    _no_home(monkeypatch, RuntimeError)
    r = cli("handout", "alpha-block", "--config", str(config))
    assert r.code == 2 and "~/logo.png" in r.err and "no such file" in r.err, r


def test_install_completion_without_a_home(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_home(monkeypatch, RuntimeError)
    r = run_main("--install-completion", "bash")
    assert r.code == 2 and "cannot find a home directory" in r.err, r
    assert "Traceback" not in r.err


def test_unreadable_config_directory_is_a_config_error(
    mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Tests may run as root, for whom chmod 000 blocks nothing: EACCES is injected.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config = tmp_path / "spinecli" / "config.toml"
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path) == str(config):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    r = run_main("handout", "alpha-block")
    assert r.code == 2 and r.out == "", r  # was 4, "cannot write output"
    assert r.err == f"spinecli: config {config}: cannot read: Permission denied\n", r


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["explain", "--help"],
        ["explain", "esi"],
        ["explain", "nothing"],
        ["match", "sciatica"],
        ["--color", "always", "list"],
    ],
    ids=" ".join,
)
def test_term_dumb_gets_no_colour_codes(argv: list[str]) -> None:
    # stdout, stderr and stdin all on the terminal; FORCE_COLOR set too, which TERM=dumb beats.
    env = {"TERM": "dumb", "FORCE_COLOR": "1", "SPINECLI_PAGER": ""}
    code, out = on_terminal([SCRIPT, *argv], rows=200, env=env)
    assert code in (0, 1) and len(out) > 40, out
    assert "\x1b" not in out and "\x9b" not in out, out[:300]


@pytest.mark.slow
def test_term_dumb_progress_and_interactive_session_get_no_codes(tmp_path: Path) -> None:
    env = {"TERM": "dumb", "FORCE_COLOR": "1", "SPINECLI_PAGER": ""}
    code, out = on_terminal([SCRIPT, "handout", "--all", "-o", f"{tmp_path}/"], env=env)
    assert code == 0 and "epidural-steroid-injection.md" in out and "\x1b" not in out, out[:300]
    proc, leader = spawn([SCRIPT, "quiz", "--interactive", "--count", "1", "--seed", "1"], env=env)
    try:
        seen = drain(leader, 5)
        os.write(leader, b"q\n")
        seen += drain(leader, 5)
        assert proc.wait(timeout=30) == 0, seen
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(leader)
    assert b"\x1b" not in seen and len(seen) > 40, seen[:300]
