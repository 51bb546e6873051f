"""Language knowledge the matcher applies to every text, KB phrases and queries alike.

This is English and clinical shorthand, not medical knowledge: which symptom a phrase means, and
how much it weighs for a condition, lives in the KB. Entries are written as people type them;
`text.py` normalises keys and values through the same pipeline, so `bilateral` -> `both` holds
for `Bilaterally` too. A rewrite here changes KB phrases and queries alike, so it can only join
words that mean the same, never make a KB phrase match something it does not mean.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A set of words written as running text (a word list one per line would run to pages)."""
    return frozenset(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    """Phrases written as running text, separated by commas."""
    return tuple(p.strip() for p in text.split(",") if p.strip())


# Clinical and texting shorthand, expanded before stemming (one token in, one or more words out).
ABBREVIATIONS: dict[str, str] = {
    "w/": "with",
    "w/o": "without",
    "h/o": "history of",
    "hx": "history",
    "c/o": "complains of",
    "s/p": "after",
    "r/o": "rule out",
    "b/l": "both",
    "bilat": "both",
    "y/o": "year old",
    "yo": "year old",
    "yrs": "years",
    "yr": "year",
    "wks": "weeks",
    "wk": "week",
    "mos": "months",
    "mths": "months",
    "hrs": "hours",
    "pt": "patient",
    "pts": "patients",
    "ca": "cancer",
    "mets": "metastases",
    "fx": "fracture",
    "fxs": "fractures",
    "wt": "weight",
    "temp": "temperature",
    "abx": "antibiotics",
    "ivdu": "iv drug use",
    "ivda": "iv drug use",
    "pwid": "iv drug use",
    "le": "leg",
    "lle": "leg",
    "rle": "leg",
    "ble": "both legs",
    "ue": "arm",
    "lue": "arm",
    "rue": "arm",
    "bue": "both arms",
    "n/t": "numbness tingling",
    "neg": "negative",
    "pos": "positive",
    "+ve": "positive",
    "-ve": "negative",
    "radic": "radiculopathy",
    "xr": "xray",
    "b/c": "because",
    "bc": "because",
    "cannot": "can not",
    "unable": "can not",
    "w": "with",
    # Phone typing: short words the typo matcher cannot safely forgive (three letters or less).
    "bak": "back",
    "bk": "back",
    "nek": "neck",
    "nck": "neck",
    "hed": "head",
    "wen": "when",
    "wn": "when",
    "rite": "right",
    "nite": "night",
    "cos": "because",
    "coz": "because",
    "cuz": "because",
    "bcos": "because",
    "u": "you",
    "ur": "your",
    "abt": "about",
    "thru": "through",
    "tho": "though",
    "b4": "before",
    "ly": "lie",
    # Clinical shorthand of the head and neck.
    "ha": "headache",
    "gon": "greater occipital nerve",
    "rc": "rotator cuff",
    "sa": "subacromial",
    "2day": "today",
}

# Multi-word rewrites, applied after normalisation, longest first.
PHRASES: dict[str, str] = {
    "lower extremity": "leg",
    "lower extremities": "leg",
    "lower limb": "leg",
    "lower limbs": "leg",
    "upper extremity": "arm",
    "upper extremities": "arm",
    "upper limb": "arm",
    "upper limbs": "arm",
    "pins and needles": "tingling",
    "pins needles": "tingling",
    "no feeling": "numbness",
    "no sensation": "numbness",
    "loss of feeling": "numbness",
    "loss of sensation": "numbness",
    "lost feeling": "numbness",
    "lost sensation": "numbness",
    "lost all feeling": "numbness",
    "reduced sensation": "numbness",
    "decreased sensation": "numbness",
    "diminished sensation": "numbness",
    "altered sensation": "numbness",
    "can not": "cant",
    "not able to": "cant",
    "havent been able to": "cant",
    "hasnt been able to": "cant",
    "not been able to": "cant",
    "havent been able": "cant",
    "do not": "dont",
    "does not": "doesnt",
    "did not": "didnt",
    "is not": "isnt",
    "are not": "arent",
    "was not": "wasnt",
    "have not": "havent",
    "has not": "hasnt",
    "will not": "wont",
    "physical therapy": "physio",
    "physiotherapy": "physio",
    "physiotherapist": "physio",
    "physical therapist": "physio",
    "shopping cart": "cart",
    "shopping trolley": "cart",
    "trolley": "cart",
    "x ray": "xray",
    "back passage": "anus",
    "private parts": "genitals",
    "privates": "genitals",
    "down there": "genitals",
    "pass water": "urinate",
    "pass urine": "urinate",
    "waterworks": "urinate",
    # Idioms with a body word that say nothing of the body ("back to square one" is no back
    # pain): each becomes a word no KB phrase holds. Never "get back" ("I get back pain").
    "back to square one": "idiom",
    "back to normal": "idiom",
    "back to work": "idiom",
    "get back to you": "idiom",
    "back and forth": "idiom",
    "back home": "idiom",
    "back then": "idiom",
    "looking back": "idiom",
    "come back": "return",
    "comes back": "return",
    "came back": "return",
    "coming back": "return",
    "go back": "return",
    "went back": "return",
    # Lay names of a strained back, said as the KB says it.
    "did my back in": "strained my back",
    "done my back in": "strained my back",
    "put my back out": "strained my back",
    "my back went": "strained my back",
    "my back has gone": "strained my back",
    "my backs gone": "strained my back",
    "my back gave out": "strained my back",
    "his back went": "strained my back",
    "her back went": "strained my back",
    "his back has gone": "strained my back",
    "her back has gone": "strained my back",
    "did his back in": "strained my back",
    "did her back in": "strained my back",
    "put his back out": "strained my back",
    "put her back out": "strained my back",
    "his back gave out": "strained my back",
    "her back gave out": "strained my back",
    "hay fever": "hayfever",
    # "shoot up" is injecting drugs only with a person or a drug; "pain shoots up" is radiation.
    "shoot up heroin": "inject heroin",
    "shoots up heroin": "inject heroin",
    "shooting up heroin": "inject heroin",
    "shoot up drugs": "inject drugs",
    "shooting up drugs": "inject drugs",
    "i shoot up": "i inject drugs",
    # A cough or sneeze "when" or "on" it happens aggravates pain; "after a cough" is an injury.
    # The marker word lets finding cough-aggravates own the cough (minor-trauma yields to it).
    **{
        f"{lead} {act}": f"{lead} {act} coughworse"
        for lead in ("when i", "when", "on", "if i", "whenever i", "every time i")
        for act in ("cough", "coughing", "sneeze", "sneezing")
    },
    "he shoots up": "he injects drugs",
    "she shoots up": "she injects drugs",
    "glandular fever": "glandularfever",
    "scarlet fever": "scarletfever",
    "back of my head": "occiput",
    "back of the head": "occiput",
    "back of his head": "occiput",
    "back of her head": "occiput",
    "back of the skull": "occiput",
    "into the back of me": "idiom",
    "the back of me": "idiom",
    "bottom of my back": "low back",
    "base of my spine": "low back",
    "base of my back": "low back",
    "pain is back": "pain return",
    "the pains back": "pain return",
    # "side" is a stopword ("left side"), so the side of a hip or thigh is named outright.
    "side of my hip": "lateral hip",
    "side of the hip": "lateral hip",
    "outside of my hip": "lateral hip",
    "outside of the hip": "lateral hip",
    "outer hip": "lateral hip",
    "side of my thigh": "lateral thigh",
    "outside of my thigh": "lateral thigh",
    "side of the thigh": "lateral thigh",
    "outside of the thigh": "lateral thigh",
    "all over": "everywhere",  # "all" and "over" are stopwords: "sore all over" is no bare "sore"
    "toothache": "ache",
    "head ache": "headache",
    "head aches": "headaches",
    "sore head": "headache",
    "hot poker": "burning",
    "on fire": "burning",
    # How long: "for years" is a long history, a bare "year" ("last year", "what year") is not.
    "for years": "yearslong",
    "for many years": "yearslong",
    "for several years": "yearslong",
    "for a few years": "yearslong",
    "for a year": "yearslong",
    "for over a year": "yearslong",
    "for about a year": "yearslong",
    "over a year": "yearslong",
    "years now": "yearslong",
    "for ages": "yearslong",
    "for months": "monthslong",
    "for many months": "monthslong",
    "for several months": "monthslong",
    "for a few months": "monthslong",
    "months now": "monthslong",
}

# Words that mean the same here: key -> canonical word.
SYNONYMS: dict[str, str] = {
    # pain
    "ache": "pain",
    "aches": "pain",
    "aching": "pain",
    "achy": "pain",
    "achey": "pain",
    "hurt": "pain",
    "hurts": "pain",
    "hurting": "pain",
    "sore": "pain",
    "soreness": "pain",
    "painful": "pain",
    "agony": "pain",
    "killing": "pain",
    "discomfort": "pain",
    "lancinating": "stabbing",
    "stiffened": "stiff",
    "stiffening": "stiff",
    "stiffens": "stiff",
    "stiffen": "stiff",
    "purplish": "purple",
    "bluish": "blue",
    "reddish": "red",
    "bedsheets": "bedsheet",
    "bedclothes": "bedsheet",
    "duvet": "bedsheet",
    # sensation
    "numbed": "numb",
    "tingly": "tingling",
    "tingles": "tingling",
    "tingle": "tingling",
    "tingled": "tingling",
    "prickling": "tingling",
    "paresthesia": "paresthesia",
    "paresthesias": "paresthesia",
    "weakness": "weak",
    "weaker": "weak",
    "weakened": "weak",
    # movement of pain
    "radiating": "radiate",
    "radiates": "radiate",
    "radiated": "radiate",
    "radiation": "radiate",
    "shooting": "radiate",
    "shoots": "radiate",
    "shoot": "radiate",
    "travels": "radiate",
    "travelling": "radiate",
    "traveling": "radiate",
    "travel": "radiate",
    # body
    "buttocks": "buttock",
    "bum": "buttock",
    "butt": "buttock",
    "glute": "buttock",
    "glutes": "buttock",
    "gluteal": "buttock",
    "backside": "buttock",
    "bottom": "buttock",
    "feet": "foot",
    "spinal": "spine",
    "backbone": "spine",
    "vertebrae": "vertebra",
    "vertebral": "vertebra",
    "disk": "disc",
    "disks": "disc",
    "genital": "genitals",
    "lower": "low",
    "bilateral": "both",
    "bilaterally": "both",
    "sciatic": "sciatica",
    # bladder and bowel
    "pee": "urinate",
    "peed": "urinate",
    "peeing": "urinate",
    "wee": "urinate",
    "weeing": "urinate",
    "piss": "urinate",
    "urinating": "urinate",
    "urination": "urinate",
    "micturition": "urinate",
    "incontinent": "incontinence",
    "loo": "toilet",
    "bathroom": "toilet",
    "restroom": "toilet",
    # fever (not "temperature": "temperature difference" is a limb sign, not a fever)
    "feverish": "fever",
    "febrile": "fever",
    "pyrexia": "fever",
    "pyrexial": "fever",
    "fevers": "fever",
    # course
    "worsening": "worse",
    "worsen": "worse",
    "worsens": "worse",
    "aggravated": "worse",
    "aggravates": "worse",
    "exacerbated": "worse",
    "relieved": "better",
    "relieves": "better",
    "relief": "better",
    "eased": "better",
    "eases": "better",
    "easier": "better",
    "improves": "better",
    "improved": "better",
    "improving": "better",
    "improvement": "better",
    "nighttime": "night",
    "nocturnal": "night",
    "overnight": "night",
    "suddenly": "sudden",
    # verbs with irregular forms
    "lying": "lie",
    "laying": "lie",
    "lay": "lie",
    "lies": "lie",
    "fell": "fall",
    "fallen": "fall",
    "sat": "sit",
    "seated": "sit",
    "stood": "stand",
    "lost": "lose",
    "losing": "lose",
    "loss": "lose",
    "felt": "feel",
    "broke": "break",
    "broken": "break",
    "swollen": "swell",
    "swelling": "swell",
    "went": "go",
    "goes": "go",
    "going": "go",
    "gone": "go",
    "gave": "give",
    "given": "give",
    "denies": "deny",
    "denied": "deny",
    "denying": "deny",
    # numbers
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
}

# The stopword list is spinecli/stopwords.py (shared with `search`).

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
    not bad, no way
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
    takes, is having, is undergoing, is being treated for
    """
)
EXPERIENCER = (*EXPERIENCER_CUES, *(f"{p} {v}" for p in PEOPLE for v in OTHER_VERBS))
# The writer speaking of themselves again: ends someone else's history.
OWN = ("i", "im", "ive", "id", "me", "my", "myself", "mine", "patient", "pt")

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

# Everyday words one letter away from a KB word: never read as typos ("fewer" is not "fever").
# Real words one or two edits from a KB word: never read as typos ("fewer" is not "fever",
# "spondylitis" is not "spondylosis", "bowls" is not "bowel").
NOT_TYPOS = _words(
    """
    fewer cancel lumber spiral paint pains thinks thing consultant plates cricket bowls bowl
    bowling fair tired tire rising soaking read reset shin shins shine bones sole soles
    spondylitis spondylolysis spondyloarthritis spondyloarthropathy ankylosing arthrosis
    arthralgia myalgia myositis myelitis neuritis neuralgia radiculitis coccydynia coccygeal
    piriformis trochanter occipital cervicogenic herpetic shingles fibromyalgia diabetic
    diabetes dural scoliosis lordosis sarcoma myeloma osteomyelitis osteomalacia aneurysm aortic
    pulsatile migraine tension
    """
)
