"""A cancer, now or in the past, with spinal pain: the CG75 triggers, not any back ache (issue 13).

NICE CG75 as clinical-notes-2.md A7 reads it (cn260): with cancer, thoracic or cervical spinal
pain, progressive lumbar pain, severe unremitting lower spinal pain, pain worse on straining,
localised spinal tenderness or night pain that stops sleep. Written from that wording, not from
the benchmark folds: each RAISE text meets one trigger in lay or clinical words; each QUIET text
is a cancer with ordinary low back pain, or pain that only sounds spinal, and must not raise
spinal-malignancy.
"""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

MALIGNANCY = "spinal-malignancy"

RAISE = [
    "Had breast cancer in 2012. Now pain between my shoulder blades for three weeks.",
    "Prostate cancer survivor, a new ache in my neck for a fortnight.",
    "Ovarian cancer five years ago; my lower back has ached constantly for a month.",
    "Lymphoma in remission. Low back pain that gets worse week by week.",
    "Myeloma. A spot low in my spine is tender when I press on it.",
    "Had a kidney removed for cancer four years back; now a constant ache low in my back.",
    "Breast ca on tamoxifen, 2/12 LBP, tender over L4.",
    "bowel cancer last year, my low back pain doesn't ease whatever I do",
    "Treated for lung cancer. My lower back hurts and I can't sleep for it.",
]

QUIET = [
    "Treated for bowel cancer eight years ago and signed off. My lower back aches after a "
    "weekend of decorating.",
    "Had a melanoma removed in 2015. Low back twinges when I bend to tie my shoes.",
    "The pelvic pain from my cervical cancer is worse; the palliative nurse changes my patches.",
    "Known pancreatic cancer: upper abdominal pain going straight through to the back, the "
    "oncologist has offered a nerve block.",
    "Thyroid cancer removed years back, all clear. Stiff lower back in the mornings that loosens "
    "up once I'm moving.",
]


@pytest.mark.parametrize("text", RAISE)
def test_a_cg75_trigger_with_cancer_raises(shipped: KnowledgeBase, text: str) -> None:
    assert MALIGNANCY in flags_raised(shipped, text)


@pytest.mark.parametrize("text", QUIET)
def test_cancer_with_ordinary_low_back_pain_is_not_a_flag(
    shipped: KnowledgeBase, text: str
) -> None:
    assert MALIGNANCY not in flags_raised(shipped, text)
