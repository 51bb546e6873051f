"""Search's index: one of the KB indexes (`model.INDEXES`), built once per KB and kept by the cache.

Every name, alias and piece of text of the KB is a unit with a field weight. The index is plain
data in five tables, so that a warm `search` reads only what its words need (the cache reads a
map one bucket at a time, spinecli/kbcache.py): each word's postings, the vocabulary by length
(for prefixes and typos), per-unit numbers for scoring, and the names and texts of the hits it
shows. Nothing here scans the KB at query time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from spinecli.model import PRACTICAL_FIELDS, KnowledgeBase
from spinecli.normalize import fold

KINDS = ("procedure", "condition", "symptom", "red_flag")
# Field weights: names and lay names first, then the one-line summary, then the rest of the text.
NAME_W, SUMMARY_W, PURPOSE_W, TEXT_W = 10.0, 4.0, 3.0, 1.5

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(fold(text))


class Unit(NamedTuple):
    """One searchable piece of text: an entity's name, one alias, one list item, a summary."""

    kind: str
    id: str
    name: str
    field: str
    text: str
    weight: float


def units(kb: KnowledgeBase) -> Iterator[Unit]:
    """Every searchable piece of the KB, with the weight of its field, entity by entity."""
    for p in kb.procedures.values():
        head = ("procedure", p.id, p.name)
        yield Unit(*head, "name", p.name, NAME_W)
        for alias in p.aliases:
            yield Unit(*head, "aliases", alias, NAME_W)
        yield Unit(*head, "summary", p.summary, SUMMARY_W)
        yield Unit(*head, "purpose", p.purpose, PURPOSE_W)
        singles = {"category": p.category, **{f: getattr(p, f) for f in PRACTICAL_FIELDS}}
        for field, text in singles.items():
            if text:
                yield Unit(*head, field, text, TEXT_W)
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
                yield Unit(*head, field, item, TEXT_W)
        for group, phased in (("recovery", p.recovery), ("warning_signs", p.warning_signs)):
            for phase, items in phased:
                for item in items:
                    yield Unit(*head, f"{group}.{phase}", item, TEXT_W)
    for c in kb.conditions.values():
        head = ("condition", c.id, c.name)
        yield Unit(*head, "name", c.name, NAME_W)
        for alias in c.aliases:
            yield Unit(*head, "aliases", alias, NAME_W)
        yield Unit(*head, "summary", c.summary, SUMMARY_W)
        for field, items in (
            ("conservative_care", c.conservative_care),
            ("referral", (c.referral,) if c.referral else ()),
            ("candidacy", c.candidacy),
        ):
            for item in items:
                yield Unit(*head, field, item, TEXT_W)
    for s in kb.symptoms.values():
        head = ("symptom", s.id, s.name)
        yield Unit(*head, "name", s.name, NAME_W * 0.7)
        for phrase in s.phrases:
            yield Unit(*head, "phrases", phrase, NAME_W * 0.6)
    for r in kb.red_flags.values():
        head = ("red_flag", r.id, r.name)
        yield Unit(*head, "name", r.name, NAME_W * 0.8)
        yield Unit(*head, "summary", r.summary, SUMMARY_W)
        for fid in dict.fromkeys(f for rule in r.rules for f in rule.findings()):
            finding = kb.findings.get(fid)
            for phrase in finding.phrases if finding and not finding.spinal else ():
                yield Unit(*head, "phrases", phrase, NAME_W * 0.6)


class Numbers(NamedTuple):
    """Per unit: its entity's number, its field's code, its number of distinct words; per field
    code: (field, weight); per entity: its place in the tie order (kind, then name)."""

    entity: tuple[int, ...]
    field: tuple[int, ...]
    size: tuple[int, ...]
    fields: tuple[tuple[str, float], ...]
    rank: tuple[int, ...]


def _built(kb: KnowledgeBase) -> dict[str, Any]:
    """The five tables, built together once per KB (each INDEXES entry takes its own)."""
    found = kb.derived.get("search.built")  # not an INDEXES name: never stored by the cache
    if found is None:
        found = kb.derived["search.built"] = _build(kb)
    return found


def _build(kb: KnowledgeBase) -> dict[str, Any]:
    entity_no: dict[tuple[str, str], int] = {}
    entities: list[tuple[str, str, str]] = []
    codes: dict[tuple[str, float], int] = {}
    postings: dict[str, list[int]] = {}
    df: dict[str, int] = {}
    per_unit: tuple[list[int], list[int], list[int]] = ([], [], [])
    texts: dict[str, str] = {}
    for n, u in enumerate(units(kb)):
        key = (u.kind, u.id)
        e = entity_no.get(key)
        if e is None:
            e = entity_no[key] = len(entities)
            entities.append((u.kind, u.id, u.name))
        code = codes.setdefault((u.field, u.weight), len(codes))
        ws = set(words(u.text))
        for target, value in zip(per_unit, (e, code, len(ws)), strict=True):
            target.append(value)
        texts[str(n)] = u.text
        for w in ws:
            posting = postings.setdefault(w, [])
            # An entity's units come together, so a new entity in a posting is a new one for df.
            if not posting or per_unit[0][posting[-1]] != e:
                df[w] = df.get(w, 0) + 1
            posting.append(n)
    by_length: dict[str, list[str]] = {}
    for w in sorted(postings):
        by_length.setdefault(str(len(w)), []).append(w)
    # Ties in score go by kind, then name, then KB order (a stable sort).
    order = sorted(
        range(len(entities)), key=lambda i: (KINDS.index(entities[i][0]), entities[i][2].casefold())
    )
    rank = [0] * len(entities)
    for place, i in enumerate(order):
        rank[i] = place
    return {
        "words": {w: (df[w], tuple(p)) for w, p in postings.items()},
        "lengths": {k: tuple(v) for k, v in by_length.items()},
        "numbers": tuple(
            Numbers(
                tuple(per_unit[0]),
                tuple(per_unit[1]),
                tuple(per_unit[2]),
                tuple(codes),
                tuple(rank),
            )
        ),
        "entities": {str(i): e for i, e in enumerate(entities)},
        "texts": texts,
    }


def words_table(kb: KnowledgeBase) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Word -> (how many entities have it, the units that have it, in order)."""
    table: dict[str, tuple[int, tuple[int, ...]]] = _built(kb)["words"]
    return table


def lengths_table(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Word length (as a string: the cache stores string-keyed maps) -> the words, sorted."""
    table: dict[str, tuple[str, ...]] = _built(kb)["lengths"]
    return table


def numbers_table(kb: KnowledgeBase) -> tuple[Any, ...]:
    """The fields of `Numbers` as a plain tuple."""
    table: tuple[Any, ...] = _built(kb)["numbers"]
    return table


def entities_table(kb: KnowledgeBase) -> dict[str, tuple[str, str, str]]:
    """Entity number (as a string) -> (kind, id, name)."""
    table: dict[str, tuple[str, str, str]] = _built(kb)["entities"]
    return table


def texts_table(kb: KnowledgeBase) -> dict[str, str]:
    """Unit number (as a string) -> its text."""
    table: dict[str, str] = _built(kb)["texts"]
    return table
