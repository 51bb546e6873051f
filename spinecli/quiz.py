"""`quiz`: multiple-choice questions generated from the KB. Pure: no I/O, no clock, no entropy.

A question asks about one fact the KB states, and every wrong option (distractor) is checked
against the KB before it is used, so each question has exactly one right answer:

- a condition the procedure is not listed for, nor any procedure of a similar kind;
- a relief time on a different time scale (hours against months), never an overlapping one;
- a category that could not also describe the procedure (an injection is never "ablation").

Distractors are chosen to be plausible: same category or region as the right answer where the KB
allows. The same KB, seed, count and topic always give the same quiz: iteration is over sorted ids
and all chance comes from one random.Random(seed).
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from spinecli.errors import NotFoundError, UsageError, quoted
from spinecli.model import CATEGORIES, Condition, KnowledgeBase, Procedure
from spinecli.normalize import normalize
from spinecli.resolve import name_index, resolve

LETTERS = "ABCD"
OPTIONS = len(LETTERS)  # the right answer and up to three distractors
MIN_OPTIONS = 3  # fewer plausible distractors than two: the question is not asked
MAX_COUNT = 50
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


@dataclass(frozen=True)
class Topic:
    kind: str  # "procedure" | "condition" | "category"
    id: str
    name: str


@dataclass(frozen=True)
class Quiz:
    questions: tuple[Question, ...]
    seed: int
    count: int  # how many were asked for
    topic: Topic | None = None
    note: str = ""


# --- topics -----------------------------------------------------------------------------------


def find_topic(kb: KnowledgeBase, text: str) -> tuple[Topic, str]:
    """The topic a user named, and a note when a typo was forgiven.

    Exact names win over typos; a procedure wins over a condition and a category of the same name
    ("nerve-block" is both a procedure and a category: "category:nerve-block" picks the category).
    """
    kind, sep, rest = text.partition(":")
    kind = kind.strip().lower()
    if sep and kind in ("procedure", "condition", "category"):
        return _topic_of_kind(kb, kind, rest)
    wanted = normalize(text)
    for kind, table in (("procedure", kb.procedures), ("condition", kb.conditions)):
        entry = name_index(table).get(wanted)
        if entry is not None:
            return Topic(kind, entry.id, entry.name), ""
    categories = {normalize(c): c for c in CATEGORIES}
    if wanted in categories:
        return _category(categories[wanted]), ""
    for kind in ("procedure", "condition"):
        try:
            return _topic_of_kind(kb, kind, text)
        except NotFoundError:
            continue
    raise NotFoundError(
        f"no procedure, condition or category named {quoted(text)} (categories: "
        f"{', '.join(CATEGORIES)}; spinecli list and spinecli conditions show the rest)"
    )


def _topic_of_kind(kb: KnowledgeBase, kind: str, text: str) -> tuple[Topic, str]:
    if kind == "category":
        wanted = normalize(text).replace(" ", "-")
        if wanted not in CATEGORIES:
            raise NotFoundError(f"no category {quoted(text)}; choose from: {', '.join(CATEGORIES)}")
        return _category(wanted), ""
    if kind == "procedure":
        proc, note = resolve(text, kb.procedures, "procedure")
        return Topic(kind, proc.id, proc.name), note
    cond, note = resolve(text, kb.conditions, "condition")
    return Topic(kind, cond.id, cond.name), note


def _category(category: str) -> Topic:
    return Topic("category", category, f"{CATEGORY_LABELS[category]} procedures")


# --- what the KB says, as the questions need it -------------------------------------------------


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


def _sorted(entries: Iterable[T]) -> list[T]:
    return sorted(entries, key=lambda e: getattr(e, "id", ""))


def identify_procedure(kb: KnowledgeBase, p: Procedure, rng: random.Random) -> Question | None:
    pool = [
        o
        for o in _sorted(kb.procedures.values())
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
        for o in _sorted(kb.conditions.values())
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
        for c in _sorted(kb.conditions.values())
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
        for p in _sorted(kb.procedures.values())
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


def _timing(kb: KnowledgeBase, p: Procedure, rng: random.Random, field: str) -> Question | None:
    """How long relief lasts (field relief_duration) or when it starts (onset)."""
    mine = time_scales(getattr(p, field))
    if not mine:
        return None
    pool = [
        o
        for o in _sorted(kb.procedures.values())
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
    pool = [o for o in _sorted(kb.procedures.values()) if never_diagnostic(kb, o)]
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


# --- the quiz -----------------------------------------------------------------------------------

# One plan item: (kind, subject id, focus id). The focus is the answer wanted when a topic asks
# for it ("what treats sciatica?" with topic ESI makes ESI the answer).
Plan = tuple[str, str, str]


def _plans(kb: KnowledgeBase, topic: Topic | None) -> list[Plan]:
    procedures = _sorted(kb.procedures.values())
    conditions = _sorted(kb.conditions.values())
    if topic is None:
        chosen_p, chosen_c = procedures, conditions
        focus_p: dict[str, str] = {}
        focus_c: dict[str, str] = {}
    elif topic.kind == "condition":
        chosen_p = [
            p for p in procedures if any(c.id == topic.id for c, _ in kb.treatments_of(p.id))
        ]
        chosen_c = [kb.conditions[topic.id]]
        focus_p = {p.id: topic.id for p in chosen_p}
        focus_c = {}
    else:
        chosen_p = [
            p
            for p in procedures
            if p.id == topic.id or (topic.kind == "category" and p.category == topic.id)
        ]
        ids = {p.id for p in chosen_p}
        chosen_c = [c for c in conditions if any(t.procedure in ids for t in c.procedures)]
        focus_c = {
            c.id: next(t.procedure for t in c.procedures if t.procedure in ids) for c in chosen_c
        }
        focus_p = {}
    plans: list[Plan] = []
    for p in chosen_p:
        focus = focus_p.get(p.id, "")
        if topic is None or topic.kind != "condition":
            plans += [
                ("identify-procedure", p.id, ""),
                ("relief-duration", p.id, ""),
                ("relief-onset", p.id, ""),
                ("diagnostic", p.id, ""),
                ("category", p.id, ""),
            ]
        plans.append(("treats", p.id, focus))
    for c in chosen_c:
        if topic is None or topic.kind == "condition":
            plans.append(("identify-condition", c.id, ""))
        plans.append(("treated-by", c.id, focus_c.get(c.id, "")))
    return plans


def build(kb: KnowledgeBase, plan: Plan, rng: random.Random) -> Question | None:
    kind, subject, focus = plan
    if kind == "identify-condition":
        return identify_condition(kb, kb.conditions[subject], rng)
    if kind == "treated-by":
        return treated_by(kb, kb.conditions[subject], rng, focus)
    p = kb.procedures[subject]
    if kind == "identify-procedure":
        return identify_procedure(kb, p, rng)
    if kind == "treats":
        return treats(kb, p, rng, focus)
    if kind == "relief-duration":
        return _timing(kb, p, rng, "relief_duration")
    if kind == "relief-onset":
        return _timing(kb, p, rng, "onset")
    if kind == "diagnostic":
        return diagnostic(kb, p, rng)
    return category(kb, p, rng)


def make_quiz(kb: KnowledgeBase, count: int = 10, seed: int = 0, topic: str = "") -> Quiz:
    """count questions (fewer, with a note, when the KB or topic cannot supply them)."""
    if not 1 <= count <= MAX_COUNT:
        raise UsageError(f"--count should be from 1 to {MAX_COUNT}, not {count}")
    chosen, note = find_topic(kb, topic) if topic.strip() else (None, "")
    rng = random.Random(seed)
    # Kinds take turns, in an order of their own, so a short quiz mixes kinds of question.
    by_kind: dict[str, list[Plan]] = {}
    for plan in _plans(kb, chosen):
        by_kind.setdefault(plan[0], []).append(plan)
    queues = [by_kind[k] for k in KIND_LABELS if k in by_kind]
    for queue in queues:
        rng.shuffle(queue)
    rng.shuffle(queues)
    questions: list[Question] = []
    while len(questions) < count and any(queues):
        for queue in queues:
            while queue and len(questions) < count:
                question = build(kb, queue.pop(), rng)
                if question is not None:
                    questions.append(question)
                    break
    about = f" about {chosen.name}" if chosen else ""
    if not questions:
        raise NotFoundError(f"the knowledge base has too little to ask{about}")
    if len(questions) < count:
        extra = f"only {len(questions)} questions could be made{about}"
        note = f"{note}; {extra}" if note else extra
    return Quiz(tuple(questions), seed, count, chosen, note)


# --- text for the interactive quiz (the CLI does the asking) -------------------------------------


def letter(index: int) -> str:
    return LETTERS[index]


def replay_command(quiz: Quiz) -> str:
    """The command that gives the same quiz again."""
    topic = ""
    if quiz.topic:
        named = quiz.topic.id if quiz.topic.kind != "category" else f"category:{quiz.topic.id}"
        topic = f" --topic {named}"
    return f"spinecli quiz --seed {quiz.seed} --count {quiz.count}{topic}"


def _wrapped(text: str, width: int, indent: str = "") -> str:
    return "\n".join(
        textwrap.wrap(text, max(width, 30), initial_indent=indent, subsequent_indent=indent)
    )


def intro_text(quiz: Quiz, width: int) -> str:
    about = f" on {quiz.topic.name}" if quiz.topic else ""
    return _wrapped(
        f"Quiz{about}: {len(quiz.questions)} questions; answers follow spinecli's knowledge "
        "base. Type a letter and Enter; q, Ctrl-D or Ctrl-C stops. The same quiz again: "
        f"{replay_command(quiz)}",
        width,
    )


def question_text(q: Question, number: int, total: int, width: int) -> str:
    lines = [f"Question {number} of {total}", _wrapped(q.prompt, width)]
    for i, option in enumerate(q.options):
        lines.append(
            "\n".join(
                textwrap.wrap(
                    option,
                    max(width, 30),
                    initial_indent=f"  {letter(i)}. ",
                    subsequent_indent="     ",
                )
            )
        )
    return "\n".join(lines)


def parse_answer(q: Question, reply: str) -> int | None:
    """The option a reply picks (a letter or a number), or None."""
    text = reply.strip().upper().rstrip(".)")
    if len(text) == 1 and text in LETTERS[: len(q.options)]:
        return LETTERS.index(text)
    if text.isdigit() and 1 <= int(text) <= len(q.options):
        return int(text) - 1
    return None


def verdict(q: Question, choice: int, width: int) -> tuple[bool, str]:
    right = choice == q.answer
    head = "Right." if right else f"Not quite: the answer is {letter(q.answer)}."
    return right, head + "\n" + _wrapped(q.explanation, width)


def score_text(right: int, asked: int, total: int) -> str:
    percent = round(100 * right / asked) if asked else 0
    tail = f"; {total - asked} not asked" if asked < total else ""
    return f"Score: {right} of {asked} right ({percent}%){tail}."
