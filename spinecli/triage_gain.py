"""How triage picks its next symptom question: the one whose answer is expected to tell the
conditions in the running apart the most (information gain over a belief made from the points).
Pure: no I/O, no wording (triage words the question)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Protocol

from spinecli.match import LEAD_SHARE, SATURATION
from spinecli.model import KnowledgeBase
from spinecli.record import record
from spinecli.schema import MAX_WEIGHT

YES, NO, UNKNOWN = "yes", "no", "unknown"
ANSWERS = (YES, NO, UNKNOWN)
MIN_CHANGE = 1e-9  # a belief that moves less than this has not moved (float noise)


class Beliefs(Protocol):
    """What a triage session knows of its text: the KB, the symptoms the text already settles,
    and each condition's points given some answers."""

    @property
    def kb(self) -> KnowledgeBase: ...
    @property
    def mentioned(self) -> frozenset[str]: ...
    def points(self, answers: Iterable[tuple[str, str]]) -> dict[str, float]: ...


OTHER = ""  # the belief's share for "none of these yet": no symptom points to it


@record
class Running:
    """The conditions in the running, fixed while one question is weighed, and the points each
    starts with: SATURATION before anything points anywhere, else none."""

    ids: tuple[str, ...]
    base: float


def in_the_running(kb: KnowledgeBase, points: Mapping[str, float]) -> Running:
    best = max(points.values(), default=0.0)
    if best > 0:
        return Running(tuple(c for c in points if points[c] >= LEAD_SHARE * best), 0.0)
    # Nothing points anywhere yet: every condition starts level, with the points of one named
    # diagnosis, and loses what denials count against it.
    return Running(
        tuple(c for c in kb.conditions if SATURATION + points.get(c, 0.0) > 0), SATURATION
    )


def belief(running: Running, points: Mapping[str, float]) -> dict[str, float]:
    """Points as a distribution over the conditions in the running, plus OTHER with what the
    best of them still lacks to stand alone (SATURATION minus its points, if positive)."""
    masses = {c: max(running.base + points.get(c, 0.0), 0.0) for c in running.ids}
    best = max((points.get(c, 0.0) for c in running.ids), default=0.0)
    masses[OTHER] = max(SATURATION - best, 0.0)
    total = sum(masses.values())
    return {c: m / total for c, m in masses.items()} if total > 0 else {OTHER: 1.0}


def entropy(belief: Mapping[str, float]) -> float:
    return -sum(p * math.log2(p) for p in belief.values() if p > 0)


def information_gain(
    ctx: Beliefs, answers: tuple[tuple[str, str], ...], symptom_id: str, running: Running
) -> float | None:
    """Expected fall in the entropy of the belief over the conditions in the running when the
    symptom is answered, or None when it separates nothing: it points to none of them, or
    neither answer would change how they stand.

    The fall can be negative (the scores are not a Bayesian model); the least negative is still
    the best question to ask.
    """
    kb = ctx.kb
    now = belief(running, ctx.points(answers))
    weights = dict(kb.symptoms[symptom_id].conditions)
    # OTHER is in no symptom's weights: "none of these" never answers yes.
    p_yes = sum(p * min(weights.get(c, 0), MAX_WEIGHT) / MAX_WEIGHT for c, p in now.items())
    if p_yes == 0:  # it points to none of the conditions in the running
        return None
    after, moved = 0.0, False
    for answer, chance in ((YES, p_yes), (NO, 1 - p_yes)):
        points = ctx.points((*answers, (symptom_id, answer)))
        # Before anything points anywhere, a yes may start the ranking: weigh it as it would be.
        then = belief(in_the_running(kb, points) if running.base else running, points)
        moved = moved or moved_apart(now, then)
        after += chance * entropy(then)
    return entropy(now) - after if moved else None


def moved_apart(before: Mapping[str, float], after: Mapping[str, float]) -> bool:
    keys = before.keys() | after.keys()
    return any(abs(before.get(k, 0.0) - after.get(k, 0.0)) > MIN_CHANGE for k in keys)


def best_symptom(
    ctx: Beliefs, answers: tuple[tuple[str, str], ...], answered: set[str]
) -> str | None:
    running = in_the_running(ctx.kb, ctx.points(answers))
    best, best_gain = None, -math.inf
    for sid in ctx.kb.symptoms:
        if sid in answered or sid in ctx.mentioned:
            continue
        gain = information_gain(ctx, answers, sid, running)
        if gain is not None and gain > best_gain:  # ties go to the first in KB order
            best, best_gain = sid, gain
    return best
