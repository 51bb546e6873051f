"""JSON output is a stable interface: keys documented in the README and pinned here."""

from __future__ import annotations

import json
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
        "phases",
        "warning_signs",
        "sources",
        "reviewed",
        "kb_version",
    },
    "conditions": {"conditions"},
    "treatments": {
        "condition",
        "symptoms",
        "conservative_care",
        "procedures",
        "candidacy",
        "general_candidacy",
        "sources",
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
}


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
    plan = run(cli, "treatments")
    assert set(plan["condition"]) == CONDITION_BRIEF
    assert set(plan["procedures"][0]) == {"order", "id", "name", "role"}
    assert set(plan["symptoms"][0]) == {"id", "name", "weight"}
    assert set(run(cli, "recovery")["procedure"]) == {"id", "name"}


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
