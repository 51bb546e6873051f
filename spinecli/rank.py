"""Stage 5 of `match`: symptom mentions -> ranked conditions.

Each condition scores the weights of its affirmed symptoms, minus NEGATED_SHARE of the weights
of its negated ones (all weights from the KB, shrunk for a symptom that supports many conditions,
`specificity`). Hypothetical mentions count for nothing, nor do those of a `current_only`
symptom in a sentence that says it is over for good (context.py's resolved), and
someone else's only when the text tells of no symptom of the writer's own. A `qualifier`
(how long, how stubborn) with no complaint beside it ranks nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from spinecli import cue_words
from spinecli.mentions import AFFIRMED, NEGATED, OTHER_PERSON, Mention
from spinecli.model import Condition, KnowledgeBase, Symptom
from spinecli.phrases import SYMPTOM
from spinecli.record import record
from spinecli.text import canon_phrase

NEGATED_SHARE = 0.5  # a denied symptom counts against a condition at half its weight
SATURATION = 5.0  # score = points / (points + SATURATION): one named diagnosis (5) scores 0.5
SPECIFIC = 2  # a symptom that supports this many conditions or fewer keeps its full weight
LIST_SHARE = 0.25  # conditions below this share of the best one's points are not listed


def specificity(kb: KnowledgeBase, symptom: Symptom) -> float:
    """A symptom that points at many conditions tells them apart less than one that points at
    one or two: its weights shrink by sqrt(SPECIFIC / spread), so generic evidence (low back
    pain, months of pain) cannot outvote a specific feature (waking in the second half of the
    night, a tender outer hip)."""
    spread = sum(1 for c, w in symptom.conditions if w > 0 and c in kb.conditions)
    return 1.0 if spread <= SPECIFIC else (SPECIFIC / spread) ** 0.5


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


def _evidence(kb: KnowledgeBase, mentions: Iterable[Mention]) -> dict[str, list[Evidence]]:
    """What each condition's symptoms contributed, by condition id."""
    # A current_only symptom told as over for good ("breast cancer, discharged after ten years
    # clear", "the fracture has healed") is history beside today's complaint: it ranks nothing.
    mentions = [
        m
        for m in mentions
        if m.kind == SYMPTOM and not (m.resolved and kb.symptoms[m.owner].current_only)
    ]
    counted: tuple[str, ...] = (AFFIRMED, NEGATED)
    if not any(m.status in counted for m in mentions):
        # Only someone else's symptoms: the writer asks for them ("my dad has pancreatic cancer
        # and the pain ... even on the morphine"), so they are ranked. Beside the writer's own
        # symptoms they count for nothing.
        counted = (OTHER_PERSON,)
    status: dict[str, Mention] = {}
    for m in mentions:
        if m.status not in counted:
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
        share = specificity(kb, symptom)
        for cid, weight in symptom.conditions:
            if weight <= 0 or cid not in kb.conditions:
                continue
            weight = round(weight * share, 3)
            value = -NEGATED_SHARE * weight if negated else weight
            evidence.setdefault(cid, []).append(Evidence(symptom, m.text, value, negated))
    return evidence


def _total(items: Iterable[Evidence]) -> float:
    """The sum of the contributions, rounded so that the order they come in (triage answers in
    any order) cannot change it in the last bit."""
    return round(sum(e.weight for e in items), 6)


def condition_points(kb: KnowledgeBase, mentions: Iterable[Mention]) -> dict[str, float]:
    """Points of every condition the mentions touch, negative ones included (`match` lists
    only those within LIST_SHARE of the best)."""
    return {cid: _total(items) for cid, items in _evidence(kb, mentions).items()}


# Words that make a qualifier's own words a complaint ("chronic back pain", "persistent pain").
_COMPLAINT_WORDS = frozenset(
    w
    for p in (*cue_words.SPINE_SITES, "pain pains ache aches aching hurt hurts sore")
    for w in canon_phrase(p)
)


def _complaint(kb: KnowledgeBase, m: Mention) -> bool:
    return not kb.symptoms[m.owner].qualifier or not _COMPLAINT_WORDS.isdisjoint(
        canon_phrase(m.text)
    )


def rank(kb: KnowledgeBase, mentions: Iterable[Mention]) -> tuple[RankedCondition, ...]:
    mentions = list(mentions)
    evidence = _evidence(kb, mentions)
    # "Six months of emails", "nothing helps": how long or how stubborn, with no complaint
    # beside it, is a stray word and no evidence of any condition ("chronic LBP" names one).
    counted = {e.symptom.id for items in evidence.values() for e in items if not e.negated}
    if not any(_complaint(kb, m) for m in mentions if m.owner in counted and m.status != NEGATED):
        return ()
    ranked = []
    order = {cid: i for i, cid in enumerate(kb.conditions)}
    for cid, items in evidence.items():
        points = _total(items)
        if points <= 0:
            continue
        items.sort(key=lambda e: (e.negated, -abs(e.weight), e.symptom.name))
        score = round(points / (points + SATURATION), 3)
        ranked.append(RankedCondition(kb.conditions[cid], score, points, tuple(items)))
    ranked.sort(key=lambda r: (-r.points, order[r.condition.id]))
    best = ranked[0].points if ranked else 0.0
    return tuple(r for r in ranked if r.points >= LIST_SHARE * best)
