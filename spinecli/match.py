"""`spinecli match`: free text in, red flags, ranked conditions and procedures out. Pure.

Vocabulary, weights and red flags all come from the KB ([symptoms], [red_flags]); this module
only decides how words meet phrases and how weights add up:

1. The query is tokenised and normalised like every KB phrase (`text.py`); unknown words may be
   typos of KB words (`typos.py`).
2. A phrase matches when its content words all occur within a short window of one sentence, in
   any order ("pain radiating down my leg" meets "down my leg the pain radiates"). A phrase
   inside a longer matched phrase yields to it.
3. NegEx scopes (`negation.py`) mark each match affirmed, negated or hypothetical.
4. Red flags: an affirmed `phrases` match raises its flag; an affirmed `context_phrases` match
   raises it only alongside an affirmed symptom in the back or neck. Negated: not raised.
5. Each condition scores the weights of its affirmed symptoms, minus NEGATED_SHARE of the
   weights of its negated ones; procedures follow the leading conditions, unless a red flag
   was raised: then they are withheld.

`triage` feeds yes/no answers in as mentions of their own (`answer_mentions`), so an answer
scores exactly as the same symptom in the query would, and shows as "answered yes".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from spinecli import lexicon
from spinecli.errors import NotFoundError, UsageError
from spinecli.model import INDEXES, Condition, KnowledgeBase, Procedure, RedFlag, Symptom
from spinecli.negation import NEGATING, Cues, compile_cues, find_triggers, scopes
from spinecli.record import record
from spinecli.text import (
    STOPWORDS,
    WORD,
    Token,
    canon_phrase,
    fold,
    gate_key,
    sentences,
    tokenize,
    words_of,
)
from spinecli.typos import TypoIndex

NEGATED_SHARE = 0.5  # a denied symptom counts against a condition at half its weight
SATURATION = 5.0  # score = points / (points + SATURATION): one named diagnosis (5) scores 0.5
LIST_SHARE = 0.25  # conditions below this share of the best one's points are not listed
LEAD_SHARE = 0.5  # conditions within this share of the best one lead to procedures
MAX_LEADING = 3
RED_FLAG_SLACK = 5
SPINAL_SHARE = 0.4  # a symptom most of whose phrases name the back or neck places pain there
SYMPTOM, FLAG, CONTEXT = "symptom", "red_flag", "context"
AFFIRMED, NEGATED, HYPOTHETICAL = "affirmed", "negated", "hypothetical"


# ----------------------------------------------------------------------------- result objects
@record
class Evidence:
    symptom: Symptom
    text: str  # the words of the query that matched
    weight: float  # what it contributed: the KB weight, or minus a share of it when negated
    negated: bool


@record
class RankedCondition:
    condition: Condition
    score: float
    points: float
    evidence: tuple[Evidence, ...]


@record
class RaisedFlag:
    flag: RedFlag
    matched: tuple[str, ...]


@record
class Suggestion:
    procedure: Procedure
    for_conditions: tuple[Condition, ...]


@record
class MatchResult:
    query: str
    red_flags: tuple[RaisedFlag, ...]
    conditions: tuple[RankedCondition, ...]
    procedures: tuple[Suggestion, ...]
    negated: tuple[str, ...]  # names of symptoms and red flags the query denies

    @property
    def urgent(self) -> bool:
        return bool(self.red_flags)


@record
class SymptomList:
    """What `match` recognises (`spinecli symptoms`)."""

    symptoms: tuple[tuple[Symptom, tuple[tuple[Condition, float], ...]], ...]
    red_flags: tuple[RedFlag, ...]


# ----------------------------------------------------------------------------- vocabulary
@record
class Phrase:
    words: tuple[str, ...]  # canonical content words, as a multiset
    owner: str  # symptom or red-flag id
    kind: str  # SYMPTOM, FLAG or CONTEXT


# A phrase in a vocabulary's table: its number (KB order), words, owner and kind.
PhraseRow = tuple[int, tuple[str, ...], str, str]


@record
class Vocabulary:
    # Every phrase, filed under its first word (a phrase matches only when all its words occur,
    # so a query looks only under its own words: a 10,000-procedure KB's phrases are not all
    # read for every query). Numbered, so matches are found in KB order whatever the lookup.
    by_word: Mapping[str, tuple[PhraseRow, ...]]
    spinal: frozenset[str]  # symptoms that place pain in the back or neck
    words: frozenset[str]
    typos: TypoIndex
    no_typo: frozenset[str]  # words never read as typos: lexicon words, stopwords
    gate: frozenset[str]  # gate keys (text.gate_key) of every word that can matter to a query
    # The lexicon's share, the same for every KB but kept with it in the cache: compiling it
    # took longer than matching a query.
    spine: frozenset[str]  # canonical words naming the back or neck (lexicon.SPINE_SITES)
    cues: Cues  # negation triggers and scope words


def _spine_words() -> frozenset[str]:
    return frozenset(n for w in lexicon.SPINE_SITES for n in canon_phrase(w))


def _content(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w for w in words if w not in STOPWORDS)


@lru_cache(maxsize=8)
def _compile(symptoms: tuple[Symptom, ...], flags: tuple[RedFlag, ...]) -> Vocabulary:
    raw: list[tuple[str, str, str]] = [(p, s.id, SYMPTOM) for s in symptoms for p in s.phrases]
    for f in flags:
        raw += [(p, f.id, FLAG) for p in f.phrases]
        raw += [(p, f.id, CONTEXT) for p in f.context_phrases]
    phrases: dict[Phrase, None] = {}
    surfaces: list[tuple[str, str]] = []
    for text, owner, kind in raw:
        words = _content(canon_phrase(text))
        if words:
            phrases[Phrase(tuple(sorted(words)), owner, kind)] = None
        for word in text.split():
            surfaces += [(s, n) for n, s in words_of(word) if n not in STOPWORDS]
    vocab_words = frozenset(w for p in phrases for w in p.words)
    lexicon_words = (
        set(lexicon.STOPWORDS)
        | set(lexicon.SYNONYMS)
        | set(lexicon.ABBREVIATIONS)
        | set(lexicon.NOT_TYPOS)
        | {w for group in _LEXICON_PHRASES for p in group for w in p.split()}
    )
    spine = _spine_words()
    spinal = frozenset(
        s.id
        for s in symptoms
        if s.phrases
        and sum(bool(spine & set(canon_phrase(p))) for p in s.phrases)
        >= SPINAL_SHARE * len(s.phrases)
    )
    by_word: dict[str, list[PhraseRow]] = {}
    for n, p in enumerate(phrases):
        by_word.setdefault(p.words[0], []).append((n, p.words, p.owner, p.kind))
    known = {*vocab_words, *(s for s, _ in surfaces), *lexicon_words, *spine}
    return Vocabulary(
        {w: tuple(rows) for w, rows in by_word.items()},
        spinal,
        vocab_words,
        TypoIndex(surfaces),
        frozenset(lexicon_words),
        frozenset(gate_key(fold(w)) for w in known),
        spine,
        compile_cues(),
    )


_LEXICON_PHRASES = (
    lexicon.PRE_NEGATION,
    lexicon.POST_NEGATION,
    lexicon.PSEUDO_NEGATION,
    lexicon.HYPOTHETICAL,
    lexicon.EXPERIENCER,
    tuple(lexicon.PHRASES),
    tuple(lexicon.SCOPE_END),
    tuple(lexicon.CLAUSE_START),
)


def vocabulary_tables(kb: KnowledgeBase) -> dict[str, Any]:
    """The compiled vocabulary as plain data, model.INDEXES["match.vocabulary"]: the KB cache
    keeps it, and a `match` run loads it instead of compiling every phrase (docs/speed.md)."""
    v = _compile(tuple(kb.symptoms.values()), tuple(kb.red_flags.values()))
    return {
        "spinal": tuple(sorted(v.spinal)),
        "words": tuple(sorted(v.words)),
        "canon": v.typos.canon,
        "no_typo": tuple(sorted(v.no_typo)),
        "gate": tuple(sorted(v.gate)),
        "spine": tuple(sorted(v.spine)),
        "cues": (
            v.cues.by_first_word,
            *(sorted(words) for words in (v.cues.scope_end, v.cues.subjects, v.cues.clause_start)),
        ),
    }


def phrase_table(kb: KnowledgeBase) -> dict[str, tuple[PhraseRow, ...]]:
    """Vocabulary.by_word, an index of its own: the cache stores it in buckets, and a query
    reads only the buckets of its own words."""
    return dict(_compile(tuple(kb.symptoms.values()), tuple(kb.red_flags.values())).by_word)


def typo_table(kb: KnowledgeBase) -> dict[str, list[str]]:
    """The typo index's deletion table, an index of its own: the cache stores it in buckets, and
    a query reads only the buckets of the unknown words it has, if any."""
    return dict(_compile(tuple(kb.symptoms.values()), tuple(kb.red_flags.values())).typos.index)


INDEXES["match.vocabulary"] = vocabulary_tables
INDEXES["match.phrases"] = phrase_table
INDEXES["match.typos"] = typo_table


def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    """The KB's phrases compiled once per KB (and kept in the KB cache between runs)."""
    found = kb.derived.get("match.compiled")
    if isinstance(found, Vocabulary):
        return found
    t = kb.index("match.vocabulary")
    by_first_word, *cue_words = t["cues"]
    vocab = Vocabulary(
        kb.index("match.phrases"),
        frozenset(t["spinal"]),
        frozenset(t["words"]),
        TypoIndex.from_tables(dict(t["canon"]), kb.index("match.typos")),
        frozenset(t["no_typo"]),
        frozenset(t["gate"]),
        frozenset(t["spine"]),
        Cues(dict(by_first_word), *(frozenset(words) for words in cue_words)),
    )
    kb.derived["match.compiled"] = vocab
    return vocab


# ----------------------------------------------------------------------------- finding mentions
MAX_TYPO_LOOKUPS = 5000  # distinct unknown words tried as typos per query: bounds huge inputs


@record
class Mention:
    owner: str
    kind: str
    start: int  # character offsets of the matched words in the query
    end: int
    text: str
    status: str
    spine: bool  # the matched words name a place in the back or neck
    answered: bool = False  # a triage answer rather than words of the query


def _fix_typos(tokens: list[Token], vocab: Vocabulary, seen: dict[str, str | None]) -> list[Token]:
    out = tokens
    for i, tok in enumerate(tokens):
        if tok.kind != WORD or tok.norm in vocab.words or tok.norm in STOPWORDS:
            continue
        if tok.surface in vocab.no_typo:
            continue
        if tok.surface not in seen:
            if len(seen) >= MAX_TYPO_LOOKUPS:
                continue
            seen[tok.surface] = vocab.typos.lookup(tok.surface)
        fixed = seen[tok.surface]
        if fixed is not None:
            if out is tokens:
                out = list(tokens)
            out[i] = Token(WORD, fixed, tok.surface, tok.start, tok.end)
    return out


def _slack(size: int, kind: str) -> int:
    """Extra words a phrase of `size` content words may be spread over.

    Red-flag phrases of three words or more get a wider window: missing one is the worst
    failure ("my legs keep giving way ... both feel weak").
    """
    if size == 1:
        return 0
    return RED_FLAG_SLACK if kind == FLAG and size >= 3 else min(size, 3)


def _nearest(found: list[int], at: int, count: int, lo: int, hi: int, used: set[int]) -> list[int]:
    """Up to `count` positions from sorted `found` in [lo, hi], nearest to `at`, not in used."""
    picked: list[int] = []
    right = bisect_left(found, at)
    left = right - 1
    while len(picked) < count:
        r = found[right] if right < len(found) and found[right] <= hi else None
        l_ = found[left] if left >= 0 and found[left] >= lo else None
        if r is None and l_ is None:
            break
        if l_ is None or (r is not None and r - at <= at - l_):
            assert r is not None
            right += 1
            if r not in used:
                picked.append(r)
        else:
            left -= 1
            if l_ not in used:
                picked.append(l_)
    return picked


def find_mentions(query: str, vocab: Vocabulary) -> list[Mention]:
    """Every phrase match in the query with its status, sentence by sentence.

    Phrases and negation scopes never cross a sentence break, so a sentence is analysed once
    however often it repeats.
    """
    done: dict[str, list[Mention]] = {}
    typos: dict[str, str | None] = {}
    mentions: list[Mention] = []
    for start, end in sentences(query):
        text = query[start:end]
        if text not in done:
            done[text] = _sentence_mentions(text, vocab, typos)
        for m in done[text]:
            mentions.append(
                Mention(m.owner, m.kind, m.start + start, m.end + start, m.text, m.status, m.spine)
            )
    return mentions


def _sentence_mentions(
    sentence: str, vocab: Vocabulary, typos: dict[str, str | None]
) -> list[Mention]:
    tokens = _fix_typos(tokenize(sentence, vocab.gate), vocab, typos)
    content: list[int] = []  # content position -> token index
    where: dict[str, list[int]] = {}
    for i, tok in enumerate(tokens):
        if tok.kind == WORD and tok.norm not in STOPWORDS:
            where.setdefault(tok.norm, []).append(len(content))
            content.append(i)

    found: dict[tuple[Phrase, tuple[int, ...]], None] = {}
    rows = sorted(row for w in where for row in vocab.by_word.get(w, ()))
    for _, words, owner, kind in rows:
        if any(w not in where for w in words):
            continue
        phrase = Phrase(words, owner, kind)
        size = len(phrase.words)
        limit = size + _slack(size, phrase.kind)
        counts: dict[str, int] = {}
        for w in phrase.words:
            counts[w] = counts.get(w, 0) + 1
        anchor = min(counts, key=lambda w: len(where[w]))
        for at in where[anchor]:
            lo, hi = at - limit + 1, at + limit - 1
            used = {at}
            for w, c in counts.items():
                need = c - (1 if w == anchor else 0)
                got = _nearest(where[w], at, need, lo, hi, used) if need else []
                if len(got) < need:
                    break
                used.update(got)
            else:
                if max(used) - min(used) < limit:
                    found[(phrase, tuple(sorted(content[p] for p in used)))] = None

    # A phrase is never assembled across a negation word ("back, no leg pain" is not "back
    # pain"): the words on either side of it are read on their own.
    triggers = find_triggers(tokens, (), vocab.cues)
    cues = [c for a, b, kind in triggers if kind in NEGATING for c in range(a, b)]
    if cues:
        found = {
            k: None
            for k in found
            if not any(k[1][0] < c < k[1][-1] and c not in k[1] for c in cues)
        }
    accepted = _resolve_overlaps(list(found))
    consumed = {i for _, toks in accepted for i in toks}
    negated, hypothetical, _ = scopes(tokens, consumed, vocab.cues)
    mentions = []
    for phrase, toks in accepted:
        if any(i in hypothetical for i in toks):
            status = HYPOTHETICAL
        elif any(i in negated for i in toks):
            status = NEGATED
        else:
            status = AFFIRMED
        start, end = tokens[toks[0]].start, tokens[toks[-1]].end
        spine = phrase.owner in vocab.spinal or any(tokens[i].norm in vocab.spine for i in toks)
        mentions.append(
            Mention(phrase.owner, phrase.kind, start, end, sentence[start:end], status, spine)
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _resolve_overlaps(
    found: list[tuple[Phrase, tuple[int, ...]]],
) -> list[tuple[Phrase, tuple[int, ...]]]:
    """A match whose words all lie inside one longer match yields to it (red flags never do)."""
    found.sort(key=lambda m: (-len(m[0].words), m[1][-1] - m[1][0], m[1]))
    owner: dict[int, int] = {}
    accepted: list[tuple[Phrase, tuple[int, ...]]] = []
    for phrase, toks in found:
        owners = {owner.get(i, -1) for i in toks}
        if phrase.kind == SYMPTOM and len(owners) == 1 and -1 not in owners:
            longer = accepted[owners.pop()]
            if len(longer[0].words) > len(phrase.words):
                continue
        for i in toks:
            owner.setdefault(i, len(accepted))
        accepted.append((phrase, toks))
    return accepted


# ----------------------------------------------------------------------------- the query


def match(kb: KnowledgeBase, query: str) -> MatchResult:
    if not query.strip():
        raise UsageError(
            "the query is empty; describe the symptoms, e.g. spinecli match 'low back pain'"
        )
    mentions = find_mentions(query, vocabulary(kb))
    result = assess(kb, query, mentions)
    if not result.red_flags and not result.conditions:
        raise NotFoundError(_nothing_message(kb, mentions))
    return result


def assess(kb: KnowledgeBase, query: str, mentions: list[Mention]) -> MatchResult:
    """The result for mentions already found (in the query, or answers); may be empty."""
    spine_mentions = [m for m in mentions if m.kind == SYMPTOM and m.status == AFFIRMED and m.spine]
    flags = _raised_flags(kb, mentions, spine_mentions)
    conditions = _rank(kb, mentions)
    return MatchResult(
        query=query,
        red_flags=flags,
        conditions=conditions,
        procedures=() if flags else _procedures(kb, conditions),
        negated=_negated_names(kb, mentions),
    )


ANSWERED = {True: "answered yes", False: "answered no"}


def answer_mentions(
    kb: KnowledgeBase, answers: Iterable[tuple[str, bool]], after: int
) -> list[Mention]:
    """Yes/no answers about symptoms or red flags (by id) as affirmed or negated mentions.

    They sit just after the query's last character (`after`), so they overlap no words of it:
    an answered back or neck symptom gives a red flag's context phrases in the query their
    spinal context, as the same words in the query would.
    """
    spinal = vocabulary(kb).spinal
    return [
        Mention(
            owner,
            SYMPTOM if owner in kb.symptoms else FLAG,
            after,
            after,
            ANSWERED[yes],
            AFFIRMED if yes else NEGATED,
            owner in spinal,
            answered=True,
        )
        for owner, yes in answers
    ]


def _raised_flags(
    kb: KnowledgeBase, mentions: list[Mention], spine: list[Mention]
) -> tuple[RaisedFlag, ...]:
    matched: dict[str, list[str]] = {}
    for m in mentions:
        if m.status != AFFIRMED or m.kind == SYMPTOM:
            continue
        if m.kind == CONTEXT and not any(s.end <= m.start or m.end <= s.start for s in spine):
            continue
        texts = matched.setdefault(m.owner, [])
        if m.text not in texts:
            texts.append(m.text)
    raised = []
    for fid in kb.red_flags:  # ids in KB order: only the flags raised are read from the cache
        if fid in matched:
            f = kb.red_flags[fid]
            texts = matched[fid]
            # "fell", "fell down", "fell down the stairs": show the widest wording once.
            kept = tuple(t for t in texts if not any(t != o and t in o for o in texts))
            raised.append(RaisedFlag(f, kept))
    return tuple(raised)


def _evidence(kb: KnowledgeBase, mentions: list[Mention]) -> dict[str, list[Evidence]]:
    """What each condition's symptoms contributed, by condition id."""
    status: dict[str, Mention] = {}
    for m in mentions:
        if m.kind != SYMPTOM or m.status == HYPOTHETICAL:
            continue
        # Affirmed anywhere wins over negated elsewhere; then the query's words over an answer;
        # then the tightest wording explains best.
        held = status.get(m.owner)
        rank = (m.status != AFFIRMED, m.answered, m.end - m.start)
        if held is None or rank < (held.status != AFFIRMED, held.answered, held.end - held.start):
            status[m.owner] = m
    evidence: dict[str, list[Evidence]] = {}
    for sid, m in status.items():
        symptom = kb.symptoms[sid]
        negated = m.status == NEGATED
        for cid, weight in symptom.conditions:
            if weight <= 0 or cid not in kb.conditions:
                continue
            value = -NEGATED_SHARE * weight if negated else weight
            evidence.setdefault(cid, []).append(Evidence(symptom, m.text, value, negated))
    return evidence


def condition_points(kb: KnowledgeBase, mentions: list[Mention]) -> dict[str, float]:
    """Points of every condition the mentions touch, negative ones included (`match` lists
    only those within LIST_SHARE of the best)."""
    return {cid: sum(e.weight for e in items) for cid, items in _evidence(kb, mentions).items()}


def _rank(kb: KnowledgeBase, mentions: list[Mention]) -> tuple[RankedCondition, ...]:
    evidence = _evidence(kb, mentions)
    ranked = []
    order = {cid: i for i, cid in enumerate(kb.conditions)}
    for cid, items in evidence.items():
        points = sum(e.weight for e in items)
        if points <= 0:
            continue
        items.sort(key=lambda e: (e.negated, -abs(e.weight), e.symptom.name))
        score = round(points / (points + SATURATION), 3)
        ranked.append(RankedCondition(kb.conditions[cid], score, points, tuple(items)))
    ranked.sort(key=lambda r: (-r.points, order[r.condition.id]))
    best = ranked[0].points if ranked else 0.0
    return tuple(r for r in ranked if r.points >= LIST_SHARE * best)


def _procedures(
    kb: KnowledgeBase, conditions: tuple[RankedCondition, ...]
) -> tuple[Suggestion, ...]:
    if not conditions:
        return ()
    best = conditions[0].points
    leading = [c for c in conditions if c.points >= LEAD_SHARE * best][:MAX_LEADING]
    found: dict[str, list[Condition]] = {}
    for ranked in leading:
        for t in ranked.condition.procedures:
            if t.procedure in kb.procedures:
                found.setdefault(t.procedure, []).append(ranked.condition)
    return tuple(Suggestion(kb.procedures[pid], tuple(cs)) for pid, cs in found.items())


def _negated_names(kb: KnowledgeBase, mentions: list[Mention]) -> tuple[str, ...]:
    """What the query denies (a triage answer 'no' shows in the answers, not here)."""
    affirmed = {m.owner for m in mentions if m.status == AFFIRMED}
    names: dict[str, None] = {}
    for m in mentions:
        if m.status == NEGATED and not m.answered and m.owner not in affirmed:
            entry = kb.symptoms.get(m.owner) if m.kind == SYMPTOM else kb.red_flags.get(m.owner)
            if entry is not None:
                names[entry.name] = None
    return tuple(names)


def _nothing_message(kb: KnowledgeBase, mentions: list[Mention]) -> str:
    denied = _negated_names(kb, mentions)
    hint = "try other words, or see what it recognises: spinecli symptoms"
    if denied:
        return f"nothing to rank: the query only denies ({'; '.join(denied)}); {hint}"
    return f"no symptom recognised in the query; {hint}"


def list_symptoms(kb: KnowledgeBase) -> SymptomList:
    rows = []
    for s in kb.symptoms.values():
        weights = tuple(
            (kb.conditions[cid], w)
            for cid, w in sorted(s.conditions, key=lambda cw: -cw[1])
            if cid in kb.conditions
        )
        rows.append((s, weights))
    return SymptomList(tuple(rows), tuple(kb.red_flags.values()))
