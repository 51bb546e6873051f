"""The mistakes people make at the command line get one helpful message (issue 15, item 5)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Invoke


@pytest.mark.parametrize(
    ("args", "value"),
    [
        (["list", "--region", "lumber"], "lumbar"),
        (["list", "--region", "Cerv"], "cervical"),
        (["list", "--category", "ablaton"], "ablation"),
        (["conditions", "--region", "thoracc"], "thoracic"),
    ],
)
def test_filter_values_forgive_typos_as_names_do(cli: Invoke, args: list[str], value: str) -> None:
    r = cli(*args, "-f", "json")
    assert r.code == 0, r
    assert f"taken as '{value}'" in r.err
    if args[0] == "list":
        assert value in json.loads(r.out)["filters"].values()


def test_an_unknown_filter_value_names_the_nearest_once(cli: Invoke) -> None:
    r = cli("list", "--category", "block")
    assert r.code == 2 and "did you mean 'nerve-block'" in r.err and r.out == ""
    assert r.err.lower().count("did you mean") == 1


def test_low_back_pain_finds_chronic_low_back_pain(cli: Invoke) -> None:
    r = cli("treatments", "low back pain", "-f", "json")
    assert r.code == 0 and json.loads(r.out)["condition"]["id"] == "chronic-low-back-pain"
    assert "taken as Chronic low back pain" in r.err


def test_a_generic_word_suggests_the_common_procedures_first(cli: Invoke) -> None:
    r = cli("explain", "injection")
    assert r.code == 1 and r.out == ""
    assert "Did you mean: Epidural steroid injection, Facet joint injection" in r.err
