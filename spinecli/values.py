"""Measured values and demographics read from free text, with their units (issue 13, item 2).

`read_values(text)` returns `Reading`s in order of start offset; `text[r.start:r.end] == r.text`
is what was read (a label such as "CRP" or "fever of" is part of it). Pure: no I/O, stdlib `re`
only, patterns compiled on first use. Who a value belongs to (the patient or "my mother") and
whether it is denied is the context engine's job: every explicit mention is read.

Canonical units and conversions:
- age "years"; sex amount 0.0 and unit "female" or "male"; temperature "C" (from °F: (F-32)x5/9);
  crp "mg/L" (mg/dL x10); esr "mm/h"; wbc "10^9/L" (a count of 1000 or more is cells/µL, /1000:
  "WBC 18,000" -> 18.0; "18k" -> 18.0); t_score "SD"; weight_loss "kg" (lb x0.45359237,
  stone x6.35029318); duration "days" (hour 1/24, week 7, fortnight 14, month 30, year 365,
  decade 3650); power_drop "grades" (MRC).
- Number words: one to twenty, twenty to ninety and their compounds ("forty-five"); "a couple
  of" 2; "a few" 3; "half a" 0.5; "N and a half" N+0.5. "a"/"an" is 1 for a stone ("lost a
  stone") and, for a duration, only after for/past/last/over/about/nearly/almost/within/than
  or before "ago" ("for a week", "a month ago"), never in "once a week".
- Ranges ("2-3 weeks", "2 to 3 weeks") give the lower bound. "<" and ">" qualifiers are
  skipped: "CRP <5" reads 5.

Ambiguity rules:
- Sex is read only from explicit words: female, male, woman, man, lady, gentleman, girl, boy,
  "sex: F", or an F/M letter straight after an age ("82F", "67 M", "67yo M"). Pronouns,
  titles (Mrs, Mr) and relations (wife, husband) are never read as sex; plurals (women) neither,
  nor a simile ("walking like an old man").
  A lowercase "m" after a number is metres ("walk 50m"), not male; "f" may be lowercase.
- "NF"/"N F" (no degree sign): a decimal with 93 <= N <= 110 is a temperature in °F
  ("101.3F"); an integer 93-110 is a temperature only when a temperature word (temp, fever,
  febrile, pyrexial, spiking, rigors, chills, shivering) is within 40 characters or the text
  states an age elsewhere; otherwise an integer 1-120 is age N and female ("82F"; "101F,
  nursing home resident" is age 101). A degree sign or "degrees F" always means °F.
- A temperature after a word (temp, temperature, T, fever, febrile, pyrexial, spiking) with no
  unit, or "N degrees" with a decimal, is °C for 34-43 and °F for 93-110; other numbers are not
  read. "T" must touch the number or be followed by a space, ":" or "=" ("T 38.6", "T38.6"); T12
  is a spinal level and never in range. An integer "N degrees" / "N°" is a temperature only
  with a temperature word within 40 characters ("a fever, 39 degrees"); otherwise an angle
  ("flexion to 40 degrees"). Values outside 34-43 °C / 93-110 °F are never read.
- Age: "N-year-old", "N yo", "N y/o", "N yrs old", "N years of age", "aged N", "age N",
  "age: N", "I'm N" / "I am N" (not followed by a unit: "I'm 6 weeks pregnant", "I'm 5 foot"),
  "my dad is N" / "our mum's N" / "my husband, N," (a person's age, read whole: whose it is,
  the context says),
  1 <= N <= 120. "at 58", "at age 58" and "at the age of 58" (two or three digits, no unit
  after: "at 10mph", "at 5pm", "at 40 degrees" are not ages) may be an age at a past event, so
  they are read as a lower bound (`lower_bound`): they meet "over 50", never "under 20".
  Decades need "in my/his/her/their" or early/mid/late: "in my seventies" / "in my 70s" = 70,
  "early 70s" = 70, "mid 70s" = 74, "late 70s" = 77, "in my teens" = 13; "the 70s" (an era)
  is not read. "N yrs" / "N years" is a duration unless "old", "of age" or a sex word follows.
- Durations: "N unit", "N-unit" ("6-week history"), "xN unit" / "x N unit" / "xNwk" / "x5d"
  (the one-letter units d, w, h need the x, except "48h"), "N/52" weeks (N 1-104), "N/12" months
  (N 1-24: "18/12"), "N/7" days (N 1-13): not inside a date ("3/12/2024") or after
  on/dated/from/until/by. Unit typos are read ("3 weks", "2 monts"). "8 months old" is an age
  (of a baby, usually someone else) and not read.
  "x/10" and "x/5" are scores and never read. Frequencies are not durations: "every 3 weeks",
  "twice a day", "3 days a week". Minutes are not read (they describe tolerance: "walk for ten
  minutes"). A plural without a number after for/over/in ("for years", "for many weeks", "over
  the past months") is 2 units, the least the plural can mean. "for the past/last week" is 1
  unit. "since ..." gives the most calendar days the start can lie back: today, this
  morning/afternoon/evening, tonight, yesterday, last night 1; a weekday or the weekend 7;
  "last <weekday>" 14; last week 14, last fortnight 28, last month 60, last year 730. Other
  "since" phrases ("since childbirth", "since January") are not read.
- Power drop: an MRC grade (0-5) followed, within 30 characters of one sentence, by a lower
  one, with a word of time or change between ("dorsiflexion 4/5, now 2/5", "power was 4 now
  3", "MRC 4/5 last week, 3/5 today", "from 4/5 to 2/5"); a bare digit needs power, MRC,
  strength or grade before it. Read as the fall in grades ("power_drop"); a grade that holds
  or rises, or two sides ("4/5 on the left and 3/5 on the right") is not read.
- Weight lost only after lost/lose/losing/dropped/shed/down/"weight loss (of)" or before
  "weight loss" ("8 kg weight loss"); gained weight is never read.
- A T-score after "T-score"/"T score"/"DEXA"/"DXA"; after DEXA alone it needs a sign or a
  decimal ("DEXA 2019" is a year); -6 <= value <= 4; the unicode minus and en dash are minus.
- Not read: dates, dosages ("40 mg"), spinal levels (L4-5, T12), blood pressure ("120/80"),
  numbers of 7 or more digits (phone numbers) and scores ("7/10"; a power grade "4/5" only as
  a fall, above).
- Overlaps: where two readings overlap, the one starting first wins, then the longer.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spinecli.value_patterns import (
    DAYS,
    DECADE_SHIFT,
    DECADES,
    KG,
    SINCE,
    TENS,
    WEEKDAYS,
    WORDS,
    Starts,
    each,
    rx,
    starts,
)


class Reading(NamedTuple):
    kind: str  # one of KINDS
    amount: float  # in the kind's canonical unit
    unit: str
    start: int  # text[start:end] is what was read
    end: int
    text: str
    lower_bound: bool = False  # an age at some event ("at 58"): the age now is at least this


KINDS = (
    "age",
    "sex",
    "temperature",
    "crp",
    "esr",
    "wbc",
    "t_score",
    "weight_loss",
    "duration",
    "power_drop",
)


def _number(s: str) -> float | None:
    """A number from digits or words ("forty-five", "a couple of"), or None if it is none."""
    s = s.casefold().replace(",", "").replace("\u2212", "-").replace("\u2013", "-").strip()
    s = s.replace("minus", "-").replace(" ", "")
    if s in ("acoupleof", "coupleof"):
        return 2.0
    if s in ("afew", "few"):
        return 3.0
    if s in ("halfa", "halfan"):
        return 0.5
    if s in ("a", "an"):
        return 1.0
    try:
        return float(s)
    except ValueError:
        pass
    for tens in TENS:
        if s.startswith(tens) and s[len(tens) :].lstrip("-") in WORDS:
            return WORDS[tens] + WORDS[s[len(tens) :].lstrip("-")]
    return WORDS.get(s) or None


def _reading(
    text: str, kind: str, amount: float, unit: str, start: int, end: int, lower: bool = False
) -> Reading:
    return Reading(kind, round(amount, 4), unit, start, end, text[start:end], lower)


def _ages(text: str, at: Starts) -> list[Reading]:
    out: list[Reading] = []
    for m in each("age", text, at):
        name = "n1" if m["n1"] else "n2" if m["n2"] else "n3"
        n = _number(m[name])
        if n is None or not 1 <= n <= 120 or n != int(n):
            continue
        end = len(text[: m.start("sex")].rstrip(" ,")) if m["sex"] else m.end()
        out.append(_reading(text, "age", n, "years", m.start(), end))
        if m["sex"]:
            sex = "female" if m["sex"].casefold() == "f" else "male"
            out.append(_reading(text, "sex", 0.0, sex, m.start("sex"), m.end("sex")))
    for m in each("person_age", text, at):
        n = float(m["n"] or m["n2"])
        if 1 <= n <= 120:
            out.append(_reading(text, "age", n, "years", *m.span()))
    for m in each("age_at", text, at):
        n = float(m["n"])
        if n <= 120:
            out.append(_reading(text, "age", n, "years", *m.span(), lower=True))
    for m in each("decade", text, at):
        base = DECADES[m["word"].casefold()] if m["word"] else int(m["num"])
        shift = (m["s1"] or m["s2"] or "early").casefold()
        out.append(_reading(text, "age", float(base + DECADE_SHIFT[shift]), "years", *m.span()))
    for m in each("sex", text, at):
        if rx("simile").search(text[max(0, m.start() - 24) : m.start()]):
            continue
        word = (m["letter"] or m["word"]).casefold()
        sex = "female" if word in ("f", "female", "woman", "lady", "girl") else "male"
        out.append(_reading(text, "sex", 0.0, sex, *m.span()))
    return out


def _letters(text: str, at: Starts, age_known: bool) -> list[Reading]:
    """ "82F", "67 M", "101.3F": age and sex, or a temperature in °F (module docstring)."""
    out: list[Reading] = []
    for m in each("letter", text, at):
        n = float(m["n"])
        fahrenheit = m["l"] in "Ff" and 93 <= n <= 110
        if fahrenheit and ("." in m["n"] or age_known or _fever_near(text, m)):
            out.append(_reading(text, "temperature", (n - 32) * 5 / 9, "C", *m.span()))
            continue
        if "." in m["n"] or not 1 <= n <= 120:
            continue
        out.append(_reading(text, "age", n, "years", m.start(), m.start() + len(m["n"])))
        sex = "female" if m["l"] in "Ff" else "male"
        out.append(_reading(text, "sex", 0.0, sex, m.start("l"), m.end("l")))
    return out


def _fever_near(text: str, m: re.Match[str]) -> bool:
    """A temperature word within 40 characters of the match (it makes "101F" a temperature)."""
    return bool(rx("near_fever").search(text[max(0, m.start() - 40) : m.end() + 40]))


def _celsius(
    n: float, deg: str | None, unit: str | None, labelled: bool, near: bool
) -> float | None:
    """°C from a number and its unit; `labelled` after a temperature word, `near` one close by."""
    u = (unit or "").casefold()[:1]
    if u == "f" and not (deg or labelled or len(unit or "") > 1):
        return None  # bare "101F": _letters decides between an age and a temperature
    if u not in ("c", "f") and not labelled and not (deg and (n != int(n) or near)):
        return None  # "flexion to 40 degrees" is an angle
    if u != "f" and 34 <= n <= 43:
        return n
    if u != "c" and 93 <= n <= 110:
        return (n - 32) * 5 / 9
    return None


def _temperatures(text: str, at: Starts) -> list[Reading]:
    out: list[Reading] = []
    for name, labelled in (("temp_label", True), ("temp_unit", False)):
        for m in each(name, text, at):
            near = bool(m["deg"]) and _fever_near(text, m)
            c = _celsius(float(m["n"]), m["deg"], m["u"], labelled, near)
            if c is not None:
                out.append(_reading(text, "temperature", c, "C", m.start(), m.end()))
    return out


def _labs(text: str, at: Starts) -> list[Reading]:
    out: list[Reading] = []
    for m in each("lab", text, at):
        n = float(m["n"].replace(",", "")) * (1000 if m["k"] else 1)
        unit = (m["unit"] or "").casefold().replace(" ", "")
        if m["crp"]:
            out.append(_reading(text, "crp", n * 10 if "dl" in unit else n, "mg/L", *m.span()))
        elif m["esr"]:
            out.append(_reading(text, "esr", n, "mm/h", *m.span()))
        else:
            out.append(_reading(text, "wbc", n / 1000 if n >= 1000 else n, "10^9/L", *m.span()))
    for m in each("t_score", text, at):
        raw = m["n"]
        t = _number(raw.replace("+", ""))
        labelled = m["t1"] or m["t2"]
        signed = any(c in raw for c in "-\u2212\u2013+") or "minus" in raw.casefold()
        if t is None or not -6 <= t <= 4 or not (labelled or signed or "." in raw):
            continue
        out.append(_reading(text, "t_score", t, "SD", *m.span()))
    return out


def _power_drops(text: str, at: Starts) -> list[Reading]:
    """A falling MRC power grade: the earlier grade less the later one, in grades."""
    out: list[Reading] = []
    for m in each("power", text, at):
        drop = int(m["a"]) - int(m["b"])
        scale = m["w"] or m["s1"] or m["s2"]
        if drop >= 1 and scale and rx("power_gap").search(m["gap"]):
            out.append(_reading(text, "power_drop", float(drop), "grades", *m.span()))
    return out


def _weights(text: str, at: Starts) -> list[Reading]:
    out: list[Reading] = []
    for m in each("weight", text, at):
        if not (m["verb"] or m["after"]):
            continue  # without a verb or a trailing "weight loss" it is a weight, not a loss
        n = _number(m["n"].split(" and ")[0])
        if n is None:
            continue
        if " and a half" in m[0].casefold():
            n += 0.5
        unit = m["unit"].casefold()
        kg = n * KG["st" if unit.startswith("st") else "lb" if unit[0] in "lp" else "kg"]
        if m["n2"]:
            kg += (_number(m["n2"]) or 0.0) * KG["lb"]
        out.append(_reading(text, "weight_loss", kg, "kg", m.start(), m.end()))
    return out


def _unit_days(unit: str) -> float:
    u = unit.casefold()
    if u.startswith("h"):
        return DAYS["hour"]
    if u.startswith("f"):
        return DAYS["fortnight"]
    if u.startswith("de"):
        return DAYS["decade"]
    if u.startswith("d"):
        return DAYS["day"]
    if u.startswith("w"):
        return DAYS["week"]
    if u.startswith("m"):
        return DAYS["month"]
    return DAYS["year"]


def _durations(text: str, at: Starts) -> list[Reading]:
    out: list[Reading] = []
    for m in each("duration", text, at):
        raw, before = m["n"], text[max(0, m.start() - 12) : m.start()]
        if m["short"] and not (m["x"] or (m["short"].casefold() == "h" and raw[-1:].isdigit())):
            continue
        after = rx("age_after").match(text, m.end())
        if after and (after["old"] or (m["unit"] or "")[:1].casefold() == "y"):
            continue  # "45 years old", "45 yrs F", "8 months old": an age, not a duration
        if rx("freq_before").search(before) or rx("freq_after").match(text, m.end()):
            continue
        if raw.casefold() in ("a", "an", "half a", "half an") and not (
            rx("article_ok").search(before) or text[m.end() : m.end() + 4].casefold() == " ago"
        ):
            continue
        n = _number(raw)
        if n is None or n <= 0:
            continue
        if " and a half" in m[0].casefold():
            n += 0.5
        unit = m["unit"] or m["short"]
        out.append(_reading(text, "duration", n * _unit_days(unit), "days", *m.span()))
    for m in each("shorthand", text, at):
        n, d = int(m["n"]), m["d"]
        limit = {"52": 104, "12": 24, "7": 13}[d]
        if not 1 <= n <= limit or rx("date_before").search(text[max(0, m.start() - 8) : m.start()]):
            continue
        per = {"52": DAYS["week"], "12": DAYS["month"], "7": DAYS["day"]}[d]
        out.append(_reading(text, "duration", n * per, "days", *m.span()))
    for m in each("plural", text, at):
        unit = m["unit"].casefold()
        plural = unit.endswith("s")
        if not m["one"] and (not plural or m["lead"].casefold() == "in"):
            continue  # "for a week" is the number pattern's; "in days" is not a duration
        out.append(
            _reading(text, "duration", (2 if plural else 1) * _unit_days(unit), "days", *m.span())
        )
    for m in each("since", text, at):
        if m["one"]:
            days = 1.0
        elif m["day"].casefold() in (*WEEKDAYS, "weekend"):
            days = 14.0 if m["last"] else 7.0
        elif m["last"]:
            days = SINCE[m["day"].casefold()]
        else:
            continue  # "since the week" is not a time
        out.append(_reading(text, "duration", days, "days", *m.span()))
    return out


def read_values(text: str) -> tuple[Reading, ...]:
    """Every value read from `text`, in order of start offset; overlaps resolved (docstring)."""
    at = starts(text)
    found = [*_ages(text, at), *_temperatures(text, at), *_labs(text, at)]
    found += [*_weights(text, at), *_durations(text, at), *_power_drops(text, at)]
    found += _letters(text, at, age_known=any(r.kind == "age" for r in found))
    found.sort(key=lambda r: (r.start, r.start - r.end, KINDS.index(r.kind)))
    kept: list[Reading] = []
    end = 0
    for r in found:
        if r.start >= end or not kept:
            kept.append(r)
            end = r.end
    return tuple(kept)
