"""Fracture, cancer and infection red flags in more of the ways people say them (issue 13).

Written from the guideline lists (clinical-notes.md [110]: sudden pain after major trauma, or
minor trauma with osteoporosis or corticosteroids; clinical-notes-2.md [cn260]: a person with
cancer and spinal pain, limb weakness or difficulty walking; [cn2], [110]: fever after a spinal
procedure), in words of our own, not the benchmark folds' sentences. Each RAISE text must raise
its flag; each QUIET text is a near miss (the same words where they mean no flag) and must not.
"""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

FRACTURE = "spinal-fracture"
CANCER = "spinal-malignancy"
INFECTION = "spinal-infection"

RAISE = [
    # a minor fall or jolt with fragile bones: sitting down hard, jumping down, a missed stair
    (FRACTURE, "osteoporosis, and I sat down with a thump on a hard chair, now my back hurts"),
    (FRACTURE, "Long-term prednisolone. Plonked myself down on the sofa and my spine is agony"),
    (FRACTURE, "thin bones; I landed heavily on the bottom step and my back has been sore since"),
    (FRACTURE, "On alendronic acid. Jumped off the lorry this morning, low back pain now"),
    (FRACTURE, "She has brittle bones and missed a stair going down, her back is very painful"),
    (FRACTURE, "osteoporotic, landed awkwardly off the bus step, sharp pain in my spine"),
    # a fall from a height, however it is said
    (FRACTURE, "I came off a ladder clearing the gutters and my back is really sore"),
    (FRACTURE, "He came off the roof of the shed on Saturday and has had back pain since"),
    (FRACTURE, "came off scaffolding at work today, pain in my lower back"),
    (FRACTURE, "fell out of a tree picking apples, my back hurts"),
    (FRACTURE, "I'm on alendronic acid and landed on my tailbone on the ice; my low back aches"),
    (FRACTURE, "Came a cropper on the stairs, osteoporosis, and my lower back has hurt since"),
    # severe central pain eased by lying down, said in parts, with no injury named
    (FRACTURE, "excruciating pain down the middle of my spine, only lying flat helps"),
    (FRACTURE, "unbearable pain in the centre of my back since this morning, easier lying down"),
    (FRACTURE, "Severe midline pain at T12, better lying"),
    # a person with cancer and new limb weakness or trouble walking, with or without back pain
    (CANCER, "Known myeloma under haematology. This week my right leg has gone weak and I trip"),
    (
        CANCER,
        "Bowel cancer spread to my liver, on palliative chemo. Since Monday my legs are getting "
        "weaker and I can barely walk to the kitchen",
    ),
    # cancers by their initials
    (CANCER, "SCLC diagnosed last spring, now pain between my shoulder blades"),
    (CANCER, "RCC s/p nephrectomy, 3/52 low back pain worse at night"),
    (CANCER, "HCC, mid-back pain for two weeks"),
    # the writer shares someone else's history
    (CANCER, "My dad had prostate cancer and so have I; my back has ached every night for a month"),
    (CANCER, "Mum had bowel cancer, me too, and my lower back hurts at night"),
    (CANCER, "my sister had melanoma and I had it too. Constant back pain now"),
    # a fever after a spinal procedure, in lay words or as a thermometer reads it
    (INFECTION, "Two days after my nerve root block I'm burning up"),
    (INFECTION, "my epidural was last week; the thermometer showed 38.9 this morning"),
    (INFECTION, "Sore low back and he's been burning up all night"),
    (
        INFECTION,
        "my back has ached since the stimulator was fitted and now I keep going hot and cold",
    ),
    (INFECTION, "back surgery three weeks ago, the wound is leaking and I feel rough"),
    (INFECTION, "lumbar puncture on Monday, now a raging temperature"),
]

QUIET = [
    # the same jolts with bones that are not fragile: a minor strain, no flag
    (FRACTURE, "I sat down with a thump on a hard chair and my back hurts a bit"),
    (FRACTURE, "Jumped off the back of the lorry this morning, low back pain now"),
    (FRACTURE, "No osteoporosis, not on steroids. I missed a stair and my back aches"),
    # someone else's fragile bones and a fall that is someone else's
    (FRACTURE, "my sister has thin bones; I landed heavily playing netball and my back aches"),
    (FRACTURE, "my dad came off a ladder last year, I have low back pain from gardening"),
    # two of the three parts are not the sign: not central, not severe, not eased lying down,
    # or the middle of the night rather than of the back
    (FRACTURE, "severe pain in my lower back, better lying down"),
    (FRACTURE, "pain in the middle of my back, better lying down"),
    (FRACTURE, "terrible pain in the middle of my back, worse lying down"),
    (FRACTURE, "severe back pain wakes me in the middle of the night, better once I'm lying flat"),
    (FRACTURE, "middle-aged man, severe back pain, better lying down"),
    (FRACTURE, "middle-aged with severe back pain, better lying down"),
    (FRACTURE, "my back hurts at the leisure centre, the pain is terrible, better lying down"),
    # weakness of long standing is no new sign, cancer or not
    (
        CANCER,
        "history of breast cancer; my left leg has been weak since a stroke in 2015, unchanged",
    ),
    # someone else's cancer, by its initials or shared by another person, not the writer
    (CANCER, "my dad had CRC. I have low back ache after digging"),
    (CANCER, "My mum had breast cancer and so did my aunt; my back aches after gardening"),
    (CANCER, "My dad had lung cancer and I have back pain too"),
    # a pain that burns its way up is no fever, nor a normal reading
    (INFECTION, "the pain has been burning up my spine since my facet injection"),
    (INFECTION, "Back pain since my facet injection, but the thermometer said 37.2"),
    # hot and cold packs are no fever; weeping with pain is no weeping wound
    (INFECTION, "I use hot and cold packs on my back since my epidural and it helps"),
    (INFECTION, "I was weeping with the back pain after my back operation"),
    # someone else's fall from a height, long ago
    (FRACTURE, "my mum fell from a window years ago; my back aches from gardening"),
]


@pytest.mark.parametrize(("flag", "text"), RAISE, ids=[t for _, t in RAISE])
def test_raises(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), QUIET, ids=[t for _, t in QUIET])
def test_stays_quiet(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag not in flags_raised(shipped, text)
