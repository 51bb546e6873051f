"""ICD-10-CM Excludes1 pairs among a condition's codes: the KB declares exactly those the official
code set (simple-icd-10-cm) gives, and `codes` and `treatments` say so."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from spinecli.codecheck import official_lookup
from spinecli.kb import load_kb
from spinecli.model import KnowledgeBase
from tests.conftest import Invoke

CODE = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb([], env="")


@pytest.fixture(scope="module")
def cm() -> Any:
    official_lookup()  # imports it with the package's own deprecation warning silenced
    import simple_icd_10_cm

    return simple_icd_10_cm


def official_excludes1(cm: Any, code: str, others: list[str]) -> list[str]:
    """The codes in `others` that an Excludes1 note on `code` or its ancestors names."""
    notes: list[str] = []
    for item in [code, *cm.get_ancestors(code)]:
        notes += cm.get_excludes1(item)
    named = [m.replace("-", "") for note in notes for m in CODE.findall(note)]
    return [o for o in others if o != code and any(o.startswith(n) for n in named)]


def test_declared_excludes1_match_the_official_set(cm: Any, kb: KnowledgeBase) -> None:
    for cid, cond in kb.conditions.items():
        codes = [d.code for d in cond.icd10]
        for d in cond.icd10:
            want = official_excludes1(cm, d.code, codes)
            assert list(d.excludes1) == want, (
                f"[conditions.{cid}] icd10 {d.code}: set excludes1 = {json.dumps(want)}"
            )


def test_excludes1_shows_in_codes_and_treatments(cli: Invoke, kb: KnowledgeBase) -> None:
    cond = kb.conditions["sciatica"]
    pair = next(d for d in cond.icd10 if d.excludes1)
    rows = json.loads(cli("codes", pair.code, "-f", "json").out)["codes"]
    assert rows[0]["excludes1"] == list(pair.excludes1)
    plain = " ".join(cli("codes", pair.code, "-f", "plain").out.split())
    assert f"Excludes1: never coded with {', '.join(pair.excludes1)}" in plain
    page = json.loads(cli("treatments", "sciatica", "-f", "json").out)
    assert {d["code"]: d["excludes1"] for d in page["icd10"]}[pair.code] == list(pair.excludes1)
    text = " ".join(cli("treatments", "sciatica", "-f", "plain").out.split())
    assert "Excludes1: never coded with" in text
