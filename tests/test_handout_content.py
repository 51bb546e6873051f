"""What every shipped handout says: risks, patient wording without attribution or guideline
disputes, US spelling, and a sources note that stays short. Checked on the page the handout
prints (render/handout_page.py), so a fallback to clinician text would be caught too."""

from __future__ import annotations

import re

import pytest

from spinecli.handout import Handout, handouts
from spinecli.kb import load_kb
from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Table, Text
from spinecli.render.handout_page import RISKS_TITLE, WHERE_FROM, handout_page

KB = load_kb([], env="")
PROCEDURES = list(KB.procedures)
MAX_SOURCES_SHARE = 0.25
NOT_PATIENT_TEXT = (WHERE_FROM, "Sources")  # names of bodies and titles, spelled as they are

# Attribution that reads as doubt about an instruction: who said it belongs in `explain`.
SOURCE_KINDS = (
    r"(?:centre|center|clinic|practice|site|website|hospital|payer|vendor|manufacturer|"
    r"pump maker|device maker|information site|patient-information site|NHS area)"
)
HEDGES = re.compile(
    rf"\b(?:one|the same)\s+{SOURCE_KINDS}\b|\b(?:a|another)\s+{SOURCE_KINDS}'s\b|"
    r"\bpractice pages?\b|\bmanufacturer information\b|"
    r"\((?:NICE|textbook chapter|case series|meta-analysis)[^)]*\)|\bgeneral safety advice\b",
    re.IGNORECASE,
)
# Guideline bodies and disputes: "your doctor will explain why this is right for you" instead.
DISPUTES = re.compile(
    r"\b(?:NICE|NHS|FDA|Medicare|CMS|ASRA|guidance|guidelines?|advises? against|"
    r"no better than|sham|not strong)\b",
    re.IGNORECASE,
)
# British spellings (stems), for one spelling in patient text: US English, as the codes are US.
UK_SPELLINGS = re.compile(
    r"\b\w*(?:colour|behaviour|favour|honour|labour|tumour|odour|humour|centre|metre|litre|fibre|"
    r"haem|anaes|oedem|oesoph|oestr|paediatr|orthopaed|diarrhoea|anaemi|leukaemi|foetus|"
    r"manoeuvr|randomis|organis|recognis|minimis|maximis|realis|specialis|stabilis|immobilis|"
    r"sterilis|mobilis|normalis|prioritis|summaris|utilis|visualis|categoris|characteris|"
    r"analys(?:e|ed|es|ing)\b|paralys(?:e|ed|es|ing)\b|programme|physio\b|physiotherap|whilst|"
    r"ageing|licence|defence|sulph|travell|cancell|jewell|grey\b|tyre|plough|aluminium|sceptic|"
    r"cheque|mould|practise)\w*",
    re.IGNORECASE,
)


def _doc(pid: str) -> tuple[Handout, Doc]:
    [h] = handouts(KB, [pid]).handouts
    return h, handout_page(h)


def texts(blocks: tuple[Block, ...], skip: tuple[str, ...] = ()) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Section):
            if b.title not in skip:
                out += [b.title, *texts(b.blocks, skip)]
        elif isinstance(b, Text):
            out.append(b.text)
        elif isinstance(b, Bullets):
            out += b.items
        elif isinstance(b, Fields | Table):
            pass
    return out


def patient_text(doc: Doc) -> str:
    return "\n".join([doc.title, *texts(doc.blocks, NOT_PATIENT_TEXT)])


@pytest.mark.parametrize("pid", PROCEDURES)
def test_every_handout_has_a_risks_section_in_patient_words(pid: str) -> None:
    h, doc = _doc(pid)
    assert h.procedure.plain_risks, f"{pid}: add plain_risks (the risks in patient words)"
    [risks] = [b for b in doc.blocks if isinstance(b, Section) and b.title == RISKS_TITLE]
    assert list(h.procedure.plain_risks) == texts(risks.blocks)[1:]


PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%(?!\s*CI)")  # a confidence level is no frequency


@pytest.mark.parametrize("pid", PROCEDURES)
def test_patient_risks_keep_every_figure(pid: str) -> None:
    """How often, where the KB has a figure: each percentage in `risks` is in `plain_risks`."""
    p = KB.procedures[pid]
    given = set(PERCENT.findall(" ".join(p.risks)))
    kept = set(PERCENT.findall(" ".join(p.plain_risks)))
    assert given <= kept, f"{pid}: plain_risks lacks the figures {sorted(given - kept)}"


# "(NICE)", "(Nuffield Health)": a publisher named in brackets after an instruction.
PUBLISHERS = sorted({s.publisher for s in KB.sources.values() if len(s.publisher) >= 3})


@pytest.mark.parametrize("pid", PROCEDURES)
def test_no_attribution_hedges_in_patient_text(pid: str) -> None:
    text = patient_text(_doc(pid)[1])
    found = HEDGES.findall(text) + [f"({p}" for p in PUBLISHERS if f"({p}" in text]
    assert not found, f"{pid}: {found}; write plain_recovery / plain_risks without them"


@pytest.mark.parametrize("pid", PROCEDURES)
def test_patient_phases_keep_every_item(pid: str) -> None:
    """A patient phase or tier replaces the shared one whole, so it must follow it: an item
    added to the shared phase (a new warning sign) would otherwise never reach the handout."""
    p = KB.procedures[pid]
    for shared, plain, key in (
        (p.recovery, p.plain_recovery, "plain_recovery"),
        (p.warning_signs, p.plain_warning_signs, "plain_warning_signs"),
    ):
        for phase, items in plain:
            n = len(dict(shared).get(phase, ()))
            assert len(items) == n, (
                f"{pid}: {key}.{phase} has {len(items)} items, the shared phase {n}: "
                "rewrite the patient version from the shared one"
            )


@pytest.mark.parametrize("pid", PROCEDURES)
def test_no_guideline_disputes_in_patient_text(pid: str) -> None:
    found = DISPUTES.findall(patient_text(_doc(pid)[1]))
    assert not found, f"{pid}: {found}; the detail stays in `explain`"


@pytest.mark.parametrize("pid", PROCEDURES)
def test_us_spelling_in_patient_text(pid: str) -> None:
    found = UK_SPELLINGS.findall(patient_text(_doc(pid)[1]))
    assert not found, f"{pid}: British spellings {found}"


@pytest.mark.parametrize("pid", PROCEDURES)
def test_sources_note_is_at_most_a_quarter(pid: str) -> None:
    _, doc = _doc(pid)
    whole = sum(map(len, texts(doc.blocks)))
    [note] = [b for b in doc.blocks if isinstance(b, Section) and b.title == WHERE_FROM]
    share = sum(map(len, texts((note,)))) / whole
    assert share <= MAX_SOURCES_SHARE, f"{pid}: sources are {share:.0%} of the handout"


def test_the_checks_can_fail() -> None:
    assert HEDGES.search("Rest for a day (one centre's advice).")
    assert HEDGES.search("Ice it (one practice's list).")
    assert HEDGES.search("Travel when able (a device maker's advice).")
    assert not HEDGES.search("It may need a hospital stay.")
    assert DISPUTES.search("But NHS guidance advises against it.")
    uk = "The anaesthetist will minimise the haematoma; see the physio at the centre."
    assert len(UK_SPELLINGS.findall(uk)) == 5
    assert not UK_SPELLINGS.findall("The anesthesiologist will minimize the hematoma.")


def test_full_sources_only_when_asked() -> None:
    pid = PROCEDURES[0]
    brief = handout_page(handouts(KB, [pid]).handouts[0])
    full = handout_page(handouts(KB, [pid], sources="full").handouts[0])
    titles = [b.title for b in full.blocks if isinstance(b, Section)]
    assert "Sources" in titles and "Sources" not in [
        b.title for b in brief.blocks if isinstance(b, Section)
    ]
    [numbered] = [b for b in full.blocks if isinstance(b, Section) and b.title == "Sources"]
    assert len(texts(numbered.blocks)) == len(handouts(KB, [pid]).handouts[0].sources)
