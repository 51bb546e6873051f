"""`spinecli handout`: choosing procedures, stdout or files, --force, atomic writes, the clinic."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from spinecli import export
from spinecli.errors import OutputError
from tests.conftest import Invoke, write

CLINIC = """[clinic]
name = "Riverside Spine Clinic"
phone = "555 0100"
after_hours_phone = "555 0199"
address = "1 River Road, Springfield"
"""


def test_markdown_to_stdout_by_default(cli: Invoke, mini: Path) -> None:
    r = cli("handout", "alpha-block")
    assert r.code == 0, r
    assert r.out.startswith("# Alpha block\n")
    assert "- [ ] Bring a driver." in r.out


def test_several_procedures_in_one_markdown_stream(cli: Invoke, mini: Path) -> None:
    r = cli("handout", "AB", "beta-ablation")
    assert r.code == 0, r
    assert r.out.index("# Alpha block") < r.out.index("\n---\n") < r.out.index("# Beta ablation")


def test_all_in_kb_order_and_json_keys(cli: Invoke, mini: Path) -> None:
    r = cli("handout", "--all", "-f", "json")
    assert r.code == 0, r
    data = json.loads(r.out)
    assert [h["procedure"]["id"] for h in data["handouts"]] == ["alpha-block", "beta-ablation"]
    assert set(data["handouts"][0]) == {
        "procedure",
        "clinic",
        "plain_summary",
        "summary",
        "purpose",
        "phases",
        "warning_signs",
        "risks",
        "bodies",
        "sources",
        "reviewed",
        "kb_version",
        "kb_reviewed",
        "disclaimer",
    }


def test_same_procedure_twice_is_one_handout(cli: Invoke, mini: Path) -> None:
    r = cli("handout", "alpha-block", "AB", "-f", "json")
    assert len(json.loads(r.out)["handouts"]) == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "name at least one procedure, or use --all"),
        (("alpha-block", "--all"), 2, "not both"),
        (("nosuch",), 1, "nosuch"),
        (("alpha-block", "-f", "pdf"), 2, "PDF goes to a file"),
        (("alpha-block", "-f", "docx"), 2, "docx"),
    ],
)
def test_usage_errors(
    cli: Invoke, mini: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    r = cli("handout", *args)
    assert r.code == code, r
    assert message in r.err and not r.out


def test_typo_is_forgiven_with_a_note(cli: Invoke, mini: Path) -> None:
    r = cli("handout", "alpha blokc")
    assert r.code == 0, r
    assert "taken as Alpha block" in r.err and r.out.startswith("# Alpha block")


def test_output_file_then_refusal_then_force(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "alpha.html"
    r = cli("handout", "alpha-block", "-f", "html", "-o", str(target))
    assert r.code == 0, r
    assert r.out == f"{target}\n"
    first = target.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>")

    r = cli("handout", "beta-ablation", "-f", "html", "-o", str(target))
    assert r.code == 4 and "already exists; use --force" in r.err, r
    assert target.read_text(encoding="utf-8") == first, "kept without --force"

    r = cli("handout", "beta-ablation", "-f", "html", "-o", str(target), "--force")
    assert r.code == 0, r
    assert "Beta ablation" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alpha.html"], "no temp files left"


def test_output_file_is_readable_like_any_file(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    assert cli("handout", "alpha-block", "-o", str(target)).code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_output_directory_one_file_per_procedure(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "handouts"  # created by the run: its parent exists
    r = cli("handout", "--all", "-o", f"{out}/")
    assert r.code == 0, r
    assert sorted(p.name for p in out.iterdir()) == ["alpha-block.md", "beta-ablation.md"]
    assert r.out.splitlines() == [str(out / "alpha-block.md"), str(out / "beta-ablation.md")]
    assert (out / "beta-ablation.md").read_text(encoding="utf-8").startswith("# Beta ablation")


def test_existing_directory_without_trailing_slash(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    r = cli("handout", "beta-ablation", "-f", "plain", "-o", str(tmp_path))
    assert r.code == 0, r
    assert (tmp_path / "beta-ablation.txt").read_text(encoding="utf-8").startswith("Beta ablation")


def test_one_existing_file_in_a_directory_stops_the_whole_batch(
    cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    (tmp_path / "beta-ablation.md").write_text("mine", encoding="utf-8")
    r = cli("handout", "--all", "-o", str(tmp_path))
    assert r.code == 4 and "beta-ablation.md already exists" in r.err, r
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beta-ablation.md"], "nothing written"
    assert (tmp_path / "beta-ablation.md").read_text(encoding="utf-8") == "mine"


def test_cannot_write_is_exit_4(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    r = cli("handout", "alpha-block", "-o", str(blocker / "a.md"))
    assert r.code == 4 and "it is a file, not a directory" in r.err, r
    (tmp_path / "d" / "alpha-block.md").mkdir(parents=True)
    r = cli("handout", "alpha-block", "-o", str(tmp_path / "d"), "--force")
    assert r.code == 4 and "cannot write" in r.err and "alpha-block.md" in r.err, r
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["alpha-block.md"], "no temp left"


class Boom(KeyboardInterrupt):
    pass


@pytest.mark.parametrize("force", [False, True])
def test_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    target = tmp_path / "h.md"
    if force:
        target.write_text("old", encoding="utf-8")

    def interrupted_fsync(fd: int) -> None:
        raise Boom

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(Boom):
        export.write_atomic(target, b"new handout " * 10_000, force=force)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["h.md"] if force else [])
    if force:
        assert target.read_text(encoding="utf-8") == "old"


def test_link_refuses_a_file_created_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "h.md"
    target.write_text("someone else's", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists"):
        export.write_atomic(target, b"mine")
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["h.md"]


def test_no_hard_links_falls_back_to_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "h.md"
    export.write_atomic(target, b"mine")
    assert target.read_bytes() == b"mine"
    with pytest.raises(OutputError, match="already exists"):
        export.write_atomic(target, b"again")
    assert target.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["h.md"]


# The clinic layer -----------------------------------------------------------------------------


def test_neutral_without_config(cli: Invoke, mini: Path) -> None:
    out = cli("handout", "alpha-block").out
    assert "Clinic" not in out and "555" not in out
    assert "**Call the clinic today if you have:**" in out


def test_config_option(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    config = write(tmp_path, CLINIC, "clinic.toml")
    r = cli("handout", "alpha-block", "--config", str(config))
    assert r.code == 0, r
    assert "- **Clinic:** Riverside Spine Clinic" in r.out
    assert "- **Address:** 1 River Road, Springfield" in r.out
    assert "**Clinic phone: 555 0100. After hours: 555 0199.**" in r.out


def test_user_config_dir_and_overrides(
    cli: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "spinecli").mkdir()
    write(tmp_path / "spinecli", CLINIC, "config.toml")
    r = cli("handout", "alpha-block", "--clinic-phone", "555 7777", "-f", "json")
    assert r.code == 0, r
    clinic = json.loads(r.out)["handouts"][0]["clinic"]
    assert clinic == {
        "name": "Riverside Spine Clinic",
        "phone": "555 7777",
        "after_hours_phone": "555 0199",
        "address": "1 River Road, Springfield",
    }


def test_home_config_when_xdg_unset(
    cli: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".config" / "spinecli").mkdir(parents=True)
    write(tmp_path / ".config" / "spinecli", '[clinic]\nname = "Home Clinic"\n', "config.toml")
    assert "Home Clinic" in cli("handout", "alpha-block").out


def test_options_alone(cli: Invoke, mini: Path) -> None:
    out = cli("handout", "alpha-block", "--clinic-name", "Solo", "--clinic-after-hours", "1").out
    assert "- **Clinic:** Solo" in out and "**After hours: 1.**" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[clinic]\nphon = "1"\n', "clinic.phon: unknown key (did you mean 'phone'?)"),
        ("[clinic]\nphone = 5550100\n", "clinic.phone: should be a string"),
        ('[clinc]\nphone = "1"\n', "unknown table 'clinc' (did you mean 'clinic'?)"),
        ('clinic = "x"\n', "'clinic' should be a table"),
        ("[clinic\n", "invalid TOML"),
    ],
)
def test_bad_config_is_a_usage_error(
    cli: Invoke, mini: Path, tmp_path: Path, text: str, message: str
) -> None:
    config = write(tmp_path, text, "clinic.toml")
    r = cli("handout", "alpha-block", "--config", str(config))
    assert r.code == 2 and message in r.err and str(config) in r.err, r
    assert not r.out


def test_missing_config_file(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    r = cli("handout", "alpha-block", "--config", str(tmp_path / "nope.toml"))
    assert r.code == 2 and "no such file" in r.err, r


def test_clinic_appends_a_before_item_through_a_kb_layer(
    cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    layer = write(
        tmp_path,
        '[procedures.alpha-block.recovery]\nbefore = { append = ["Bring your clinic card."] }\n',
    )
    out = cli("--kb", str(layer), "handout", "alpha-block").out
    assert "- [ ] Bring a driver.\n- [ ] Bring your clinic card.\n" in out


def test_medicines_line_only_when_the_kb_does_not_say_it(
    cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    assert "above all blood thinners" in cli("handout", "alpha-block").out
    layer = write(
        tmp_path,
        '[procedures.alpha-block.recovery]\nbefore = ["Ask about your Blood-Thinner."]\n',
    )
    out = cli("--kb", str(layer), "handout", "alpha-block").out
    assert "Ask about your Blood-Thinner." in out and "above all blood thinners" not in out


def test_missing_parent_directory_is_an_error_not_a_new_tree(
    cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    target = tmp_path / "typo" / "deeper" / "alpha.md"
    r = cli("handout", "alpha-block", "-o", str(target))
    assert r.code == 4 and "does not exist" in r.err, r
    assert not (tmp_path / "typo").exists()
    made = cli("handout", "alpha-block", "-o", f"{tmp_path / 'out'}/")
    assert made.code == 0 and (tmp_path / "out" / "alpha-block.md").is_file(), made
