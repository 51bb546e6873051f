"""Pain in both legs told as claudication, and sweats at night (issue 13, false flags).

Cauda equina's two-leg sign (cn262, cn263) is new pain, tingling, numbness or weakness in both
legs. Leg pain on walking or standing that eases on sitting or bending forward is the
neurogenic claudication of spinal stenosis (cn6, NICE IPG365), an elective complaint: told that
way, pain or tingling alone in both legs raises nothing, while numbness, weakness, sciatica and
any saddle, bladder or bowel sign still do. Night sweats are no night pain. Texts in our own
words, none taken from a vignette.
"""

from __future__ import annotations

import pytest

from spinecli.kb import load_kb
from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


CES = "cauda-equina-syndrome"

CLAUDICATION = [
    "Both my legs ache when I walk to the shops and I have to sit on a bench till it goes.",
    "Pain in both legs after ten minutes on my feet, better as soon as I sit down.",
    "Bilateral leg pain on walking, relieved by sitting, for two years.",
    "bilateral leg pain when walking, eased by flexion",
    "Pain down both legs when I walk, I lean on the trolley at the supermarket and it eases.",
    "Both legs hurt if I stand for long, bending forward helps.",
    "leg pain in both legs with walking, better sitting, 74 year old",
    "Bilateral buttock and leg pain on standing and walking, typical neurogenic claudication.",
    "Aching in both legs whenever I walk the dog, it goes when I sit on a wall.",
    "pain down both legs walking, settles with rest sitting",
    "Walking brings on pain in both legs, sitting takes it away.",
    "Tingling in both legs on a long walk, I have to stop and sit and then it goes off.",
]


@pytest.mark.parametrize("text", CLAUDICATION)
def test_claudication_in_both_legs_is_no_cauda_equina(kb: KnowledgeBase, text: str) -> None:
    assert CES not in flags_raised(kb, text)


@pytest.mark.parametrize(
    "text",
    [
        # pain alone in both legs, not told as claudication (cn262)
        "Pain down both legs, new since Tuesday.",
        "Bilateral leg pain since this morning.",
        # sciatica, numbness and weakness in both legs, even on walking (cn263)
        "Sciatica down both legs since yesterday.",
        "Bilateral sciatica, new this week, eased a bit by sitting.",
        "Shooting pain down both legs from my back, started two days ago.",
        "Pain radiating down both legs after I lifted the sofa.",
        "Both legs have gone numb over the last day.",
        "Both legs numb when walking, better sitting.",
        "Bilateral leg pain and weakness in both legs, relieved by sitting.",
        # claudication with a saddle, bladder or bowel sign (cn110)
        "Leg pain in both legs walking, eased sitting, and numbness around my back passage.",
        "Bilateral leg pain on walking, relieved by sitting. Since yesterday I can't pass urine.",
        "Both legs ache walking, better sitting, and I've wet myself twice this week.",
        "Claudication in both legs and I've lost control of my bowels.",
    ],
)
def test_other_two_leg_signs_still_raise_cauda_equina(kb: KnowledgeBase, text: str) -> None:
    assert CES in flags_raised(kb, text)


MALIGNANCY = "spinal-malignancy"


@pytest.mark.parametrize(
    "text",
    [
        "62, lower back pain for a week, worse every day, and sweats at night.",
        "Back pain, 58 year old, sweating during the night.",
        "I'm 70, back aches, I get sweats in the night sometimes.",
        "Aged 67 with back pain and night sweats.",
    ],
)
def test_sweats_at_night_are_no_night_pain(kb: KnowledgeBase, text: str) -> None:
    assert MALIGNANCY not in flags_raised(kb, text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm 70, back pain that wakes me at night, and night sweats.",
        "58 years old, back pain keeps me awake at night and I sweat at night too.",
        "I am 66, back pain worse at night, sweating a lot.",
    ],
)
def test_night_pain_beside_night_sweats_still_counts(kb: KnowledgeBase, text: str) -> None:
    assert MALIGNANCY in flags_raised(kb, text)


def test_night_sweats_with_fevers_still_read_as_fever(kb: KnowledgeBase) -> None:
    assert "spinal-infection" in flags_raised(kb, "back pain with night sweats and fevers")


@pytest.mark.parametrize(
    "text",
    [
        # night pain in a limb joint is that joint's, not the spine's (cn110 lists back pain's)
        "I'm 71. Neck has been stiff since a whiplash years ago. My left shoulder aches at night.",
        "69 year old with lower back ache; separately my hip is painful all night.",
        "I'm 75 with an old back injury. My knee has been bad for years - it hurts all night.",
    ],
)
def test_night_pain_in_a_limb_joint_is_no_spinal_night_pain(kb: KnowledgeBase, text: str) -> None:
    assert MALIGNANCY not in flags_raised(kb, text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm 71 with back pain that wakes me at night.",
        "Aged 66, back and hip pain at night.",
        "Age 70, neck and shoulder pain at night, keeps me awake.",
        "I'm 72 and my shoulder is sore. My lower back is the worst - it aches all night.",
    ],
)
def test_spinal_night_pain_beside_a_joint_still_counts(kb: KnowledgeBase, text: str) -> None:
    assert MALIGNANCY in flags_raised(kb, text)
