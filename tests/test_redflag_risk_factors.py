"""Risk-factor red flags in the many ways people write them (issue 13: red flags never missed).

Written before the vocabulary they test, from the guideline lists (clinical-notes.md [110],
clinical-notes-2.md A7), not from the benchmark folds: each text must raise its flag, and each
text of QUIET must not raise the flag beside it (family history, intentional weight loss, a
low-speed whiplash, inflammatory night waking, widespread aches).
"""

from __future__ import annotations

import pytest

from spinecli.match import match
from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

_RAISE: dict[str, list[str]] = {
    "spinal-infection": [
        "Back pain for a week and I've had a temp of 38.5 since Sunday",
        "lower back agony, temperature 39.2 this morning",
        "my back is killing me and I'm running a temp",
        "back pain and a fever of 102",
        "neck pain, temp 101.3F last night",
        "sore back, hot and cold all night with the shakes",
        "back pain with sweats and shivers, feel like I have the flu",
        "back pain, been feverish and shivery since the weekend",
        "my back has been agony and my temperature has been high",
        "back pain, T 38.9",
        "back pain, temp was 38.4 degrees",
        "lower back pain and uncontrollable shaking with a temperature",
        "back pain since my epidural last week and now I have a fever",
        "had a spinal injection ten days ago, back pain now with chills",
        "my back op was three weeks ago and now I'm feverish with back pain",
        "fever and back pain after my lumbar puncture",
        "back pain, I inject heroin",
        "I use IV drugs and my back is killing me",
        "back pain in an injecting drug user",
        "ex heroin user still injecting occasionally, new back pain",
        "I'm on methotrexate and have back pain with a fever",
        "back pain, kidney transplant patient on anti-rejection drugs",
        "I had a liver transplant and now severe back pain",
        "back pain while I'm having chemo",
        "undergoing chemotherapy, new back pain",
        "on immunosuppressants for Crohn's and my back hurts badly",
        "back pain, I'm HIV positive",
        "back pain after a UTI last month",
        "neck pain after a chest infection treated with antibiotics",
        "stiff painful back and I was on antibiotics for a kidney infection",
        "back pain and a high temp",
        "severe back pain, pyrexial 38.6",
        "65M back pain, febrile, IVDU",
        "my back is sore and I've got a fever and chills",
        "back pain with rigors overnight",
        "back ache and shivering fits",
        "my back hurts, I have a temperature of 39",
        "back pain and temperature 38C",
        "back pain and a temperature of 100.8 F",
        "I've had a discharging wound on my back since surgery and back pain",
        "My mum has had a fever for two days. She has terrible back pain.",
        "my husband has back pain and a fever since his back injection",
    ],
    "spinal-fracture": [
        "I have osteoporosis and slipped on the stairs, now my back is agony",
        "brittle bones, sneezed and felt my back go, terrible back pain",
        "DEXA T-score -3.1, bent to pick up shopping and sudden back pain",
        "T score of -2.8, back pain after lifting a box",
        "been on prednisolone for years for my asthma and coughed and now my back is agony",
        "on steroids for my COPD for years, back pain after a sneeze",
        "I take pred every day for my arthritis, tripped and my back hurts",
        "long term steroid tablets, sudden back pain when I bent down",
        "I've been on steroid tablets for ten years and felt a crack in my back lifting the kettle",
        "she has thin bones and fell off a chair, back pain since",
        "weak bones, sudden back pain after a cough",
        "I'm on alendronic acid for my bones and slipped, back agony",
        "osteoporotic, lifted grandchild, sudden mid back pain",
        "fell down a flight of stairs yesterday and my back is agony",
        "car crash on the motorway at 70mph, back pain since",
        "fell off a ladder at work and hurt my back",
        "fell from scaffolding, severe back pain",
        "came off my motorbike, severe neck pain",
        "my nan has osteoporosis and fell yesterday, now her back is agony",
    ],
    "spinal-malignancy": [
        "I had breast cancer five years ago and now have constant back pain",
        # CG75 (cn260): with cancer, low back pain needs more than itself (tests/
        # test_redflag_cancer_pain.py); neck or mid-back pain, tenderness or night pain do
        "history of prostate cancer, new back pain that is constant",
        "back pain that wakes me at night, I had bowel cancer treated in 2019",
        "I had a mastectomy for cancer and now my back aches constantly",
        "lost 2 stone without trying and back pain at night",
        "back pain and I've lost a lot of weight without dieting",
        "back pain, weight dropping off me and I'm not trying",
        "back pain and clothes are falling off me, lost weight without trying",
        "unintentional weight loss of 8kg and back pain",
        "pain between my shoulder blades, I'm a cancer patient on chemo",
        "neck pain, previous melanoma removed",
        "back pain getting worse and worse, had lymphoma as a child",
        "upper back pain, in remission from leukaemia",
        "back pain, tender over the spine, my oncologist is treating my lung cancer",
        "my dad had prostate cancer and now has new back pain that keeps him up at night, he is 78",
    ],
    "cauda-equina-syndrome": [
        "my mum can't feel her bottom since this morning and her back is bad",
        "my husband has back pain and since last night he has wet himself twice",
        "My dad has had back pain for a week and today he can't pee",
        "my wife has sciatica and now she says her bum is numb",
        "writing for my son: his back went and now he can't control his bladder",
    ],
    "aortic-emergency-more": [
        "known AAA under surveillance, now sudden back pain and I collapsed",
        "my husband collapsed with severe back pain and went grey, he's 70",
        "66M, tender pulsatile abdomen and back pain",
    ],
    "spinal-infection-more": [
        "had an epidural steroid injection last week and now my temperature is 39",
        "I'm worried, my dad has a fever and back pain",
    ],
    "spinal-malignancy-more": [
        "lost 2 stone without trying since the summer, I'm 67, and a new backache",
    ],
    "spinal-fracture-more": [
        "I'm 70, two inches shorter than last year and my back hurts",
    ],
    "spinal-infection-words": [
        "I'm a heroin user and my back is killing me",
        "back pain, current intravenous drug user",
        "I use needles to inject and now have severe back pain",
        "back pain, spiking temperatures",
    ],
    "spinal-fracture-words": [
        "fragility fracture history, fell from standing, back pain",
        "my mum is 85 with osteoporosis and her back went when she bent over",
    ],
    "aortic-emergency-words": [
        "BP 190/110 R arm, 150/90 L arm, severe interscapular pain onset 1 h ago",
    ],
    "spinal-infection-context": [
        "I'm worried about my dad, he has a fever and his back hurts",
        "my son has back pain and a temperature of 39",
        "my husband is on chemo and has back pain",
    ],
    "cauda-equina-syndrome-context": [
        "my wife has had back pain for a week and now she's wet herself",
        "My partner has back pain and has been peeing himself since yesterday",
    ],
    "spinal-fracture-context": [
        "for my mother, 80: she has osteoporosis and her back suddenly hurt after she sneezed",
    ],
}

_QUIET: dict[str, list[str]] = {
    "spinal-fracture": [
        "low speed shunt in a car park, neck stiff the next day, whiplash",
        "rear-ended at a junction at 10mph, now whiplash and neck pain",
        "minor car accident last month, sore neck, whiplash",
        "I had a car accident 10 years ago and have had neck pain since",
        "back pain after lifting, no osteoporosis, no steroids",
        "my mum has osteoporosis; I hurt my back lifting at work",
        "DEXA was normal, T-score -0.5, back pain after lifting",
        "I used a steroid inhaler for asthma as a child, back sore after gardening",
    ],
    "spinal-malignancy": [
        # a cancer with low back pain alone is not the CG75 rule (cn260)
        "back pain, previous melanoma removed",
        "back pain, in remission from leukaemia",
        "history of prostate cancer, low back pain after lifting",
        "lost 2 stone on a diet and my back aches after the gym",
        "lost weight on slimming world and my back aches when I sit a lot",
        "I've been dieting and lost 10kg, lower back sore after gardening",
        "I lost weight deliberately after my heart scare, back ache since lifting",
        "my dad died of bowel cancer, I have back pain from lifting",
        "my wife has pancreatic cancer and I have had back pain for 3 weeks",
        "family history of breast cancer, my back aches after work",
        (
            "mum died of lung cancer last year; I've never had cancer myself, sore back after "
            "moving house"
        ),
        (
            "I'm 28 and wake in the second half of the night with back stiffness that eases with "
            "exercise"
        ),
        (
            "back pain waking me in the early hours, morning stiffness for an hour, better with "
            "exercise, I'm 30"
        ),
        "my neck, shoulders, back, hips and knees all ache, I'm tired all the time",
        "aching all over, neck, back, arms and legs, fibromyalgia probably",
    ],
    "spinal-infection": [
        "back pain, I have hay fever",
        "my son had a fever last week, my back is sore from carrying him",
        "back pain, no fever, no chills",
        "Fever? No. Back pain for two weeks after lifting",
        "back pain, temp 36.8",
        "I am a diabetic with low back pain after gardening",
        "back pain, my mother had a kidney transplant",
    ],
    "cauda-equina-syndrome": [
        "my dad had cauda equina years ago; my back is sore after gardening",
        "stress incontinence since childbirth and back ache",
    ],
    "aortic-emergency-more": [
        "Known 4.2 cm AAA under annual surveillance, no symptoms. My knee aches on walks.",
        "I look after my dad, who has an aortic aneurysm. My hip is sore on the stairs.",
    ],
    "spinal-malignancy-more": [
        "Known pancreatic cancer, pain boring through to the back, the oncologist offered a block",
        "My son is 15 and has low back pain when he bowls. His grandad had cancer.",
    ],
    "cauda-equina-syndrome-more": [
        "Stress incontinence since my children were born, nothing new there. Now sciatica.",
    ],
    "progressive-neurological-deficit-more": [
        "neck pain into my arm and fingers are numb, worse turning my head",
        "pain down my leg to my foot, can't sit for long, started after lifting",
    ],
    "spinal-fracture-more": [
        "44F WAD II post RTA 9/12, persistent neck pain",
    ],
    "progressive-neurological-deficit-words": ["I'm clumsy and hurt my back lifting, I'm 60"],
    "aortic-emergency-words": [
        "back pain with electric shock pains down my leg that came on suddenly",
        "pulsating pain in my lower back came on suddenly, I'm 70",
        "disc collapse at L5 with sudden back pain",
    ],
    "spinal-malignancy-words": ["I wake up stiff every morning with back pain, I'm 58"],
    "spinal-fracture-words": [
        "lower back pain, Scheuermann's kyphosis since my teens",
        "my disc is shrinking the doctor said, back pain, I'm 55",
    ],
    "spinal-infection-words": ["sends shivers down my spine, back pain after gardening"],
    "spinal-infection-context": [
        "my brother had a spinal abscess years ago; my back aches after football",
        "denies fever, chills, weight loss. LBP 3/52 after lifting",
        "my friend injects heroin, I have back pain after moving house",
        "back pain, my husband is on chemo",
    ],
    "spinal-malignancy-context": [
        "my mum had cancer. I have back pain from lifting",
        "my dad died of bowel cancer and my back aches after gardening",
        "back pain. No fever, no weight loss, no night pain, no bladder or bowel problems",
        "no history of cancer, back pain for 2 weeks",
        "never had cancer, back pain after lifting",
    ],
    "spinal-fracture-context": [
        "my sister has osteoporosis, I sneezed and my back hurts",
        "I'm 55, not on steroids, no osteoporosis, back pain after lifting",
    ],
    "cauda-equina-syndrome-context": [
        "Saddle numbness? No. Bladder? Normal. Back pain after lifting.",
    ],
}
RAISE = [
    (flag.removesuffix("-more").removesuffix("-words").removesuffix("-context"), t)
    for flag, texts in _RAISE.items()
    for t in texts
]
QUIET = [
    (flag.removesuffix("-more").removesuffix("-words").removesuffix("-context"), t)
    for flag, texts in _QUIET.items()
    for t in texts
]


@pytest.mark.parametrize(("flag", "text"), RAISE, ids=[t for _, t in RAISE])
def test_raises(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), QUIET, ids=[t for _, t in QUIET])
def test_stays_quiet(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag not in flags_raised(shipped, text)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Known 4.2 cm AAA under annual ultrasound surveillance, no symptoms", "aortic-emergency"),
        ("pancreatic Ca under oncology, epigastric pain radiating to back", "spinal-malignancy"),
        ("I was diagnosed with a spinal fracture six weeks ago", "spinal-fracture"),
    ],
)
def test_known_and_under_care_is_a_known_diagnosis(
    shipped: KnowledgeBase, text: str, flag: str
) -> None:
    result = match(shipped, text)
    assert flag in {k.flag.id for k in result.known}
    assert flag not in {f.flag.id for f in result.red_flags}


def test_a_diagnosed_spinal_fracture_ranks_its_condition(shipped: KnowledgeBase) -> None:
    result = match(shipped, "I was diagnosed with a spinal fracture six weeks ago")
    assert "vertebral-compression-fracture" in [c.condition.id for c in result.conditions[:3]]
