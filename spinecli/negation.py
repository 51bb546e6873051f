"""NegEx-style negation and hypothetical scopes over a token list.

After Chapman et al. (2001), "A simple algorithm for identifying negated findings and diseases
in discharge summaries": a trigger ("no", "denies", "negative for") opens a scope that runs
forward until a terminating word ("but", a new subject), the end of the sentence or a length
limit; post-triggers ("ruled out", "absent") look back; pseudo-triggers ("no change",
"didn't help") look like negation and are not. Hypothetical cues ("if", "watch for") open a
scope too: what lies in it is neither affirmed nor denied.

A comma continues a scope through short list items ("denies fever, chills, night sweats") and
ends it before a longer clause ("no fever, back pain for two weeks since lifting").

A question answered no ("Night pain? No.", "Q: weakness? A: none", "fever - no") and a label
whose whole answer is a denial ("Fever: none.", "Trauma: nil") deny the question or the label.
Someone else's history ("my wife has", "family history of") covers what follows up to a comma,
a "but" or the writer's own "I", "me" or "my".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from spinecli import cue_words
from spinecli.record import record
from spinecli.text import HARD, QA, SOFT, STOPWORDS, WORD, Token, canon_phrase, words_of

PSEUDO, PRE, POST, BOTH, HYPO = "pseudo", "pre", "post", "both", "hypo"
OTHER = "experiencer"  # someone other than the writer ("family history of", "mother had")
NEGATING = frozenset({PRE, POST, BOTH})
MAX_ITEM = (
    2  # content words in one list item after a comma ("night sweats", not "radicular pain L5")
)
# Marks inside an item ("L4-5", "w/o") rather than between items; a colon starts a new heading or
# finding ("neg SLR, MRI: facet arthropathy") and so ends any negation.
_JOINERS = frozenset("-/\u2013")
_HEADING = ":"
MAX_SCOPE = 6  # content words a trigger governs before any comma
MAX_TOTAL = 24  # content words in a whole negated list
MAX_POST = 4  # content words a post-trigger looks back over
MAX_LABEL = 8  # content words of a question or label an answer of "no" denies
_OWN = frozenset(n for w in cue_words.OWN for n, _ in words_of(w))  # the writer, speaking of self
_SHARED = tuple(tuple(n for w in p.split() for n, _ in words_of(w)) for p in cue_words.SHARED)


CueTable = Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]


@record
class Cues:
    """The negation lexicon in canonical words (`compile_cues`). Built from cue_words.py, and kept
    in the KB cache with match's vocabulary: building it takes longer than a query."""

    by_first_word: CueTable  # trigger patterns under their first word, longest first
    scope_end: frozenset[str]  # words that end a scope ("but", a new subject)
    subjects: frozenset[str]  # new subjects ("I", "she"): see _forward
    clause_start: frozenset[str]  # words that start a clause rather than a list item


def compile_cues() -> Cues:
    kinds: dict[tuple[str, ...], set[str]] = {}
    for kind, phrases in (
        (OTHER, cue_words.EXPERIENCER),
        (HYPO, cue_words.HYPOTHETICAL),
        (POST, cue_words.POST_NEGATION),
        (POST, cue_words.INTENTIONAL_AFTER),
        (PRE, cue_words.PRE_NEGATION),
        (PRE, cue_words.INTENTIONAL_BEFORE),
        (PSEUDO, cue_words.PSEUDO_NEGATION),
    ):
        for phrase in phrases:
            key = canon_phrase(phrase)
            if key:
                kinds.setdefault(key, set()).add(kind)
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, found in kinds.items():
        for kind in (PSEUDO, OTHER, HYPO):
            if kind in found:
                break
        else:
            kind = BOTH if found == {PRE, POST} else found.pop()
        grouped.setdefault(key[0], []).append((key, kind))
    return Cues(
        {w: tuple(sorted(v, key=lambda kv: -len(kv[0]))) for w, v in grouped.items()},
        frozenset(n for w in cue_words.SCOPE_END for n in canon_phrase(w)),
        frozenset(canon_phrase("i im ive he she they we patient cant")),
        frozenset(n for w in cue_words.CLAUSE_START for n in canon_phrase(w)),
    )


def _is_content(tok: Token) -> bool:
    return tok.kind == WORD and tok.norm not in STOPWORDS


def find_triggers(
    tokens: list[Token], consumed: Collection[int], cues: Cues
) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each trigger; words inside a matched KB phrase are not triggers,
    except where someone else's history runs on into one."""
    first = cues.by_first_word
    found: list[tuple[int, int, str]] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        candidates = first.get(tok.norm) if tok.kind == WORD else None
        if not candidates or i in consumed:
            i += 1
            continue
        for key, kind in candidates:
            # Someone else's history may run on into a KB phrase ("family history of" over
            # "history of cancer"); any other trigger stays clear of them ("not" + "bad back").
            # A comma may follow its person: "my dad, who has an aneurysm".
            skip = int(
                kind == OTHER
                and i + 1 < n
                and tokens[i + 1].kind == SOFT
                and tokens[i + 1].surface == ","
            )
            at = [i, *range(i + 1 + skip, i + len(key) + skip)]
            if at[-1] >= n or any(
                tokens[j].kind != WORD
                or tokens[j].norm != key[k]
                or (j in consumed and kind != OTHER)
                for k, j in enumerate(at)
                if k
            ):
                continue
            size = at[-1] + 1 - i
            found.append((i, i + size, kind))
            i += size
            break
        else:
            i += 1
    return found


def _clause_start(tokens: list[Token], at: int, cues: Cues) -> bool:
    """True when no content word precedes `at` in its clause."""
    for j in range(at - 1, -1, -1):
        tok = tokens[j]
        if tok.kind != WORD:
            return True
        if tok.norm in cues.scope_end:
            return True
        if tok.norm not in STOPWORDS:
            return False
    return True


def _clause_end(tokens: list[Token], at: int) -> bool:
    """True when no content word follows `at` before a break."""
    for j in range(at, len(tokens)):
        if tokens[j].kind != WORD:
            return True
        if tokens[j].norm not in STOPWORDS:
            return False
    return True


def _forward(
    tokens: list[Token],
    start: int,
    cues: Cues,
    only_next: bool,
    hypo: bool = False,
    one_item: bool = False,
) -> range:
    """The token range a pre-trigger ending at `start` governs.

    A hypothetical scope ("if I lose control of my bladder") runs on through a new subject
    that comes before any content word; a later one ("family history of cancer and I have
    ...") starts the patient's own clause and ends the scope. `one_item`: the scope ends at the
    first comma (someone else's history covers one list item).
    """
    n = len(tokens)
    j, in_item, total = start, 0, 0
    while j < n:
        tok = tokens[j]
        if tok.kind == HARD:
            break
        if tok.kind == SOFT:
            if tok.surface == _HEADING:
                break
            if tok.surface in _JOINERS:
                j += 1
                continue
            if one_item or not _short_item(tokens, j + 1, cues):
                break
            in_item = 0
        elif (
            tok.norm in cues.scope_end and not (hypo and not total and tok.norm in cues.subjects)
        ) or (one_item and tok.norm in _OWN):
            break
        elif tok.norm in ("and", "or", "nor"):
            in_item = 0
        elif tok.norm not in STOPWORDS:
            in_item += 1
            total += 1
            if in_item > MAX_SCOPE or total > MAX_TOTAL:
                break
            if only_next:
                return range(start, j + 1)
        j += 1
    return range(start, j)


def _short_item(tokens: list[Token], j: int, cues: Cues) -> bool:
    """Whether the words after a comma look like one more item of a list."""
    count = 0
    n = len(tokens)
    first = True
    while j < n:
        tok = tokens[j]
        if tok.kind == HARD:
            return True
        if tok.kind == SOFT and tok.surface in _JOINERS:
            j += 1
            continue
        if tok.kind == SOFT or tok.norm in ("and", "or", "nor"):
            return count > 0
        if tok.norm in cues.scope_end:
            return count > 0
        if first and tok.norm in cues.clause_start:
            return False
        if tok.norm not in STOPWORDS:
            count += 1
            first = False
            if count > MAX_ITEM:
                return False
        j += 1
    return True


def _backward(tokens: list[Token], end: int, cues: Cues) -> range:
    """The token range a post-trigger starting at `end` looks back over, within its clause."""
    j, count = end - 1, 0
    while j >= 0:
        tok = tokens[j]
        if tok.kind != WORD or tok.norm in cues.scope_end:
            break
        if _is_content(tok):
            count += 1
            if count > MAX_POST:
                break
        j -= 1
    return range(j + 1, end)


def _opposites() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in cue_words.OPPOSITES:
        for x, y in ((a, b), (b, a)):
            for nx in canon_phrase(x):
                table.setdefault(nx, set()).update(canon_phrase(y))
    return {k: frozenset(v) for k, v in table.items()}


_OPPOSITE = _opposites()


def contrary(tokens: list[Token], toks: tuple[int, ...]) -> bool:
    """Whether a phrase match puts a word of the opposite sense between one of its own words and
    what follows it: "pain, worse in the morning and eases when I lie down" holds no "worse lying
    down"; "back pain, better in the morning, worse lying down" still does."""
    inside = set(toks)
    for i in toks:
        against = _OPPOSITE.get(tokens[i].norm)
        if against and any(
            tokens[j].norm in against for j in range(i + 1, toks[-1]) if j not in inside
        ):
            return True
    return False


def _label(tokens: list[Token], sep: int) -> range:
    """The question or label before the separator at `sep`, back to the previous break."""
    j, count = sep - 1, 0
    while j >= 0:
        tok = tokens[j]
        if tok.kind == HARD or (tok.kind == SOFT and tok.surface not in _JOINERS):
            break
        if _is_content(tok):
            count += 1
            if count > MAX_LABEL:
                break
        j -= 1
    return range(j + 1, sep)


def _answers_no(tokens: list[Token], start: int, end: int) -> bool:
    """Whether the negation trigger at start..end answers a question or label with no."""
    if start == 0 or tokens[start - 1].kind != SOFT:
        return False
    sep = tokens[start - 1].surface
    return sep == QA or (sep == _HEADING and _clause_end(tokens, end))


def _shared(tokens: list[Token], scope: range) -> bool:
    """Whether the writer says they share what someone else's history covers, just where its
    scope ends: "... and so did I", "..., and so did I", "..., me too", "... and I had it too"."""
    return any(
        _shared_at(tokens, at)
        for at in range(max(scope.start, scope.stop - 2), min(len(tokens), scope.stop + 3))
    )


def _shared_at(tokens: list[Token], at: int) -> bool:
    n = len(tokens)
    for key in _SHARED:
        words = [j for j in range(at, n) if tokens[j].kind == WORD][: len(key)]
        if (
            len(words) == len(key)
            and words[0] == at
            and words[-1] - at < len(key) + 1
            and all(tokens[j].norm == w for j, w in zip(words, key, strict=True))
        ):
            return True
    return False


def shared_after(tokens: list[Token], start: int, stop: int) -> bool:
    """Whether the writer says they share it somewhere in [start, stop): "my dad fell off a
    ladder and so did I", "my friend injects and so do I" (its event verb is the writer's too)."""
    return any(_shared_at(tokens, at) for at in range(start, min(stop, len(tokens))))


def scopes(
    tokens: list[Token], consumed: Collection[int], cues: Cues
) -> tuple[set[int], set[int], set[int]]:
    """Token indices that are negated, that are hypothetical, and that are triggers."""
    negated: set[int] = set()
    hypothetical: set[int] = set()
    trigger_words: set[int] = set()
    for start, end, kind in find_triggers(tokens, consumed, cues):
        if kind == PSEUDO:
            continue
        trigger_words.update(range(start, end))
        if kind in NEGATING and _answers_no(tokens, start, end):
            negated.update(_label(tokens, start - 1))
            if _clause_end(tokens, end):
                continue  # "Leg pain? No, just back pain": the answer governs nothing after it
        if kind in (HYPO, OTHER):
            scope = _forward(tokens, end, cues, only_next=False, hypo=True, one_item=kind == OTHER)
            if kind == OTHER and _shared(tokens, scope):
                continue  # "my mum had breast cancer and so did I": the writer's own too
            hypothetical.update(scope)
            continue
        if kind == BOTH:
            # "denies fever" looks forward; "fever denied." and "SLR negative" look back.
            kind = (
                POST if _clause_end(tokens, end) and not _clause_start(tokens, start, cues) else PRE
            )
        if kind == POST:
            negated.update(_backward(tokens, start, cues))
        else:
            only_next = tokens[start].norm == "non"
            negated.update(_forward(tokens, end, cues, only_next))
    return negated, hypothetical, trigger_words
