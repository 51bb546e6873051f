"""Durations of a month or more, over a sentence's tokens, for context.py.

"6 weeks ago", "4/12 ago" mark a mention long-standing as "months ago" does; a duration of a
month or more in an event's clause ("4/12 neck pain post MVC", "whiplash 3 monts since the
crash") dates the event (the `event` findings: a crash months back is no major trauma now).
Clinical shorthand reads as values.py reads it: N/12 months, N/52 weeks, N/7 days (never a
month). Not "2 weeks", "3/52", "days": recent trauma still counts.
"""

from __future__ import annotations

from spinecli.text import Token

WEEKS_IN_A_MONTH = 4
# the norms of the month unit, with the phone typos values.py reads ("3 monts", "2 mnths")
_MONTHS = frozenset(("month", "mont", "mnths", "mnth", "munth"))


def months_ago(tokens: list[Token]) -> set[int]:
    """ "6 weeks ago", "6/52 ago", "4/12 ago": more than a month, as "months ago" is (not "2
    weeks", nor "3/7 ago")."""
    n = len(tokens)
    return {i for i in _long_durations(tokens) if i + 1 < n and tokens[i + 1].norm == "ago"}


def weeks_ago(tokens: list[Token]) -> set[int]:
    """ "2 weeks ago", "two weeks ago": a start within a month, recent enough to keep a deficit
    said to be unchanged since new (context.RECENT)."""
    n = len(tokens)
    return {
        i
        for i in range(1, n - 1)
        if tokens[i].norm == "week"
        and tokens[i + 1].norm == "ago"
        and tokens[i - 1].norm.isdigit()
        and int(tokens[i - 1].norm) <= WEEKS_IN_A_MONTH
    }


def _shorthand(tokens: list[Token], i: int) -> str:
    """The denominator of clinical duration shorthand ending at token i ("4/12": "12"), or ""."""
    if i < 2 or tokens[i - 1].surface != "/" or not tokens[i - 2].norm.isdigit():
        return ""
    # not inside a date ("3/12/2024", "1/3/12")
    if (i + 1 < len(tokens) and tokens[i + 1].surface == "/") or (
        i > 2 and tokens[i - 3].surface == "/"
    ):
        return ""
    return tokens[i].norm if tokens[i].norm in ("12", "52", "7") else ""


def _long_durations(tokens: list[Token]) -> set[int]:
    """Where a duration of a month or more ends: "6 weeks" (not "2 weeks"), "3 months", "3
    monts" (the unit as values.py reads it), "4/12" (months), "6/52" (weeks; "3/7" is days)."""
    out = set()
    for i in range(1, len(tokens)):
        n = tokens[i - 1].norm
        unit = tokens[i].norm
        if unit in ("12", "52") and _shorthand(tokens, i):
            n, unit = tokens[i - 2].norm, "month" if unit == "12" else "week"
        if not n.isdigit():
            continue
        if (unit == "week" and int(n) > WEEKS_IN_A_MONTH) or unit in _MONTHS:
            out.add(i)
    return out


def dated_at(tokens: list[Token]) -> set[int]:
    """Long durations, shorthand on both sides of its "/" (a clause break): "MVC 4/12"."""
    found = _long_durations(tokens)
    return found | {i - 2 for i in found if _shorthand(tokens, i)}
