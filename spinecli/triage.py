"""`spinecli triage`: follow-up questions that narrow a `match`. Pure: a session in, the next
question and the result out.

A session is the optional free text plus answers {symptom or red-flag id: yes | no | unknown} in
the order given. Answers are evidence like the words of the text (`match.answer_mentions`), so
the result is `match`'s own MatchResult, scored and explained the same way ("answered yes" is
the wording that matched). "unknown" adds nothing. All weights come from the KB.

Which question comes next (`next_question`):
1. Red flags, in KB order: every one neither raised nor answered yet. One raised (by the text or
   a yes) ends the session: urgent care first, procedures withheld.
2. Stop when one condition clearly leads: it has at least SATURATION points (a score of 0.5, as
   much as one named diagnosis) and no other condition is within LEAD_SHARE of its points, so
   `match` would suggest procedures for it alone; or when `max_questions` symptom questions have
   been answered.
3. Otherwise the unasked symptom that best separates the conditions in the running: those
   leading as `match` counts them (within LEAD_SHARE of the best; `match` suggests procedures
   for them) or, before anything points anywhere, every condition, each starting level with
   SATURATION points and losing what denials count against it. The belief is their points as
   a distribution, plus "none of these yet" with what the best of them still lacks to stand
   alone. Someone with a condition is taken to answer yes with the symptom's KB weight for it
   as a share of the largest weight allowed (MAX_WEIGHT), so a yes is expected with the
   belief-weighted sum of those shares. The symptom chosen leaves the least expected
   uncertainty (Shannon entropy of the belief after a yes and after a no, over the same
   conditions; before anything points anywhere, over those the answer would put in the
   running): the largest expected information gain. A symptom that points to none of them, or
   that neither answer would move, separates nothing and is never asked; when none is left,
   the session ends.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from spinecli.errors import NotFoundError, UsageError
from spinecli.match import (
    AFFIRMED,
    FINDING,
    LEAD_SHARE,
    NEGATED,
    SATURATION,
    SYMPTOM,
    MatchResult,
    Mention,
    answer_mentions,
    assess,
    condition_points,
    read_values,
    vocabulary,
)
from spinecli.mentions import Span, analyse
from spinecli.model import Condition, KnowledgeBase, RedFlag
from spinecli.record import record, replace
from spinecli.redflags import rule_met
from spinecli.text import STOPWORDS, canon_phrase
from spinecli.triage_gain import ANSWERS, NO, UNKNOWN, YES, best_symptom, in_the_running

SYMPTOM_KIND, RED_FLAG_KIND, FINDING_KIND = "symptom", "red_flag", "finding"
# Why a session ended (JSON `ended`); "" while questions remain.
RED_FLAG_RAISED, CLEAR_LEADER, MAX_QUESTIONS, NO_QUESTIONS = (
    "red_flag",
    "clear_leader",
    "max_questions",
    "no_questions",
)
DEFAULT_MAX_QUESTIONS = 15  # symptom questions; red-flag questions are always asked
FLAG_EXAMPLES = 5  # phrases quoted in a red-flag question
NAMES_SHOWN = 4  # conditions named on each side of a question's "why"

_REPLIES = {
    YES: ("y", "yes", "yeah", "yep"),
    NO: ("n", "no", "nope"),
    UNKNOWN: ("?", "u", "unknown", "dk", "don't know", "dont know", "not sure", "unsure"),
}
_PERSON = {"i": "you", "my": "your", "me": "you", "myself": "yourself", "i'm": "you're"}


# ----------------------------------------------------------------------------- result objects
@record
class State:
    """A session so far: the free text and the answers, in the order given."""

    text: str = ""
    answers: tuple[tuple[str, str], ...] = ()
    max_questions: int = DEFAULT_MAX_QUESTIONS

    def answer(self, qid: str, reply: str) -> State:
        return State(self.text, (*self.answers, (qid, reply)), self.max_questions)


@record
class Question:
    id: str  # the symptom or red-flag id an answer is keyed by
    kind: str  # SYMPTOM_KIND or RED_FLAG_KIND
    text: str
    why: str
    # The conditions in the running, each with the symptom's KB weight for it (0: none).
    separates: tuple[tuple[Condition, float], ...]


@record
class Asked:
    question: Question
    answer: str


@record
class Triage:
    asked: tuple[Asked, ...]
    next_question: Question | None
    ended: str  # "" while questions remain, else why the session ended
    ended_text: str
    result: MatchResult
    note: str = ""  # printed on stderr by the CLI

    @property
    def found(self) -> bool:
        return bool(self.result.red_flags or self.result.conditions)


# ----------------------------------------------------------------------------- input
def parse_reply(reply: str) -> str | None:
    """yes, no or unknown from what a person typed (y/n/?, yes/no/unknown, don't know), or None."""
    text = " ".join(reply.strip().lower().replace("\u2019", "'").split()).rstrip(".!")
    return next((answer for answer, words in _REPLIES.items() if text in words), None)


def parse_answer_option(option: str) -> tuple[str, str]:
    """`ID=yes|no|unknown` (from --answer) as (id, answer)."""
    qid, sep, value = option.partition("=")
    answer = parse_reply(value)
    if not sep or not qid.strip() or answer is None:
        raise UsageError(f"--answer '{option}': expected ID=yes, ID=no or ID=unknown")
    return qid.strip(), answer


def parse_answers_json(text: str) -> list[tuple[str, str]]:
    """Answers as JSON: {"ID": "yes", ...} or [{"id": "ID", "answer": "yes"}, ...] (the shape of
    the `questions` a JSON run prints, so a script can send them back with one more answer)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--answers-json: not JSON ({exc})") from None
    except RecursionError:
        raise UsageError("--answers-json: nested too deeply to be a set of answers") from None
    shape = 'expected {"ID": "yes|no|unknown", ...} or [{"id": "ID", "answer": "yes"}, ...]'
    if isinstance(data, dict):
        pairs = list(data.items())
    elif isinstance(data, list) and all(isinstance(d, dict) for d in data):
        pairs = [(d.get("id"), d.get("answer")) for d in data]
    else:
        raise UsageError(f"--answers-json: {shape}")
    out = []
    for qid, value in pairs:
        answer = parse_reply(value) if isinstance(value, str) else None
        if not isinstance(qid, str) or answer is None:
            raise UsageError(f"--answers-json: bad entry {qid!r}: {value!r}; {shape}")
        out.append((qid, answer))
    return out


def start(
    kb: KnowledgeBase,
    text: str = "",
    answers: Iterable[tuple[str, str]] = (),
    max_questions: int = DEFAULT_MAX_QUESTIONS,
) -> State:
    """A session with its answers checked: known ids, each answered once."""
    seen: set[str] = set()
    for qid, answer in answers:
        if qid not in kb.symptoms and qid not in kb.red_flags and qid not in kb.findings:
            raise NotFoundError(_unknown_id(kb, qid))
        if answer not in ANSWERS:
            raise UsageError(f"'{qid}': answer yes, no or unknown, not '{answer}'")
        if qid in seen:
            raise UsageError(f"'{qid}' is answered twice")
        seen.add(qid)
    if max_questions < 0:
        raise UsageError("--max-questions must be 0 or more")
    return State(text, tuple(answers), max_questions)


def _unknown_id(kb: KnowledgeBase, qid: str) -> str:
    ids = [*kb.red_flags, *kb.findings, *kb.symptoms]
    near = difflib.get_close_matches(qid.lower(), ids, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    return f"no symptom, finding or red flag with id '{qid}'.{hint} (spinecli symptoms lists them)"


# ----------------------------------------------------------------------------- the session
@record
class Context:
    """What one state implies: the text's mentions once, then everything else from them."""

    kb: KnowledgeBase
    text: str
    text_mentions: tuple[Mention, ...]
    mentioned: frozenset[str]  # symptoms the text affirms or denies: never asked
    readings: tuple[Any, ...] = ()  # values read from the text
    spans: tuple[Span, ...] = ()
    told: frozenset[str] = frozenset()  # findings the text already settles: never asked

    def mentions(self, answers: Iterable[tuple[str, str]]) -> list[Mention]:
        given = [(qid, a == YES) for qid, a in answers if a != UNKNOWN]
        return [*self.text_mentions, *answer_mentions(self.kb, given, len(self.text))]

    def points(self, answers: Iterable[tuple[str, str]]) -> dict[str, float]:
        return condition_points(self.kb, self.mentions(answers))

    def assess(self, answers: Iterable[tuple[str, str]]) -> MatchResult:
        return assess(self.kb, self.text, self.mentions(answers), self.readings, self.spans)


def _context(kb: KnowledgeBase, text: str) -> Context:
    if not text.strip():
        return Context(kb, text, (), frozenset())
    analysis = analyse(text, vocabulary(kb))
    found = analysis.mentions
    mentioned = frozenset(
        m.owner for m in found if m.kind == SYMPTOM and m.status in (AFFIRMED, NEGATED)
    )
    readings = read_values(text)
    ctx = Context(kb, text, found, mentioned, readings, analysis.spans)
    return replace(ctx, told=_told(kb, ctx))


def _told(kb: KnowledgeBase, ctx: Context) -> frozenset[str]:
    """Findings the text settles: affirmed, denied, someone else's, known, or (for a value
    finding) a value of its kind read at all ("I'm 45" answers "over 50?")."""
    found = ctx.assess(()).found
    told = set(m.owner for m in ctx.text_mentions if m.kind == FINDING)
    if found is not None:
        told |= {*found.present, *found.known, *found.negated, *found.other_person}
    # A lower bound ("at 30") does not answer "over 50?" unless it meets it (then it is present).
    kinds = {r.kind for r in ctx.readings if not r.lower_bound}
    told |= {f.id for f in kb.findings.values() if any(t.kind in kinds for t in f.values)}
    return frozenset(told)


def result(kb: KnowledgeBase, state: State) -> MatchResult:
    """What `match` presents for the text and the answers so far (possibly nothing yet)."""
    ctx = _context(kb, state.text)
    return _guarded(kb, state, ctx.assess(state.answers))[0]


def _guarded(kb: KnowledgeBase, state: State, outcome: MatchResult) -> tuple[MatchResult, str]:
    """Procedures only once every red flag is answered no: a session stopped early, or a "don't
    know", must not read as clearance for a procedure."""
    if outcome.red_flags:
        return outcome, ""
    cleared = {qid for qid, reply in state.answers if reply == NO}
    open_flags = [f.name for f in kb.red_flags.values() if f.id not in cleared]
    if not open_flags or not outcome.procedures:
        return outcome, ""
    note = (
        "procedures are withheld until every red-flag question is answered no; still open: "
        + ", ".join(open_flags)
    )
    return replace(outcome, procedures=()), note


def next_question(kb: KnowledgeBase, state: State) -> Question | None:
    return _next(_context(kb, state.text), state)[0]


def run(kb: KnowledgeBase, state: State) -> Triage:
    """The session replayed: each answer with the question as it stood when asked, the next
    question (or why the session ended) and the result so far."""
    ctx = _context(kb, state.text)
    asked = tuple(
        Asked(_question(ctx, state.answers[:i], qid), answer)
        for i, (qid, answer) in enumerate(state.answers)
    )
    question, ended, ended_text = _next(ctx, state)
    outcome, withheld = _guarded(kb, state, ctx.assess(state.answers))
    notes = [withheld] if withheld else []
    if state.text.strip() and not any(m.status == AFFIRMED for m in ctx.text_mentions):
        notes.insert(0, "nothing in the text points anywhere; the questions start from scratch")
    return Triage(asked, question, ended, ended_text, outcome, "; ".join(notes))


def _next(ctx: Context, state: State) -> tuple[Question | None, str, str]:
    kb = ctx.kb
    answered = {qid for qid, _ in state.answers}
    now = ctx.assess(state.answers)
    raised = now.red_flags
    if raised:
        names = ", ".join(r.flag.name for r in raised)
        return None, RED_FLAG_RAISED, f"Red flag raised ({names}): urgent care comes first."
    present = set(now.found.present) if now.found else set()
    for flag in kb.red_flags.values():
        missing = missing_findings(kb, flag, present, answered | ctx.told)
        if missing:
            return _question(ctx, state.answers, missing[0]), "", ""
        if flag.id not in answered:
            return _question(ctx, state.answers, flag.id), "", ""
    points = ctx.points(state.answers)
    leader = _clear_leader(points)
    if leader:
        name = kb.conditions[leader].name
        return (
            None,
            CLEAR_LEADER,
            f"{name} clearly leads: no other condition is within {LEAD_SHARE:.0%} of its points.",
        )
    symptom_answers = sum(qid in kb.symptoms for qid in answered)
    if symptom_answers >= state.max_questions:
        return (
            None,
            MAX_QUESTIONS,
            f"Reached the limit of {state.max_questions} symptom questions (--max-questions).",
        )
    best = best_symptom(ctx, state.answers, answered)
    if best is None:
        return None, NO_QUESTIONS, "No question left that separates the conditions in the running."
    return _question(ctx, state.answers, best), "", ""


def missing_findings(
    kb: KnowledgeBase, flag: RedFlag, present: set[str], settled: set[str] | frozenset[str]
) -> list[str]:
    """The flag's risk factors worth asking about: findings with a triage question, not yet
    settled by the text or an answer, whose yes alone would complete one of its rules that
    the text has already begun ("back pain": fever? cancer before?)."""
    out: dict[str, None] = {}
    for rule in flag.rules:
        if not any(f in present for f in rule.findings()):
            continue  # nothing of it yet: the flag's own question covers it
        for f in rule.findings():
            finding = kb.findings.get(f)
            if finding is None or not finding.question or f in present or f in settled:
                continue
            if rule_met(rule, present | {f}):
                out[f] = None
    return list(out)


def _clear_leader(points: Mapping[str, float]) -> str:
    """The condition that clearly leads (see the module docstring), or ""."""
    ranked = sorted(points.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < SATURATION:
        return ""
    if len(ranked) > 1 and ranked[1][1] >= LEAD_SHARE * ranked[0][1]:
        return ""
    return ranked[0][0]


# ----------------------------------------------------------------------------- wording
def _question(ctx: Context, answers: tuple[tuple[str, str], ...], qid: str) -> Question:
    kb = ctx.kb
    if qid in kb.findings:
        finding = kb.findings[qid]
        flags = [f.name for f in kb.red_flags.values() if any(qid in r.findings() for r in f.rules)]
        return Question(
            qid,
            FINDING_KIND,
            finding.question or f"{finding.name}?",
            f"Red-flag risk factor ({finding.name}): with what is already known, a yes would "
            f"raise {_or_list(flags)}. Asked before any procedure.",
            (),
        )
    if qid in kb.red_flags:
        flag = kb.red_flags[qid]
        examples = flag_examples(kb, flag)
        return Question(
            qid,
            RED_FLAG_KIND,
            flag.question
            or (f"Any of these: {_or_list(examples)}?" if examples else f"{flag.name}?"),
            f"Red flag ({flag.name}): asked first, since it needs urgent care rather than a "
            "procedure. A yes ends the questions.",
            (),
        )
    symptom = kb.symptoms[qid]
    weights = dict(symptom.conditions)
    points = ctx.points(answers)
    ids = list(kb.conditions)
    order = sorted(
        in_the_running(kb, points).ids, key=lambda c: (-points.get(c, 0.0), ids.index(c))
    )
    separates = tuple((kb.conditions[c], float(weights.get(c, 0))) for c in order)
    text = symptom.question or f"{symptom.name}?"
    return Question(qid, SYMPTOM_KIND, text, _why(separates), separates)


def _why(separates: tuple[tuple[Condition, float], ...]) -> str:
    toward = sorted((cw for cw in separates if cw[1] > 0), key=lambda cw: -cw[1])
    away = [c for c, w in separates if w <= 0]
    if not toward:
        return "It points to none of the conditions in the running."
    yes = "Yes points to " + _names([f"{c.name} (+{w:g})" for c, w in toward])
    if away:
        return f"{yes}; not to {_names([c.name for c in away])}."
    if len(toward) == 1:
        return f"{yes}, the only condition in the running: it confirms or weakens it."
    if len({w for _, w in toward}) == 1:
        return f"{yes}, all the conditions in the running, alike: it tests whether they fit."
    return f"{yes}: all the conditions in the running, some more than others."


def _names(names: list[str]) -> str:
    if len(names) > NAMES_SHOWN:
        return ", ".join(names[:NAMES_SHOWN]) + f" and {len(names) - NAMES_SHOWN} more"
    return _or_list(names, "and")


def _or_list(items: list[str], last: str = "or") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def alone(kb: KnowledgeBase, flag: RedFlag) -> list[str]:
    """The findings that raise the flag on their own (a rule of that one finding), KB order."""
    ids: dict[str, None] = {}
    for rule in flag.rules:
        if not rule.all_of and rule.needed() == 1:
            ids.update(dict.fromkeys(rule.any_of))
        elif len(rule.all_of) == 1 and not rule.any_of:
            ids[rule.all_of[0]] = None
    return [f for f in ids if f in kb.findings and not kb.findings[f].diagnosed]


def flag_examples(kb: KnowledgeBase, flag: RedFlag, count: int = FLAG_EXAMPLES) -> list[str]:
    """A few phrases of the findings that raise a red flag on their own, saying different
    things, addressed to the reader ("my" becomes "your").

    Phrases of three words or more first (they tend to be the lay ones), then two-word ones;
    single words, abbreviations and the flag's own name left out; a phrase joins only when it
    shares no word with those already picked.
    """

    def words(phrase: str) -> set[str]:
        return {w for w in canon_phrase(phrase) if w not in STOPWORDS}

    phrases = [p for f in alone(kb, flag) for p in kb.findings[f].phrases]
    name = words(flag.name)
    usable = [
        p
        for p in phrases
        if len(p.split()) > 1
        and not words(p) <= name
        and not any(len(t) > 1 and t.isupper() for t in p.split())
    ]
    usable.sort(key=lambda p: len(p.split()) < 3)  # stable: KB order within each group
    covered: set[str] = set()
    picked: list[str] = []
    for phrase in usable:
        if len(picked) < count and not words(phrase) & covered:
            picked.append(" ".join(_PERSON.get(w.lower(), w) for w in phrase.split()))
            covered |= words(phrase)
    return picked or phrases[:count]  # only single words or abbreviations
