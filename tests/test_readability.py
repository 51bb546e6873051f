"""Every shipped procedure's handout, and the symptom questions triage asks, read at US grade 8
or below (Flesch-Kincaid, textstat).

What is measured: the words a patient reads on the handout (the KB's patient-facing text plus our
fixed sentences and the disclaimer), without headings, the list of sources and the KB-version
line. Each list item counts as a sentence (it is read as one), so an item without a full stop
gets one. The whole handout and each of its top-level sections must each be at grade 8 or below,
so a hard section cannot hide behind easy ones.
"""

from __future__ import annotations

import pytest
import textstat

from spinecli.handout import Handout, handouts
from spinecli.kb import load_kb
from spinecli.model import KnowledgeBase
from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.handout_page import handout_page

MAX_GRADE = 8.0
NOT_PROSE = ("Sources",)


def prose(blocks: tuple[Block, ...]) -> list[str]:
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, Section):
            if b.title not in NOT_PROSE:
                parts += prose(b.blocks)
        elif isinstance(b, Text):
            if not b.text.startswith("Knowledge base "):
                parts.append(b.text)
        elif isinstance(b, Bullets):
            parts += b.items
        elif isinstance(b, Fields | Table):
            pass  # clinic name and phone numbers: not prose
    return parts


def as_sentences(parts: list[str]) -> str:
    return " ".join(p if p.rstrip().endswith((".", "!", "?", ":")) else f"{p}." for p in parts)


def grade(parts: list[str]) -> float:
    return float(textstat.flesch_kincaid_grade(as_sentences(parts)))


def all_handouts(kb: KnowledgeBase) -> list[Handout]:
    return list(handouts(kb, [], every=True).handouts)


def _doc(shipped: KnowledgeBase, pid: str) -> Doc:
    [h] = [h for h in all_handouts(shipped) if h.procedure.id == pid]
    return handout_page(h)


# Every procedure the shipped KB holds: a new one gets its reading level checked without a list to
# keep in step.
PROCEDURES = sorted(load_kb([], env="").procedures)


def test_every_shipped_procedure_is_measured(shipped: KnowledgeBase) -> None:
    assert sorted(h.procedure.id for h in all_handouts(shipped)) == sorted(PROCEDURES)


@pytest.mark.parametrize("pid", PROCEDURES)
def test_handout_reads_at_grade_8_or_below(shipped: KnowledgeBase, pid: str) -> None:
    doc = _doc(shipped, pid)
    whole = prose(doc.blocks)
    assert len(" ".join(whole).split()) >= 150, "a real handout, not an empty page"
    assert grade(whole) <= MAX_GRADE, f"{pid}: grade {grade(whole):.1f}"
    for section in doc.blocks:
        if isinstance(section, Section) and section.title not in NOT_PROSE:
            g = grade(prose((section,)))
            assert g <= MAX_GRADE, f"{pid}, '{section.title}': grade {g:.1f}"


def test_each_shipped_procedure_has_a_plain_summary(shipped: KnowledgeBase) -> None:
    missing = [p.id for p in shipped.procedures.values() if not p.plain_summary]
    assert not missing, f"add plain_summary (what it is and why, for patients) to {missing}"


def test_the_measure_catches_hard_text() -> None:
    hard = [
        "Percutaneous intradiscal electrothermal annuloplasty necessitates meticulous "
        "fluoroscopic visualisation of the posterolateral annulus fibrosus."
    ]
    assert grade(hard) > MAX_GRADE
    assert grade(["Rest for a day.", "Call us if you have a fever."]) <= MAX_GRADE


def test_symptom_questions_read_at_grade_8_or_below(shipped: KnowledgeBase) -> None:
    """What triage asks a patient about symptoms, taken together (one question is too short to
    measure alone). Red-flag questions are not in this measure."""
    questions = [s.question for s in shipped.symptoms.values() if s.question]
    assert len(questions) == len(shipped.symptoms), "every symptom has a question (test_content)"
    assert grade(questions) <= MAX_GRADE, f"symptom questions: grade {grade(questions):.1f}"
