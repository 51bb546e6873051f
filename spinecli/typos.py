"""Typo tolerance: a typed word that is no known word may stand for a close vocabulary word.

Bounded edit distance (Damerau: a swap of neighbours counts as one edit), looked up through a
deletion index (the SymSpell idea) so a word costs a few dictionary probes, not a scan of the
vocabulary. Short words are easy to turn into other real words ("paint" -> "pain", "fewer" ->
"fever"), so they only forgive the typos people make most: swapped, doubled or missing letters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_VOWELS = frozenset("aeiouy")
MAX_WORD = 30  # longer "words" are not typos of anything we know (and would be costly to probe)
# Prefixes that reverse a word: "continence" must never be read as "incontinence".
_NEGATING_PREFIXES = ("in", "un", "non", "dis", "im", "ir", "il", "a")


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), or limit + 1 if above.

    The one edit distance: typo lookup here and `search` use it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:  # every path is already over: stop early
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _allowed(typed: str) -> int:
    return 2 if len(typed) >= 9 else 1


def _gentle(typed: str, known: str) -> bool:
    """For short words: only a swap of neighbours, a doubled letter or a missing/extra vowel."""
    if len(typed) == len(known):
        diff = [i for i in range(len(typed)) if typed[i] != known[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == known[diff[1]]
            and typed[diff[1]] == known[diff[0]]
        )
    longer, shorter = (typed, known) if len(typed) > len(known) else (known, typed)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            extra = longer[i]
            doubled = (i > 0 and longer[i - 1] == extra) or (
                i + 1 < len(longer) and longer[i + 1] == extra
            )
            return doubled or extra in _VOWELS
    return False


def _reverses(a: str, b: str) -> bool:
    return any(a == p + b or b == p + a for p in _NEGATING_PREFIXES)


class TypoIndex:
    """Known words (as typed in the KB) -> their canonical forms, searchable within a distance."""

    def __init__(self, words: Iterable[tuple[str, str]]) -> None:
        canon: dict[str, str] = {}
        index: dict[str, list[str]] = {}
        for surface, norm in words:
            if len(surface) < 3 or not surface.isalpha() or surface in canon:
                continue
            canon[surface] = norm
            for d in _deletes(surface, _allowed(surface)):
                index.setdefault(d, []).append(surface)
        self.canon: Mapping[str, str] = canon
        self.index: Mapping[str, list[str]] = index

    @classmethod
    def from_tables(cls, canon: Mapping[str, str], index: Mapping[str, list[str]]) -> TypoIndex:
        """An index rebuilt from the canon and index tables of one built before (the KB cache)."""
        built = cls.__new__(cls)
        built.canon, built.index = canon, index
        return built

    def lookup(self, typed: str) -> str | None:
        """The canonical form of the one closest known word, or None (no match, or a tie)."""
        if not 4 <= len(typed) <= MAX_WORD or not typed.isalpha():
            return None
        limit = _allowed(typed)
        candidates: set[str] = set()
        for d in _deletes(typed, limit):
            candidates.update(self.index.get(d, ()))
        best: dict[str, int] = {}
        for known in candidates:
            if known[0] != typed[0] and known[:2] != typed[1::-1]:
                continue
            if _reverses(typed, known):
                continue
            dist = distance(typed, known, limit)
            if dist > limit:
                continue
            if min(len(typed), len(known)) < 6 and not _gentle(typed, known):
                continue
            norm = self.canon[known]
            best[norm] = min(dist, best.get(norm, dist))
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: kv[1])
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None
        return ranked[0][0]
