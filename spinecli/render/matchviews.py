"""Pages for `match`, `symptoms` and `triage` (their JSON: matchjson.py).

A module of its own, imported (through render/views.py) only when a match result is rendered:
the matcher's modules cost start-up time that other commands should not pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinecli.match import MatchResult, SymptomList
from spinecli.queries import DISCLAIMER
from spinecli.render.doc import Block, Doc, Fields, Section, Table, Text

if TYPE_CHECKING:
    from spinecli.triage import Triage

QUERY_SHOWN = 80  # characters of the query repeated in a page title


def _quoted(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 3]}...'" if len(text) > limit else f"'{text}'"


def match_page(r: MatchResult) -> Doc:
    blocks: list[Block] = []
    for raised in r.red_flags:
        f = raised.flag
        blocks.append(
            Section(
                f"RED FLAG: {f.name}",
                (
                    Text(f.action, "danger"),
                    Text(f.summary),
                    Fields(
                        (
                            ("Matched", ", ".join(_quoted(t, 60) for t in raised.matched)),
                            *(
                                (
                                    "Rule",
                                    f"{fired.rule.rule} [{fired.rule.source}]; found: "
                                    + "; ".join(
                                        f"{h.name} ({_quoted(h.text, 40)})" for h in fired.hits
                                    ),
                                )
                                for fired in raised.fired
                            ),
                        )
                    ),
                ),
                "danger",
            )
        )
    for known in r.known:
        f = known.flag
        named = ", ".join(f"{h.name} ({_quoted(h.text, 40)})" for h in known.hits)
        blocks.append(
            Section(
                f"Known diagnosis under care: {f.name}",
                (
                    Text(
                        f"The text names it as known and under care ({named}): not raised as "
                        "an emergency, and its procedures are listed."
                    ),
                    Text(f.urgent_if or f.action, "danger"),
                ),
            )
        )
    if r.conditions:
        rows = tuple(
            (
                str(i),
                c.condition.name,
                f"{c.score:.2f}",
                "; ".join(
                    f"{_quoted(e.text, 40)} -> {'denied: ' if e.negated else ''}"
                    f"{e.symptom.name} {e.weight:+g}"
                    for e in c.evidence
                ),
            )
            for i, c in enumerate(r.conditions, start=1)
        )
        blocks.append(
            Section(
                "Conditions that fit, best first",
                (Table(("rank", "condition", "score", "why: words -> symptom, weight"), rows),),
            )
        )
    if r.negated:
        blocks.append(Text("Denied in the query: " + "; ".join(r.negated) + ".", "muted"))
    for c in r.referrals:
        blocks.append(Section(f"Referral, not procedures: {c.name}", (Text(c.referral),)))
    if r.red_flags:
        blocks.append(
            Text("Procedures are not suggested: a red flag needs urgent care first.", "danger")
        )
    elif r.procedures:
        steps = tuple(
            (str(i), s.procedure.name, ", ".join(c.name for c in s.for_conditions))
            for i, s in enumerate(r.procedures, start=1)
        )
        blocks.append(
            Section(
                "Procedures for the leading conditions, in their usual order",
                (Table(("step", "procedure", "for"), steps, cut=(0, 20, 16)),),
            )
        )
    blocks.append(Text(DISCLAIMER, "muted"))
    title = "URGENT: red flags in " if r.urgent else "Symptoms matched in "
    # Only a triage session without free text has no query: its evidence is all answers.
    subject = _quoted(r.query, QUERY_SHOWN) if r.query.strip() else "the answers"
    return Doc(title + subject, tuple(blocks))


def triage_page(r: Triage) -> Doc:
    """`match`'s page for the result, then the questions asked and what comes next."""
    page = match_page(r.result)
    blocks: list[Block] = list(page.blocks)
    if not r.found:
        blocks.insert(0, Text("Nothing points to a condition yet.", "note"))
    if r.asked:
        rows = tuple((str(i), a.question.text, a.answer) for i, a in enumerate(r.asked, start=1))
        blocks.append(
            Section("Questions answered", (Table(("#", "question", "answer"), rows, wrap=True),))
        )
    q = r.next_question
    if q is not None:
        blocks.append(
            Section(
                "Next question",
                (
                    Text(q.text),
                    Fields(
                        (
                            ("Why", q.why),
                            (
                                "To answer",
                                f"run again adding --answer {q.id}=yes (or =no, =unknown)",
                            ),
                        )
                    ),
                ),
            )
        )
    else:
        blocks.append(Text(f"No more questions. {r.ended_text}", "note"))
    return Doc(page.title, tuple(blocks))


def symptom_list(r: SymptomList) -> Doc:
    flags: list[Block] = []
    for f in r.red_flags:
        fields = [("Action", f.action)]
        fields += [
            (f"Rule {i}", f"{rule.rule} [{rule.source}]: {r.rule_text(rule)}")
            for i, rule in enumerate(f.rules, start=1)
        ]
        flags += [Text(f"{f.name} ({f.id})", "label"), Fields(tuple(fields))]
    words = tuple(
        (f.id, f.name, "; ".join(f.phrases) or "(values only)") for f in r.findings.values()
    )
    rows = tuple(
        (s.id, s.name, "; ".join(s.phrases), ", ".join(f"{c.name} {w:g}" for c, w in weights))
        for s, weights in r.symptoms
    )
    return Doc(
        "What spinecli match recognises",
        (
            Section("Red flags: raised first, procedures withheld", tuple(flags), "danger"),
            Section(
                "Findings the red-flag rules look for",
                (Table(("id", "name", "phrases"), words, cut=(0, 20, 24)),),
            ),
            Section(
                "Symptoms",
                (
                    Table(
                        ("id", "name", "phrases", "points to (weight)"), rows, cut=(0, 20, 24, 16)
                    ),
                ),
            ),
            Text(
                "Phrases match in any word order and inflection, with small typos forgiven; "
                "'no', 'denies', 'without' and the like negate what they govern.",
                "muted",
            ),
        ),
    )
