"""Clinical shorthand and history wording the ranking must read (session 21, `rank-clin`): written
in our own words, each beside a near miss that must not rank the same condition."""

from __future__ import annotations

import pytest

from spinecli.match import find_mentions, match, vocabulary
from spinecli.mentions import NEGATED
from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised, top


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        # A rash that healed or cleared is shingles that happened, not shingles denied.
        (
            "the zoster rash on my flank healed in spring, the skin there still stings",
            "post-herpetic-neuralgia",
        ),
        (
            "had shingles round my ribs, it cleared up ages ago but the burning never left",
            "post-herpetic-neuralgia",
        ),
        (
            "stinging strip of skin since the rash healed after my shingles",
            "post-herpetic-neuralgia",
        ),
        # Post-operative shorthand: the operation is the history, at any level.
        ("6/52 post L5/S1 microdiscectomy, leg ache creeping back", "failed-back-surgery-syndrome"),
        ("Two years post fusion, lumbar ache as bad as before", "failed-back-surgery-syndrome"),
        ("s/p decompression, now aching low back again", "failed-back-surgery-syndrome"),
        # A disc named by its level, at levels the KB did not list.
        ("MRI: L2/3 disc, anterior thigh pain", "herniated-disc"),
        ("C4/5 disc on the scan, neck sore", "herniated-disc"),
        # A cancer named by its tissue type.
        ("PMH adenocarcinoma of colon, now constant thoracic ache", "cancer-pain"),
        ("past lymphoma, back pain", "cancer-pain"),
        # Pain that runs from the chest through to the back is in the thoracic spine.
        ("a tight pain going from my chest through to my back", "thoracic-spine-pain"),
    ],
)
def test_clinical_wording_ranks_its_condition(
    shipped: KnowledgeBase, text: str, condition: str
) -> None:
    assert condition in top(shipped, text), (text, top(shipped, text))


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("never had shingles; burning in both feet", "post-herpetic-neuralgia"),
        ("my eczema rash healed, the skin is fine", "post-herpetic-neuralgia"),
        ("decompression sickness after a dive, joint aches", "failed-back-surgery-syndrome"),
        ("no history of cancer, back ache after lifting", "cancer-pain"),
        ("chest pain when I run, none in my back", "thoracic-spine-pain"),
    ],
)
def test_near_misses_do_not(shipped: KnowledgeBase, text: str, condition: str) -> None:
    assert condition not in top(shipped, text, n=10), (text, top(shipped, text, n=10))


def test_acute_low_back_pain_is_low_back_pain_and_a_strain(shipped: KnowledgeBase) -> None:
    # "acute" names how recent it is; the low back pain still counts as low back pain.
    result = match(shipped, "acute low back pain since Monday")
    owners = {e.symptom.id for c in result.conditions for e in c.evidence}
    assert {"axial-low-back-pain", "acute-back-strain"} <= owners


# History over for good ranks nothing beside today's complaint (a current_only symptom in a
# sentence that says it is over); the red-flag findings are read apart and still count.
@pytest.mark.parametrize(
    ("text", "condition"),
    [
        (
            "Bowel cancer in 2009, given the all clear years ago. My neck aches after painting"
            " the ceiling.",
            "cancer-pain",
        ),
        (
            "Hodgkin lymphoma as a student, chemo, in remission ever since. Sore low back from"
            " shifting boxes at work.",
            "cancer-pain",
        ),
        (
            "Wedge fracture T12 last spring, fully healed on the follow-up film. Low back ache"
            " after hoovering.",
            "vertebral-compression-fracture",
        ),
    ],
)
def test_history_over_for_good_ranks_nothing(
    shipped: KnowledgeBase, text: str, condition: str
) -> None:
    assert condition not in top(shipped, text, n=10), (text, top(shipped, text, n=10))


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        # Not over: a cancer under treatment, one not in remission, a fracture not yet healed.
        ("Prostate cancer 2019, on hormone therapy; new ache in my back", "cancer-pain"),
        ("Myeloma, not in remission, aching spine", "cancer-pain"),
        (
            "Wedge fracture T12 that hasn't healed, still sore mid back",
            "vertebral-compression-fracture",
        ),
        ("Compression fracture L1, still healing, back sore", "vertebral-compression-fracture"),
        # Over in one sentence, back in the next: the new mention counts.
        (
            "Breast cancer in remission for years. Now the scan shows bone mets in my spine.",
            "cancer-pain",
        ),
    ],
)
def test_history_not_over_still_ranks(shipped: KnowledgeBase, text: str, condition: str) -> None:
    assert condition in top(shipped, text), (text, top(shipped, text))


def test_a_cancer_in_remission_still_raises_its_red_flag(shipped: KnowledgeBase) -> None:
    # cn260: cancer now or before, with spinal pain; the ranking drops it, the flag does not.
    text = "Ovarian cancer, in remission since 2020. Back pain keeping me awake at night."
    assert "spinal-malignancy" in flags_raised(shipped, text)
    assert "cancer-pain" not in top(shipped, text, n=10)


def test_a_fracture_that_has_not_healed_is_not_denied(shipped: KnowledgeBase) -> None:
    # "healed" looks back as a denial ("old fracture, healed"); "hasn't healed" denies nothing.
    still = match(shipped, "crush fracture of L2 which hasn't healed, sore low back")
    assert "spinal-fracture" in {k.flag.id for k in still.known}
    over = match(shipped, "an old fracture, healed, sore low back")
    assert "spinal-fracture" not in {k.flag.id for k in over.known}


@pytest.mark.parametrize(
    "text",
    [
        "Low back sore since moving a wardrobe. SLR neg bilat.",
        "SLR negative bilaterally; low back sore after a long drive",
        "slump test negative on both sides, back ache",
    ],
)
def test_a_sign_negative_on_both_sides_is_denied(shipped: KnowledgeBase, text: str) -> None:
    found = [m for m in find_mentions(text, vocabulary(shipped))]
    slr = [m.status for m in found if m.owner == "positive-straight-leg-raise"]
    assert slr and set(slr) == {NEGATED}, (text, slr)


def test_a_sign_positive_on_both_sides_still_counts(shipped: KnowledgeBase) -> None:
    assert "herniated-disc" in top(
        shipped, "SLR positive bilaterally at 40 degrees, back and leg pain"
    )


def test_pack_years_are_no_years_of_pain(shipped: KnowledgeBase) -> None:
    result = match(shipped, "smoker, 30 pack years, low back ache since Friday")
    owners = {e.symptom.id for c in result.conditions for e in c.evidence}
    assert "chronic-duration" not in owners
    result = match(shipped, "smoker, 30 pack years, low back ache for 3 years")
    assert "chronic-duration" in {e.symptom.id for c in result.conditions for e in c.evidence}


def test_the_next_sentence_can_say_it_is_over(shipped: KnowledgeBase) -> None:
    # "it has healed" tells of the sentence before: that fracture is history now.
    text = (
        "Two winters ago a scan found a wedge fracture at T11. It has healed, the clinic said. "
        "These days my lower back aches after digging."
    )
    assert "vertebral-compression-fracture" not in top(shipped, text, n=10)
    # Over for another sentence's subject, not this one's: the fracture still ranks.
    still = "A scan found a wedge fracture at T11. My wrist cast came off and the cut has healed."
    assert "vertebral-compression-fracture" in top(shipped, still)
