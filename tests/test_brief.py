"""The clinician's card (`--brief`) and the parts `--section` picks, on the shipped KB."""

from __future__ import annotations

import json
import re

import pytest

from spinecli import sections
from spinecli.errors import UsageError
from spinecli.model import KnowledgeBase
from spinecli.queries import explain, treatments
from spinecli.render import render
from tests.conftest import Invoke

CARD_LINES = 40


@pytest.mark.parametrize("fmt", ["table", "plain"])
def test_every_procedure_card_fits_one_screen(shipped: KnowledgeBase, fmt: str) -> None:
    for pid in shipped.procedures:
        out = render(explain(shipped, pid, brief=True), fmt, width=100)
        assert out.count("\n") <= CARD_LINES, f"{pid}: {out.count(chr(10))} lines"
        assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("fmt", ["table", "plain"])
def test_every_treatment_card_fits_one_screen(shipped: KnowledgeBase, fmt: str) -> None:
    for cid in shipped.conditions:
        out = render(treatments(shipped, cid, brief=True), fmt, width=100)
        assert out.count("\n") <= CARD_LINES, f"{cid}: {out.count(chr(10))} lines"


def test_procedure_card_holds_what_a_clinician_checks_first(shipped: KnowledgeBase) -> None:
    page = explain(shipped, "esi", brief=True)
    p = page.procedure
    out = render(page, "plain", width=100)
    flat = " ".join(out.split())
    labels = ["Indication and", "Contraindications", "Bleeding risk", "Guideline positions"]
    positions = [out.index(label) for label in labels]
    assert positions == sorted(positions)
    assert " ".join(p.contraindications[0].split()) in flat
    assert f"ASRA class {p.bleeding_risk[0].level}" in flat
    assert "Never stop or change an anticoagulant" in flat
    assert "CPT: 62320-62323" in flat  # every code, compacted into runs
    assert f"spinecli explain {p.id}" in out.splitlines()[-1] + out.splitlines()[-2]
    # Each body's position is there, so where guidelines differ shows on the card.
    assert all(g.ref in flat for g in p.guidelines[:1])
    assert "Sources" not in out and "How it is done" not in out


def test_a_cut_list_names_the_section_that_has_the_rest(shipped: KnowledgeBase) -> None:
    names = {p.name for p in sections.EXPLAIN} | {p.name for p in sections.TREATMENTS}
    cut = 0
    for cid in shipped.conditions:
        out = render(treatments(shipped, cid, brief=True), "plain", width=100)
        for n, section in re.findall(r"\(\+(\d+) more: spinecli \S+ \S+ --section (\S+)\)", out):
            assert section in names and int(n) > 0
            cut += 1
    assert cut  # the long conditions (chronic low back pain) do get cut


def test_section_shows_only_those_parts_with_their_sources(shipped: KnowledgeBase) -> None:
    page = explain(shipped, "esi", sections=("codes", "contraindications"))
    out = render(page, "plain", width=100)
    assert "Contraindications" in out and "Procedure codes (CPT)" in out
    assert out.index("Contraindications") < out.index("Procedure codes (CPT)")  # page order
    for absent in ("How it is done", "Risks", "Recovery", "Who is a candidate"):
        assert absent not in out
    listed = re.findall(r"^(\d+)\. ", out.split("\nSources\n", 1)[1], re.M)
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", out)}
    assert marks and max(marks) <= len(listed) < len(page.sources)


@pytest.mark.parametrize("fmt", ["table", "plain", "md", "html"])
def test_section_works_in_every_text_format(shipped: KnowledgeBase, fmt: str) -> None:
    out = render(explain(shipped, "esi", sections=("risks",)), fmt, width=100)
    assert "Risks" in out and "Contraindications" not in out


def test_section_json_keeps_only_those_keys(shipped: KnowledgeBase) -> None:
    out = json.loads(render(explain(shipped, "esi", sections=("bleeding", "codes")), "json"))
    assert set(out) == {"id", "name", "anticoagulation", "cpt", "coding_note"}
    brief = json.loads(render(explain(shipped, "esi", brief=True), "json"))
    assert set(brief) == {
        "id",
        "name",
        "candidacy",
        "contraindications",
        "anticoagulation",
        "guidelines",
        "cpt",
        "coding_note",
    }
    plan = json.loads(render(treatments(shipped, "sciatica", sections=("procedures",)), "json"))
    assert set(plan) == {"condition", "procedures"}


def test_every_json_key_belongs_to_one_section(shipped: KnowledgeBase) -> None:
    """So `--section` can reach every part of the page, and no key is in two parts."""
    for page, parts, keeps in [
        (explain(shipped, "esi"), sections.EXPLAIN, sections.EXPLAIN_KEEPS),
        (treatments(shipped, "sciatica"), sections.TREATMENTS, sections.TREATMENTS_KEEPS),
    ]:
        keys = [k for part in parts for k in part.keys]
        assert len(keys) == len(set(keys))
        assert set(json.loads(render(page, "json"))) == {*keeps, *keys}


@pytest.mark.parametrize(
    ("typed", "chosen", "forgiven"),
    [
        (["risks"], ("risks",), False),
        (["Codes", "risks"], ("risks", "codes"), False),  # page order, any case
        (["cpt"], ("codes",), False),  # an alias
        (["contraindicatons"], ("contraindications",), True),  # a typo
        (["contra"], ("contraindications",), True),  # a unique start
        (["warning signs"], ("warning-signs",), False),
    ],
)
def test_section_names_forgive(typed: list[str], chosen: tuple[str, ...], forgiven: bool) -> None:
    got, note = sections.choose(typed, sections.EXPLAIN)
    assert got == chosen
    assert bool(note) == forgiven


def test_unknown_section_is_a_usage_error_naming_them_all() -> None:
    with pytest.raises(UsageError) as caught:
        sections.choose(["dosage"], sections.EXPLAIN)
    assert "contraindications" in str(caught.value) and "'dosage'" in str(caught.value)
    with pytest.raises(UsageError, match="did you mean 'recovery'"):
        sections.choose(["recovry-plan"], sections.EXPLAIN)


def test_the_command_line_takes_brief_and_section(cli: Invoke) -> None:
    r = cli("explain", "esi", "--brief")
    assert r.code == 0 and "clinician's card" in r.out
    r = cli("treatments", "sciatica", "-b", "-f", "json")
    assert r.code == 0 and "conservative_care" in json.loads(r.out)
    r = cli("explain", "esi", "-s", "contraindicatons", "--section", "cpt", "-f", "json")
    assert r.code == 0 and set(json.loads(r.out)) == {
        "id",
        "name",
        "contraindications",
        "cpt",
        "coding_note",
    }
    assert "taken as 'contraindications'" in r.err


def test_an_unknown_section_exits_2_with_the_names(cli: Invoke) -> None:
    r = cli("explain", "esi", "--section", "dosage")
    assert r.code == 2 and r.out == "" and "warning-signs" in r.err


def test_explain_help_lists_the_section_names(cli: Invoke) -> None:
    out = " ".join(cli("explain", "--help").out.replace("│", " ").split())
    assert all(part.name in out for part in sections.EXPLAIN)
