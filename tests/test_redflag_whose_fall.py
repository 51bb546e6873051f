"""Whose fall, whose accident: someone else's event is theirs, a carer's text is the patient's
(issue 13: experiencer scope). Written from the fracture rule (clinical-notes.md [110]: minor
trauma with osteoporosis or steroids), not from the benchmark folds.
"""

from __future__ import annotations

import pytest

from spinecli.model import KnowledgeBase
from tests.redflags_of import flags_raised

FRACTURE = "spinal-fracture"

# The writer has fragile bones and back or neck pain, but the fall or crash is someone else's.
QUIET = [
    "My neighbour slipped on the ice and broke her wrist. I have osteoporosis and my back aches "
    "from weeding.",
    "My husband fell off a ladder on Sunday. I'm on long-term steroids and my neck is stiff from "
    "sleeping on it wrong.",
    "My friend crashed her car last month, which upset me. I take prednisolone and my lower back "
    "is sore after hoovering.",
]

# Near misses: the writer's own fall, or a carer writing only about the patient.
RAISE = [
    "My sister tripped on the stairs last year. I have osteoporosis and yesterday I tripped on "
    "the kerb, and now my back really hurts.",
    "My mum fell down the stairs this morning, she has brittle bones and her back is agony.",
    "My grandad slipped in the bathroom today. He's 88 with thin bones and his lower back is "
    "very painful.",
]


@pytest.mark.parametrize("text", QUIET)
def test_someone_elses_fall_is_not_the_writers(shipped: KnowledgeBase, text: str) -> None:
    assert FRACTURE not in flags_raised(shipped, text)


@pytest.mark.parametrize("text", RAISE)
def test_the_writers_own_fall_or_the_patients_still_raises(
    shipped: KnowledgeBase, text: str
) -> None:
    assert FRACTURE in flags_raised(shipped, text)
