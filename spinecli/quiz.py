"""`quiz`: a quiz on the whole KB or on one topic, its questions taking turns by kind
(the questions themselves: quiz_questions; the text of the interactive quiz: quiz_terminal).
Pure: the same KB, seed, count and topic always give the same quiz: iteration is over sorted ids
and all chance comes from one random.Random(seed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from spinecli.errors import NotFoundError, UsageError, quoted
from spinecli.model import CATEGORIES, KnowledgeBase
from spinecli.normalize import normalize
from spinecli.quiz_questions import (
    CATEGORY_LABELS,
    KIND_LABELS,
    Question,
    by_id,
    category,
    diagnostic,
    identify_condition,
    identify_procedure,
    timing,
    treated_by,
    treats,
)
from spinecli.resolve import name_index, resolve

MAX_COUNT = 50


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

# --- the quiz -----------------------------------------------------------------------------------

# One plan item: (kind, subject id, focus id). The focus is the answer wanted when a topic asks
# for it ("what treats sciatica?" with topic ESI makes ESI the answer).
Plan = tuple[str, str, str]


def _plans(kb: KnowledgeBase, topic: Topic | None) -> list[Plan]:
    procedures = by_id(kb.procedures.values())
    conditions = by_id(kb.conditions.values())
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
        return timing(kb, p, rng, "relief_duration")
    if kind == "relief-onset":
        return timing(kb, p, rng, "onset")
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
