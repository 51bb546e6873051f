"""The coverage procedures of issue 14 (shared/clinical-notes-2.md section B): each is complete as
far as its sources go, says what they do not give, and works through every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinecli.model import NOT_CLASSIFIED, PRACTICAL_FIELDS, KnowledgeBase
from spinecli.quiz import make_quiz
from spinecli.render.pages import NOT_CLASSIFIED_LABEL, NOT_STATED
from tests.conftest import Invoke

COVERAGE = [
    "occipital-nerve-block",
    "third-occipital-nerve-ablation",
    "suprascapular-nerve-block",
    "epidural-blood-patch",
    "ganglion-impar-block",
    "intercostal-nerve-block",
    "piriformis-injection",
    "trochanteric-bursa-injection",
    "celiac-plexus-neurolysis",
    "superior-hypogastric-plexus-block",
]
# The notes' "Not found" list: no source gives a CPT code for these, so none is listed and the
# entry's evidence says so.
NO_CPT = {
    "suprascapular-nerve-block",
    "epidural-blood-patch",
    "ganglion-impar-block",
    "intercostal-nerve-block",
    "celiac-plexus-neurolysis",
    "superior-hypogastric-plexus-block",
}
# ASRA's class for each, as the table the KB cites (cn50) gives it; "not-classified" where the
# table does not name the procedure.
BLEEDING = {
    "occipital-nerve-block": {"low"},
    "third-occipital-nerve-ablation": {"intermediate"},
    "suprascapular-nerve-block": {"low"},
    "epidural-blood-patch": {NOT_CLASSIFIED},
    "ganglion-impar-block": {"intermediate"},
    "intercostal-nerve-block": {"low"},
    "piriformis-injection": {NOT_CLASSIFIED},
    "trochanteric-bursa-injection": {NOT_CLASSIFIED},
    "celiac-plexus-neurolysis": {"intermediate"},
    "superior-hypogastric-plexus-block": {"intermediate"},
}
# An abbreviation or lay name each must be found by.
ALIASES = {
    "occipital-nerve-block": "ONB",
    "third-occipital-nerve-ablation": "TON RFA",
    "suprascapular-nerve-block": "SSNB",
    "epidural-blood-patch": "EBP",
    "ganglion-impar-block": "GIB",
    "intercostal-nerve-block": "intercostal block",
    "piriformis-injection": "piriformis muscle injection",
    "trochanteric-bursa-injection": "hip bursa injection",
    "celiac-plexus-neurolysis": "coeliac plexus block",
    "superior-hypogastric-plexus-block": "SHPB",
}
ALWAYS = ("aliases", "summary", "plain_summary", "purpose", "steps", "risks", "evidence")


@pytest.mark.parametrize("pid", COVERAGE)
def test_entry_is_complete_and_sourced(shipped: KnowledgeBase, pid: str) -> None:
    p = shipped.procedures[pid]
    for name in ALWAYS:
        assert getattr(p, name), f"{pid} has no {name}"
    phases = dict(p.recovery)
    assert "before" in phases and len(phases) >= 3, sorted(phases)
    assert dict(p.warning_signs).get("call_clinic")
    assert p.reviewed
    assert all(shipped.sources[s].url for s in p.source_ids() if not s.startswith("seed-"))
    assert {b.level for b in p.bleeding_risk} == BLEEDING[pid]
    if pid in NO_CPT:
        assert not p.cpt and "No procedure code" in " ".join(p.evidence)
    else:
        assert p.cpt


@pytest.mark.parametrize("pid", COVERAGE)
def test_explain_shows_facts_and_gaps(cli: Invoke, shipped: KnowledgeBase, pid: str) -> None:
    p = shipped.procedures[pid]
    page = json.loads(cli("explain", pid, "-f", "json").out)
    assert page["id"] == pid
    out = " ".join(cli("explain", pid, "-f", "plain").out.split())
    for field in PRACTICAL_FIELDS:
        value = getattr(p, field)
        assert " ".join(value.split()) in out if value else page[field] == ""
    if any(not getattr(p, f) for f in PRACTICAL_FIELDS):
        assert f"{NOT_STATED}" in out
    if p.cpt:
        assert p.cpt[0].code in out
    else:
        assert f"Procedure code: {NOT_STATED}" in out
    if NOT_CLASSIFIED in BLEEDING[pid]:
        assert NOT_CLASSIFIED_LABEL in out


@pytest.mark.parametrize("pid", COVERAGE)
def test_list_search_recovery_compare(cli: Invoke, shipped: KnowledgeBase, pid: str) -> None:
    p = shipped.procedures[pid]
    listed = json.loads(cli("list", "-f", "json").out)
    assert pid in {x["id"] for x in listed["procedures"]}
    hits = json.loads(cli("search", ALIASES[pid], "-f", "json").out)
    assert hits["hits"][0]["id"] == pid, hits["hits"][:2]
    assert json.loads(cli("explain", ALIASES[pid], "-f", "json").out)["id"] == pid
    rec = cli("recovery", pid, "-f", "plain")
    assert rec.code == 0 and dict(p.recovery)["before"][0] in " ".join(rec.out.split())
    both = cli("compare", pid, "nerve-block", "-f", "plain")
    assert both.code == 0 and p.name in both.out


@pytest.mark.parametrize("pid", COVERAGE)
def test_codes(cli: Invoke, shipped: KnowledgeBase, pid: str) -> None:
    p = shipped.procedures[pid]
    r = cli("codes", pid, "-f", "json")
    if p.cpt:
        assert r.code == 0
        assert {row["code"] for row in json.loads(r.out)["codes"]} == {c.code for c in p.cpt}
    else:
        # Nothing found (exit 1), with a message that says no code is listed.
        assert r.code == 1 and "no code" in r.err, r


@pytest.mark.parametrize("pid", COVERAGE)
def test_handouts_md_and_html(
    cli: Invoke, shipped: KnowledgeBase, pid: str, tmp_path: Path
) -> None:
    p = shipped.procedures[pid]
    md = cli("handout", pid, "-f", "md")
    assert md.code == 0 and p.name in md.out
    assert dict(p.warning_signs)["call_clinic"][0] in " ".join(md.out.split())
    html = tmp_path / f"{pid}.html"
    assert cli("handout", pid, "-f", "html", "-o", str(html)).code == 0
    assert p.name in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("pid", COVERAGE)
def test_quiz_on_each_does_not_fail(shipped: KnowledgeBase, pid: str) -> None:
    for seed in range(8):
        quiz = make_quiz(shipped, count=5, seed=seed, topic=pid)
        assert quiz.questions
        for q in quiz.questions:
            assert 0 <= q.answer < len(q.options)
    # The whole-KB quiz draws on them too without failing.
    for seed in range(8):
        assert make_quiz(shipped, count=20, seed=seed).questions


def test_handout_pdf_of_the_coverage_procedures(cli: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    r = cli("handout", *COVERAGE, "-f", "pdf", "-o", f"{out}/")
    assert r.code == 0, r
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(f"{pid}.pdf" for pid in COVERAGE)
    assert all((out / name).read_bytes().startswith(b"%PDF-") for name in written)


def test_every_procedure_has_a_bleeding_risk_record(shipped: KnowledgeBase) -> None:
    """Issue 14 item 5: an ASRA class where the table the KB cites gives one, an explicit
    not-classified record where it does not; never silence."""
    missing = [pid for pid, p in shipped.procedures.items() if not p.bleeding_risk]
    assert not missing, missing


def test_not_classified_is_said_as_such(cli: Invoke, shipped: KnowledgeBase) -> None:
    unnamed = [p for p in shipped.procedures.values() if p.bleeding_risk]
    unnamed = [p for p in unnamed if any(b.level == NOT_CLASSIFIED for b in p.bleeding_risk)]
    assert len(unnamed) >= 5
    for p in unnamed:
        page = json.loads(cli("explain", p.id, "-f", "json").out)
        classes = [b["class"] for b in page["anticoagulation"]["bleeding_risk"]]
        assert NOT_CLASSIFIED in classes
        out = " ".join(cli("explain", p.id, "-f", "plain").out.split())
        assert NOT_CLASSIFIED_LABEL in out, p.id
