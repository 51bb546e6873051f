"""Values and demographics read from free text (spinecli.values; rules in its docstring)."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecli.values import KINDS, Reading, read_values

Row = tuple[str, float, str, str]  # kind, amount, unit, text read


def _read(text: str) -> list[Row]:
    return [(r.kind, r.amount, r.unit, r.text) for r in read_values(text)]


def _f(fahrenheit: float) -> float:
    return round((fahrenheit - 32) * 5 / 9, 4)


F, M = ("sex", 0.0, "female"), ("sex", 0.0, "male")

CASES: list[tuple[str, list[Row]]] = [
    # age and sex
    ("82F", [("age", 82.0, "years", "82"), (*F, "F")]),
    ("67M", [("age", 67.0, "years", "67"), (*M, "M")]),
    ("82 F", [("age", 82.0, "years", "82"), (*F, "F")]),
    ("82f with back pain", [("age", 82.0, "years", "82"), (*F, "f")]),
    ("67yo M", [("age", 67.0, "years", "67yo"), (*M, "M")]),
    ("67 y/o male", [("age", 67.0, "years", "67 y/o"), (*M, "male")]),
    ("a 45-year-old woman", [("age", 45.0, "years", "45-year-old"), (*F, "woman")]),
    ("forty-five-year-old man", [("age", 45.0, "years", "forty-five-year-old"), (*M, "man")]),
    ("45 year old", [("age", 45.0, "years", "45 year old")]),
    ("82 years of age", [("age", 82.0, "years", "82 years of age")]),
    ("45 yrs F", [("age", 45.0, "years", "45 yrs"), (*F, "F")]),
    ("aged 70", [("age", 70.0, "years", "aged 70")]),
    ("Age: 70", [("age", 70.0, "years", "Age: 70")]),
    ("age 70", [("age", 70.0, "years", "age 70")]),
    ("I'm 45", [("age", 45.0, "years", "I'm 45")]),
    ("I am 45 years old", [("age", 45.0, "years", "I am 45 years old")]),
    ("in my seventies", [("age", 70.0, "years", "in my seventies")]),
    ("in my 70s", [("age", 70.0, "years", "in my 70s")]),
    ("in her late 80s", [("age", 87.0, "years", "in her late 80s")]),
    ("mid-60s", [("age", 64.0, "years", "mid-60s")]),
    ("in my teens", [("age", 13.0, "years", "in my teens")]),
    ("a lady", [(*F, "lady")]),
    ("sex: F", [(*F, "sex: F")]),
    ("gentleman", [(*M, "gentleman")]),
    ("a girl and a boy", [(*F, "girl"), (*M, "boy")]),
    # no sex guessed from pronouns, titles, relations or plurals
    ("Mrs Jones says she has pain", []),
    ("he says his wife and husband", []),
    ("women and men", []),
    ("walking like an old man", []),
    ("I feel like a new woman", []),
    ("female", [(*F, "female")]),
    # an age at some event is read (as a lower bound: see test_an_age_at_an_event_is_a_lower_bound);
    # units after "I'm" are not the present age
    ("at age 30 I fell", [("age", 30.0, "years", "at age 30")]),
    ("at the age of 30", [("age", 30.0, "years", "at the age of 30")]),
    ("I'm 6 weeks pregnant", [("duration", 42.0, "days", "6 weeks")]),
    ("I'm 5 foot 2", []),
    ("the 70s were fun", []),
    # temperature
    ("T 38.6", [("temperature", 38.6, "C", "T 38.6")]),
    ("T: 38.6", [("temperature", 38.6, "C", "T: 38.6")]),
    ("T38.6", [("temperature", 38.6, "C", "T38.6")]),
    ("temp 38.6", [("temperature", 38.6, "C", "temp 38.6")]),
    ("temperature of 39", [("temperature", 39.0, "C", "temperature of 39")]),
    ("39C", [("temperature", 39.0, "C", "39C")]),
    ("39 °C", [("temperature", 39.0, "C", "39 °C")]),
    ("39.2 degrees", [("temperature", 39.2, "C", "39.2 degrees")]),
    ("101.3 °F", [("temperature", _f(101.3), "C", "101.3 °F")]),
    ("101.3F", [("temperature", _f(101.3), "C", "101.3F")]),
    ("pyrexial 38.9", [("temperature", 38.9, "C", "pyrexial 38.9")]),
    ("febrile to 39.4", [("temperature", 39.4, "C", "febrile to 39.4")]),
    ("fever of 102", [("temperature", _f(102), "C", "fever of 102")]),
    ("temp 101F", [("temperature", _f(101), "C", "temp 101F")]),
    ("spiked a temp of 39", [("temperature", 39.0, "C", "spiked a temp of 39")]),
    ("102 degrees fahrenheit", [("temperature", _f(102), "C", "102 degrees fahrenheit")]),
    # what a thermometer or a temperature is said to read
    ("the thermometer said 38.7", [("temperature", 38.7, "C", "thermometer said 38.7")]),
    ("thermometer showed 100.9", [("temperature", _f(100.9), "C", "thermometer showed 100.9")]),
    ("temp reads 38.2", [("temperature", 38.2, "C", "temp reads 38.2")]),
    # "NF": age unless a decimal, a temperature word near, or an age stated elsewhere
    ("101F", [("age", 101.0, "years", "101"), (*F, "F")]),
    ("101F, nursing home resident", [("age", 101.0, "years", "101"), (*F, "F")]),
    ("101F and rigors", [("temperature", _f(101), "C", "101F")]),
    ("chills, 101F", [("temperature", _f(101), "C", "101F")]),
    ("aged 70, 101F", [("age", 70.0, "years", "aged 70"), ("temperature", _f(101), "C", "101F")]),
    ("temp 82F", [("age", 82.0, "years", "82"), (*F, "F")]),
    ("flexion to 40 degrees", []),
    ("a fever, 39 degrees", [("temperature", 39.0, "C", "39 degrees")]),
    ("hot and shivery, 102°", [("temperature", _f(102), "C", "102°")]),
    ("T12 fracture", []),
    ("fever for 3 days", [("duration", 3.0, "days", "3 days")]),
    ("temp 45", []),
    # labs
    ("CRP 120", [("crp", 120.0, "mg/L", "CRP 120")]),
    ("CRP of 85 mg/L", [("crp", 85.0, "mg/L", "CRP of 85 mg/L")]),
    ("crp 12", [("crp", 12.0, "mg/L", "crp 12")]),
    ("CRP 8.5 mg/dL", [("crp", 85.0, "mg/L", "CRP 8.5 mg/dL")]),
    ("CRP <5", [("crp", 5.0, "mg/L", "CRP <5")]),
    ("ESR 60", [("esr", 60.0, "mm/h", "ESR 60")]),
    ("ESR 45 mm/hr", [("esr", 45.0, "mm/h", "ESR 45 mm/hr")]),
    ("WBC 18", [("wbc", 18.0, "10^9/L", "WBC 18")]),
    ("WCC 18.2", [("wbc", 18.2, "10^9/L", "WCC 18.2")]),
    ("white count 15", [("wbc", 15.0, "10^9/L", "white count 15")]),
    ("WBC 18,000", [("wbc", 18.0, "10^9/L", "WBC 18,000")]),
    ("WBC 18k", [("wbc", 18.0, "10^9/L", "WBC 18k")]),
    ("WBC 18 x10^9/L", [("wbc", 18.0, "10^9/L", "WBC 18 x10^9/L")]),
    (
        "WBC 18, CRP 120",
        [("wbc", 18.0, "10^9/L", "WBC 18"), ("crp", 120.0, "mg/L", "CRP 120")],
    ),
    # DEXA T-score
    ("T-score -3.1", [("t_score", -3.1, "SD", "T-score -3.1")]),
    ("T score of \u22122.8", [("t_score", -2.8, "SD", "T score of \u22122.8")]),
    ("t-score: -2.5", [("t_score", -2.5, "SD", "t-score: -2.5")]),
    ("DEXA -3.0", [("t_score", -3.0, "SD", "DEXA -3.0")]),
    ("DEXA T-score -2.7", [("t_score", -2.7, "SD", "DEXA T-score -2.7")]),
    ("DEXA 2019", []),
    ("T-score -9", []),
    # weight lost
    ("lost 8 kg", [("weight_loss", 8.0, "kg", "lost 8 kg")]),
    ("lost 8kg", [("weight_loss", 8.0, "kg", "lost 8kg")]),
    ("down 10 lbs", [("weight_loss", 4.5359, "kg", "down 10 lbs")]),
    ("lost 20 pounds", [("weight_loss", 9.0718, "kg", "lost 20 pounds")]),
    ("lost two stone", [("weight_loss", 12.7006, "kg", "lost two stone")]),
    ("lost a stone", [("weight_loss", 6.3503, "kg", "lost a stone")]),
    ("lost half a stone", [("weight_loss", 3.1751, "kg", "lost half a stone")]),
    ("lost a stone and a half", [("weight_loss", 9.5254, "kg", "lost a stone and a half")]),
    ("lost 1 stone 4 lbs", [("weight_loss", 8.1647, "kg", "lost 1 stone 4 lbs")]),
    ("dropped 5 kilos", [("weight_loss", 5.0, "kg", "dropped 5 kilos")]),
    ("weight loss of 6kg", [("weight_loss", 6.0, "kg", "weight loss of 6kg")]),
    ("8 kg weight loss", [("weight_loss", 8.0, "kg", "8 kg weight loss")]),
    ("gained 6 kg", []),
    ("put on two stone", []),
    ("I weigh 80 kg", []),
    # durations
    ("x6 wk", [("duration", 42.0, "days", "x6 wk")]),
    ("x 3 weeks", [("duration", 21.0, "days", "x 3 weeks")]),
    ("x5d", [("duration", 5.0, "days", "x5d")]),
    ("\u00d76 weeks", [("duration", 42.0, "days", "\u00d76 weeks")]),
    ("48h", [("duration", 2.0, "days", "48h")]),
    ("3/52", [("duration", 21.0, "days", "3/52")]),
    ("2/12", [("duration", 60.0, "days", "2/12")]),
    ("5/7", [("duration", 5.0, "days", "5/7")]),
    ("for 6 weeks", [("duration", 42.0, "days", "6 weeks")]),
    ("6-week history", [("duration", 42.0, "days", "6-week")]),
    ("three months", [("duration", 90.0, "days", "three months")]),
    ("for 20 years", [("duration", 7300.0, "days", "20 years")]),
    ("2-3 weeks", [("duration", 14.0, "days", "2-3 weeks")]),
    ("2 to 3 weeks", [("duration", 14.0, "days", "2 to 3 weeks")]),
    ("a couple of weeks", [("duration", 14.0, "days", "a couple of weeks")]),
    ("a few days", [("duration", 3.0, "days", "a few days")]),
    ("for a week", [("duration", 7.0, "days", "a week")]),
    ("a month ago", [("duration", 30.0, "days", "a month")]),
    ("since Tuesday", [("duration", 7.0, "days", "since Tuesday")]),
    ("since last Tuesday", [("duration", 14.0, "days", "since last Tuesday")]),
    ("since yesterday", [("duration", 1.0, "days", "since yesterday")]),
    ("since the weekend", [("duration", 7.0, "days", "since the weekend")]),
    ("since last month", [("duration", 60.0, "days", "since last month")]),
    ("for years", [("duration", 730.0, "days", "for years")]),
    ("for many weeks", [("duration", 14.0, "days", "for many weeks")]),
    ("for the past week", [("duration", 7.0, "days", "for the past week")]),
    ("since childbirth", []),
    ("sciatca for 3 weks now", [("duration", 21.0, "days", "3 weks")]),
    ("2 monts", [("duration", 60.0, "days", "2 monts")]),
    ("the bairn's 8 months old", []),
    ("18/12 interscapular pain", [("duration", 540.0, "days", "18/12")]),
    ("rash 10/7 ago", [("duration", 10.0, "days", "10/7")]),
    ("25/12", []),
    ("since January", []),
    ("once a week", []),
    ("twice a day", []),
    ("3 days a week", []),
    ("every 3 weeks", []),
    ("walk for ten minutes", []),
    # not values
    ("40 mg prednisolone", []),
    ("L4-5 disc", []),
    ("C5/6", []),
    ("BP 120/80", []),
    ("call 07700 900123", []),
    ("ring 0800 1234567", []),
    ("7/10 pain", []),
    ("power 4/5", []),
    ("seen on 12/05/2024", []),
    ("on 3/12", []),
    ("3/12/2024", []),
    ("walk 50m", []),
    ("in 2019", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_reads(text: str, expected: list[Row]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "drop"),
    [
        ("dorsiflexion 4/5, now 2/5", 2.0),
        ("power was 4 now 3", 1.0),
        ("MRC 4/5 last week, 3/5 today", 1.0),
        ("from 4/5 to 2/5", 2.0),
        ("power 4/5 now 4/5", None),
        ("power 3/5, now 4/5", None),
        ("L4/5 disc, now 3/5", None),
        ("4/5 on the left, 3/5 on the right", None),
        ("pain 4/10 now 3/10", None),
    ],
)
def test_a_falling_power_grade_is_read(text: str, drop: float | None) -> None:
    got = [r.amount for r in read_values(text) if r.kind == "power_drop"]
    assert got == ([drop] if drop else [])


def test_an_age_at_an_event_is_a_lower_bound() -> None:
    assert [r.lower_bound for r in read_values("at the age of 30, I'm 45")] == [True, False]


def test_mixed_note_keeps_offsets_and_order() -> None:
    text = "82F, T 38.6, CRP 120, lost a stone over 3/12, back pain since Tuesday"
    got = read_values(text)
    assert [r.kind for r in got] == [
        "age",
        "sex",
        "temperature",
        "crp",
        "weight_loss",
        "duration",
        "duration",
    ]
    assert all(text[r.start : r.end] == r.text for r in got)


def test_kinds_and_units_are_the_contract() -> None:
    text = "67M T 39 CRP 9 ESR 9 WBC 9 T-score -2 lost 2 kg for 2 weeks; power 4/5 now 3/5"
    units = {r.kind: r.unit for r in read_values(text)}
    assert units == {
        "age": "years",
        "sex": "male",
        "temperature": "C",
        "crp": "mg/L",
        "esr": "mm/h",
        "wbc": "10^9/L",
        "t_score": "SD",
        "weight_loss": "kg",
        "duration": "days",
        "power_drop": "grades",
    }
    assert set(units) == set(KINDS)


def test_case_insensitive_lookalikes_do_not_raise() -> None:
    # Under re.I the long s and the Kelvin sign match "s" and "k"; their word is still found.
    text = "\u017fince la\u017ft \u017funday, in my \u017fixtie\u017f, lo\u017ft 2 \u017ftone"
    assert _read(text) == [
        ("duration", 14.0, "days", text[:17]),
        ("age", 60.0, "years", "in my \u017fixtie\u017f"),
        ("weight_loss", 12.7006, "kg", "lo\u017ft 2 \u017ftone"),
    ]
    assert _read("lost 2 \u212ag") == [("weight_loss", 2.0, "kg", "lost 2 \u212ag")]


def _check(text: str) -> tuple[Reading, ...]:
    got = read_values(text)
    assert all(r.kind in KINDS for r in got)
    assert all(text[r.start : r.end] == r.text and r.start < r.end for r in got)
    assert [r.start for r in got] == sorted(r.start for r in got)
    assert all(a.end <= b.start for a, b in itertools.pairwise(got))
    return got


_PIECES = st.sampled_from(
    ["82F", " T 38.6", "CRP 120", "lost 8 kg", "x6 wk", "3/52", "\u2212", "°", "/", "-", " ", ","]
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30).map("".join))
def test_near_miss_text_keeps_offsets(text: str) -> None:
    _check(text)


def _seconds(text: str, runs: int) -> float:
    """CPU seconds, best of `runs`: other processes on a loaded machine do not count."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        read_values(text)
        best = min(best, time.process_time() - t0)
    return best


# What each pattern tries at every position (number, article, verb, label, space, digit run).
_UNIT = (
    "82F T 38.6 since Tuesday, lost a stone, WBC 18,000 x 3 weeks 3/52. "
    + " " * 20
    + "1" * 20
    + "a " * 10
    + "lost lost temp T x "
)


def test_time_grows_linearly() -> None:
    small = _UNIT * (100_000 // len(_UNIT))
    large = _UNIT * (1_000_000 // len(_UNIT))
    read_values(small[:1000])  # compile the patterns outside the measurement
    # Ten times the text in at most 30 times the time: linear with room for a noisy machine.
    assert _seconds(large, 2) <= 30 * _seconds(small, 3)


def test_patterns_compile_on_first_use_and_only_those_needed() -> None:
    # Every command is a fresh process: importing compiles nothing, and text with no value
    # compiles only the word-start scan and its unit guards, not the readers' patterns.
    code = (
        "from spinecli import value_patterns as vp, values;"
        "before = sorted(vp._COMPILED);"
        "values.read_values('lower back pain down my leg, a bad hip, I have one');"
        "print(before, sorted(vp._COMPILED))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "[]",
        "['age_near',",
        "'begin',",
        "'duration_near',",
        "'weight_near']",
    ]
