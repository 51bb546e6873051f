"""JSON output is a stable interface: keys documented in docs/json.md and pinned here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

SOURCE = {"id", "title", "publisher", "year", "url", "single_practice"}
PROCEDURE_BRIEF = {"id", "name", "aliases", "category", "regions", "summary"}
CONDITION_BRIEF = {"id", "name", "aliases", "regions", "summary"}
PINNED: dict[str, set[str]] = {
    "list": {"filters", "procedures"},
    "explain": PROCEDURE_BRIEF
    | {
        "purpose",
        "steps",
        "imaging",
        "anesthesia",
        "setting",
        "duration",
        "onset",
        "relief_duration",
        "repeat",
        "candidacy",
        "benefits",
        "risks",
        "contraindications",
        "evidence",
        "conditions",
        "pathway",
        "leads_to",
        "guidelines",
        "anticoagulation",
        "cpt",
        "coding_note",
        "phases",
        "warning_signs",
        "sources",
        "reviewed",
        "kb_version",
    },
    "conditions": {"conditions"},
    "treatments": {
        "condition",
        "reviewed",
        "icd10",
        "coding_note",
        "symptoms",
        "conservative_care",
        "referral",
        "procedures",
        "candidacy",
        "guidelines",
        "general_candidacy",
        "sources",
    },
    "codes": {"query", "system", "matched_by", "codes", "coding_note", "sources", "check"},
    "match": {
        "query",
        "urgent",
        "red_flags",
        "known",
        "conditions",
        "procedures",
        "referrals",
        "read",
    },
    "recovery": {
        "procedure",
        "phases",
        "warning_signs",
        "sources",
        "kb_version",
        "kb_reviewed",
        "disclaimer",
    },
    "search": {"query", "terms", "total", "hits"},
    "compare": {"attributes", "procedures"},
    "quiz": {"seed", "count", "topic", "questions"},
}
SEARCH_HIT = {"rank", "kind", "id", "name", "score", "matches", "points_to", "action"}
COMPARED_ATTRIBUTES = [
    "category",
    "regions",
    "purpose",
    "conditions",
    "imaging",
    "anesthesia",
    "duration",
    "onset",
    "relief_duration",
    "repeat",
    "risks",
    "recovery",
]
COMPARED = {"id", "name", *COMPARED_ATTRIBUTES}
QUESTION = {
    "number",
    "kind",
    "prompt",
    "options",
    "answer",
    "answer_index",
    "explanation",
    "subject",
}
ARGS = {
    "list": ["list"],
    "explain": ["explain", "esi"],
    "conditions": ["conditions"],
    "treatments": ["treatments", "sciatica"],
    "recovery": ["recovery", "esi"],
    "search": ["search", "leg pain"],
    "compare": ["compare", "esi", "rfa"],
    "quiz": ["quiz", "--seed", "1", "--topic", "kyphoplasty"],
    "codes": ["codes", "epidural steroid injection"],
    "match": ["match", "sciatica down my left leg"],
}
GUIDELINE = {"body", "ref", "year", "position", "verbatim", "scope", "source"}
STEP = {"id", "name", "note", "source"}
CPT = {"code", "description", "source"}


def run(cli: Invoke, command: str) -> Any:
    r = cli(*ARGS[command], "--format", "json")
    assert r.code == 0, r
    return json.loads(r.out)


@pytest.mark.parametrize("command", sorted(PINNED))
def test_top_level_keys(cli: Invoke, command: str) -> None:
    assert set(run(cli, command)) == PINNED[command]


def test_nested_keys(cli: Invoke) -> None:
    assert set(run(cli, "list")["procedures"][0]) == PROCEDURE_BRIEF
    assert set(run(cli, "conditions")["conditions"][0]) == CONDITION_BRIEF
    page = run(cli, "explain")
    assert set(page["conditions"][0]) == {"id", "name", "role"}
    assert set(page["phases"][0]) == {"phase", "items"}
    assert set(page["warning_signs"][0]) == {"tier", "items"}
    assert set(page["sources"][0]) == SOURCE
    assert set(page["guidelines"][0]) == GUIDELINE
    assert set(page["cpt"][0]) == CPT
    assert set(page["anticoagulation"]) == {"bleeding_risk", "advice", "general", "note"}
    assert set(page["anticoagulation"]["bleeding_risk"][0]) == {"class", "scope", "source"}
    assert set(page["anticoagulation"]["general"][0]) == {"text", "source"}
    plan = run(cli, "treatments")
    assert set(plan["condition"]) == CONDITION_BRIEF
    assert set(plan["procedures"][0]) == {"order", "id", "name", "role", "cpt", "pathway"}
    assert set(plan["symptoms"][0]) == {"id", "name", "weight"}
    assert set(plan["icd10"][0]) == {"code", "description", "excludes1"}
    assert set(plan["guidelines"][0]) == GUIDELINE
    assert set(run(cli, "recovery")["procedure"]) == {"id", "name"}
    codes = run(cli, "codes")
    assert set(codes["codes"][0]) == {
        "system",
        "code",
        "description",
        "entry",
        "source",
        "excludes1",
    }
    assert set(codes["codes"][0]["entry"]) == {"kind", "id", "name"}


def test_pathway_keys(cli: Invoke) -> None:
    rfa = json.loads(cli("explain", "rfa", "-f", "json").out)
    assert set(rfa["pathway"][0]) == STEP
    mbb = json.loads(cli("explain", "mbb", "-f", "json").out)
    assert set(mbb["leads_to"][0]) == STEP
    plan = json.loads(cli("treatments", "facet-joint-arthritis", "-f", "json").out)
    assert any(set(s) == STEP for p in plan["procedures"] for s in p["pathway"])


def test_codes_check_keys(cli: Invoke) -> None:
    r = cli("codes", "M54.51", "--check", "-f", "json")
    assert r.code == 0, (r, r.exc)
    check = json.loads(r.out)["check"]
    assert set(check) == {"code_set", "ok", "checked", "not_checked", "problems"}


def test_same_output_every_run(cli: Invoke) -> None:
    assert run(cli, "explain") == run(cli, "explain")


def test_phase_and_tier_values(cli: Invoke) -> None:
    page = run(cli, "recovery")
    phases = {"before", "day_of", "first_48_hours", "first_weeks", "follow_up"}
    assert {p["phase"] for p in page["phases"]} <= phases
    assert {t["tier"] for t in page["warning_signs"]} <= {"emergency", "call_clinic", "mention"}


def test_study_tools_nested_keys(cli: Invoke) -> None:
    hits = run(cli, "search")["hits"]
    assert {h["kind"] for h in hits} >= {"symptom", "condition"}
    for hit in hits:
        assert set(hit) == SEARCH_HIT
        assert all(set(m) == {"field", "snippet"} for m in hit["matches"])
        assert all(set(c) == {"id", "name"} for c in hit["points_to"])
    compared = run(cli, "compare")
    assert compared["attributes"] == COMPARED_ATTRIBUTES
    for proc in compared["procedures"]:
        assert set(proc) == COMPARED
        assert all(set(c) == {"id", "name", "role"} for c in proc["conditions"])
        assert all(set(p) == {"phase", "items"} for p in proc["recovery"])
    quiz = run(cli, "quiz")
    assert set(quiz["topic"]) == {"kind", "id", "name"}
    for question in quiz["questions"]:
        assert set(question) == QUESTION
        assert set(question["subject"]) == {"kind", "id"}
        assert question["answer"] in "ABCD"


JSON_DOC = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(PINNED))
def test_json_doc_names_every_key(command: str) -> None:
    """docs/json.md's table names every top-level key a command prints."""
    row = next(line for line in JSON_DOC.splitlines() if line.startswith(f"| `{command}` |"))
    missing = [key for key in PINNED[command] if not re.search(rf"\b{key}\b", row)]
    assert not missing, f"docs/json.md's JSON row for {command} lacks {missing}"


MATCH_RULE = {"rule", "source", "findings"}
MATCH_HIT = {"id", "name", "text", "via"}
MATCH_READ = {"age", "sex", "values", "negated", "other_person"}


def test_match_red_flag_rules_known_and_read_keys(cli: Invoke) -> None:
    """Each red flag says which rule fired on which findings; `read` says what was read."""
    text = "history of cancer, my mother had myeloma, no fever, low back pain every night"
    r = cli("match", text, "-f", "json")
    data = json.loads(r.out)
    flag = data["red_flags"][0]
    assert flag["id"] == "spinal-malignancy"
    assert set(flag["rules"][0]) == MATCH_RULE
    assert all(set(h) == MATCH_HIT for rule in flag["rules"] for h in rule["findings"])
    fired = {h["id"] for h in flag["rules"][0]["findings"]}
    assert fired == {"cancer-history", "back-or-neck-pain", "night-pain"}
    assert set(data["read"]) == MATCH_READ
    assert [f["id"] for f in data["read"]["negated"]] == ["fever"]
    assert all(set(f) == {"id", "name"} for f in data["read"]["negated"])
    known = json.loads(
        cli("match", "known spinal mets under oncology, back pain, pain pump?", "-f", "json").out
    )
    assert not known["urgent"] and known["known"][0]["id"] == "spinal-malignancy"
    assert set(known["known"][0]) == {"id", "name", "urgent_if", "findings"}
