"""compare: attributes as rows, procedures as columns; fits 80 columns; md and json too."""

from __future__ import annotations

import json
import re

import pytest

from spinecli.compare import ATTRIBUTES, compare
from spinecli.errors import NotFoundError, UsageError
from spinecli.model import KnowledgeBase
from spinecli.render import render
from spinecli.render.pages import NOT_STATED
from tests.conftest import Invoke

TWO = ["gamma-injection", "beta-ablation"]
FOUR = ["epsilon-stimulator", "beta-ablation", "zeta-pump", "iotaplasty"]
SHIPPED_FOUR = ["epidural-steroid-injection", "radiofrequency-ablation", "kyphoplasty", "mbb"]


@pytest.mark.parametrize("fmt", ["table", "plain"])
@pytest.mark.parametrize("names", [TWO, FOUR], ids=["two", "four"])
def test_fits_80_columns(study_kb: KnowledgeBase, names: list[str], fmt: str) -> None:
    out = render(compare(study_kb, names), fmt, width=80)
    assert max(len(line) for line in out.splitlines()) <= 80
    # Readable: no procedure name is folded mid-word to fit.
    for name in names:
        for word in study_kb.procedures[name].name.split():
            assert re.search(rf"(?<![\w-]){word}(?![\w-])", out), word


@pytest.mark.parametrize("fmt", ["table", "plain"])
def test_shipped_four_fit_80_columns(shipped: KnowledgeBase, fmt: str) -> None:
    out = render(compare(shipped, SHIPPED_FOUR), fmt, width=80)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Radiofrequency" in out and "Kyphoplasty" in out


def test_two_sit_side_by_side(study_kb: KnowledgeBase) -> None:
    out = render(compare(study_kb, TWO), "plain", width=80)
    header = next(line for line in out.splitlines() if "Gamma injection" in line)
    assert "Beta ablation" in header


def test_attributes_are_rows_in_order(study_kb: KnowledgeBase) -> None:
    out = render(compare(study_kb, TWO), "plain", width=100)
    rows = [line.split("  ")[0] for line in out.splitlines()]
    labels = [label for _, label in ATTRIBUTES]
    assert [r for r in rows if r in labels] == labels


def test_values_come_from_the_kb(study_kb: KnowledgeBase) -> None:
    out = render(compare(study_kb, ["kappagraphy", "alpha-block"]), "plain", width=200)
    assert "A few hours, because only a numbing medicine is used" in out
    assert "Kappa disc disease (diagnostic)" in out
    assert NOT_STATED in out  # kappagraphy has no relief time


def test_risks_abridged_in_text_complete_in_json(cli: Invoke, study: object) -> None:
    out = cli("compare", "beta-ablation", "alpha-block", "-f", "plain").out
    assert "(+1 more: spinecli explain beta-ablation)" in out
    data = json.loads(cli("compare", "beta-ablation", "alpha-block", "-f", "json").out)
    beta = data["procedures"][0]
    assert beta["id"] == "beta-ablation" and len(beta["risks"]) == 4
    assert data["attributes"] == [key for key, _ in ATTRIBUTES]


def test_markdown_table(cli: Invoke, study: object) -> None:
    out = cli("compare", *TWO, "-f", "md").out
    assert "|  | Gamma injection | Beta ablation |" in out
    assert "<br>" in out  # list cells keep their lines


def test_typo_forgiven_with_a_note(cli: Invoke, study: object) -> None:
    r = cli("compare", "thetaplsty", "iota", "-f", "json")
    assert r.code == 0, r
    assert [p["id"] for p in json.loads(r.out)["procedures"]] == ["thetaplasty", "iotaplasty"]
    assert "taken as Thetaplasty" in r.err


def test_needs_two_different_procedures(
    study_kb: KnowledgeBase, cli: Invoke, study: object
) -> None:
    with pytest.raises(UsageError, match="at least two"):
        compare(study_kb, ["alpha-block"])
    with pytest.raises(UsageError, match="both name Alpha block"):
        compare(study_kb, ["AB", "alpha"])
    with pytest.raises(NotFoundError):
        compare(study_kb, ["alpha-block", "omega-thing"])
    assert cli("compare", "alpha-block").code == 2
    assert cli("compare", "alpha-block", "AB").code == 2
    assert cli("compare", "alpha-block", "omega-thing").code == 1
