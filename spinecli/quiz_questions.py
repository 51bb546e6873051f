"""Multiple-choice questions from the KB, one builder per kind of question. Pure: no I/O, no
clock, no entropy beyond the random.Random the caller passes.

A question asks about one fact the KB states, and every wrong option (distractor) is checked
against the KB before it is used, so each question has exactly one right answer:

- a condition the procedure is not listed for, nor any procedure of a similar kind;
- a relief time on a different time scale (hours against months), never an overlapping one;
- a category that could not also describe the procedure (an injection is never "ablation").

Distractors are chosen to be plausible: same category or region as the right answer where the KB
allows.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from spinecli.model import CATEGORIES, Condition, KnowledgeBase, Procedure
from spinecli.normalize import normalize

LETTERS = "ABCD"
OPTIONS = len(LETTERS)  # the right answer and up to three distractors
MIN_OPTIONS = 3  # fewer plausible distractors than two: the question is not asked
BLANK = "___"

KIND_LABELS = {
    "identify-procedure": "Which procedure is it?",
    "identify-condition": "Which condition is it?",
    "treats": "What does it treat?",
    "treated-by": "What treats it?",
    "relief-duration": "How long does relief last?",
    "relief-onset": "When does relief start?",
    "diagnostic": "Which is diagnostic?",
    "category": "Which category?",
}
CATEGORY_LABELS = {c: c.replace("-", " ") for c in CATEGORIES}

# Categories that could also fairly describe a procedure of the other (a nerve block is given by
# injection; a spinal cord stimulator is an implant). They are never distractors for each other.
_AKIN_PAIRS = (
    ("injection", "nerve-block"),
    ("injection", "diagnostic"),
    ("injection", "regenerative"),
    ("injection", "augmentation"),
    ("nerve-block", "diagnostic"),
    ("neuromodulation", "implant"),
    # An interspinous spacer decompresses indirectly.
    ("decompression", "implant"),
)
AKIN = {c: {c} for c in CATEGORIES}
for _a, _b in _AKIN_PAIRS:
    AKIN[_a].add(_b)
    AKIN[_b].add(_a)

# Time scales, shortest first. A relief time is a set of scales; two times are told apart only when
# their sets do not meet. "Up to"/"within" reach down to the shortest scale, "or longer"/"over"
# reach up to the longest, so an open-ended time never counts as wrong by accident.
SCALES = ("immediate", "minutes", "hours", "days", "weeks", "months", "years", "indefinite")
_SCALE_WORDS = (
    ("immediate", r"immediate(?:ly)?|right away|at once|straight away"),
    ("minutes", r"minutes?"),
    ("hours", r"hours?"),
    ("days", r"days?"),
    ("weeks", r"weeks?"),
    ("months", r"months?"),
    ("years", r"years?"),
    ("indefinite", r"indefinite(?:ly)?|long[- ]term|ongoing|permanent(?:ly)?|as long as|lifelong"),
)
_REACHES_DOWN = re.compile(r"\b(?:up to|within|less than|under)\b", re.I)
_REACHES_UP = re.compile(r"\b(?:longer|or more|over|at least|more than|beyond)\b", re.I)

T = TypeVar("T")


@dataclass(frozen=True)
class Question:
    kind: str  # a KIND_LABELS key
    prompt: str
    options: tuple[str, ...]
    answer: int  # index into options
    explanation: str
    subject: tuple[str, str]  # (kind, id) of what the question is about
    keys: tuple[str, ...]  # per option, the procedure, condition or category id it stands for


def roles_of(kb: KnowledgeBase, p: Procedure) -> list[str]:
    return [role for _, role in kb.treatments_of(p.id)]


def is_diagnostic(kb: KnowledgeBase, p: Procedure) -> bool:
    """Done to find the source of pain: the diagnostic category, or diagnostic wherever listed."""
    roles = roles_of(kb, p)
    return p.category == "diagnostic" or (bool(roles) and all(r == "diagnostic" for r in roles))


def never_diagnostic(kb: KnowledgeBase, p: Procedure) -> bool:
    roles = roles_of(kb, p)
    return p.category != "diagnostic" and not any(r.startswith("diagnostic") for r in roles)


def time_scales(text: str) -> frozenset[str]:
    """The time scales a relief time spans (see SCALES); empty when it names none."""
    found = {s for s, words in _SCALE_WORDS if re.search(rf"\b(?:{words})\b", text, re.I)}
    if not found:
        return frozenset()
    positions = sorted(SCALES.index(s) for s in found)
    low, high = positions[0], positions[-1]
    if _REACHES_DOWN.search(text):
        low = 0
    if _REACHES_UP.search(text):
        high = len(SCALES) - 1
    # A range ("days to months") covers the scales between its ends.
    return frozenset(SCALES[low : high + 1])


def akin(a: str, b: str) -> bool:
    return b in AKIN[a]


@functools.lru_cache(maxsize=1024)
def _names(entry: Procedure | Condition) -> tuple[str, ...]:
    return tuple(n for n in (normalize(x) for x in (entry.name, *entry.aliases)) if n)


def _contains(outer: str, inner: str) -> bool:
    return f" {inner} " in f" {outer} "


def nested(a: Procedure | Condition, b: Procedure | Condition) -> bool:
    """One names the other inside a name of its own ("medial branch nerve block" holds "nerve
    block"): one may be a kind of the other, so neither is a fair distractor for the other."""
    theirs = _names(b)
    return any(_contains(x, y) or _contains(y, x) for x in _names(a) for y in theirs)


def overlapping(a: Condition, b: Condition) -> bool:
    """Conditions that may overlap: nested names, or names sharing two words in a row
    ("chronic low back pain" and "vertebrogenic low back pain")."""

    def pairs(c: Condition) -> set[tuple[str, str]]:
        words = normalize(c.name).split()
        return set(itertools.pairwise(words))

    return nested(a, b) or bool(pairs(a) & pairs(b))


def mentioned(entry: Procedure | Condition, text: str) -> bool:
    """The entry is named in text (a description that names an option is no fair question)."""
    flat = normalize(text)
    return any(_contains(flat, n) for n in _names(entry))


# --- building questions -------------------------------------------------------------------------


def _closeness(regions: Iterable[str], category: str = "") -> Callable[[Procedure], float]:
    wanted = set(regions)

    def score(p: Procedure) -> float:
        return len(wanted & set(p.regions)) + (2.0 if category and p.category == category else 0.0)

    return score


def _pick(rng: random.Random, pool: Sequence[T], closeness: Callable[[T], float]) -> list[T]:
    """The most plausible distractors, with a little chance so repeated quizzes vary."""
    ranked = sorted(range(len(pool)), key=lambda i: -(closeness(pool[i]) + rng.random()))
    return [pool[i] for i in ranked[: OPTIONS - 1]]


def _mask(text: str, names: Iterable[str]) -> str:
    """Text with the given names (and their plurals) blanked out, longest first."""
    for name in sorted({n for n in names if len(n) >= 2}, key=len, reverse=True):
        text = re.sub(rf"(?i)(?<!\w){re.escape(name)}(?:e?s)?(?!\w)", BLANK, text)
    return text


def _giveaways(entry: Procedure | Condition, others: Iterable[Procedure | Condition]) -> list[str]:
    """What would give an entry away in a text about it: its names, and the longer words of its
    name that no other option shares."""
    shared = {w for o in others for w in normalize(o.name).split()}
    words = [w for w in normalize(entry.name).split() if len(w) >= 4 and w not in shared]
    return [entry.name, *entry.aliases, entry.id.replace("-", " "), *words]


def _question(
    rng: random.Random,
    kind: str,
    prompt: str,
    right: tuple[str, str],
    wrong: Sequence[tuple[str, str]],
    explanation: str,
    subject: tuple[str, str],
) -> Question | None:
    """A question from (key, text) options, or None when they are too few or read the same."""
    if len(wrong) < MIN_OPTIONS - 1:
        return None
    options = [right, *wrong[: OPTIONS - 1]]
    if len({normalize(text) for _, text in options}) < len(options):
        return None
    rng.shuffle(options)
    return Question(
        kind=kind,
        prompt=prompt,
        options=tuple(text for _, text in options),
        answer=options.index(right),
        explanation=explanation,
        subject=subject,
        keys=tuple(key for key, _ in options),
    )


def by_id(entries: Iterable[T]) -> list[T]:
    return sorted(entries, key=lambda e: getattr(e, "id", ""))


def identify_procedure(kb: KnowledgeBase, p: Procedure, rng: random.Random) -> Question | None:
    pool = [
        o
        for o in by_id(kb.procedures.values())
        if o.id != p.id and not nested(o, p) and not mentioned(o, p.summary)
    ]
    wrong = _pick(rng, pool, _closeness(p.regions, p.category))
    description = _mask(p.summary, _giveaways(p, wrong))
    return _question(
        rng,
        "identify-procedure",
        f'Which procedure fits this description? "{description}"',
        (p.id, p.name),
        [(o.id, o.name) for o in wrong],
        f"{p.name}: {p.summary}",
        ("procedure", p.id),
    )


def identify_condition(kb: KnowledgeBase, c: Condition, rng: random.Random) -> Question | None:
    pool = [
        o
        for o in by_id(kb.conditions.values())
        if o.id != c.id and not overlapping(o, c) and not mentioned(o, c.summary)
    ]
    mine = {t.procedure for t in c.procedures}

    def closeness(o: Condition) -> float:
        return len(set(c.regions) & set(o.regions)) + len(
            mine & {t.procedure for t in o.procedures}
        )

    wrong = _pick(rng, pool, closeness)
    description = _mask(c.summary, _giveaways(c, wrong))
    return _question(
        rng,
        "identify-condition",
        f'Which condition fits this description? "{description}"',
        (c.id, c.name),
        [(o.id, o.name) for o in wrong],
        f"{c.name}: {c.summary}",
        ("condition", c.id),
    )


def treats(kb: KnowledgeBase, p: Procedure, rng: random.Random, focus: str = "") -> Question | None:
    listed = kb.treatments_of(p.id)
    if not listed:
        return None
    ids = [c.id for c, _ in listed]
    right = kb.conditions[focus] if focus in ids else rng.choice([c for c, _ in listed])

    def wrong_for_p(c: Condition) -> bool:
        # Not listed for p, nor for any procedure of a similar kind: clearly not p's job.
        return all(not akin(p.category, kb.procedures[t.procedure].category) for t in c.procedures)

    pool = [
        c
        for c in by_id(kb.conditions.values())
        if c.id not in ids
        and wrong_for_p(c)
        and not any(overlapping(c, other) for other, _ in listed)
    ]
    wrong = _pick(rng, pool, lambda c: len(set(p.regions) & set(c.regions)))
    uses = ", ".join(f"{c.name} ({role.replace('-', ' ')})" for c, role in listed)
    return _question(
        rng,
        "treats",
        f"Which of these conditions is {p.name} listed for?",
        (right.id, right.name),
        [(c.id, c.name) for c in wrong],
        f"The knowledge base lists {p.name} for: {uses}.",
        ("procedure", p.id),
    )


def treated_by(
    kb: KnowledgeBase, c: Condition, rng: random.Random, focus: str = ""
) -> Question | None:
    listed = [kb.procedures[t.procedure] for t in c.procedures if t.procedure in kb.procedures]
    if not listed:
        return None
    ids = [p.id for p in listed]
    right = kb.procedures[focus] if focus in ids else rng.choice(listed)
    kinds = {p.category for p in listed}
    pool = [
        p
        for p in by_id(kb.procedures.values())
        if p.id not in ids
        and not any(akin(p.category, k) for k in kinds)
        and not any(nested(p, other) for other in listed)
    ]
    wrong = _pick(rng, pool, _closeness(c.regions))
    order = "; ".join(
        f"{i}. {kb.procedures[t.procedure].name} ({t.role.replace('-', ' ')})"
        for i, t in enumerate(c.procedures, start=1)
        if t.procedure in kb.procedures
    )
    return _question(
        rng,
        "treated-by",
        f"Which of these procedures is listed for {c.name}?",
        (right.id, right.name),
        [(p.id, p.name) for p in wrong],
        f"For {c.name}, after conservative care, the usual order is: {order}.",
        ("condition", c.id),
    )


def timing(kb: KnowledgeBase, p: Procedure, rng: random.Random, field: str) -> Question | None:
    """How long relief lasts (field relief_duration) or when it starts (onset)."""
    mine = time_scales(getattr(p, field))
    if not mine:
        return None
    pool = [
        o
        for o in by_id(kb.procedures.values())
        if o.id != p.id
        and time_scales(getattr(o, field))
        and not mine & time_scales(getattr(o, field))
    ]
    wrong = _pick(rng, pool, _closeness(p.regions, p.category))

    def option(o: Procedure) -> tuple[str, str]:
        return o.id, _mask(getattr(o, field), _giveaways(o, ()))

    if field == "relief_duration":
        kind, prompt = "relief-duration", f"How long does relief from {p.name} usually last?"
        explanation = f"Relief from {p.name}: {p.relief_duration}"
    else:
        kind, prompt = "relief-onset", f"When does relief from {p.name} usually start?"
        explanation = f"When relief from {p.name} starts: {p.onset}"
    return _question(
        rng, kind, prompt, option(p), [option(o) for o in wrong], explanation, ("procedure", p.id)
    )


def diagnostic(kb: KnowledgeBase, p: Procedure, rng: random.Random) -> Question | None:
    if not is_diagnostic(kb, p):
        return None
    pool = [o for o in by_id(kb.procedures.values()) if never_diagnostic(kb, o)]
    wrong = _pick(rng, pool, _closeness(p.regions))
    return _question(
        rng,
        "diagnostic",
        "Which of these procedures is done mainly to find the source of pain (diagnostic), "
        "rather than to treat it?",
        (p.id, p.name),
        [(o.id, o.name) for o in wrong],
        f"{p.name} is diagnostic. {p.purpose}",
        ("procedure", p.id),
    )


def category(kb: KnowledgeBase, p: Procedure, rng: random.Random) -> Question | None:
    ruled_out = {"diagnostic"} if not never_diagnostic(kb, p) else set()
    used = {o.category for o in kb.procedures.values()}
    pool = [c for c in CATEGORIES if not akin(p.category, c) and c not in ruled_out]
    wrong = _pick(rng, pool, lambda c: 1.0 if c in used else 0.0)
    return _question(
        rng,
        "category",
        f"Which category does {p.name} belong to?",
        (p.category, CATEGORY_LABELS[p.category]),
        [(c, CATEGORY_LABELS[c]) for c in wrong],
        f"{p.name} is in the {CATEGORY_LABELS[p.category]} category. {p.summary}",
        ("procedure", p.id),
    )
