"""Clinical depth: validation of codes, guideline positions, pathways and bleeding risk, and how
`explain` and `treatments` show them (with the notes every code and blood-thinner page carries)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spinecli.errors import KBError, Problem
from spinecli.kb import load_kb, load_layers, shipped_kb_path
from spinecli.model import KnowledgeBase
from spinecli.queries import ANTICOAGULATION_NOTE, CODING_NOTE
from spinecli.render.pages import NO_SOURCED_CODE, bleeding_label
from tests.conftest import MINI, Invoke, write


def problems(tmp_path: Path, text: str) -> list[Problem]:
    with pytest.raises(KBError) as info:
        load_layers([MINI, write(tmp_path, text)])
    return info.value.problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[procedures.alpha-block]\ncpt = [{ code = "6232", description = "x",'
            ' source = "src-a" }]',
            "'6232' is not a valid code (five characters",
        ),
        (
            '[conditions.gamma-pain]\nicd10 = [{ code = "m5116", description = "x" }]',
            "'m5116' is not a valid code (like M51.16)",
        ),
        (
            '[procedures.alpha-block]\ncpt = [{ code = "62323", descripton = "x",'
            ' source = "src-a" }]',
            "did you mean 'description'",
        ),
        (
            '[procedures.alpha-block]\ncpt = [{ code = "62323", source = "src-a" }]',
            "item 1 needs 'description'",
        ),
        (
            '[procedures.alpha-block]\ncpt = [{ code = "62323", description = "x",'
            ' source = "nope" }]',
            "unknown source id 'nope'",
        ),
        (
            '[conditions.gamma-pain]\nicd10 = [{ code = "M54.2", description = "a" },'
            ' { code = "M54.2", description = "b" }]',
            "item 2 repeats code 'M54.2' (item 1)",
        ),
        (
            '[procedures.beta-ablation]\nrequires = [{ id = "alpha-blok", source = "src-a" }]',
            "unknown procedure id 'alpha-blok' (did you mean 'alpha-block'?)",
        ),
        (
            '[procedures.beta-ablation]\nrequires = [{ id = "alpha-block", step = "MRI",'
            ' source = "src-a" }]',
            "item 1 needs exactly one of 'id' or 'step'",
        ),
        (
            '[procedures.alpha-block]\nbleeding_risk = [{ class = "medium", scope = "all",'
            ' source = "src-a" }]',
            "'medium' is not one of: low, intermediate, high",
        ),
        (
            '[procedures.alpha-block]\nguidelines = [{ body = "NICE", ref = "NG59", year = "2016",'
            ' position = "p", scope = "s", source = "src-a" }]',
            "should be a whole number",
        ),
        (
            '[procedures.alpha-block]\ncpt = "62323"',
            "should be a list of inline tables",
        ),
        (
            '[kb]\nanticoagulation = [{ text = "Ask.", source = "nowhere" }]',
            "unknown source id 'nowhere'",
        ),
    ],
)
def test_record_problems(tmp_path: Path, text: str, message: str) -> None:
    found = problems(tmp_path, text + "\n")
    p = next((p for p in found if message in p.message), None)
    assert p is not None, found
    assert p.line >= 1 and p.file.endswith("layer.toml")


def test_pathway_cycle_is_refused(tmp_path: Path) -> None:
    text = """[procedures.alpha-block]
requires = [{ id = "beta-ablation", source = "src-a" }]
[procedures.beta-ablation]
requires = [{ id = "alpha-block", source = "src-a" }]
"""
    found = problems(tmp_path, text)
    assert {p.path for p in found} == {
        "procedures.alpha-block.requires",
        "procedures.beta-ablation.requires",
    }
    assert all("requires itself through its prerequisites" in p.message for p in found)


def test_valid_records_load_and_render(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    layer = write(
        tmp_path,
        """[procedures.beta-ablation]
requires = [
  { step = "MRI", note = "shows the level", source = "src-b" },
  { id = "alpha-block", note = "half the pain gone", source = "src-a" },
]
cpt = [{ code = "64635", description = "Our words", source = "src-b" }]
bleeding_risk = [{ class = "low", scope = "Lumbar", source = "src-a" }]
guidelines = [{ body = "NICE", ref = "NG0", year = 2020, verbatim = true, position = "Do it.",
  scope = "Adults", source = "src-a" }]
[conditions.gamma-pain]
icd10 = [{ code = "M54.50", description = "Low back pain, unspecified" }]
""",
    )
    page = json.loads(cli("--kb", str(layer), "explain", "ba", "-f", "json").out)
    assert [s["name"] for s in page["pathway"]] == ["MRI", "Alpha block"]
    assert page["pathway"][1]["id"] == "alpha-block" and page["pathway"][0]["id"] == ""
    assert page["cpt"] == [{"code": "64635", "description": "Our words", "source": "src-b"}]
    assert page["guidelines"][0]["verbatim"] is True
    text = cli("--kb", str(layer), "explain", "ba", "-f", "plain").out
    assert '"Do it." (exact wording)' in text
    assert "1. MRI: shows the level [" in text and "3. Beta ablation (this procedure)" in text
    block = cli("--kb", str(layer), "explain", "ab", "-f", "plain").out
    assert "Leads on to:" in block and "Beta ablation: half the pain gone [" in block
    plan = cli("--kb", str(layer), "treatments", "gamma", "-f", "plain").out
    assert "M54.50  Low back pain, unspecified" in plan
    assert "then Beta ablation" in plan


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb([], env="")


def test_pathways_follow_the_notes(kb: KnowledgeBase) -> None:
    def before(pid: str) -> list[str]:
        return [r.procedure or r.step for r in kb.pathway(pid)]

    assert before("radiofrequency-ablation") == ["medial-branch-block"]
    assert before("spinal-cord-stimulation")[-1] == "spinal-cord-stimulator-trial"
    assert "Psychological assessment" in before("spinal-cord-stimulation")
    assert before("genicular-nerve-ablation") == ["nerve-block"]
    for pid in ("vertebroplasty", "kyphoplasty"):
        steps = " ".join(before(pid))
        assert "imaging" in steps and "MRI" in steps
    assert before("intrathecal-pump") == ["A screening trial"]
    assert [p.id for p, _ in kb.leads_to("medial-branch-block")] == ["radiofrequency-ablation"]


def guideline(kb: KnowledgeBase, pid: str, ref: str) -> list[tuple[str, str, str, bool]]:
    return [
        (g.position, g.scope, g.source, g.verbatim)
        for g in kb.procedures[pid].guidelines
        if g.ref.startswith(ref)
    ]


def test_guideline_positions_have_their_exact_scope(kb: KnowledgeBase) -> None:
    esi = guideline(kb, "epidural-steroid-injection", "NG59")
    # cn18's own terms (the notes mark NICE's verbatim epidural wording unsourced): not a quote
    assert any(
        "acute, severe lumbar radiculopathy" in s.lower() and src == "cn18" and not verbatim
        for _, s, src, verbatim in esi
    )
    claudication = [g for g in esi if "neurogenic claudication" in g[0]]
    assert claudication and claudication[0][2:] == ("cn6", True)
    assert "central spinal canal stenosis" in claudication[0][1]
    rfd = guideline(kb, "radiofrequency-ablation", "NG59")
    assert any("positive diagnostic medial branch block" in p for p, *_ in rfd)
    assert all(not verbatim for *_, verbatim in rfd), "NG59's own text was not available"
    assert guideline(kb, "spinal-cord-stimulation", "TA159")[0][2:] == ("cn100", True)
    for pid in ("vertebroplasty", "kyphoplasty"):
        assert guideline(kb, pid, "TA279")[0][2:] == ("cn101", True)
    assert guideline(kb, "radiofrequency-ablation", "QS155")[0][2:] == ("cn97", True)


# The notes mark these wordings "unsourced": they must never appear as if quoted from NICE.
UNSOURCED_WORDINGS = [
    "Consider epidural injections of local anaesthetic and steroid in people with acute and "
    "severe sciatica",
    "Do not offer spinal injections for managing low back pain",
]


@pytest.mark.parametrize("wording", UNSOURCED_WORDINGS)
def test_unsourced_wordings_are_not_quoted(wording: str) -> None:
    text = " ".join(shipped_kb_path().read_text(encoding="utf-8").split())
    assert wording.lower() not in text.lower()


def test_trial_disagreements_are_stated(kb: KnowledgeBase) -> None:
    rfa = " ".join(kb.procedures["radiofrequency-ablation"].evidence)
    assert "MINT" in rfa and "no clinically important improvement" in rfa
    knee = " ".join(kb.procedures["genicular-nerve-ablation"].evidence)
    assert "no better than a sham" in knee
    # Vertebral augmentation: the sham-controlled trials and Cochrane beside the positive trial.
    for pid in ("vertebroplasty", "kyphoplasty"):
        vp = " ".join(kb.procedures[pid].evidence)
        for trial in ("Buchbinder", "INVEST", "VAPOUR", "VERTOS IV", "Cochrane"):
            assert trial in vp, (pid, trial)
        risks = " ".join(kb.procedures[pid].risks)
        assert "Cement leakage" in risks and "New fractures at other levels" in risks, pid
    disc = " ".join(kb.procedures["discography"].risks)
    assert "Accelerated disc degeneration" in disc


def test_implant_safety_items_are_stated(kb: KnowledgeBase) -> None:
    """Issue 14, notes A1-A3: diathermy, MRI labelling, ID card, baclofen withdrawal, trial care."""
    scs = kb.procedures["spinal-cord-stimulation"]
    assert any("Diathermy" in c for c in scs.contraindications)
    assert any("MR Conditional" in c for c in scs.contraindications)
    follow = dict(scs.recovery)["follow_up"]
    assert any("ID card" in f for f in follow) and any("diathermy" in f for f in follow)
    pump = kb.procedures["intrathecal-pump"]
    assert any("boxed warning" in r and "baclofen" in r for r in pump.risks)
    assert any("24 hours" in s for s in pump.steps)  # opioid-trial monitoring
    emergency = dict(pump.warning_signs)["emergency"]
    assert any("baclofen" in e and "emergency" in e for e in emergency)
    assert any("alarm" in f for f in dict(pump.recovery)["follow_up"])
    trial = kb.procedures["spinal-cord-stimulator-trial"]
    weeks = " ".join(dict(trial.recovery)["first_weeks"])
    assert "sponge bath" in weeks and "twist" in weeks and "5 pounds" in weeks
    assert any("Leads often move" in r for r in trial.risks)


def test_every_explain_page_shows_bleeding_risk_codes_and_cited_sources(
    cli: Invoke, kb: KnowledgeBase
) -> None:
    for pid, proc in kb.procedures.items():
        page = json.loads(cli("explain", pid, "-f", "json").out)
        listed = {s["id"] for s in page["sources"]}
        cited = {c["source"] for c in page["cpt"]} | {g["source"] for g in page["guidelines"]}
        cited |= {s["source"] for s in page["pathway"]}
        cited |= {b["source"] for b in page["anticoagulation"]["bleeding_risk"]}
        assert cited <= listed, (pid, cited - listed)
        out = " ".join(cli("explain", pid, "-f", "plain").out.split())
        assert ANTICOAGULATION_NOTE in out, pid
        assert "Bleeding risk and blood thinners" in out
        if proc.bleeding_risk:
            assert bleeding_label(proc.bleeding_risk[0].level) in out
        else:
            assert "Bleeding-risk class: not stated in the KB's sources" in out
        if proc.cpt:
            assert CODING_NOTE in out and proc.cpt[0].code in out, pid
        else:
            assert "Procedure code: not stated in the KB's sources" in out, pid
        assert f"Reviewed: {proc.reviewed}" in out


def test_treatments_show_codes_review_date_and_pathways(cli: Invoke, kb: KnowledgeBase) -> None:
    for cid, cond in kb.conditions.items():
        out = " ".join(cli("treatments", cid, "-f", "plain").out.split())
        assert f"Reviewed: {cond.reviewed}" in out
        if cond.icd10:
            assert CODING_NOTE in out and cond.icd10[0].code in out
        else:  # said, not left blank
            assert NO_SOURCED_CODE in out
    chronic = cli("treatments", "chronic-low-back-pain", "-f", "plain").out
    assert "Care pathways" in chronic and "then Spinal cord stimulation" in chronic


def test_sources_show_title_publisher_year_and_url(cli: Invoke) -> None:
    out = " ".join(cli("explain", "mbb", "-f", "plain").out.split())
    assert re.search(r"Cohen et al\., Anesthesiology, 2010\. https://pubs\.asahq\.org/", out)
    page = json.loads(cli("explain", "genicular nerve ablation", "-f", "json").out)
    bja = next(s for s in page["sources"] if s["id"] == "cn33")
    assert (bja["publisher"], bja["year"]) == ("BJA Education", 2024)


def test_a_layer_can_append_a_local_code(mini: Path, tmp_path: Path) -> None:
    first = write(
        tmp_path,
        '[procedures.alpha-block]\ncpt = [{ code = "64520", description = "A",'
        ' source = "src-a" }]\n',
        "first.toml",
    )
    local = write(
        tmp_path,
        '[procedures.alpha-block]\ncpt = { append = [{ code = "64510", description = "B",'
        ' source = "src-b" }] }\n',
        "local.toml",
    )
    kb = load_kb([str(first), str(local)], env="")
    assert [c.code for c in kb.procedures["alpha-block"].cpt] == ["64520", "64510"]
    bad = write(tmp_path, '[procedures.alpha-block]\ncpt = { append = [{ code = "x" }] }\n')
    with pytest.raises(KBError) as info:
        load_layers([MINI, bad])
    assert any("'x' is not a valid code" in p.message for p in info.value.problems)


def test_warning_sign_tiers_follow_guidance(kb: KnowledgeBase) -> None:
    """Issue 14: fever after a procedure is a same-day review, the emergency department only with
    a stiff neck or new nerve signs; bladder or bowel trouble is urgent when new or worsening."""
    for pid, proc in kb.procedures.items():
        tiers = dict(proc.warning_signs)
        emergency, call = tiers.get("emergency", ()), tiers.get("call_clinic", ())
        for item in emergency:
            if item.lower().startswith("fever"):
                assert "stiff neck" in item or "weakness" in item, (pid, item)
            if "bladder or bowel" in item:
                assert "new" in item.lower() or "worse" in item.lower(), (pid, item)
        for item in call:
            if item.startswith("Fever"):
                assert "same day" in item, (pid, item)
        if any("ever" in item for item in (*emergency, *call)):
            assert any(i.startswith("Fever with a stiff neck") for i in emergency), pid
