"""Red-flag words that were too loose on their own (issue 13: no false red flag): a throbbing
swelling of an ankle is no pulsing belly mass (cn258), a torn hamstring no tearing pain (cn257),
a weeping leg ulcer no discharging spinal wound (cn2), a sore calf no spinal tenderness and
being constantly busy no unremitting pain (cn260), working in a hospice no cancer under care,
burning up with embarrassment no fever, a cup that went flying or an op bumped down the list no
fall (cn110), "severe central canal stenosis" no central pain. Each has a near miss that must
still flag. And today's suppressors hide no real flag: a deficit begun two weeks ago, unchanged
since, is new; "so did I" makes someone else's fall the writer's too.
"""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

AORTA = "aortic-emergency"
INFECTION = "spinal-infection"
CANCER = "spinal-malignancy"
FRACTURE = "spinal-fracture"

QUIET = [
    (AORTA, "Sprained my ankle, it has a throbbing swelling, and my lower back aches."),
    (AORTA, "There's a throbbing lump on my wrist where I hit it, and my back is sore too."),
    (AORTA, "Migraine: my head throbs like a heartbeat and my neck is stiff."),
    (AORTA, "Torn hamstring playing football last week, and now my back aches."),
    (AORTA, "I ripped my jeans bending down and my back has ached since."),
    (
        INFECTION,
        "The ulcer wound on my shin is weeping into the bandage. Low back ache from hoovering.",
    ),
    (INFECTION, "The bite on my leg is a leaking wound, and my back aches after lifting."),
    (INFECTION, "I'm burning up with embarrassment asking, but my back aches after gardening."),
    (INFECTION, "He was burning up with anger at the referee; his back is stiff from the match."),
    (CANCER, "Breast cancer ten years ago. My calf is tender to touch after football."),
    (CANCER, "Prostate cancer treated in 2018. My knee is sore to press where I knocked it."),
    (CANCER, "I had a melanoma removed. My shin hurts when I press on the bruise."),
    (
        CANCER,
        "Lymphoma as a teenager. My sleep is getting worse and worse; low back stiff after golf.",
    ),
    (
        CANCER,
        "Past breast cancer. Low back aches after digging, eases with rest. Headaches constantly.",
    ),
    (CANCER, "I'm a hospice nurse and my neck is stiff from lifting patients."),
    (CANCER, "I work in palliative care and my upper back aches by the end of a shift."),
    (CANCER, "I volunteer at the oncology ward, and my neck is sore from the long drive there."),
    (
        FRACTURE,
        "Osteoporosis, back stiff in the mornings. My tea went flying when the cat jumped up.",
    ),
    (
        FRACTURE,
        "On prednisolone; back sore when I hoover. My knee op keeps being bumped down the list.",
    ),
    (FRACTURE, "Long-term steroids and an achy back. My manager jumped down my throat today."),
    (FRACTURE, "I have osteoporosis and my low back aches. My mum sat down heavily next to me."),
    (FRACTURE, "severe central canal stenosis, back pain better lying down"),
    ("progressive-neurological-deficit", "The mat slid from under my feet and I hit my knee."),
    (FRACTURE, "Severe central stenosis at L3/4, low back ache easier lying flat"),
]

RAISE = [
    (AORTA, "I can feel a pulsing lump in my tummy and my back hurts."),
    (AORTA, "Sudden pain in my back like it's being torn, between my shoulder blades."),
    (AORTA, "Came on an hour ago: a ripping sensation in my upper back."),
    (INFECTION, "The wound on my back from the operation is weeping yellow fluid."),
    (INFECTION, "Since the discectomy the surgical wound is leaking and my back is very sore."),
    (INFECTION, "I'm burning up and shivering and my back is very painful."),
    (CANCER, "Lung cancer last year, and my back is tender to touch over one bone."),
    (CANCER, "History of breast cancer, and the bone in my back hurts when I press on my spine."),
    (CANCER, "I had bowel cancer and my low back pain is constant now, day and night."),
    (CANCER, "Prostate cancer in 2019. My low back aches constantly and nothing helps."),
    (CANCER, "I'm under the hospice team for my cancer and my neck hurts."),
    (FRACTURE, "On steroids for my COPD, I went flying over the dog and my back really hurts."),
    (FRACTURE, "I have thin bones and the dog sent me flying; my back has been agony since."),
    (FRACTURE, "Osteoporosis. I bumped down the stairs on my bottom and my back is very painful."),
    (FRACTURE, "I have osteoporosis, my mum and I both slipped on the ice and my back is agony."),
    (FRACTURE, "Severe central back pain that only eases lying down."),
    ("progressive-neurological-deficit", "My legs keep going from under me, worse this week."),
]


@pytest.mark.parametrize(("flag", "text"), QUIET)
def test_loose_words_raise_no_flag(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag not in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), RAISE)
def test_the_sign_itself_still_flags(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag in flags_raised(shipped, text)


# Today's suppressors must not hide a real flag: a deficit begun two weeks ago is new however
# unchanged since (cn111: recent is under 14 days), and the writer who shares someone else's
# fall or habit owns its event verb too.
STILL_NEW = [
    (
        "progressive-neurological-deficit",
        "My left foot began to drag 2 weeks ago, unchanged since.",
    ),
    ("progressive-neurological-deficit", "Foot drop came on a fortnight ago, no different since."),
    (FRACTURE, "My dad fell off a ladder last week and so did I, my back is agony."),
    (
        FRACTURE,
        "My wife slipped on the ice, and so did I, and I have brittle bones. Back pain since.",
    ),
    (INFECTION, "My partner injects and so do I. My back is very painful."),
]
# ... while an old deficit stays old, and someone else's fall theirs.
STILL_OLD = [
    (
        "progressive-neurological-deficit",
        "Foot drop since my fusion six weeks ago, unchanged since.",
    ),
    ("progressive-neurological-deficit", "Weak ankle after the op in 2019, it hasn't changed."),
    (
        FRACTURE,
        "My dad fell off a ladder last week. I have osteoporosis and my back aches from work.",
    ),
    (INFECTION, "My partner injects, I never have. My lower back aches after lifting."),
]


@pytest.mark.parametrize(("flag", "text"), STILL_NEW)
def test_a_recent_or_shared_sign_still_flags(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), STILL_OLD)
def test_an_old_or_someone_elses_sign_stays_quiet(
    shipped: KnowledgeBase, flag: str, text: str
) -> None:
    assert flag not in flags_raised(shipped, text)
