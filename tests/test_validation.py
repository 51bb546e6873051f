"""Every kind of KB problem is reported with file, line, key path and what to do; exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinecli.errors import KBError, Problem
from spinecli.kb import load_layers
from tests.conftest import MINI, Invoke, write


def problems(*paths: Path) -> list[Problem]:
    with pytest.raises(KBError) as info:
        load_layers([MINI, *paths])
    return info.value.problems


def one(tmp_path: Path, text: str) -> Problem:
    found = problems(write(tmp_path, text))
    assert len(found) == 1, found
    return found[0]


def test_mini_kb_is_valid() -> None:
    layered = load_layers([MINI])
    assert "alpha-block" in layered.data["procedures"]


def test_invalid_toml_gives_line_and_column(tmp_path: Path) -> None:
    p = one(tmp_path, '[procedures.alpha-block]\nname = "x"\nsummary = \n')
    assert p.line == 3
    assert "line 3, column" in p.message and "invalid TOML" in p.message


def test_unknown_key_suggests_nearest(tmp_path: Path) -> None:
    p = one(tmp_path, '\n[procedures.alpha-block]\nsumary = "typo"\n')
    assert (p.line, p.path) == (3, "procedures.alpha-block.sumary")
    assert "did you mean 'summary'" in p.message


def test_unknown_table_suggests_nearest(tmp_path: Path) -> None:
    p = one(tmp_path, '[procedure.alpha-block]\nname = "x"\n')
    assert "unknown table 'procedure'" in p.message and "'procedures'" in p.message


def test_wrong_type(tmp_path: Path) -> None:
    p = one(tmp_path, '[procedures.alpha-block]\n\nrisks = "not a list"\n')
    assert (p.line, p.path) == (3, "procedures.alpha-block.risks")
    assert "list of strings" in p.message


def test_missing_required_field_points_at_the_entry(tmp_path: Path) -> None:
    text = '# new\n[conditions.new-thing]\nname = "New thing"\nregions = ["lumbar"]\n'
    text += 'conservative_care = ["Rest."]\nsources = ["src-a"]\n'
    p = one(tmp_path, text)
    assert (p.line, p.path) == (2, "conditions.new-thing")
    assert "missing required field 'summary'" in p.message


def test_unknown_reference_suggests_nearest(tmp_path: Path) -> None:
    text = '[conditions.gamma-pain]\nprocedures = [{ id = "alpha-blok", role = "diagnostic" }]\n'
    p = one(tmp_path, text)
    assert p.path == "conditions.gamma-pain.procedures" and p.line == 2
    assert "unknown procedure id 'alpha-blok'" in p.message and "alpha-block" in p.message


def test_unknown_source_reference(tmp_path: Path) -> None:
    p = one(tmp_path, '[procedures.beta-ablation]\nsources = ["nowhere"]\n')
    assert "unknown source id 'nowhere'" in p.message


def test_symptom_weight_to_unknown_condition(tmp_path: Path) -> None:
    p = one(tmp_path, "[symptoms.gamma-twinge]\nconditions = { gama-pain = 2 }\n")
    assert "unknown condition id 'gama-pain'" in p.message and "gamma-pain" in p.message


def test_weight_out_of_range(tmp_path: Path) -> None:
    p = one(tmp_path, "[symptoms.gamma-twinge]\nconditions = { gamma-pain = 9 }\n")
    assert "outside 0 to 5" in p.message


def test_bad_enum_value(tmp_path: Path) -> None:
    p = one(tmp_path, '[procedures.alpha-block]\ncategory = "injecton"\n')
    assert "'injecton' is not one of" in p.message and "did you mean 'injection'" in p.message


def test_bad_role(tmp_path: Path) -> None:
    text = '[conditions.gamma-pain]\nprocedures = [{ id = "alpha-block", role = "cure" }]\n'
    assert "role should be one of" in one(tmp_path, text).message


def test_bad_id(tmp_path: Path) -> None:
    p = one(tmp_path, '[sources.Bad_Id]\ntitle = "x"\n')
    assert "lowercase words joined by hyphens" in p.message


@pytest.mark.parametrize("table", ["sources", "procedures", "conditions", "symptoms", "red_flags"])
@pytest.mark.parametrize("bad", ["evil\\n", "evil\\r\\n", "\\nevil", "evil-", "ev il"])
def test_id_must_match_in_full(tmp_path: Path, table: str, bad: str) -> None:
    """A trailing newline once passed (`$` with re.match) and `handout --all` wrote `evil\\n.md`."""
    found = problems(write(tmp_path, f'[{table}."{bad}"]\nname = "x"\n'))
    assert any("lowercase words joined by hyphens" in p.message for p in found), found


@pytest.mark.parametrize("bad", ["2026-01-01\\n", "2026-1-01", " 2026-01-01"])
def test_review_date_must_match_in_full(tmp_path: Path, bad: str) -> None:
    found = problems(write(tmp_path, f'[procedures.alpha-block]\nreviewed = "{bad}"\n'))
    assert any("YYYY-MM-DD" in p.message for p in found), found


def test_ambiguous_alias(tmp_path: Path) -> None:
    p = one(tmp_path, '[procedures.beta-ablation]\naliases = ["ab"]\n')
    assert "also names procedures.alpha-block" in p.message
    assert p.path == "procedures.beta-ablation.aliases"


def test_every_problem_reported_at_once(tmp_path: Path) -> None:
    text = '[procedures.alpha-block]\nsumary = "x"\nrisks = "y"\n[procedure.z]\nname = "z"\n'
    assert len(problems(write(tmp_path, text))) == 3


def test_problems_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, '[procedures.alpha-block]\nsumary = "x"\n', "a.toml")
    b = write(tmp_path, "[procedures.alpha-block]\nrisks = 1\n", "b.toml")
    found = problems(a, b)
    assert {Path(p.file).name for p in found} == {"a.toml", "b.toml"}


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: d / "missing.toml", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: write(d, ""), "is empty"),
        (lambda d: write(d, "  \n\n"), "is empty"),
    ],
)
def test_unreadable_files(tmp_path: Path, setup: object, expected: str) -> None:
    path = setup(tmp_path)  # type: ignore[operator]
    found = problems(path)
    assert found[0].file == str(path) and expected in found[0].message


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[sources.x]\ntitle = "caf\xe9"\n'.encode("latin-1"))
    p = problems(path)[0]
    assert "not UTF-8" in p.message and p.file == str(path)


def test_cli_validate_reports_and_exits_3(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, '[procedures.alpha-block]\nsumary = "x"\n')
    r = cli("validate", str(bad))
    assert r.code == 3, r
    assert f"{bad}:2: procedures.alpha-block.sumary" in r.err
    assert "Traceback" not in r.err + r.out


def test_cli_validate_ok(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    good = write(tmp_path, '[procedures.alpha-block]\nsetting = "Clinic"\n')
    r = cli("validate", str(good))
    assert r.code == 0 and r.out.startswith("ok"), r


def test_cli_validate_json(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    import json

    bad = write(tmp_path, '[procedures.alpha-block]\nsumary = "x"\n')
    r = cli("validate", str(bad), "--format", "json")
    data = json.loads(r.out)
    assert r.code == 3 and data["ok"] is False
    assert data["problems"][0] == {
        "file": str(bad),
        "line": 2,
        "path": "procedures.alpha-block.sumary",
        "message": "unknown key 'sumary' (did you mean 'summary'?)",
    }


@pytest.mark.parametrize("command", [["list"], ["explain", "ab"], ["conditions"]])
def test_bad_layer_stops_every_command_with_exit_3(
    cli: Invoke, mini: Path, tmp_path: Path, command: list[str]
) -> None:
    bad = write(tmp_path, "[procedures.alpha-block\n")
    r = cli("--kb", str(bad), *command)
    assert r.code == 3 and str(bad) in r.err and r.out == "", r


def test_env_layer_problem_exit_3(
    cli: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPINECLI_KB", str(tmp_path / "gone.toml"))
    r = cli("list")
    assert r.code == 3 and "gone.toml: no such file" in r.err


# ----------------------------------------------------------------------------- red-flag rules
def test_a_rule_naming_an_unknown_finding(tmp_path: Path) -> None:
    text = '[[red_flags.omega-flag.rules]]\nrule = "r"\nsource = "src-a"\nany = ["omega-sing"]\n'
    p = one(tmp_path, "\n" + text)
    assert p.path == "red_flags.omega-flag.rules.1.any"
    assert "unknown finding id 'omega-sing'" in p.message and "'omega-sign'" in p.message


def test_a_rule_needs_findings_and_a_reachable_at_least(tmp_path: Path) -> None:
    empty = one(tmp_path, '[[red_flags.omega-flag.rules]]\nrule = "r"\nsource = "src-a"\n')
    assert empty.path == "red_flags.omega-flag.rules.1" and "needs all = [" in empty.message
    text = '\n\n[[red_flags.omega-flag.rules]]\nrule = "r"\nsource = "src-a"\n'
    text += 'any = ["omega-sign"]\nat_least = 2\n'
    high = one(tmp_path, text)
    assert (high.line, high.path) == (3, "red_flags.omega-flag.rules.1.at_least")
    assert "1 to 1" in high.message


def test_old_red_flag_phrases_say_how_to_move_them(tmp_path: Path) -> None:
    p = one(tmp_path, '[red_flags.omega-flag]\nphrases = ["omega"]\n')
    assert p.path == "red_flags.omega-flag.phrases" and "[findings.ID]" in p.message


def test_a_finding_needs_something_to_recognise_it_by(tmp_path: Path) -> None:
    p = one(tmp_path, '\n[findings.empty]\nname = "Empty"\n')
    assert (p.line, p.path) == (2, "findings.empty") and "nothing to recognise" in p.message


def test_a_value_test_needs_a_known_kind_and_a_bound(tmp_path: Path) -> None:
    text = '[findings.hot]\nname = "Hot"\nvalues = [{ kind = "temprature", at_least = 38 }]\n'
    kind = one(tmp_path, text)
    assert "did you mean 'temperature'" in kind.message
    bound = one(tmp_path, '[findings.hot]\nname = "Hot"\nvalues = [{ kind = "temperature" }]\n')
    assert bound.path == "findings.hot.values.1" and "needs a bound" in bound.message
