"""Words that look like a red flag and are not one: crying is no tearing pain, a disc's height
is no lost height, a slipped disc or vertebra is no fall, a deficit said to be unchanged is
not progressive, and belly pain boring through to the back in a cancer is no spinal pain (a
cancer a hospice team looks after is known). Each has a near miss."""

from __future__ import annotations

import pytest

from spinecli.match import match
from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

QUIET = [
    # "in tears" stems to "tear": crying with pain is no tearing pain (cn258)
    ("aortic-emergency", "my wife is in tears with the pain between her shoulder blades"),
    ("aortic-emergency", "the ache in my upper back brings tears to my eyes"),
    ("aortic-emergency", "he was reduced to tears by his back pain last night"),
    # a disc's height lost on imaging is degeneration, not the person's lost height (cn110)
    ("spinal-fracture", "MRI: reduced disc height L5/S1, mechanical back pain, aged 64"),
    ("spinal-malignancy", "70M, disc height loss at L3/4 on x-ray, back pain worse sitting"),
    # a slipped disc or vertebra is a diagnosis, not a fall (minor trauma with osteoporosis)
    ("spinal-fracture", "I have osteoporosis and the GP says I have a slipped disc, back aches"),
    ("spinal-fracture", "on steroids for my asthma, x-ray shows a vertebra has slipped forward"),
    ("spinal-fracture", "osteopenia, slipped vertebrae at L4 on L5, aching back on walking"),
    # a deficit said to be unchanged, in a clause of its own, is not progressive (cn110)
    ("progressive-neurological-deficit", "dropped foot after my fusion, it has never changed"),
    ("progressive-neurological-deficit", "weak left ankle since surgery, not changed since"),
    # a weakness that comes and goes is no progressing deficit (cn110)
    ("progressive-neurological-deficit", "aching all over, on bad days my arms and legs feel weak"),
    (
        "progressive-neurological-deficit",
        "low back ache, now and then my knee buckles on the stairs",
    ),
    # belly pain through to the back is visceral cancer pain (cn342), not spinal pain (cn260)
    (
        "spinal-malignancy",
        "my husband's pancreas cancer gives him belly pain right through to his back",
    ),
    ("spinal-malignancy", "pancreatic ca, epigastric pain radiating to the back, on oxycodone"),
    ("spinal-malignancy", "Cancer of the pancreas. Stomach pain boring through to my back."),
]

PND = "progressive-neurological-deficit"
RAISE = [
    # tearing pain itself still counts, tears or not
    ("aortic-emergency", "sudden ripping pain through to my back, I'm in tears"),
    ("aortic-emergency", "tearing pain between my shoulder blades came on an hour ago"),
    # the person's own lost height still counts with fragile bones
    ("spinal-fracture", "osteoporosis, my back hurts and I have lost height this year"),
    # a person who slipped still had a minor fall
    ("spinal-fracture", "I have osteoporosis, slipped in the shower and now my back is agony"),
    ("spinal-fracture", "long-term prednisolone, she slipped on the stairs, back pain since"),
    # a cancer with back pain at night is still the MSCC rule (cn260)
    ("spinal-malignancy", "bowel cancer last year, belly pain, and my back hurts at night"),
    # a tearing pain through to the back is still aortic, from the chest or the belly
    ("aortic-emergency", "sudden ripping pain from my stomach straight through to my back"),
    ("aortic-emergency", "tearing chest pain going through to my back"),
    ("aortic-emergency", "I'm 72, sudden tummy pain through to my back and I passed out"),
    ("aortic-emergency", "70M, pulsatile mass, epigastric pain radiating to the back"),
    # unchanged in another clause that names its own thing covers only that thing
    (PND, "my foot has started to drop, the back ache is unchanged"),
    # a recent deficit stays new however unchanged it is since (cn262: within 2 weeks)
    (PND, "back pain, foot drop since my op 4 days ago, unchanged"),
    (PND, "foot drop after surgery last week, not changed, sore back"),
    # coming and going, but worse or recent, still counts; other findings keep no exception
    (PND, "back pain, my leg gives way on and off, and it happens more and more often"),
    (PND, "sciatica, some days my leg feels weak, and that started this week"),
    ("cauda-equina-syndrome", "back pain, some days I can't feel the toilet paper when I wipe"),
    ("cauda-equina-syndrome", "back ache, on and off I have lost control of my bladder"),
    # unchanged, then worse: worse wins
    (PND, "foot drop since the op, unchanged until now, getting worse"),
]


@pytest.mark.parametrize(("flag", "text"), QUIET, ids=[t for _, t in QUIET])
def test_stays_quiet(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag not in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), RAISE, ids=[t for _, t in RAISE])
def test_still_raises(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag in flags_raised(shipped, text)


@pytest.mark.parametrize(
    "text",
    [
        "Pancreatic cancer, spread to the liver. Pain through from my belly to my back. "
        "The palliative care team visit on Mondays.",
        "My nan has pancreatic cancer. The hospice team see her weekly. Her tummy pain goes "
        "through to her back as it always has.",
    ],
)
def test_a_cancer_under_care_with_its_belly_pain_is_known(
    shipped: KnowledgeBase, text: str
) -> None:
    result = match(shipped, text)
    assert "spinal-malignancy" in {k.flag.id for k in result.known}
    assert not result.red_flags
    assert "cancer-pain" in [c.condition.id for c in result.conditions[:3]]
