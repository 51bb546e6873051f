"""Issue 18, defect 7: paths in messages and the exit statuses around them. A name too long is
named; an empty -o or --kb is a usage error; a path holding a line break or an escape cannot
split or drive a message; a full disk part way through `handout --all` lists what was written."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

import spinecli.export
from tests.hostile import inert, run_main

LONG = "x" * 300  # over the 255 bytes a file name may have (ext4, tmpfs, APFS, NTFS)
EVIL = "a\nspinecli - fake line\x1b[31m\x9b"  # no colon: SPINECLI_KB splits there


@pytest.mark.parametrize(
    ("target", "extra"),
    [(f"{LONG}.md", []), (f"{LONG}/", []), (f"{LONG}.md", ["--force"])],
    ids=["file", "directory", "force"],
)
def test_a_name_too_long_is_named(
    mini: Path, tmp_path: Path, target: str, extra: list[str]
) -> None:
    r = run_main("handout", "alpha-block", "-o", str(tmp_path / target), *extra)
    assert r.code == 4 and r.out == "", r
    # Was "spinecli: cannot write output: File name too long", naming nothing.
    assert r.err.startswith("spinecli: cannot ") and LONG in r.err, r
    assert r.err.endswith(": File name too long\n") and r.err.count("\n") == 1, r
    assert list(tmp_path.iterdir()) == []


def test_an_empty_output_path_is_a_usage_error(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    r = run_main("handout", "alpha-block", "-o", "")
    assert r.code == 2 and r.out == "", r  # was 0, writing ./alpha-block.md
    assert (
        r.err
        == "spinecli: -o/--output is an empty path: give FILE, or DIR/ for one per procedure\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_empty_kb_path_is_a_usage_error(mini: Path) -> None:
    r = run_main("--kb", "", "list")
    assert r.code == 2 and r.out == "", r  # was 3, "`.`: is a directory, not a TOML file"
    assert r.err == "spinecli: --kb: empty path; give a KB file (TOML)\n"


def test_an_empty_path_to_validate_is_a_usage_error(mini: Path) -> None:
    r = run_main("validate", "")
    assert r.code == 2 and r.out == "", r  # was 3, "`.`: is a directory, not a TOML file"
    assert r.err == "spinecli: validate: empty path; give a KB file (TOML)\n"


def test_an_empty_entry_in_spinecli_kb_is_skipped(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPINECLI_KB", os.pathsep)
    r = run_main("list")
    assert r.code == 0 and "alpha-block" in r.out and r.err == "", r


def _one_problem_line(err: str) -> str:
    assert not inert(err), err
    head, line, rest = err.split("\n", 2)
    assert head == "spinecli: knowledge base problem:" and rest == "", err
    return line


def test_a_line_break_in_a_spinecli_kb_path_is_shown_escaped(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / f"{EVIL}.toml"
    monkeypatch.setenv("SPINECLI_KB", str(missing))
    r = run_main("list")
    assert r.code == 3, r
    shown = str(tmp_path / "a\\nspinecli - fake line\\x1b[31m\\x9b.toml")
    assert _one_problem_line(r.err) == f"  {shown}: no such file"


def test_a_line_break_in_a_kb_layer_name_is_shown_escaped(mini: Path, tmp_path: Path) -> None:
    layer = tmp_path / f"{EVIL}.toml"
    layer.write_text('[procedures.alpha-block]\nsetting = ""\n', encoding="utf-8")
    r = run_main("--kb", str(layer), "list")
    assert r.code == 3, r
    line = _one_problem_line(r.err)
    assert line.startswith(f"  {tmp_path}/a\\nspinecli - fake line\\x1b[31m\\x9b.toml:2: "), line


def test_a_line_break_in_a_config_or_output_path_is_shown_escaped(
    mini: Path, tmp_path: Path
) -> None:
    r = run_main("handout", "alpha-block", "--config", str(tmp_path / EVIL))
    assert r.code == 2 and r.err.count("\n") == 1 and not inert(r.err), r
    assert "a\\nspinecli - fake line\\x1b[31m\\x9b: no such file" in r.err
    r = run_main("handout", "alpha-block", "-o", str(tmp_path / "missing" / EVIL / "x.md"))
    assert r.code == 4 and r.err.count("\n") == 1 and not inert(r.err), r
    assert "a\\nspinecli - fake line" in r.err


def test_a_full_disk_part_way_lists_the_files_written(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = spinecli.export.write_atomic
    calls: list[Path] = []

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def full_on_second(path: Path, data: bytes, **kwargs: Any) -> None:
        calls.append(path)
        if len(calls) == 2:  # the disk fills while the second file is written
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(os, "fsync", no_space)
                return real(path, data, **kwargs)
        return real(path, data, **kwargs)

    monkeypatch.setattr(spinecli.export, "write_atomic", full_on_second)
    out = tmp_path / "out"
    r = run_main("handout", "--all", "-o", f"{out}/")
    assert r.code == 4, r
    assert r.out == f"{out / 'alpha-block.md'}\n", "the file written before the disk filled"
    assert r.err == (
        f"spinecli: cannot write {out / 'beta-ablation.md'}: No space left on device "
        "(stopped after 1 of 2 files)\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["alpha-block.md"]  # no temp file left


def test_a_line_break_in_a_key_is_shown_escaped_by_validate(tmp_path: Path) -> None:
    layer = tmp_path / "keys.toml"
    layer.write_text(
        '[procedures."evil\\nspinecli: ok"]\nname = "x"\n[procedures.alpha]\n"bad\\nkey" = 1\n',
        encoding="utf-8",
    )
    r = run_main("validate", str(layer))
    assert r.code == 3 and not inert(r.err), r
    lines = r.err.splitlines()
    assert lines[0] == "spinecli: 2 knowledge base problems:" and len(lines) == 3, r.err
    assert lines[1].startswith(f"  {layer}:1: procedures.evil\\nspinecli: ok: ids are"), lines
    assert lines[2] == f"  {layer}:4: procedures.alpha.bad\\nkey: unknown key 'bad\\nkey'"
