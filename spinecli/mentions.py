"""Stages 1-2 of `match`: text -> tokens (typos corrected) -> phrase mentions in their context.

A phrase matches when its content words all occur within a short window of one sentence, in
any order ("pain radiating down my leg" meets "down my leg the pain radiates"). Symptom phrases
and finding phrases are matched on the same tokens but resolved apart: a phrase inside a longer
phrase of its own group yields to it ("hay fever" is not "fever"), and no symptom phrase can
consume a finding ("neck pain with fever and headache" still yields fever). NegEx scopes
(negation.py) mark each mention affirmed, negated, hypothetical or someone else's; context.py
adds known-and-under-care and long-standing.
"""

from __future__ import annotations

from bisect import bisect_left

from spinecli import context, cue_words, negation
from spinecli.negation import NEGATING, OTHER, PSEUDO, contrary, find_triggers, scopes
from spinecli.phrases import FINDING, SYMPTOM, Phrase, Vocabulary
from spinecli.record import record, replace
from spinecli.text import (
    SOFT,
    STOPWORDS,
    WORD,
    Token,
    canon_phrase,
    rewrite,
    sentences,
    tokenize,
    words_of,
)

AFFIRMED, NEGATED, HYPOTHETICAL, OTHER_PERSON = "affirmed", "negated", "hypothetical", "other"
# Words of a cue that make someone else's mention history, never the patient's own.
_HISTORY = frozenset(canon_phrase("family history hx fhx died passed"))
_SELF = frozenset(canon_phrase("i im ive id me my myself mine"))
_THIRD = frozenset(canon_phrase("he she his her him hers himself herself hes shes"))
_CANT = frozenset(canon_phrase("can't cannot couldn't unable"))
_LEADING_DENIALS = frozenset(
    canon_phrase("haven't hasn't hadn't not no never didn't don't doesn't")
)
_PEOPLE = frozenset(n for p in cue_words.PEOPLE for n in canon_phrase(p))
_MY = frozenset(canon_phrase("my our"))
_AGE_WORDS = frozenset(canon_phrase("year years old elderly aged"))  # "my 78 year old mum"
RED_FLAG_SLACK = 5
_TREATMENT_VERBS = frozenset(
    n for w in ("touch", "help", "work", "fix", "control") for n, _ in words_of(w)
)
MAX_TYPO_LOOKUPS = 5000  # distinct unknown words tried as typos per query: bounds huge inputs


@record
class Mention:
    owner: str
    kind: str
    start: int  # character offsets of the matched words in the query
    end: int
    text: str
    status: str
    spine: bool  # a symptom of the back or neck (phrases.SPINAL_SHARE of its phrases name one)
    answered: bool = False  # a triage answer rather than words of the query
    known: bool = False  # a diagnosis already under care (context.py)
    long_standing: bool = False  # present for years, since childbirth (context.py)
    past: bool = False  # over and done with: "IVDU 20 years ago", "chemo in 2012" (context.py)
    resolved: bool = False  # its sentence says over for good: "in remission", "healed" (context.py)
    episodic: bool = False  # said to come and go: "some days", "on and off" (context.py)
    dated: bool = False  # a month or more in its clause ("4/12 pain post MVC") (context.py)
    # whose, when someone else's: the person of its cue ("mum" of "my mum has"); "" for
    # family history and the dead ("family history of", "dad died of")
    person: str = ""


@record
class Span:
    """Characters of the query in a scope other than affirmed (for values read from them)."""

    start: int
    end: int
    status: str
    person: str = ""  # as Mention.person


@record
class Analysis:
    mentions: tuple[Mention, ...]
    spans: tuple[Span, ...]


def _fix_typos(tokens: list[Token], vocab: Vocabulary, seen: dict[str, str | None]) -> list[Token]:
    """Unknown words read as the known word they were typed for: a close spelling ("sciatca"),
    a word split by a stray space ("sacro iliac", "tail bone") or two words run together
    ("lowerback", "backpain"). Multi-word rewrites run again on what was fixed."""
    out: list[Token] = []
    skip = False
    for i, tok in enumerate(tokens):
        if skip:
            skip = False
            continue
        if not _unknown(tok, vocab):
            out.append(tok)
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        joined = (
            vocab.typos.canon.get(tok.surface + nxt.surface) if nxt and nxt.kind == WORD else None
        )
        if joined is not None and nxt is not None:
            out.append(Token(WORD, joined, tok.surface + nxt.surface, tok.start, nxt.end))
            skip = True
            continue
        if tok.surface in vocab.no_typo:
            out.append(tok)
            continue
        if tok.surface not in seen:
            if len(seen) >= MAX_TYPO_LOOKUPS:
                out.append(tok)
                continue
            seen[tok.surface] = vocab.typos.lookup(tok.surface)
        fixed = seen[tok.surface]
        if fixed is not None:
            out.append(Token(WORD, fixed, tok.surface, tok.start, tok.end))
            continue
        out.extend(_split(tok, vocab))
    if len(out) == len(tokens) and all(a is b for a, b in zip(out, tokens, strict=True)):
        return tokens
    return rewrite(out)


def _unknown(tok: Token, vocab: Vocabulary) -> bool:
    return tok.kind == WORD and tok.norm not in vocab.words and tok.norm not in STOPWORDS


SPLIT_MIN = 3  # each half of a run-together word is a word of three letters or more


def _split(tok: Token, vocab: Vocabulary) -> list[Token]:
    """A run-together word as its two known words ("lowerback"), or the token as it was."""
    word = tok.surface
    for k in range(SPLIT_MIN, len(word) - SPLIT_MIN + 1):
        parts = [n for w in (word[:k], word[k:]) for n, _ in words_of(w)]
        if len(parts) == 2 and all(p in vocab.words for p in parts):
            return [Token(WORD, p, p, tok.start, tok.end) for p in parts]
    return [tok]


def _slack(size: int, kind: str) -> int:
    """Extra words a phrase of `size` content words may be spread over.

    Finding phrases of three words or more get a wider window: missing a red flag is the worst
    failure ("my legs keep giving way ... both feel weak").
    """
    if size == 1:
        return 0
    return RED_FLAG_SLACK if kind == FINDING and size >= 3 else min(size, 3)


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


def analyse(query: str, vocab: Vocabulary) -> Analysis:
    """Every phrase match in the query with its status, and the scopes, sentence by sentence.

    Phrases and scopes never cross a sentence break, so a sentence is analysed once however
    often it repeats.
    """
    done: dict[str, tuple[list[Mention], list[Span], bool, str, bool]] = {}
    speaks_of_self = False
    patient = ""
    typos: dict[str, str | None] = {}
    mentions: list[Mention] = []
    spans: list[Span] = []
    before = 0  # where the previous sentence's mentions start
    for start, end in sentences(query):
        text = query[start:end]
        if text not in done:
            done[text] = _sentence(text, vocab, typos)
        found, scoped, own, named, over = done[text]
        if over:  # "... a crush fracture at L2. I wore a brace and it has healed."
            mentions[before:] = [replace(m, resolved=True) for m in mentions[before:]]
        before = len(mentions)
        patient = patient or named
        speaks_of_self = speaks_of_self or (own and any(m.status != OTHER_PERSON for m in found))
        for m in found:
            mentions.append(
                Mention(
                    m.owner,
                    m.kind,
                    m.start + start,
                    m.end + start,
                    m.text,
                    m.status,
                    m.spine,
                    known=m.known,
                    long_standing=m.long_standing,
                    past=m.past,
                    resolved=m.resolved,
                    episodic=m.episodic,
                    dated=m.dated,
                    person=m.person,
                )
            )
        spans += [Span(s.start + start, s.end + start, s.status, s.person) for s in scoped]
    if not speaks_of_self and patient:
        mentions, spans = _for_another(mentions, spans, patient)
    return Analysis(tuple(mentions), tuple(spans))


def _for_another(
    mentions: list[Mention], spans: list[Span], patient: str
) -> tuple[list[Mention], list[Span]]:
    """A text that never speaks of the writer's own body is written for someone else ("my mum
    has a fever. She has terrible back pain"): the first person it names is the patient, and
    what they "have" is theirs to flag. Anyone else's, family history and the dead stay
    someone else's ("his grandad had a bad back")."""
    mine = [
        replace(m, status=AFFIRMED) if m.status == OTHER_PERSON and m.person == patient else m
        for m in mentions
    ]
    kept = [s for s in spans if s.status != OTHER_PERSON or s.person != patient]
    return mine, kept


def find_mentions(query: str, vocab: Vocabulary) -> list[Mention]:
    return list(analyse(query, vocab).mentions)


def _matches(tokens: list[Token], vocab: Vocabulary) -> dict[tuple[Phrase, tuple[int, ...]], None]:
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
    return found


def _sentence(
    sentence: str, vocab: Vocabulary, typos: dict[str, str | None]
) -> tuple[list[Mention], list[Span], bool, str, bool]:
    """The sentence's mentions and scopes, whether the writer speaks of themselves in it, the
    first person it names as "my ..." or "our ..." ("mum"), and whether it says the one before
    is over ("it has healed")."""
    tokens = _fix_typos(tokenize(sentence, vocab.gate), vocab, typos)
    found = _matches(tokens, vocab)
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
    # ... nor from part of an idiom of treatment that only looks like negation ("the tablets
    # don't touch it" is no light touch that hurts): a phrase takes all its words or none. Not
    # "not bad", which does deny what it follows ("low back not bad").
    idioms = [
        {i for i in range(a, b) if tokens[i].kind == WORD and tokens[i].norm not in STOPWORDS}
        for a, b, kind in triggers
        if kind == PSEUDO and tokens[b - 1].norm in _TREATMENT_VERBS
    ]
    if idioms:
        found = {k: None for k in found if not any(_part_of(k[1], idiom) for idiom in idioms)}
    # ... nor across a word of the opposite sense ("worse ..., eases when I lie down").
    found = {k: None for k in found if not contrary(tokens, k[1])}
    found = {k: None for k in found if k[0].kind != FINDING or _in_order(tokens, *k)}
    # Symptoms and findings are resolved apart: no symptom phrase consumes a finding.
    accepted = _resolve_overlaps([k for k in found if k[0].kind == SYMPTOM])
    accepted += _resolve_overlaps([k for k in found if k[0].kind != SYMPTOM])
    consumed = {i for _, toks in accepted for i in toks}
    negated, hypothetical, _ = scopes(tokens, consumed, vocab.cues)
    others, whose = _others(tokens, consumed, vocab, hypothetical)
    tags = context.tag(tokens, [toks for _, toks in accepted], vocab.context)
    mentions = []
    for (phrase, toks), (known, long_standing, past, resolved, episodic, dated) in zip(
        accepted, tags, strict=True
    ):
        if any(i in others for i in toks):
            status = OTHER_PERSON
        elif _hypothetical(phrase, toks, hypothetical):
            status = HYPOTHETICAL
        elif any(i in negated for i in toks):
            status = NEGATED
        else:
            status = AFFIRMED
        start, end = tokens[toks[0]].start, tokens[toks[-1]].end
        # A symptom of the back or neck, not any phrase with a spine word in it ("cervical
        # cancer", "pain bores through from my stomach to my back").
        spine = phrase.owner in vocab.spinal
        mentions.append(
            Mention(
                phrase.owner,
                phrase.kind,
                start,
                end,
                sentence[start:end],
                status,
                spine,
                known=known,
                long_standing=long_standing,
                past=past,
                resolved=resolved,
                episodic=episodic,
                dated=dated,
                person=next((whose[i] for i in toks if i in whose), ""),
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end, m.kind))
    spans = [
        Span(
            tokens[i].start,
            tokens[i].end,
            OTHER_PERSON if i in others else status,
            whose.get(i, ""),
        )
        for status, where in ((NEGATED, negated), (HYPOTHETICAL, hypothetical))
        for i in sorted(where)
    ]
    spans += [
        Span(tokens[i].start, tokens[i].end, OTHER_PERSON, person)
        for i, person in _ages_of_others(tokens)
    ]
    over = context.resolves_before(tokens, vocab.context)
    return mentions, spans, _own_words(tokens), _first_person(tokens), over


def _person_named(tokens: list[Token], i: int) -> int:
    """Where the person of a "my" or "our" at `i` is: "my mum", "my 78-year-old mum", or -1."""
    if tokens[i].norm not in _MY:
        return -1
    for j in range(i + 1, min(i + 7, len(tokens))):
        tok = tokens[j]
        if tok.kind == WORD and tok.norm in _PEOPLE:
            return j
        if not (tok.norm.isdigit() or tok.norm in _AGE_WORDS or tok.surface == "-"):
            return -1
    return -1


def _ages_of_others(tokens: list[Token]) -> list[tuple[int, str]]:
    """The number of "my dad is 74", "our mum's 80", "my husband, 72," or "my 78-year-old mum",
    and whose: the age (values.py reads it) is that person's, so the writer's only when the
    text is written for them (_for_another)."""
    out = []
    for i in range(len(tokens) - 1):
        j = _person_named(tokens, i)
        if j < 0:
            continue
        after = j + 2 if j + 2 < len(tokens) and tokens[j + 1].norm in ("is", "") else j + 1
        for at in (*range(i + 1, j), after):
            if at < len(tokens) and tokens[at].kind == WORD and tokens[at].norm.isdigit():
                out.append((at, tokens[j].norm))
    return out


def _first_person(tokens: list[Token]) -> str:
    for i in range(len(tokens) - 1):
        j = _person_named(tokens, i)
        if j >= 0:
            return tokens[j].norm
    return ""


def _in_order(tokens: list[Token], phrase: Phrase, toks: tuple[int, ...]) -> bool:
    """A finding phrase read as it is said: one of two words does not reach across a comma
    ("fingers are numb, worse turning my head" is no worsening numbness), and one that starts
    with "can't" starts there ("my foot, can't sit ... after lifting" is no "can't lift my
    foot")."""
    if len(phrase.words) == 2 and any(
        tokens[j].kind == SOFT and tokens[j].surface == "," for j in range(toks[0], toks[-1])
    ):
        return False
    # ... nor one that starts with a denial ("haven't passed urine" is not "I can pee normally
    # and I haven't had any accidents")
    if phrase.words[0] in _LEADING_DENIALS and tokens[toks[0]].norm != phrase.words[0]:
        return False
    return not any(w in _CANT for w in phrase.words) or tokens[toks[0]].norm in _CANT


def _own_words(tokens: list[Token]) -> bool:
    """Whether what the sentence tells is the writer's own: it says "I", "me" or "my back" (not
    "my mum"), or names no one else ("back pain, my mother had ..." is the writer's back pain;
    "she has terrible back pain" is not). A sentence that opens with "my mum" is about her
    ("my mum has breast cancer and now has back pain at night")."""
    words = [t for t in tokens if t.kind == WORD]
    third = len(words) > 1 and words[0].norm == "my" and words[1].norm in _PEOPLE
    for i, tok in enumerate(tokens):
        if tok.kind != WORD:
            continue
        third = third or tok.norm in _THIRD
        if tok.norm in _SELF and not (
            tok.norm == "my" and i + 1 < len(tokens) and tokens[i + 1].norm in _PEOPLE
        ):
            return True
    return not third


def _hypothetical(phrase: Phrase, toks: tuple[int, ...], hypothetical: set[int]) -> bool:
    """Whether a match lies in a hypothetical scope. A symptom said before its "if" is real
    ("my legs go heavy if I walk far" tells what walking does); a finding anywhere in the
    scope stays hypothetical, so a warning sign to watch for raises no flag."""
    if phrase.kind == SYMPTOM:
        return toks[0] in hypothetical
    return any(i in hypothetical for i in toks)


def _part_of(toks: tuple[int, ...], idiom: set[int]) -> bool:
    """Whether a match takes some but not all of an idiom's words."""
    taken = idiom.intersection(toks)
    return bool(taken) and taken != idiom


def _others(
    tokens: list[Token], consumed: set[int], vocab: Vocabulary, hypothetical: set[int]
) -> tuple[set[int], dict[int, str]]:
    """The hypothetical tokens that someone else's history governs: those after an experiencer
    trigger ("my mother had", "family history of") and before any other trigger; and whose
    they are (the cue's person, "" for family history and the dead)."""
    triggers = sorted(find_triggers(tokens, consumed, vocab.cues))
    out: set[int] = set()
    whose: dict[int, str] = {}
    for n, (start, end, kind) in enumerate(triggers):
        if kind != OTHER:
            continue
        stop = triggers[n + 1][0] if n + 1 < len(triggers) else len(tokens)
        governed = {i for i in range(end, stop) if i in hypothetical}
        cue = [tokens[j].norm for j in range(start, end)]
        if cue[0] in _PEOPLE and not negation.shared_after(tokens, end, len(tokens)):
            governed |= set(range(start + 1, end))  # its verb too: "my neighbour fell" is hers
        out |= governed
        person = "" if _HISTORY.intersection(cue) or cue[0] not in _PEOPLE else cue[0]
        whose.update(dict.fromkeys(governed, person))
    return out, whose


def _resolve_overlaps(
    found: list[tuple[Phrase, tuple[int, ...]]],
) -> list[tuple[Phrase, tuple[int, ...]]]:
    """A match whose words all lie inside one longer match yields to it."""
    found.sort(key=lambda m: (-len(m[0].words), m[1][-1] - m[1][0], m[1]))
    owner: dict[int, int] = {}
    accepted: list[tuple[Phrase, tuple[int, ...]]] = []
    held: list[tuple[int, frozenset[int]]] = []  # accepted symptom matches: size and tokens
    for phrase, toks in found:
        size, inside = len(phrase.words), frozenset(toks)
        owners = {owner.get(i, -1) for i in toks}
        if len(owners) == 1 and -1 not in owners and len(accepted[owners.pop()][0].words) > size:
            continue
        # A symptom phrase yields to any longer one around all its words, not only to the
        # first ("aches when I lift my arm" is shoulder pain, not "arm pain"). Findings keep
        # the looser rule: a red-flag finding inside another finding still counts.
        if phrase.kind == SYMPTOM and any(n > size and inside <= longer for n, longer in held):
            continue
        for i in toks:
            owner.setdefault(i, len(accepted))
        held.append((size, inside))
        accepted.append((phrase, toks))
    return accepted
