"""Red-flag findings in more of the words people use (issue 13, second pass), written before the
vocabulary: an age said "at 58", injecting drug use in lay words, a power grade that falls, a
carer's account of a known cancer, a past cancer with new night pain, and a cough that only
makes the pain worse (no trauma). Each text must raise its flag; each QUIET text must not.
"""

from __future__ import annotations

import pytest

from spinecli.match import match
from spinecli.model import KnowledgeBase
from spinecli.values import read_values
from tests.redflags_of import flags_raised


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("at 58 I have new back pain", 58.0),
        ("at the age of 58 my back aches", 58.0),
        ("58 years of age, back pain", 58.0),
        ("58yo with back pain", 58.0),
        ("58 y/o back pain", 58.0),
        ("a fit woman at 72, back pain since Monday", 72.0),
    ],
)
def test_an_age_in_other_words_is_read(text: str, age: float) -> None:
    assert [r.amount for r in read_values(text) if r.kind == "age"] == [age]


@pytest.mark.parametrize(
    "text",
    [
        "rear-ended at 10mph, neck pain",
        "woke at 3 with back pain",
        "back pain at 5pm every day",
        "temp at 38.5, back pain",
        "flexion limited at 40 degrees",
        "sore back lifting boxes at 20kg",
        "pain at 7/10",
    ],
)
def test_at_a_number_that_is_no_age_is_not_an_age(text: str) -> None:
    assert [r for r in read_values(text) if r.kind == "age"] == []


_RAISE: dict[str, list[str]] = {
    "spinal-malignancy": [
        # an age said "at 58" counts as over 50 with night pain
        "at 58 I have back pain that wakes me at night",
        "at the age of 67 I've got back pain every night",
        "back pain keeping me up at night, 61yo",
        "back pain waking me at night, 66 y/o",
        # a known cancer with new night or constant back pain (cn260)
        "diagnosed with cancer last year, new back pain that wakes me at night",
        "I was diagnosed with breast cancer last year and now I have new back pain at night",
        "had treatment for bowel cancer in 2021, now constant back pain",
        "my cancer was diagnosed 2 years ago, and this new back pain is there all the time",
        # a cancer under care with night pain or constant spinal pain (cn260)
        "I had cancer last year and I'm under the oncologist, new back pain that wakes me at night",
        "breast cancer under oncology, my back pain keeps me awake at night",
        "known myeloma under haematology, now constant back pain",
        "prostate cancer under oncology, my back pain is worse when I cough",
        "breast ca under the oncology team, back pain worse on sneezing",
        "my mum has breast cancer under oncology and now has back pain at night",
        "my dad has lung cancer and now has back pain at night",
        # a carer telling of NEW symptoms still raises it
        "my dad had prostate cancer, now he has new back pain at night",
        "my mum's breast cancer was treated years ago and now she has constant back pain",
    ],
    "spinal-infection": [
        "back pain, uses heroin",
        "I use heroin and my back is agony",
        "he injects and has back pain",
        "I inject and my back has been killing me",
        "he shoots up every day and now has back pain",
        "back pain, been shooting up heroin",
        "I shoot up heroin, severe back pain",
        "I still use needles and my back hurts",
        "IVDU, back pain",
        "back pain in a PWID",
    ],
    "progressive-neurological-deficit": [
        "dorsiflexion 4/5, now 2/5, back pain",
        "power was 4 now 3 in the left leg",
        "MRC 4/5 last week, 3/5 today",
        "EHL power 4/5 on Monday, now 3/5",
        "ankle dorsiflexion went from 4/5 to 2/5",
        "hip flexion 5/5 yesterday, 4/5 today, sciatica",
        "L5 weakness: EHL 4/5 -> 3/5 over two days",
    ],
}

_QUIET: dict[str, list[str]] = {
    "spinal-malignancy": [
        "my dad's pancreatic cancer pain, he's on morphine from the palliative team",
        "my mum's bowel cancer pain is under the palliative care team, she's on a syringe driver",
        "writing for my husband: his known lung cancer pain is managed by his oncologist",
        "known bone mets under oncology, back pain as before, asking about a pain pump",
        "pancreatic cancer under the palliative team, the pain goes through to my back",
        "my dad has lung cancer and I have back pain after lifting",
        "at 30 I had back pain that woke me at night",
        "woke at 3 with back pain, stiff in the morning, eases with exercise",
        "at 15 I had back pain at night for a while, it went, now sore after gardening",
    ],
    "spinal-infection": [
        "my friend uses heroin, I have back pain after lifting",
        "back pain after lifting, never used drugs, don't inject",
        "I inject insulin for my diabetes and my back aches after gardening",
        "the pain shoots up my back when I bend",
        "pins and needles in my feet, I use a walking stick, back pain after lifting",
        "had a facet injection that helped my back pain",
    ],
    "progressive-neurological-deficit": [
        "power was 3 now 4, sciatica improving",
        "dorsiflexion 4/5, unchanged at 4/5, back pain",
        "pain 7/10 last week, now 4/10",
        "sciatica, power 5/5 throughout",
        "L4/5 disc bulge, now 2 years of back ache",
        "EHL 4/5 on the left and 3/5 on the right, stable for a year, back pain",
        "back pain scored 4 out of 5 last week, now 3",
    ],
    "spinal-fracture": [
        "I have osteoporosis and my back pain is worse when I cough",
        "on long-term steroids, back pain worse when I cough or sneeze",
        "brittle bones, back ache that hurts more when coughing",
        "osteoporosis, sciatica that is worse when I sneeze",
        "osteoporosis, low back pain, coughing makes it worse",
        "osteoporosis, back pain when I cough",
        "long term pred, back pain on coughing and sneezing",
    ],
}

_FRACTURE_RAISE = [
    "I have osteoporosis and my back pain started after a cough",
    "long-term steroids, back went after a coughing fit",
    "osteoporosis, back agony since I sneezed",
    "weak bones, sudden back pain after sneezing",
    "on pred for years, coughed and now my back is agony",
    "osteoporosis, sudden back pain after I coughed",
]

# CG75 (cn260): a person with cancer and limb weakness, difficulty walking or bladder, bowel or
# saddle signs is an oncological emergency, even when the cancer is known and under care.
_CANCER_EMERGENCY = [
    "61M, prostate ca known bony mets. New LBP + bilat leg weakness developing over 48 h, "
    "unsteady gait.",
    "Known breast cancer under the oncologists. My back hurts and my legs have got weaker "
    "this week, I keep stumbling.",
    "breast cancer 8 years ago, now back pain, numb between my legs",
    "Had bowel cancer in 2015. Back pain for a fortnight and now I can't empty my bladder.",
    "Myeloma under haematology, back pain and since yesterday I've lost control of my bowels.",
]
RAISE = (
    [(f, t) for f, ts in _RAISE.items() for t in ts]
    + [("spinal-fracture", t) for t in _FRACTURE_RAISE]
    + [("spinal-malignancy", t) for t in _CANCER_EMERGENCY]
)
# A fever said to be of last month, last winter or a year ago is not a current infection sign
# (a new_only finding; context.py's long-standing cues). A recent infection stays one: "a UTI
# last month" is recent.
_PAST_INFECTION = [
    "I had a fever last month with a cold. Back has ached for 6 weeks.",
    "Had a bad flu with a fever last winter. Now a sore lower back after digging.",
    "A chest infection with a high temperature last year. My neck has been stiff since Monday.",
]
QUIET = [(f, t) for f, ts in _QUIET.items() for t in ts] + [
    ("spinal-infection", t) for t in _PAST_INFECTION
]


@pytest.mark.parametrize(("flag", "text"), RAISE, ids=[t for _, t in RAISE])
def test_raises(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), QUIET, ids=[t for _, t in QUIET])
def test_stays_quiet(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag not in flags_raised(shipped, text)


@pytest.mark.parametrize(
    "text",
    [
        "my dad's pancreatic cancer pain, he's on morphine from the palliative team",
        "my mum's bowel cancer pain is under the palliative care team, she's on a syringe driver",
    ],
)
def test_a_carers_known_cancer_pain_is_cancer_pain(shipped: KnowledgeBase, text: str) -> None:
    result = match(shipped, text)
    assert "cancer-pain" in [c.condition.id for c in result.conditions[:3]]
