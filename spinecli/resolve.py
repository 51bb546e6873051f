"""Resolves what a user typed (id, name or alias, any case, small typos) to one KB entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from spinecli.errors import NotFoundError, UsageError, quoted
from spinecli.model import name_ids
from spinecli.normalize import normalize


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


T = TypeVar("T", bound=Named)

# A typo is forgiven only when one entry is clearly the closest.
ACCEPT_RATIO = 0.84
CLEAR_MARGIN = 0.06
# Several names holding every word typed: the closest must lead by this much ("low back pain"
# -> chronic, 0.11 ahead; "joint injection" stays ambiguous, SI joint only 0.08 ahead of facet).
HOLDER_MARGIN = 0.1
SUGGESTED = 5  # names offered when several hold the word typed
# difflib's ratio cannot reach ACCEPT_RATIO for a query over twice a name's length.
FUZZY_FACTOR = 2


def names_of(entry: Named) -> list[str]:
    return [entry.id, entry.name, *entry.aliases]


def name_index(entries: Mapping[str, T]) -> dict[str, T]:
    return {normalize(n): e for e in entries.values() for n in names_of(e) if normalize(n)}


def resolve(
    query: str, entries: Mapping[str, T], kind: str, index: Mapping[str, str] | None = None
) -> tuple[T, str]:
    """The entry named by query, and a note ('' when exact) when a typo or prefix was forgiven.

    index maps normalised names to ids (model.name_ids); pass the KB's prebuilt one
    (`kb.index("names.procedures")`) so a look-up does not normalise every name in the KB.
    """
    wanted = normalize(query)
    if index is None:
        index = name_ids(entries)
    if wanted in index:
        return entries[index[wanted]], ""
    if not wanted:
        # Nothing to look up is a usage error (exit 2), as an empty `match` query is.
        raise UsageError(f"the {kind} name is empty; give an id, name or alias")
    words = set(wanted.split())
    # A unique prefix ("vertebro") or a unique name holding every word typed ("facet arthritis").
    for partial in (
        {i for n, i in index.items() if len(wanted) >= 3 and n.startswith(wanted)},
        {i for n, i in index.items() if words <= set(n.split())},
    ):
        if len(partial) == 1:
            entry = entries[next(iter(partial))]
            return entry, f"{quoted(query)} taken as {entry.name}"
    holders = {n: i for n, i in index.items() if words <= set(n.split())}
    closest = _closest(wanted, holders) if len(words) > 1 else ""
    if closest:
        # Several names hold every word ("low back pain"): the one closest to what was typed,
        # when it is clearly closest ("chronic low back pain", not "vertebrogenic ...").
        entry = entries[closest]
        return entry, f"{quoted(query)} taken as {entry.name}"
    every = f"(spinecli {'list' if kind == 'procedure' else 'conditions'} shows them all)"
    if len(wanted) > FUZZY_FACTOR * max(map(len, index), default=0):
        # Far longer than any name, so no typo of one; scoring it would take seconds per megabyte.
        raise NotFoundError(f"no {kind} named {quoted(query)} {every}")
    import difflib  # only typos pay for it

    scored = sorted(
        ((difflib.SequenceMatcher(None, wanted, n).ratio(), n, i) for n, i in index.items()),
        key=lambda t: -t[0],
    )
    best_per_entry: dict[str, float] = {}
    for ratio, _, i in scored:
        best_per_entry.setdefault(i, ratio)
    ranked = sorted(best_per_entry.items(), key=lambda kv: -kv[1])
    top_id, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # A typo is forgiven only when the words typed are not all in several names already: that is
    # a choice to offer, not a typo ("joint injection": facet, SI or peripheral?).
    ambiguous = len(set(holders.values())) > 1
    if top >= ACCEPT_RATIO and top - runner_up >= CLEAR_MARGIN and not ambiguous:
        entry = entries[top_id]
        return entry, f"{quoted(query)} taken as {entry.name}"
    # Names holding every word typed first ("injection"), in KB order, where the common
    # procedures come first; then names that really look alike (three random ones are noise).
    near = list(dict.fromkeys(i for i in entries if i in set(holders.values())))[:SUGGESTED]
    near += [i for i, r in ranked[:3] if r >= 0.5 and i not in near][: max(0, 3 - len(near))]
    near = [entries[i].name for i in near]
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise NotFoundError(f"no {kind} named {quoted(query)}.{hint} {every}")


def _closest(wanted: str, holders: Mapping[str, str]) -> str:
    """The id whose best name is clearly the closest to wanted (difflib's ratio, HOLDER_MARGIN
    ahead of the next entry's), or ''."""
    if len(set(holders.values())) < 2:
        return ""
    import difflib

    best: dict[str, float] = {}
    for n, i in holders.items():
        best[i] = max(best.get(i, 0.0), difflib.SequenceMatcher(None, wanted, n).ratio())
    (top, first), (_, second) = sorted(best.items(), key=lambda kv: -kv[1])[:2]
    return top if first - second >= HOLDER_MARGIN else ""


CHOICE_CUTOFF = 0.8  # difflib ratio for a typo of a fixed word ("lumber" -> "lumbar")


def choice(typed: str, choices: Mapping[str, str], what: str) -> tuple[str, str]:
    """One of a fixed set of words (a region, a category, a page section) from what was typed:
    exact in any case, a unique start ("cerv") or one clearly nearest typo ("lumber"), with a
    note ('' when exact). choices maps each accepted word (aliases too) to the value it means.
    Anything else is a usage error naming the values."""
    word = "-".join(typed.lower().replace("_", " ").split())
    values = ", ".join(dict.fromkeys(choices.values()))
    if word in choices:
        return choices[word], ""
    starts = {v for k, v in choices.items() if len(word) >= 3 and k.startswith(word)}
    import difflib

    typos = difflib.get_close_matches(word, choices, n=3, cutoff=CHOICE_CUTOFF)
    close = {choices[c] for c in typos}
    for found in (starts, close):
        if len(found) == 1:
            value = found.pop()
            return value, f"{what} {quoted(typed)} taken as '{value}'"
    near = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    hint = f"did you mean '{choices[near[0]]}'? " if near else ""
    raise UsageError(f"unknown {what} {quoted(typed)}; {hint}choose from: {values}")
