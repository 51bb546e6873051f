"""Resolves what a user typed (id, name or alias, any case, small typos) to one KB entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from spinecli.errors import NotFoundError, quoted
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
        raise NotFoundError(f"no {kind} named {quoted(query)}")
    words = set(wanted.split())
    # A unique prefix ("vertebro") or a unique name holding every word typed ("facet arthritis").
    for partial in (
        {i for n, i in index.items() if len(wanted) >= 3 and n.startswith(wanted)},
        {i for n, i in index.items() if words <= set(n.split())},
    ):
        if len(partial) == 1:
            entry = entries[next(iter(partial))]
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
    if top >= ACCEPT_RATIO and top - runner_up >= CLEAR_MARGIN:
        entry = entries[top_id]
        return entry, f"{quoted(query)} taken as {entry.name}"
    # Only names that really look alike: three random ones would be noise, not help.
    near = [entries[i].name for i, r in ranked[:3] if r >= 0.5]
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise NotFoundError(f"no {kind} named {quoted(query)}.{hint} {every}")
