"""Cue words the matcher reads around a finding: NegEx negation triggers and scope ends,
hypothetical and someone-else's-history (experiencer) cues, words of opposite sense, and
words that place a symptom in the spine. English, not medical knowledge (that lives in the KB).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A set of words written as running text (a word list one per line would run to pages)."""
    return frozenset(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    """Phrases written as running text, separated by commas."""
    return tuple(p.strip() for p in text.split(",") if p.strip())


# NegEx-style negation (Chapman et al. 2001): triggers before a finding, triggers after it,
# pseudo-triggers that look like negation but are not, and words that end a trigger's scope.
PRE_NEGATION = _phrases(
    """
    no, not, nor, never, without, deny, negative for, negative, free of, absence of, absent,
    no evidence of, no sign of, no signs of, ruled out, rules out, dont, doesnt, didnt, isnt,
    arent, wasnt, werent, havent, hasnt, hadnt, wont, nil, none, neither, nothing, non, nope,
    no longer, resolution of
    """
)
POST_NEGATION = _phrases(
    # "is not" and the like are rewritten to one word ("isnt") before triggers are read.
    # "bladder fine", "DEXA normal", "neuro intact": a finding said to be normal. An old problem
    # "that got better" is denied; not "that settled" or "went away", whose stems are those of
    # "settles" and "goes away when I lie down", which tell what eases a present pain.
    """
    absent, deny, negative, ruled out, excluded, not present, is not present, are not present,
    was not present, were not present, none, nil, resolved, fine, normal, ok, okay,
    unremarkable, intact, nad, wnl, unlikely, free, cleared up, healed, long gone,
    which got better, that got better, which resolved, that resolved
    """
)
# ("hasn't healed" is no healing: it denies nothing, the fracture is still there)
PSEUDO_NEGATION = _phrases(
    """
    no change, no increase, not only, not just, not sure, not certain, no doubt,
    not necessarily, no matter, no idea, dont know, doesnt know, not help, no help, didnt help,
    doesnt help, dont help, havent help, hasnt help, nothing help, nothing work, nothing better,
    nothing touch, not work, didnt work, doesnt work, dont work, no better, not better,
    didnt better, doesnt better, havent better, hasnt better, not go away, doesnt go away,
    didnt go away, wont go away, never go away, never really go away, hasnt go away, not stop,
    doesnt stop, wont stop, never stop, not settle, hasnt settle, never settle, not resolve,
    hasnt resolve, not touch, dont touch, doesnt touch, didnt touch, not control, isnt control,
    not fix, didnt fix, no longer able, not tolerate, cant tolerate, no let up, non stop,
    not bad, no way, didnt know, didnt even know, didnt even realise, didnt even realize,
    not heal, hasnt heal, havent heal, didnt heal, never heal, not yet heal, never fully heal,
    not fully heal, hasnt fully heal
    """
)
# A scope ends at these words (a new clause or subject; "no fever, just back ache") and at
# sentence punctuation.
SCOPE_END = _words(
    """
    but however although though yet except apart aside still which who whereas while because
    since due secondary now today tonight recently lately currently then also plus i im ive he
    she they we patient cant just only
    """
)
# After a comma, these start a new clause rather than continue a negated list.
CLAUSE_START = _words(
    """
    have has had got get getting started start starting began begin noticed notice developed
    develop report reports complain complains feel feels is are was were it its pain
    """
)
# Weight lost on purpose is not unexplained weight loss: these read like a denial of it, back
# over "lost 2 stone on a diet" and forward over "dieting and lost 10 kg".
INTENTIONAL_BEFORE = _phrases(
    """
    dieting, been on a diet, on a diet and, trying to lose weight, slimming world, weight watchers,
    calorie counting, since my gastric band, since my gastric bypass
    """
)
INTENTIONAL_AFTER = _phrases(
    """
    on a diet, by dieting, from dieting, through dieting, on purpose, deliberately,
    intentionally, at slimming world, with weight watchers,
    after my gastric band, after my gastric bypass, on a keto diet, on ozempic, on mounjaro,
    on wegovy
    """
)
# Hypothetical mentions (warning signs to watch for, questions) raise no red flag.
HYPOTHETICAL = _phrases(
    """
    if, in case, what if, watch for, look out for, warning signs, whether
    """
)
# Someone else's history is not the patient's (the "experiencer" of ConText, NegEx's successor).
# A cue is a history phrase, or a person other than the writer followed by a verb of having or
# dying ("my wife has", "dad died of", "friend was diagnosed with"): a person alone is no cue, as
# "lifting my wife" or "since my son was born" tell of the writer. Its scope ends at a comma, a
# "but", the writer's own "I", "me" or "my" ("my dad had bowel cancer and my back hurts"), or
# the sentence's end. Not "is": "my son is 15 and has back pain" is a parent writing for a child.
# Events count as verbs too ("my neighbour fell and broke her spine"): the fall is hers, and a
# carer's text about her alone is still hers to flag (mentions._for_another).
EXPERIENCER_CUES = ("family history of", "family hx of", "fhx of", "fhx", "family history")
PEOPLE = tuple(
    sorted(
        _words(
            """
            mother mum mom mam mummy mommy father dad daddy parents parent brother sister
            sibling son daughter child kids wife husband partner spouse boyfriend girlfriend
            fiance fiancee grandmother grandma gran granny nan nana grandfather grandad granddad
            grandpa grandparent uncle aunt auntie cousin niece nephew friend mate colleague
            coworker workmate neighbour neighbor boss flatmate housemate relative in-law
            brother-in-law sister-in-law mother-in-law father-in-law stepmother stepfather
            stepdad stepmum
            """
        )
    )
)
OTHER_VERBS = _phrases(
    """
    had, has, has had, have had, died, died of, died from, passed away, was diagnosed,
    were diagnosed, got diagnosed, has been diagnosed, had been diagnosed, suffered, suffers,
    suffers from, suffered from, also has, also had, has got, got, needed, lost, turned out to
    have, went on to have, was found to have, ended up with, developed, who has, who had,
    who has had, who died of, who died from, whos got, is on, was on, has been on, injects, uses,
    takes, is having, is undergoing, is being treated for,
    fell, had a fall, slipped, tripped, broke, fractured, hurt, injured, was hit, got hit,
    was knocked, crashed, had an accident, had a car accident, was in a car crash,
    sat down, landed, jumped, stumbled, went flying, came a cropper, missed a stair, bumped down,
    plonked, lost her footing, lost his footing
    """
)
EXPERIENCER = (*EXPERIENCER_CUES, *(f"{p} {v}" for p in PEOPLE for v in OTHER_VERBS))
# The writer speaking of themselves again: ends someone else's history.
OWN = ("i", "im", "ive", "id", "me", "my", "myself", "mine", "patient", "pt")
# The writer sharing it, right after someone else's history ("my mum had breast cancer and so
# did I", "dad had a stroke, me too"): what the scope covers is the writer's own as well.
SHARED = _phrases(
    """
    so did i, so have i, so had i, so do i, as did i, as have i, me too, me as well,
    i did too, i have too, i had too, i do too, i did as well, i have as well, i had as well,
    i had it too, i have it too, i had it as well, i have it as well, i also had it,
    i also have it
    """
)

# Words of opposite sense: a phrase is never assembled across the opposite of one of its words
# ("worse in the morning and eases when I lie down" is not "worse lying down").
OPPOSITES = (("worse", "better"), ("worse", "ease"), ("worse", "help"), ("worse", "relieve"))

# Words that place a symptom in the spine: context phrases of red flags ("fever", "fall") raise
# a flag only alongside a symptom whose matched words include one of these.
SPINE_SITES = _words(
    """
    back backache neck spine vertebra lumbar lumbosacral lumbago thoracic cervical cervicalgia
    sacral sacrum sacroiliac coccyx tailbone disc sciatica radicular radiculopathy lbp clbp
    axial midline facet sij
    """
)
# Limb joints: a sentence that names one and no part of the spine tells of that joint ("my
# shoulder aches at night"), for a finding that must be the spine's (`spinal_site`).
LIMB_JOINTS = _words(
    "shoulder shoulders hip hips knee knees elbow elbows wrist wrists ankle ankles"
)
