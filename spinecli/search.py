"""`search`: one ranked list across procedures, conditions, symptoms and red flags.

Pure: a KnowledgeBase and a query in, a SearchResult out. Every name, alias and piece of text is a
searchable unit with a field weight (a hit on a name counts more than one in a risk list). Query
words match KB words exactly, by prefix, or within a small edit distance (typos); rare words count
more than common ones ("pump" more than "pain"), and a query found as a whole phrase scores extra.

The work is bounded before anything scans the KB: the query is cut to MAX_QUERY_CHARS characters
and MAX_TERMS distinct words, and only words of ordinary length are matched fuzzily, so a huge
query costs no more than a long sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spinecli.errors import NotFoundError, UsageError
from spinecli.model import PRACTICAL_FIELDS, Condition, KnowledgeBase, Procedure
from spinecli.normalize import fold
from spinecli.stopwords import STOPWORDS
from spinecli.typos import distance

MAX_QUERY_CHARS = 300
MAX_TERMS = 12
FUZZY_MIN, FUZZY_MAX = 4, 30  # word lengths that get typo forgiveness
SNIPPET_CHARS = 90
KEEP_RATIO = 0.2  # hits scoring under this share of the best one are noise
KINDS = ("procedure", "condition", "symptom", "red_flag")

# Field weights: names and lay names first, then the one-line summary, then the rest of the text.
NAME_W, SUMMARY_W, PURPOSE_W, TEXT_W = 10.0, 4.0, 3.0, 1.5

_WORD = re.compile(r"\w+")


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


@dataclass(frozen=True)
class _Unit:
    """One searchable piece of text: an entity's name, one alias, one list item, a summary."""

    kind: str
    id: str
    name: str
    field: str
    text: str
    weight: float


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


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


def units(kb: KnowledgeBase) -> Iterator[_Unit]:
    """Every searchable piece of the KB, with the weight of its field."""
    for p in kb.procedures.values():
        head = ("procedure", p.id, p.name)
        yield _Unit(*head, "name", p.name, NAME_W)
        for alias in p.aliases:
            yield _Unit(*head, "aliases", alias, NAME_W)
        yield _Unit(*head, "summary", p.summary, SUMMARY_W)
        yield _Unit(*head, "purpose", p.purpose, PURPOSE_W)
        singles = {"category": p.category, **{f: getattr(p, f) for f in PRACTICAL_FIELDS}}
        for field, text in singles.items():
            if text:
                yield _Unit(*head, field, text, TEXT_W)
        lists = {
            "steps": p.steps,
            "risks": p.risks,
            "candidacy": p.candidacy,
            "benefits": p.benefits,
            "contraindications": p.contraindications,
            "evidence": p.evidence,
        }
        for field, items in lists.items():
            for item in items:
                yield _Unit(*head, field, item, TEXT_W)
        for group, phased in (("recovery", p.recovery), ("warning_signs", p.warning_signs)):
            for phase, items in phased:
                for item in items:
                    yield _Unit(*head, f"{group}.{phase}", item, TEXT_W)
    for c in kb.conditions.values():
        head = ("condition", c.id, c.name)
        yield _Unit(*head, "name", c.name, NAME_W)
        for alias in c.aliases:
            yield _Unit(*head, "aliases", alias, NAME_W)
        yield _Unit(*head, "summary", c.summary, SUMMARY_W)
        for field, items in (
            ("conservative_care", c.conservative_care),
            ("referral", (c.referral,) if c.referral else ()),
            ("candidacy", c.candidacy),
        ):
            for item in items:
                yield _Unit(*head, field, item, TEXT_W)
    for s in kb.symptoms.values():
        head = ("symptom", s.id, s.name)
        yield _Unit(*head, "name", s.name, NAME_W * 0.7)
        for phrase in s.phrases:
            yield _Unit(*head, "phrases", phrase, NAME_W * 0.6)
    for r in kb.red_flags.values():
        head = ("red_flag", r.id, r.name)
        yield _Unit(*head, "name", r.name, NAME_W * 0.8)
        yield _Unit(*head, "summary", r.summary, SUMMARY_W)
        for fid in dict.fromkeys(f for rule in r.rules for f in rule.findings()):
            finding = kb.findings.get(fid)
            for phrase in finding.phrases if finding and not finding.spinal else ():
                yield _Unit(*head, "phrases", phrase, NAME_W * 0.6)


def term_matches(
    term: str, vocabulary: dict[int, list[str]], known: frozenset[str]
) -> dict[str, float]:
    """KB words a query word stands for, with a match quality from 0 to 1.

    vocabulary groups the KB's words by length, so typo checks only look at words of a near length.
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
            for word in vocabulary.get(length, ()):
                if word.startswith(term):
                    found[word] = 0.85
    if term not in known and FUZZY_MIN <= len(term) <= FUZZY_MAX:
        limit = 1 if len(term) < 8 else 2
        letters = set(term)
        for length in range(len(term) - limit, len(term) + limit + 1):
            for word in vocabulary.get(length, ()):
                # Each edit changes at most two letters of the letter set: a cheap first test.
                if word in found or len(letters.symmetric_difference(word)) > 2 * limit:
                    continue
                edits = distance(term, word, limit)
                if edits <= limit:
                    found[word] = 0.8 if edits == 1 else 0.6
    return found


@dataclass(frozen=True)
class _Index:
    """The KB cut into searchable units, with the words of each and what rarity needs."""

    units: tuple[_Unit, ...]
    tokens: tuple[list[str], ...]  # each unit's words, in order (for phrase matches)
    word_sets: tuple[frozenset[str], ...]
    entity_words: tuple[frozenset[str], ...]  # every word of each entity, for rarity
    by_length: dict[int, list[str]]  # the vocabulary, grouped by word length
    known: frozenset[str]


def build_index(kb: KnowledgeBase) -> _Index:
    pieces = tuple(units(kb))
    tokens = tuple(words(u.text) for u in pieces)
    word_sets = tuple(frozenset(ts) for ts in tokens)
    per_entity: dict[tuple[str, str], set[str]] = {}
    for u, ws in zip(pieces, word_sets, strict=True):
        per_entity.setdefault((u.kind, u.id), set()).update(ws)
    known = frozenset().union(*word_sets)
    by_length: dict[int, list[str]] = {}
    for w in sorted(known):
        by_length.setdefault(len(w), []).append(w)
    entity_words = tuple(frozenset(ws) for ws in per_entity.values())
    return _Index(pieces, tokens, word_sets, entity_words, by_length, known)


def search(kb: KnowledgeBase, query: str, limit: int = 10) -> SearchResult:
    query, terms, note = query_terms(query)
    if not terms:
        raise UsageError("search needs at least one word to look for")
    index = build_index(kb)
    n_entities = len(index.entity_words) or 1

    def idf(word: str) -> float:
        # Rare words weigh more. A word the KB lacks counts as the rarest, so an unmatched query
        # word lowers coverage.
        df = sum(1 for ws in index.entity_words if word in ws)
        return math.log(1 + n_entities / max(df, 1))

    matches = {t: term_matches(t, index.by_length, index.known) for t in terms}
    # A word's weight is its own rarity; a typo or prefix takes the commonest word it stands for.
    weights = {
        t: idf(t) if t in index.known else min((idf(w) for w in m), default=idf(t))
        for t, m in matches.items()
    }
    total_weight = sum(weights.values())
    wanted = frozenset().union(*matches.values())
    phrase = " ".join(terms)

    scored: dict[tuple[str, str], list[tuple[float, _Unit, set[str]]]] = {}
    for u, tokens, ws in zip(index.units, index.tokens, index.word_sets, strict=True):
        if ws.isdisjoint(wanted):
            continue
        covered = 0.0
        hit_words: set[str] = set()
        for t in terms:
            found = ws & matches[t].keys()
            if found:
                covered += weights[t] * max(matches[t][w] for w in found)
                hit_words |= found
        coverage = covered / total_weight
        score = u.weight * coverage * coverage
        text = " ".join(tokens)
        if len(terms) > 1 and f" {phrase} " in f" {text} ":
            score *= 1.5
        if covered and set(tokens) <= hit_words:
            # The whole field is what was asked for, typos included ("radiofrequncy ablation").
            score *= 2.0
        scored.setdefault((u.kind, u.id), []).append((score, u, hit_words))

    ranked = [_hit(kb, found) for found in scored.values()]
    if not ranked:
        raise NotFoundError(
            f"nothing in the knowledge base matches '{shown(query)}'{_nearest(kb, terms)}"
        )
    top = max(h.score for h in ranked)
    kept = [h for h in ranked if h.score >= KEEP_RATIO * top]
    kept.sort(key=lambda h: (-h.score, KINDS.index(h.kind), h.name.casefold()))
    return SearchResult(query, tuple(terms), tuple(kept[:limit]), len(kept), note)


def _nearest(kb: KnowledgeBase, terms: list[str]) -> str:
    """'Did you mean' names for a query that matched nothing, or ''."""
    import difflib

    entries: list[Procedure | Condition] = [*kb.procedures.values(), *kb.conditions.values()]
    names = {n.casefold(): n for e in entries for n in (e.name, *e.aliases)}
    close = difflib.get_close_matches(" ".join(terms), list(names), n=3, cutoff=0.6)
    return f". Did you mean: {', '.join(names[c] for c in close)}?" if close else ""


def _hit(kb: KnowledgeBase, found: list[tuple[float, _Unit, set[str]]]) -> Hit:
    """One entity's hit: its best unit counts fully, its next best fields a little."""
    best_per_field: dict[str, tuple[float, _Unit, set[str]]] = {}
    for score, u, ws in sorted(found, key=lambda f: -f[0]):
        best_per_field.setdefault(u.field, (score, u, ws))
    ordered = list(best_per_field.values())
    bonus = (0.25, 0.1)
    score = ordered[0][0] + sum(b * s for b, (s, _, _) in zip(bonus, ordered[1:], strict=False))
    u = ordered[0][1]
    points_to: tuple[tuple[str, str], ...] = ()
    if u.kind == "symptom":
        weights = sorted(kb.symptoms[u.id].conditions, key=lambda cw: -cw[1])
        points_to = tuple((c, kb.conditions[c].name) for c, _ in weights if c in kb.conditions)
    action = kb.red_flags[u.id].action if u.kind == "red_flag" else ""
    return Hit(
        kind=u.kind,
        id=u.id,
        name=u.name,
        score=round(score, 3),
        matches=tuple(Match(unit.field, snippet(unit.text, ws)) for _, unit, ws in ordered[:3]),
        points_to=points_to,
        action=action,
    )


def snippet(text: str, hit_words: set[str]) -> str:
    """The text on one line, or a window of it around the first word that matched."""
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    at = next((m.start() for m in _WORD.finditer(flat) if fold(m.group()) in hit_words), 0)
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
