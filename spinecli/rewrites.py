"""Rewrites of what people type, applied to every text, KB phrases and queries alike: clinical
and texting shorthand (one token in, one or more words out) and multi-word rewrites, idioms
among them. Single-word synonyms are in `synonyms.py`, negation and context cues in
`cue_words.py`.

This is English and clinical shorthand, not medical knowledge: which symptom a phrase means, and
how much it weighs for a condition, lives in the KB. Entries are written as people type them;
`text.py` normalises keys and values through the same pipeline, so `bilateral` -> `both` holds
for `Bilaterally` too. A rewrite here changes KB phrases and queries alike, so it can only join
words that mean the same, never make a KB phrase match something it does not mean.
"""

from __future__ import annotations

from spinecli.rewrite_idioms import RED_FLAG_IDIOMS

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
    # cancers by their initials, as oncology notes write them
    "nsclc": "lung cancer",
    "sclc": "lung cancer",
    "rcc": "kidney cancer",
    "hcc": "liver cancer",
    "crc": "bowel cancer",
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
    "couldnt": "can not",  # "I couldn't get an erection" is a "can't" said of yesterday
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
    "btwn": "between",
    "btw": "between",
    "betwn": "between",
    "ly": "lie",
    # Clinical shorthand of the head and neck.
    "ha": "headache",
    "gon": "greater occipital nerve",
    "rc": "rotator cuff",
    "sa": "subacromial",
    "2day": "today",
}

# Places and things with a back that is not the body's ("back garden", "back door").
_BACK_PLACES = (
    "garden",
    "gardens",
    "yard",
    "door",
    "doors",
    "seat",
    "seats",
    "room",
    "bedroom",
    "porch",
    "gate",
    "lane",
    "road",
    "roads",
    "street",
    "streets",
    "office",
    "kitchen",
    "step",
    "steps",
    "wall",
    "fence",
    "page",
    "pages",
    "row",
    "pocket",
    "burner",
    "field",
    "alley",
    "entrance",
)

_LIMBS = (
    "arm",
    "arms",
    "leg",
    "legs",
    "back",
    "neck",
    "hip",
    "hips",
    "shoulder",
    "thigh",
    "calf",
    "knee",
    "foot",
    "hand",
    "spine",
)
_TOOTHACHE_ADJECTIVES = (
    "",
    "a ",
    "a dull ",
    "a bad ",
    "a burning ",
    "a nagging ",
    "a constant ",
    "a deep ",
    "a throbbing ",
    "dull ",
    "bad ",
)

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
    "sensory loss": "numbness",
    "sensory deficit": "numbness",
    "can not": "cant",
    "could not": "cant",
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
    # "back" as a time word: "four years back" is four years ago, not the back
    "years back": "years ago",
    "year back": "year ago",
    "months back": "months ago",
    "month back": "month ago",
    "weeks back": "weeks ago",
    "week back": "week ago",
    "days back": "days ago",
    "a while back": "a while ago",
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
    # Sweats at night are night sweats, one word, so their "night" is never the night of night
    # pain ("back painful, worse every day, and sweats at night" has no night pain).
    **{
        f"{s} {w} night": "nightsweats"
        for s in ("sweats", "sweat", "sweating", "sweaty")
        for w in ("at", "in the", "during the", "through the", "every", "all")
    },
    **{f"night {s}": "nightsweats" for s in ("sweats", "sweat", "sweating")},
    "nighttime sweats": "nightsweats",
    "night time sweats": "nightsweats",
    # "SLR neg bilat", "negative bilaterally": a sign negative on both sides, said after it.
    "negative both": "negative",
    "negative on both sides": "negative",
    "negative both sides": "negative",
    # Smoking counted in pack-years ("20 pk-yr") is no "20 years" of pain.
    "pk yr": "packyears",
    "pk yrs": "packyears",
    "pack year": "packyears",
    "pack years": "packyears",
    # Legs "going from under" someone give way ("from" and "under" are stopwords, so the idiom
    # is named outright, or it would read as a bare "leg go").
    "going from under": "giving way",
    "go from under": "giving way",
    "goes from under": "giving way",
    "gone from under": "giving way",
    "went from under": "giving way",
    "going out from under": "giving way",
    "went out from under": "giving way",
    # A diver's illness, not spinal decompression surgery ("after decompression").
    "decompression sickness": "divingsickness",
    "decompression illness": "divingsickness",
    # A shoulder blade is no shoulder ("pain under my shoulder blade" is no shoulder pain), and
    # the back "between my shoulders" is the back between the shoulder blades.
    "shoulder blade": "scapula",
    "shoulder blades": "scapula",
    "shoulderblade": "scapula",
    "shoulderblades": "scapula",
    **{f"between {d} shoulders": f"between {d} scapula" for d in ("my", "the", "his", "her")},
    "between shoulders": "between scapula",
    # The lay name of the discs.
    **{
        f"{c} between {d} {b}": "discs"
        for c in ("cushion", "cushions")
        for d in ("my", "the", "his", "her")
        for b in ("bones", "vertebrae", "vertebras", "back bones", "spine bones")
    },
    # Phone typing: "know" typed "no" after a negated verb is no negation ("didnt even no").
    **{f"{v} {e}no": f"{v} {e}know" for v in ("dont", "didnt", "doesnt") for e in ("", "even ")},
    # "Worse after gardening" tells what makes it worse, not how it began ("after gardening").
    "worse after": "worse when",
    "worse straight after": "worse when",
    # Phone typing: "cant bare it" is "can't bear it".
    "cant bare": "cant bear",
    "can not bare": "cant bear",
    # Shaking a hand or arm to get the feeling back is no shaking with a fever.
    **{
        f"shake {d} {h}": "idiom"
        for d in ("my", "the", "his", "her")
        for h in ("hand", "hands", "arm", "arms", "wrist")
    },
    "shake it out": "idiom",
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
    "back of my skull": "occiput",
    "back of his skull": "occiput",
    "back of her skull": "occiput",
    # "back" naming the rear of a place or thing ("the back garden", "the back seat") is no
    # body part. Longest first: "bottom of my back garden" never becomes "low back" below.
    **{
        f"{lead}back {place}": "idiom"
        for lead in ("", "bottom of my ", "bottom of the ", "bottom of our ")
        for place in _BACK_PLACES
    },
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
    **{
        f"{place} of {whose} {lr} {part}": f"{lr} lateral {part}"
        for place in ("side", "outside")
        for whose in ("my", "the", "his", "her")
        for lr in ("left", "right")
        for part in ("hip", "thigh")
    },
    # A thoracic level named with pain or tenderness ("tender over T10") is the thoracic spine;
    # never a bare "T2", which is also an MRI sequence.
    **{
        f"{cue} t{n}": f"{cue} thoracic pain"
        for cue in ("tender over", "tenderness over", "tender at", "tenderness at", "pain at")
        for n in range(1, 13)
    },
    "outer side": "lateral",
    "outer aspect": "lateral",
    # Lying on one side: "side" is a stopword, so "pain lying on my side" would read as any
    # "pain lying" ("worse lying down"); the side is named outright.
    **{
        f"{verb} on {whose} {which}side": f"{verb} sidelying"
        for verb in ("lie", "lying", "lay", "laying", "lies", "sleep", "sleeping", "sleeps")
        for whose in ("my", "the", "that", "this", "his", "her", "their", "your", "one", "either")
        for which in ("", "left ", "right ", "affected ", "sore ", "painful ", "bad ", "same ")
    },
    # The idiom for a nuisance ("my landlord is a real pain in the neck") is no neck pain.
    **{
        f"{be} {a}pain in the neck": "idiom"
        for be in ("is", "are", "was", "being", "he", "she", "theyre")
        for a in ("a ", "a real ", "such a ", "a right ", "an absolute ", "a total ")
    },
    "there is a pain in the neck": "there is neck pain",
    # The middle of the back said outright, marked so that a finding can ask for these words
    # together and in order ("the middle of the night" beside a back is no central pain).
    **{
        f"{mid} of {whose} {part}": f"{mid} of {whose} midlinemark {part}"
        for mid in ("middle", "centre", "center")
        for whose in ("my", "the", "his", "her", "your", "their")
        for part in ("back", "spine", "lower back", "low back", "upper back")
    },
    **{
        f"{mid} {part} pain": f"{mid} midlinemark {part} pain"
        for mid in ("central", "midline")
        for part in ("back", "low back", "lower back", "spinal", "spine", "neck")
    },
    "midline pain": "midline midlinemark pain",
    # "severe central pain" is central too; "severe central canal stenosis, back pain" is not
    "central pain": "central midlinemark pain",
    "all over": "everywhere",  # "all" and "over" are stopwords: "sore all over" is no bare "sore"
    # "toothache" is an ache only in a simile ("like a dull toothache", "toothache down my
    # leg"); said on its own it is a toothache, no symptom of the body the KB knows.
    **{f"like {a}toothache": f"{a.removeprefix('a ')}ache" for a in _TOOTHACHE_ADJECTIVES},
    **{f"toothache {w}": f"ache {w}" for w in ("down", "into", "through", "across", "up")},
    # "in my bottom" may be the bottom teeth, so only a limb, the back or the neck.
    **{f"toothache in {d} {part}": f"ache in {d} {part}" for d in ("my", "the") for part in _LIMBS},
    "toothache like": "ache",
    "toothache type": "ache",
    "head ache": "headache",
    "head aches": "headaches",
    "sore head": "headache",
    "hot poker": "burning",
    "on fire": "burning",
    # A disc or vertebra that has "slipped" is a diagnosis, not a fall (minor-trauma "slipped").
    "slipped disc": "slippeddisc",
    "slipped discs": "slippeddisc",
    "slipped a disc": "slippeddisc",
    "slipped vertebra": "slippedvertebra",
    "slipped vertebrae": "slippedvertebra",
    "vertebra has slipped": "slippedvertebra",
    "vertebrae have slipped": "slippedvertebra",
    "vertebrae has slipped": "slippedvertebra",
    "vertebra slipped": "slippedvertebra",
    "vertebrae slipped": "slippedvertebra",
    "bone has slipped": "slippedvertebra",
    "bones have slipped": "slippedvertebra",
    "has slipped forward": "slippedvertebra forward",
    "have slipped forward": "slippedvertebra forward",
    "had slipped forward": "slippedvertebra forward",
    "has slipped backward": "slippedvertebra backward",
    "has slipped backwards": "slippedvertebra backward",
    # A disc's height lost on imaging is disc degeneration, not the person's lost height.
    "disc height": "discheight",
    "disk height": "discheight",
    "height of the disc": "discheight",
    "height of the discs": "discheight",
    # Crying is no tearing pain ("in tears with pain" stems to "tear ... pain").
    "in tears": "crying",
    "to tears": "crying",
    "floods of tears": "crying",
    "tears in my eyes": "crying",
    "tears in her eyes": "crying",
    "tears in his eyes": "crying",
    "tears to my eyes": "crying",
    "tears to her eyes": "crying",
    "tears to his eyes": "crying",
    "bring tears": "crying",
    "brings tears": "crying",
    "brought tears": "crying",
    **RED_FLAG_IDIOMS,
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
