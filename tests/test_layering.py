"""Layers: a later file adds ids and replaces the fields it names; order: shipped, env, --kb."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spinecli.kb import layer_paths, load_kb
from tests.conftest import MINI, Invoke, write


def test_layer_replaces_named_field_only(mini: Path, tmp_path: Path) -> None:
    layer = write(tmp_path, '[procedures.alpha-block]\nsetting = "Day unit"\n')
    kb = load_kb([str(layer)], env="")
    p = kb.procedures["alpha-block"]
    assert p.setting == "Day unit"
    assert p.summary == "An alpha block for tests."


def test_layer_adds_new_id(mini: Path, tmp_path: Path) -> None:
    text = """[conditions.epsilon]
name = "Epsilon"
summary = "New."
regions = ["lumbar"]
conservative_care = ["Walk."]
procedures = [{ id = "beta-ablation", role = "last-resort" }]
sources = ["src-a"]
"""
    kb = load_kb([str(write(tmp_path, text))], env="")
    assert kb.conditions["epsilon"].name == "Epsilon"
    assert ("Epsilon", "last-resort") in [(c.name, r) for c, r in kb.treatments_of("beta-ablation")]


def test_sub_table_fields_replaced_one_by_one(mini: Path, tmp_path: Path) -> None:
    layer = write(tmp_path, '[procedures.alpha-block.recovery]\nbefore = ["Fast from midnight."]\n')
    recovery = dict(load_kb([str(layer)], env="").procedures["alpha-block"].recovery)
    assert recovery["before"] == ("Fast from midnight.",)
    assert recovery["first_48_hours"] == ("Rest.",)


def test_later_layer_wins(mini: Path, tmp_path: Path) -> None:
    a = write(tmp_path, '[procedures.alpha-block]\nsetting = "A"\n', "a.toml")
    b = write(tmp_path, '[procedures.alpha-block]\nsetting = "B"\n', "b.toml")
    assert load_kb([str(a), str(b)], env="").procedures["alpha-block"].setting == "B"


def test_env_then_cli_order(mini: Path, tmp_path: Path) -> None:
    a = write(tmp_path, "x = 1", "a.toml")
    b = write(tmp_path, "x = 1", "b.toml")
    c = write(tmp_path, "x = 1", "c.toml")
    paths = layer_paths([str(c)], env=f"{a}{os.pathsep}{b}")
    assert paths == [MINI, a, b, c]


def test_env_var_layer_through_cli(
    cli: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_layer = write(tmp_path, '[procedures.alpha-block]\nsetting = "From env"\n', "env.toml")
    cli_layer = write(tmp_path, '[procedures.alpha-block]\nduration = "From cli"\n', "cli.toml")
    monkeypatch.setenv("SPINECLI_KB", str(env_layer))
    r = cli("--kb", str(cli_layer), "explain", "alpha-block", "--format", "plain")
    assert r.code == 0, r
    assert "From env" in r.out and "From cli" in r.out


def test_repeatable_kb_option(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    a = write(tmp_path, '[procedures.alpha-block]\nsetting = "A"\n', "a.toml")
    b = write(tmp_path, '[procedures.alpha-block]\nsetting = "B"\n', "b.toml")
    r = cli("--kb", str(a), "--kb", str(b), "explain", "ab", "-f", "json")
    assert r.code == 0 and '"setting": "B"' in r.out, r
