"""Layers can add to a list ({ append = [...], prepend = [...] }) instead of replacing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecli.errors import KBError
from spinecli.kb import load_kb, load_layers
from tests.conftest import MINI, Invoke, write


def test_append_to_recovery_phase_keeps_shipped_items(mini: Path, tmp_path: Path) -> None:
    layer = write(
        tmp_path,
        '[procedures.alpha-block.recovery]\nbefore = { append = ["Bring your clinic card."] }\n',
    )
    recovery = dict(load_kb([str(layer)], env="").procedures["alpha-block"].recovery)
    assert recovery["before"] == ("Bring a driver.", "Bring your clinic card.")
    assert recovery["first_48_hours"] == ("Rest.",), "other phases untouched"


def test_prepend_and_append_together(mini: Path, tmp_path: Path) -> None:
    layer = write(
        tmp_path,
        '[procedures.alpha-block]\nrisks = { prepend = ["First."], append = ["Last."] }\n',
    )
    assert load_kb([str(layer)], env="").procedures["alpha-block"].risks == (
        "First.",
        "Soreness.",
        "Last.",
    )


def test_append_creates_a_phase_the_entry_lacked(mini: Path, tmp_path: Path) -> None:
    text = '[procedures.beta-ablation.recovery]\nfollow_up = { append = ["See us in 2 weeks."] }\n'
    recovery = dict(
        load_kb([str(write(tmp_path, text))], env="").procedures["beta-ablation"].recovery
    )
    assert recovery["follow_up"] == ("See us in 2 weeks.",)
    assert recovery["day_of"] == ("Go home.",)


def test_appends_from_several_layers_accumulate_in_order(mini: Path, tmp_path: Path) -> None:
    a = write(tmp_path, '[procedures.alpha-block]\naliases = { append = ["a1"] }\n', "a.toml")
    b = write(tmp_path, '[procedures.alpha-block]\naliases = { append = ["b1"] }\n', "b.toml")
    kb = load_kb([str(a), str(b)], env="")
    assert kb.procedures["alpha-block"].aliases == ("AB", "alpha", "a1", "b1")


def test_append_to_kb_candidacy_and_condition_procedures(mini: Path, tmp_path: Path) -> None:
    text = """[kb]
candidacy = { append = ["Imaging matches the pain"] }

[conditions.delta-ache]
procedures = { append = [{ id = "beta-ablation", role = "last-resort" }] }
"""
    kb = load_kb([str(write(tmp_path, text))], env="")
    assert kb.candidacy == ("Pain for over three months", "Imaging matches the pain")
    assert [(c.id, r) for c, r in kb.treatments_of("beta-ablation")] == [
        ("gamma-pain", "therapeutic"),
        ("delta-ache", "last-resort"),
    ]


def test_replacing_still_replaces(mini: Path, tmp_path: Path) -> None:
    layer = write(tmp_path, '[procedures.alpha-block.recovery]\nbefore = ["Only this."]\n')
    recovery = dict(load_kb([str(layer)], env="").procedures["alpha-block"].recovery)
    assert recovery["before"] == ("Only this.",)


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(KBError) as info:
        load_layers([MINI, write(tmp_path, text)])
    return [f"{p.line} {p.path}: {p.message}" for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[procedures.alpha-block]\n\nrisks = { apend = ["x"] }\n',
            "3 procedures.alpha-block.risks.apend: unknown list edit 'apend'; "
            "use append or prepend (did you mean 'append'?)",
        ),
        (
            '[procedures.alpha-block]\nrisks = { append = "x" }\n',
            "2 procedures.alpha-block.risks.append: should be a list of strings, not a string",
        ),
        (
            '[procedures.alpha-block]\nrisks = { append = [" "] }\n',
            "2 procedures.alpha-block.risks.append: item 1 is empty",
        ),
        (
            "[procedures.alpha-block]\nrisks = {}\n",
            "2 procedures.alpha-block.risks: a list edit needs append = [...] or prepend = [...]",
        ),
        (
            '[procedures.alpha-block]\nregions = { append = ["moon"] }\n',
            "2 procedures.alpha-block.regions.append: 'moon' is not one of: cervical, thoracic, "
            "lumbar, sacral, peripheral",
        ),
        (
            '[procedures.alpha-block]\nname = { append = ["x"] }\n',
            "2 procedures.alpha-block.name: should be a string, not a table",
        ),
        (
            '[conditions.delta-ache]\nprocedures = { append = [{ id = "x", role = "bad" }] }\n',
            "2 conditions.delta-ache.procedures.append.1: role should be one of",
        ),
        (
            '[procedures.alpha-blok.recovery]\nbefore = { append = ["x"] }\n',
            "1 procedures.alpha-blok: adds to the lists of 'alpha-blok', which no earlier file "
            "defines (did you mean 'alpha-block'?)",
        ),
        (
            '[procedures.alpha-block]\nsources = { append = ["src-z"] }\n',
            "2 procedures.alpha-block.sources: unknown source id 'src-z'",
        ),
    ],
)
def test_bad_list_edits_are_reported(tmp_path: Path, text: str, expected: str) -> None:
    found = _problems(tmp_path, text)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_validate_command_checks_list_edits(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, '[procedures.alpha-block]\nrisks = { apend = ["x"] }\n')
    r = cli("validate", str(bad))
    assert r.code == 3 and "unknown list edit 'apend'" in r.err, r
    good = write(tmp_path, '[procedures.alpha-block]\nrisks = { append = ["x"] }\n', "good.toml")
    assert cli("validate", str(good)).code == 0


items = st.lists(st.text(alphabet="abc xyz.", min_size=1).filter(str.strip), max_size=4)


@settings(max_examples=40, deadline=None)
@given(before=items, after=items)
def test_edit_is_prepend_plus_old_plus_append(before: list[str], after: list[str]) -> None:
    from spinecli.kb import _apply
    from spinecli.schema import SCHEMA

    spec = SCHEMA["procedures"]["risks"]
    old = ["kept one", "kept two"]
    assert _apply(old, {"prepend": before, "append": after}, spec) == [*before, *old, *after]
    assert old == ["kept one", "kept two"], "earlier layer's list is not mutated"
