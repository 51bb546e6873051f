"""The vignettes (tests/data/vignettes.toml) against the issue's targets.

Red flags are checked one vignette at a time (recall 100%, no false red flag); off-topic text
must rank nothing; condition ranking is held to top-3 accuracy of at least 95% over the set.
"""

from __future__ import annotations

import pytest

from benchmarks.match_accuracy import SETS, Vignette, by_kind, load_vignettes, run, summarise
from spinecli.model import KnowledgeBase

VIGNETTES = load_vignettes()
TOP3_TARGET = 0.95


def test_the_set_is_large_and_varied() -> None:
    assert len(VIGNETTES) >= 60
    assert len({v.id for v in VIGNETTES}) == len(VIGNETTES)
    assert sum(v.off_topic for v in VIGNETTES) >= 5
    assert sum(bool(v.red_flags) for v in VIGNETTES) >= 15


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_red_flags_exactly(shipped: KnowledgeBase, vignette: Vignette) -> None:
    outcome = run(shipped, vignette)
    assert outcome.missed_flags == (), f"missed red flag in {vignette.text!r}"
    assert outcome.false_flags == (), f"false red flag in {vignette.text!r}"


@pytest.mark.parametrize(
    "vignette", [v for v in VIGNETTES if v.off_topic], ids=[v.id for v in VIGNETTES if v.off_topic]
)
def test_off_topic_ranks_nothing(shipped: KnowledgeBase, vignette: Vignette) -> None:
    outcome = run(shipped, vignette)
    assert not outcome.recognised, f"ranked {outcome.ranked[:3]} for {vignette.text!r}"


def test_top3_accuracy_meets_the_target(shipped: KnowledgeBase) -> None:
    outcomes = [run(shipped, v) for v in VIGNETTES]
    summary = summarise(outcomes)
    misses = [o.vignette.id for o in outcomes if o.vignette.conditions and not o.top3]
    assert summary.top3 >= TOP3_TARGET, f"top-3 {summary.top3:.1%}; missed {misses}"
    assert all(o.absent_ok for o in outcomes)


# The blind tune fold (tests/data/blind/tune.toml, written by someone who never saw the matcher):
# the figures reached on it, held as floors so nothing slips back; raise them as they rise. The
# holdout fold is never read here (benchmarks/match_accuracy.py holdout, summary mode only).
TUNE = load_vignettes(SETS["tune"])
TUNE_FLOORS = {"top3": 0.9, "flag_recall": 1.0, "procedures_hit": 0.9, "off_topic_quiet": 1.0}
TUNE_MAX_FALSE_FLAGS = 0


def test_the_blind_tune_fold_holds_what_it_reached(shipped: KnowledgeBase) -> None:
    assert len(TUNE) >= 200 and len({v.kind for v in TUNE}) >= 8
    summary = summarise([run(shipped, v) for v in TUNE])
    reached = {name: getattr(summary, name) for name in TUNE_FLOORS}
    assert all(reached[n] >= floor for n, floor in TUNE_FLOORS.items()), reached
    assert summary.false_flags <= TUNE_MAX_FALSE_FLAGS


# The second blind tune fold (tests/data/blind/tune2.toml, another writer who never saw the
# matcher): its figures held where they reached.
TUNE2 = load_vignettes(SETS["tune2"])
TUNE2_FLOORS = {"top3": 0.98, "flag_recall": 0.95, "procedures_hit": 0.9, "off_topic_quiet": 1.0}
TUNE2_MAX_FALSE_FLAGS = 0


def test_the_second_tune_fold_holds_what_it_reached(shipped: KnowledgeBase) -> None:
    assert len(TUNE2) >= 200
    summary = summarise([run(shipped, v) for v in TUNE2])
    reached = {name: getattr(summary, name) for name in TUNE2_FLOORS}
    assert all(reached[n] >= floor for n, floor in TUNE2_FLOORS.items()), reached
    assert summary.false_flags <= TUNE2_MAX_FALSE_FLAGS


# The third blind tune fold (tests/data/blind/tune3.toml, written 2026-12-02 to find false red
# flags): every real flag raised; the false ones it still raises (4 on 80 texts with none) are the
# known gap, held so they cannot grow.
TUNE3 = load_vignettes(SETS["tune3"])
# claud, 2026-12-02: claudication in both legs is no cauda equina, a shoulder's night pain no
# spinal night pain
TUNE3_MAX_FALSE_FLAGS = 2
TUNE3_FLOORS = {"top3": 0.965, "procedures_hit": 0.936}  # what it reached (rank5, 2026-12-02)


def test_the_third_tune_fold_raises_every_flag(shipped: KnowledgeBase) -> None:
    assert len(TUNE3) >= 90
    summary = summarise([run(shipped, v) for v in TUNE3])
    assert summary.flag_recall == 1.0
    assert summary.false_flags <= TUNE3_MAX_FALSE_FLAGS
    reached = {name: getattr(summary, name) for name in TUNE3_FLOORS}
    assert all(reached[n] >= floor for n, floor in TUNE3_FLOORS.items()), reached


# The fourth blind tune folds (tests/data/blind/tune4a.toml and tune4b.toml, two more writers who
# never saw the matcher, 2026-12-02). Floors are what the matcher reached when they arrived (the
# generalisation gap, to be closed), raised as fixes land, so no figure can fall back.
TUNE4_FLOORS = {
    "tune4a": {"top3": 0.97, "flag_recall": 1.0, "procedures_hit": 0.92, "off_topic_quiet": 0.77},
    # A fracture flag withholds procedures by contract, so each fracture flag caught costs a
    # vertebroplasty "hit": procedures_hit falls as flag_recall rises.
    "tune4b": {"top3": 0.99, "flag_recall": 1.0, "procedures_hit": 0.779},
}
TUNE4_MAX_FALSE_FLAGS = {"tune4a": 1, "tune4b": 1}  # tune4b: sweats at night are no night pain


# The fifth blind tune fold (tests/data/blind/tune5.toml, 150 texts of every kind, written after
# the day's first fixes by a writer who never saw the matcher): its first figures showed how
# those fixes generalised (top-3 89.3%, recall 97.8%, 8 false flags); held so none falls back.
TUNE5_FLOORS = {"top3": 0.925, "flag_recall": 1.0, "procedures_hit": 0.89, "off_topic_quiet": 0.82}
TUNE5_MAX_FALSE_FLAGS = 6


def test_the_fifth_tune_fold_holds_what_it_reached(shipped: KnowledgeBase) -> None:
    vignettes = load_vignettes(SETS["tune5"])
    assert len(vignettes) >= 150
    summary = summarise([run(shipped, v) for v in vignettes])
    reached = {name: getattr(summary, name) for name in TUNE5_FLOORS}
    assert all(reached[n] >= floor for n, floor in TUNE5_FLOORS.items()), reached
    assert summary.false_flags <= TUNE5_MAX_FALSE_FLAGS


@pytest.mark.parametrize("fold", sorted(TUNE4_FLOORS))
def test_the_fourth_tune_folds_hold_what_they_reached(shipped: KnowledgeBase, fold: str) -> None:
    vignettes = load_vignettes(SETS[fold])
    assert len(vignettes) >= 130
    summary = summarise([run(shipped, v) for v in vignettes])
    reached = {name: getattr(summary, name) for name in TUNE4_FLOORS[fold]}
    assert all(reached[n] >= floor for n, floor in TUNE4_FLOORS[fold].items()), reached
    assert summary.false_flags <= TUNE4_MAX_FALSE_FLAGS[fold]


def test_no_kind_of_wording_falls_silent(shipped: KnowledgeBase) -> None:
    # Every kind of wording in the tune fold gets some condition right (a kind at 0% means its
    # words are not read at all); off-topic text is the one kind that must rank nothing.
    outcomes = [run(shipped, v) for v in TUNE]
    for kind, s in by_kind(outcomes):
        if kind == "off-topic":
            assert s.off_topic_quiet == 1.0
        elif s.ranked_cases and kind != "mimic":  # mimics need conditions still to come
            assert s.top3 > 0.4, (kind, s.top3)
