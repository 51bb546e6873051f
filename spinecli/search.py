"""`search`: one ranked list across procedures, conditions, symptoms and red flags.

Pure: a KnowledgeBase and a query in, a SearchResult out. Every name, alias and piece of text is a
searchable unit with a field weight (a hit on a name counts more than one in a risk list). Query
words match KB words exactly, by prefix, or within a small edit distance (typos); rare words count
more than common ones ("pump" more than "pain"), and a query found as a whole phrase scores extra.

The units and their words are one of the KB indexes (spinecli/search_index.py), kept by the cache,
so a search reads the postings of its words and never scans the KB. The work is bounded: the
query is cut to MAX_QUERY_CHARS characters and MAX_TERMS distinct words, only words of ordinary
length are matched fuzzily, and at most MAX_CANDIDATES units (rarest words first) are scored, so
neither a huge query nor a huge KB costs more than a few times a search of the shipped KB.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

from spinecli.errors import NotFoundError, UsageError
from spinecli.model import KnowledgeBase
from spinecli.normalize import fold
from spinecli.search_index import WORD, Numbers, words
from spinecli.stopwords import STOPWORDS
from spinecli.typos import distance

MAX_QUERY_CHARS = 300
MAX_TERMS = 12
FUZZY_MIN, FUZZY_MAX = 4, 30  # word lengths that get typo forgiveness
SNIPPET_CHARS = 90
KEEP_RATIO = 0.2  # hits scoring under this share of the best one are noise
MAX_CANDIDATES = 20_000  # units scored per query (the shipped KB has about 5,000 in all)
MAX_PHRASE_CHECKS = 500  # units read to test for the whole query as a phrase


@dataclass(frozen=True)
class Match:
    """Where a hit matched: the KB field and a short stretch of its text."""

    field: str
    snippet: str


@dataclass(frozen=True)
class Hit:
    kind: str  # one of KINDS
    id: str
    name: str
    score: float
    matches: tuple[Match, ...]
    # For a symptom: the conditions it points to (id, name), strongest first.
    points_to: tuple[tuple[str, str], ...] = ()
    # For a red flag: what to do now (a search must not show a red flag without it).
    action: str = ""


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: tuple[str, ...]  # the words searched for, after normalising and dropping stopwords
    hits: tuple[Hit, ...]
    total: int  # hits before --limit
    note: str = ""


def query_terms(query: str) -> tuple[str, list[str], str]:
    """The query as searched, its distinct meaningful words in order, and a note if it was cut."""
    note = ""
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
        note = f"query cut to its first {MAX_QUERY_CHARS} characters"
    found = list(dict.fromkeys(w for w in words(query) if w not in STOPWORDS))
    if not found:
        # Only stopwords ("what is"): search for them rather than for nothing.
        found = list(dict.fromkeys(words(query)))
    if len(found) > MAX_TERMS:
        found = found[:MAX_TERMS]
        note = f"query cut to its first {MAX_TERMS} words"
    return query, found, note


def term_matches(
    term: str, lengths: Mapping[str, Sequence[str]], known: Container[str]
) -> dict[str, float]:
    """KB words a query word stands for, with a match quality from 0 to 1.

    lengths holds the KB's words by length, sorted, so prefixes are a binary search and typo
    checks only look at words of a near length.
    """
    found: dict[str, float] = {}
    if term in known:
        found[term] = 1.0
    # A plural finds its singular ("nerves" finds "nerve"); prefixes cover the other way round.
    for stem in (term[:-1], term[:-2]) if len(term) > 3 and term.endswith("s") else ():
        if stem in known:
            found.setdefault(stem, 0.9)
    if len(term) >= 3:
        for length in range(len(term) + 1, len(term) + 25):
            group = lengths.get(str(length), ())
            at = bisect.bisect_left(group, term)
            while at < len(group) and group[at].startswith(term):
                found[group[at]] = 0.85
                at += 1
    if term not in known and FUZZY_MIN <= len(term) <= FUZZY_MAX:
        limit = 1 if len(term) < 8 else 2
        letters = set(term)
        for length in range(len(term) - limit, len(term) + limit + 1):
            for word in lengths.get(str(length), ()):
                # Each edit changes at most two letters of the letter set: a cheap first test.
                if word in found or len(letters.symmetric_difference(word)) > 2 * limit:
                    continue
                edits = distance(term, word, limit)
                if edits <= limit:
                    found[word] = 0.8 if edits == 1 else 0.6
    return found


def _candidates(table: Mapping[str, tuple[int, tuple[int, ...]]], wanted: list[str]) -> set[int]:
    """The units to score: those with a wanted word, rarest words first, at most MAX_CANDIDATES."""
    found: set[int] = set()
    for word in sorted(wanted, key=lambda w: (table[w][0], w)):
        room = MAX_CANDIDATES - len(found)
        if room <= 0:
            break
        posting = table[word][1]
        found.update(posting if len(posting) <= room else posting[:room])
    return found


def search(kb: KnowledgeBase, query: str, limit: int = 10) -> SearchResult:
    query, terms, note = query_terms(query)
    if not terms:
        raise UsageError("search needs at least one word to look for")
    table: Mapping[str, tuple[int, tuple[int, ...]]] = kb.index("search.words")
    numbers = Numbers(*kb.index("search.numbers"))
    n_entities = len(numbers.rank) or 1

    def idf(word: str) -> float:
        # Rare words weigh more. A word the KB lacks counts as the rarest, so an unmatched query
        # word lowers coverage.
        entry = table.get(word)
        return math.log(1 + n_entities / max(entry[0] if entry else 0, 1))

    lengths = kb.index("search.lengths")
    matches = {t: term_matches(t, lengths, table) for t in terms}
    # A word's weight is its own rarity; a typo or prefix takes the commonest word it stands for.
    weights = {
        t: idf(t) if t in table else min((idf(w) for w in m), default=idf(t))
        for t, m in matches.items()
    }
    total_weight = sum(weights.values())
    wanted = list(dict.fromkeys(w for m in matches.values() for w in m))
    pool = _candidates(table, wanted)
    hit_words: dict[int, set[str]] = {}
    for word in wanted:
        for n in pool.intersection(table[word][1]):
            hit_words.setdefault(n, set()).add(word)

    scores: dict[int, float] = {}
    whole: list[int] = []  # units with every query word as typed: the phrase may be in them
    for n, hit in hit_words.items():
        covered = 0.0
        for t in terms:
            found = hit & matches[t].keys()
            if found:
                covered += weights[t] * max(matches[t][w] for w in found)
        coverage = covered / total_weight
        scores[n] = numbers.fields[numbers.field[n]][1] * coverage * coverage
        if len(terms) > 1 and all(t in hit for t in terms):
            whole.append(n)
    texts: Mapping[str, str] = kb.index("search.texts")
    phrase = f" {' '.join(terms)} "
    whole.sort(key=lambda n: -scores[n])
    for n in whole[:MAX_PHRASE_CHECKS]:
        if phrase in f" {' '.join(words(texts[str(n)]))} ":
            scores[n] *= 1.5
    for n, hit in hit_words.items():
        if numbers.size[n] == len(hit):
            # The whole field is what was asked for, typos included ("radiofrequncy ablation").
            scores[n] *= 2.0

    per_entity: dict[int, list[int]] = {}
    for n in sorted(scores):  # KB order, as the units were built
        per_entity.setdefault(numbers.entity[n], []).append(n)
    ranked = [_ranked(numbers, scores, found) for found in per_entity.values()]
    if not ranked:
        raise NotFoundError(
            f"nothing in the knowledge base matches '{shown(query)}'{_nearest(kb, terms)}"
        )
    top = max(score for score, _, _ in ranked)
    kept = [r for r in ranked if r[0] >= KEEP_RATIO * top]
    kept.sort(key=lambda r: (-r[0], numbers.rank[r[1]]))
    hits = tuple(_hit(kb, numbers, texts, hit_words, r) for r in kept[:limit])
    return SearchResult(query, tuple(terms), hits, len(kept), note)


Ranked = tuple[float, int, list[int]]  # (score, entity number, its best unit per field, best first)


def _ranked(numbers: Numbers, scores: Mapping[int, float], found: list[int]) -> Ranked:
    """One entity's score: its best unit counts fully, its next best fields a little."""
    best_per_field: dict[str, int] = {}
    for n in sorted(found, key=lambda n: -scores[n]):
        best_per_field.setdefault(numbers.fields[numbers.field[n]][0], n)
    ordered = list(best_per_field.values())
    bonus = (0.25, 0.1)
    score = scores[ordered[0]] + sum(
        b * scores[n] for b, n in zip(bonus, ordered[1:], strict=False)
    )
    return round(score, 3), numbers.entity[ordered[0]], ordered


def _hit(
    kb: KnowledgeBase,
    numbers: Numbers,
    texts: Mapping[str, str],
    hit_words: Mapping[int, set[str]],
    ranked: Ranked,
) -> Hit:
    score, entity, ordered = ranked
    kind, eid, name = kb.index("search.entities")[str(entity)]
    points_to: tuple[tuple[str, str], ...] = ()
    if kind == "symptom":
        weights = sorted(kb.symptoms[eid].conditions, key=lambda cw: -cw[1])
        points_to = tuple((c, kb.conditions[c].name) for c, _ in weights if c in kb.conditions)
    action = kb.red_flags[eid].action if kind == "red_flag" else ""
    matches = tuple(
        Match(numbers.fields[numbers.field[n]][0], snippet(texts[str(n)], hit_words[n]))
        for n in ordered[:3]
    )
    return Hit(kind, eid, name, score, matches, points_to, action)


def _nearest(kb: KnowledgeBase, terms: list[str]) -> str:
    """'Did you mean' names for a query that matched nothing, or ''."""
    import difflib

    labels = [*kb.index("labels.procedures"), *kb.index("labels.conditions")]
    names = {n.casefold(): n for _, name, aliases in labels for n in (name, *aliases)}
    close = difflib.get_close_matches(" ".join(terms), list(names), n=3, cutoff=0.6)
    return f". Did you mean: {', '.join(names[c] for c in close)}?" if close else ""


def snippet(text: str, hit_words: set[str]) -> str:
    """The text on one line, or a window of it around the first word that matched."""
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    at = next((m.start() for m in WORD.finditer(flat) if fold(m.group()) in hit_words), 0)
    start = max(0, at - SNIPPET_CHARS // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    end = start + SNIPPET_CHARS
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > at else end
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


def shown(query: str) -> str:
    flat = " ".join(query.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
