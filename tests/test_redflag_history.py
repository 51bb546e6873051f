"""Old, finished history is not a current red flag; current or recent risk still is (issue 13).

Written from the guideline lists (clinical-notes.md [110]: IV drug use, immunosuppression,
recent bacterial infection), not from the benchmark folds: each PAST text tells of a risk long
over and must not raise the flag beside it; each NOW text is its near miss and must raise it.
"""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

INFECTION = "spinal-infection"

PAST = [
    # drug use given up long ago
    (
        INFECTION,
        "Used heroin intravenously 15 years ago, abstinent since. Sore lower back from gardening.",
    ),
    (
        INFECTION,
        "I injected drugs as a teenager but I've been clean for decades. Neck ache driving.",
    ),
    (INFECTION, "ex-IVDU, clean for 12 years, mechanical back pain after moving furniture"),
    # chemotherapy finished years ago
    (
        INFECTION,
        "Had chemotherapy for leukaemia in 2009. My lower back aches after a day of gardening.",
    ),
    (INFECTION, "chemo for testicular cancer years ago; back pain lifting the kids"),
    # an infection long over
    (INFECTION, "I had pneumonia last year. My back hurts after painting the ceiling."),
    (
        INFECTION,
        "Cellulitis in my leg two years ago, it cleared with tablets. Back ache from digging.",
    ),
    (
        INFECTION,
        "A bad UTI last winter, but that was sorted by the GP. Low back sore after bowling.",
    ),
]

NOW = [
    (INFECTION, "I inject heroin most days and my lower back has been agony for a week."),
    (INFECTION, "ex-IVDU, still injecting now and then, new back pain"),
    (INFECTION, "Finished my chemo last month and now my lower back is really sore."),
    (INFECTION, "I'm currently on chemo for bowel cancer and my back hurts."),
    (INFECTION, "On chemotherapy since 2023 for breast cancer, now back pain."),
    (INFECTION, "I had a kidney infection three weeks ago and now my back is killing me."),
    (INFECTION, "Had a UTI last month, treated with antibiotics, and now low back pain."),
    (INFECTION, "Had a fever last week that's gone now, but my back is agony."),
]


@pytest.mark.parametrize(("flag", "text"), PAST, ids=[t for _, t in PAST])
def test_history_long_over_raises_no_flag(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag not in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), NOW, ids=[t for _, t in NOW])
def test_current_or_recent_risk_still_raises(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag in flags_raised(shipped, text)


def test_an_old_fever_is_not_made_fresh_by_gone_now(shipped: KnowledgeBase) -> None:
    """ "now" after "gone" says the fever is over, not that it is new."""
    text = "I had a fever last month but that's gone now. My back aches after gardening."
    assert INFECTION not in flags_raised(shipped, text)


# An injury more than a month old, checked since, is no fresh major trauma ("months ago" was
# already long-standing); a recent one, or a sign that is getting worse, still counts.
OLD_INJURY = [
    (
        "spinal-fracture",
        "Knocked off my bike by a van seven weeks ago; A&E found nothing broken. "
        "My neck aches when I turn.",
    ),
    ("spinal-fracture", "fell off a ladder 8 weeks ago, x-rays fine, back still stiff"),
]
RECENT_INJURY = [
    ("spinal-fracture", "Came off my motorbike two weeks ago and my back has hurt ever since."),
    ("spinal-fracture", "Fell off a ladder 3 weeks ago, back pain since."),
    ("cauda-equina-syndrome", "I started wetting myself 6 weeks ago and it is getting worse."),
]


@pytest.mark.parametrize(("flag", "text"), OLD_INJURY, ids=[t for _, t in OLD_INJURY])
def test_an_injury_weeks_past_is_not_fresh_trauma(
    shipped: KnowledgeBase, flag: str, text: str
) -> None:
    assert flag not in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), RECENT_INJURY, ids=[t for _, t in RECENT_INJURY])
def test_a_recent_injury_or_a_worsening_sign_still_raises(
    shipped: KnowledgeBase, flag: str, text: str
) -> None:
    assert flag in flags_raised(shipped, text)


# A phrase that opens with a denial is read from its denial: "I can pass water and I haven't
# ..." is no "haven't passed urine"; "I haven't passed urine since last night" is.
@pytest.mark.parametrize(
    ("text", "raised"),
    [
        (
            "I can pass water normally and I haven't had trouble with my bowels. Sciatica down "
            "my right leg.",
            False,
        ),
        ("I haven't passed urine since last night and my back is agony.", True),
    ],
)
def test_a_denial_led_phrase_starts_at_its_denial(
    shipped: KnowledgeBase, text: str, raised: bool
) -> None:
    assert ("cauda-equina-syndrome" in flags_raised(shipped, text)) is raised
