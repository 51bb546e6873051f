"""Red-flag signs in lay words the fresh tune4 folds showed were missed (session 21, recall-b):
a foot that catches or scuffs (foot drop, cn113), legs that "go from under" someone (gait
disturbance, cn110), "couldn't" said for "can't" (new sexual dysfunction, cn262), and a belly
lump that "beats" (the pulsing mass of cn258). Each text must raise its flag; each near miss,
the same words long-standing or about something else, must not.
"""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from spinecli.text import canon_phrase, sentences
from spinecli.values import read_values
from tests.redflags_of import flags_raised

_RAISE: dict[str, list[str]] = {
    "progressive-neurological-deficit": [
        "the toes on my right foot keep catching when I walk to the shops, started ten days ago",
        "over the past week my foot has started catching on kerbs",
        "my left foot is scuffing along the pavement since Saturday",
        "I can't pick my foot up properly any more and my back aches",
        "his legs keep going from under him since Friday",
        "my legs went from under me twice this week",
        # numbness or weakness of both legs getting worse, also said as a question answered yes
        "Any numbness? Yeah, both legs, and it's getting worse",
        "my legs are both going weak and it's worse every day",
    ],
    "cauda-equina-syndrome": [
        # a question answered yes reads on into its answer
        "Q: Weakness? A: Yes, both legs, since yesterday. Q: Back pain? A: yes",
        "Any numbness? Yeah, both legs, and it's getting worse",
        "since yesterday I could not get an erection and my low back is sore",
        "hurt my back at the gym on Monday and since then I couldn't get an erection",
    ],
    "aortic-emergency": [
        "there's a lump in my tummy that beats, and my back is killing me",
        "I've got a swelling in my belly that pulses, with back ache since lunchtime",
        "my back hurts and I can feel a lump with a heartbeat under my belly button",
        # a known aneurysm with a pain of hours or a sudden one (cn257)
        "aortic aneurysm being monitored, and my back started hurting this morning",
        "known AAA on surveillance, low back pain for the last 5 hours",
        "aneurysm in my abdomen under surveillance, sudden severe pain in my tummy",
        # a carer's account: the age of the person written about is theirs (cn257, over 50)
        "My grandad's 81. This evening his back started hurting badly and he passed out.",
        "Our mum is 69 and tonight her stomach and back hurt and she collapsed on the stairs",
        "My husband, 72, says his back and belly hurt and he collapsed",
        "my 80-year-old dad has back pain and belly pain and passed out",
    ],
}

_QUIET: dict[str, list[str]] = {
    "progressive-neurological-deficit": [
        # long-standing, not new (new_only)
        "my right foot has caught on things since I had polio as a child, never changed",
        "my foot has kept catching on the stairs for years since my stroke",
        # a single trip is an injury, not foot drop
        "I caught my foot on the step and twisted my ankle, sore back too",
        # the ground, not the legs
        "the ground went from under me when I stood up, back pain",
        # old numbness in both legs, and worse back pain, is no worsening deficit
        "both my legs have been numb for years from diabetes, back pain worse this week",
        "numb toes, back pain worse since Monday",
    ],
    "cauda-equina-syndrome": [
        # a yes to one question lifts no "no" to the next, nor makes an old sign new
        "Numbness? Yes, in my left foot, for years. Weakness? No. Back ache? Yes.",
        "Bladder problems? Yes, stress incontinence since having my kids. Low back pain.",
        "I couldn't get an erection for years, long before my back trouble",
        "I couldn't sleep for the back pain last night",
    ],
    "aortic-emergency": [
        # the heart beating is no lump
        "my heart beats fast when my back hurts",
        # a known aneurysm with a long-standing ache is known, not urgent
        "known AAA under surveillance, low back ache for years",
        "AAA under surveillance, stable. Back pain for 2 weeks after lifting",
        # the writer's own account: a relative's age is not the writer's
        "My dad is 74 and lives with me. My back and tummy hurt and I fainted this morning.",
        "My 78 year old mum lives with me. My back and tummy hurt and I fainted.",
    ],
}


@pytest.mark.parametrize(("flag", "text"), [(f, t) for f, texts in _RAISE.items() for t in texts])
def test_the_sign_in_lay_words_raises_its_flag(
    shipped: KnowledgeBase, flag: str, text: str
) -> None:
    assert flag in flags_raised(shipped, text)


@pytest.mark.parametrize(("flag", "text"), [(f, t) for f, texts in _QUIET.items() for t in texts])
def test_the_near_miss_does_not_raise_it(shipped: KnowledgeBase, flag: str, text: str) -> None:
    assert flag not in flags_raised(shipped, text)


def test_couldnt_reads_as_cant() -> None:
    assert canon_phrase("couldn't lift it") == canon_phrase("can't lift it")
    assert canon_phrase("could not lift it") == canon_phrase("can't lift it")


def test_a_question_answered_yes_is_one_clause_with_its_answer() -> None:
    assert sentences("Numbness? Yes, both legs") == [(0, 24)]
    assert sentences("Numbness? Yeah both legs") == [(0, 24)]
    assert sentences("Numbness? Worse today") == [(0, 8), (9, 21)]  # no yes: two sentences
    assert sentences("Numbness? Yesterday") == [(0, 8), (9, 19)]  # "yesterday" is no yes


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("My dad is 74 and smoked", 74.0),
        ("our mum's 80.", 80.0),
        ("my grandad is now 91, and", 91.0),
        ("my son, 15, has", 15.0),
    ],
)
def test_a_persons_age_is_read(text: str, age: float) -> None:
    assert [r.amount for r in read_values(text) if r.kind == "age"] == [age]


@pytest.mark.parametrize(
    "text",
    [
        "my husband is 6 foot",
        "my daughter is 8 months old",
        "my wife is 5 weeks pregnant",
        "my wife, 2 kids and I",
    ],
)
def test_a_persons_size_or_a_babys_months_is_no_age(text: str) -> None:
    assert [r for r in read_values(text) if r.kind == "age"] == []
