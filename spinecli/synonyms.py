"""Single words the matcher reads alike in every text, KB phrases and queries: synonyms
(`aching` -> `pain`, irregular verb forms, number words), and real words never read as typos.

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
    "ops": "op",  # "two back ops"
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
    pulsatile migraine tension filling fillings molar molars
    """
)
