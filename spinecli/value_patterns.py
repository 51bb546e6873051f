"""The regular expressions `spinecli.values` reads with, compiled on first use (every command is a
fresh process, and start-up is budgeted), and where in a text each of them may start.

Each pattern is tried only at the start of a word that can begin it (`starts`): one scan for
those words, in C, instead of one scan per pattern, keeps a megabyte of text near a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from spinecli.cue_words import PEOPLE

_LOW = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_TEENS = ("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen")
_ONES = (*_LOW, *_TEENS, "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_ONES)}
WORDS.update({w: float(20 + 10 * i) for i, w in enumerate(TENS)})
DECADES = {w[:-1] + "ies": 20 + 10 * i for i, w in enumerate(TENS)} | {"teens": 13}
DECADE_SHIFT = {"early": 0, "mid": 4, "late": 7}
DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "fortnight": 14.0, "month": 30.0}
DAYS |= {"year": 365.0, "decade": 3650.0}
KG = {"kg": 1.0, "lb": 0.45359237, "st": 6.35029318}
SINCE = {"week": 14.0, "fortnight": 28.0, "month": 60.0, "year": 730.0}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_FREE = r"(?<![\w.,/\-\u2212\u2013])"  # not inside another number, date, level or word
_DIGITS = r"[0-9]{1,4}(?:\.[0-9]{1,2})?(?![0-9]|[.,][0-9])"
# Any word, checked against WORDS afterwards: a short pattern compiles and runs faster than
# the alternation of every number word.
_WORDNUM = rf"(?:(?:{'|'.join(TENS)})[ -](?:{'|'.join(_ONES[1:10])})|[a-z]{{3,9}})(?!\w)"
_NUM = rf"(?:{_FREE}{_DIGITS}|(?<!\w){_WORDNUM})"
_SIGNED = r"(?:[-\u2212\u2013]|minus ?|\+)?\s?[0-9]{1,2}(?:\.[0-9]{1,2})?(?![0-9])"
_VAGUE = r"(?:a couple of|couple of|a few|few|half an?|an?)"
_HALF = r"(?: and a half)?"
_SEX_WORD = r"female|male|woman|man|lady|gentleman|girl|boy"
_AGE_UNIT = (
    r"(?:-? ?(?:years?|yrs?|yr)[ -]?old|(?:years?|yrs?) of age|yo|y/o|y\.o\.?"
    rf"|(?:years?|yrs?)(?=[ ,]{{1,2}}(?:[fm](?![\w'\u2019])|(?:{_SEX_WORD})(?!\w)))|y)"
)
_FEVER = (
    r"temp(?:erature)?s?|fever(?:ish)?|febrile|pyrexi(?:a|al)|spik(?:ing|ed)(?: (?:a )?temp)?"
    r"|thermometer"  # "the thermometer said 38.5": what it reads is a temperature
)
_NEAR_FEVER = rf"(?<!\w)(?:{_FEVER}|t(?= ?[0-9])|rigou?rs|chills|shiver\w*)(?!\w)"
_DUR_UNIT = (
    # With the common phone typos ("weks", "monts", "yeras"): a unit word is never a symptom.
    r"(?P<unit>hours?|hrs?|days?|dys?|dayz|we{0,2}ks?|fortnights?|months?|monts?|munths?|mnths?"
    r"|mths?|mos?|ye?a?rs?|yeras?|decades?)(?!\w)"
)
_WEIGHT_UNIT = r"(?:kgs?|kilos?|kilograms?|lbs?|pounds?|stones?|st)(?!\w)"
_DUR_SHORT = r"(?P<short>[dwh])(?!\w)"
_FREQ_BEFORE = r"(?:every|each|per|once|twice|thrice|times)\W*$"
_FREQ_AFTER = r"\s?(?:a|per|each|every|/) ?(?:day|week|wk|month|year|d\b|w\b)"
_ARTICLE_OK = r"(?:for|past|last|over|about|around|nearly|almost|within|than|just|some)\W*$"
_DATE_BEFORE = r"(?:on|dated?|from|until|till|by|dob|d\.o\.b\.?)\W*$"
_AGE_AFTER = rf"[ ,-]{{0,2}}(?:(?P<old>old|of age)|[FM](?!\w)|(?:{_SEX_WORD})(?!\w))"
_SIMILE = r"like (?:an?|some) (?:\w+ )?$"  # "walking like an old man" says nothing of sex


_I = re.I
_SOURCES: dict[str, tuple[str, int]] = dict(
    age=(
        rf"(?<!\w)(?=\w)(?:(?<!at )(?:aged?|age:|age =) ?(?P<n1>{_NUM})"
        rf"(?: ?(?:years?|yrs?)(?: ?old)?)?"
        rf"|(?<!\w)(?:i'?m|i\u2019m|i am|(?:he|she)(?:'s|\u2019s| is))"
        r" (?:now |only |just |nearly |almost )?"
        # "I'm 67, and ...", "she's 80.": a comma or stop after the number ends the age
        rf"(?P<n2>{_NUM})(?: ?{_AGE_UNIT})?(?![0-9%°'\u2019\-]|[.,/](?=\S))"
        r"(?! ?(?:kg|kilo|lb|pound|stone|st\b|ft\b|foot|feet|cm|inch|in\b|week|wk|"
        r"day|hour|hr|month|mo\b|mth|minute|min|time|percent|mg|ml|and a half|/))"
        rf"|(?P<n3>{_NUM}) ?{_AGE_UNIT}(?!\w))"
        rf"(?:[ ,]{{0,2}}(?P<sex>[FMf])(?![\w'\u2019]))?",
        _I,
    ),
    # "my dad is 74", "our mum's 80": the age of the person named. Whose it is, is the context's
    # job (mentions.py): someone else's, unless the text is written for that person.
    # "my husband, 72, says": between commas.
    person_age=(
        rf"(?<!\w)(?:my|our) (?:{'|'.join(re.escape(p) for p in PEOPLE)})"
        r"(?:(?:'s|\u2019s| is) (?:now |only |just |nearly |almost )?"
        rf"(?P<n>[0-9]{{1,3}})(?: ?{_AGE_UNIT})?(?![0-9%°'\u2019\-]|[.,/](?=\S))"
        r"(?! ?(?:kg|kilo|lb|pound|stone|st\b|ft\b|foot|feet|cm|inch|in\b|week|wk|"
        r"day|hour|hr|month|mo\b|mth|minute|min|time|percent|mg|ml|and a half|/))"
        r"|, (?P<n2>[0-9]{1,3})(?=,))",
        _I,
    ),
    # "at 58", "at age 58", "at the age of 58": an age then, so at most the age now (a lower
    # bound). Two or three digits not followed by a unit: "at 10mph", "at 5pm", "at 40 degrees".
    age_at=(
        r"(?<!\w)at (?:the age of |age:? )?(?P<n>[1-9][0-9]{1,2})(?![0-9]|[.,:/][0-9])"
        r"(?!\s?(?:%|°|º|'|\u2019|-|/|\+))"
        r"(?! ?(?:mph|kph|km|miles?|metres?|meters?|m|cm|mm|kgs?|kilos?|lbs?|pounds?|st|stones?"
        r"|deg\w*|am|pm|a\.m|p\.m|o'?clock|hours?|hrs?|h|minutes?|mins?|secs?|seconds?"
        r"|percent|mg|mcg|ml|c|f|weeks?|wks?|days?|months?|x|times|ft|feet|foot|inch\w*"
        r"|units?|points?|bpm|mmhg)(?![a-z]))",
        _I,
    ),
    # A muscle power grade (MRC 0-5) that falls: "4/5, now 2/5", "power was 4 now 3", "MRC 4/5
    # last week, 3/5 today". A bare digit needs a power word first; the words between must
    # say time or change (so "4/5 on the left, 3/5 on the right" is two sides, not a fall).
    power=(
        r"(?:(?P<w>power|mrc|strength|grade)\b[^0-9.;\n]{0,20}?)?"
        r"(?<![\w/.])(?P<a>[0-5])(?P<s1>/5)?(?![0-9]|/[0-9]{2}|/[0-46-9])"
        r"(?P<gap>[^0-9.;\n]{1,30}?)"
        r"(?<![\w/.])(?P<b>[0-5])(?P<s2>/5)?(?![0-9]|/[0-9])",
        _I,
    ),
    power_gap=(
        r"(?<!\w)(?:now|today|then|to|since|yesterday|last|ago|previously|before|earlier"
        r"|down|dropped|fallen|reduced|worse|weaker|->|→)(?!\w)|->|→",
        _I,
    ),
    decade=(
        r"(?<!\w)(?:in (?:my|his|her|their) (?:(?P<s1>early|mid|late)[ -]?)?"
        r"|(?P<s2>early|mid|late)[ -]?)"
        rf"(?:(?P<word>{'|'.join(DECADES)})|(?P<num>[1-9]0)'?s)(?!\w)",
        _I,
    ),
    sex=(
        rf"(?<!\w)(?:(?:sex|gender) ?[:=]? ?(?P<letter>[fm])|(?P<word>{_SEX_WORD}))"
        r"(?!\w)",
        _I,
    ),
    # Case matters: "67M" is male, "walk 50m" metres.
    letter=(_FREE + r"(?P<n>[0-9]{1,3}(?:\.[0-9]{1,2})?) ?(?P<l>[FMf])(?![\w'\u2019°])", 0),
    temp_label=(
        rf"(?<!\w)(?=\w)(?:(?:{_FEVER})(?: ?[:=] ?| )"
        r"(?:(?:of|to|was|is|at|up to|reached|around|about|over|as high as|"
        r"peaked at|max|hit|reading|said|says|read|reads|showed|shows)\s){0,2}"
        r"|t(?: ?[:=] ?| |(?=[0-9])))"
        r"(?P<n>[0-9]{2,3}(?:\.[0-9]{1,2})?)(?![0-9]|[.,][0-9])"
        r"(?: ?(?P<deg>°|º|˚|deg(?:rees?|s)?\b\.?) ?)?"
        r"(?:(?P<u>celsius|centigrade|fahrenheit|[cf])(?!\w))?",
        _I,
    ),
    temp_unit=(
        _FREE + r"(?P<n>[0-9]{2,3}(?:\.[0-9]{1,2})?)(?![0-9]|[.,][0-9])"
        r"(?: ?(?P<deg>°|º|˚|deg(?:rees?|s)?\b\.?) ?)?"
        r"(?:(?P<u>celsius|centigrade|fahrenheit|[cf])(?!\w))?",
        _I,
    ),
    lab=(
        r"(?<!\w)(?=\w)(?:(?P<crp>crp|c[- ]reactive protein)|(?P<esr>esr|sed rate|"
        r"(?:erythrocyte )?sedimentation rate)|(?P<wbc>wbc|wcc|white (?:blood )?"
        r"(?:cell )?count|white (?:blood )?cells?|w\.?b\.?c\.?s?|leu[ck]ocytes?))"
        r"(?: ?[:=~] ?| |(?=[0-9]))(?:(?:of|was|is|at|level|count|now|raised|elevated"
        r"|up|to|came back|reading|[<>]=?)\s?){0,3}"
        r"(?P<n>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]{1,5}(?:\.[0-9]{1,2})?"
        r"(?![0-9]|[.,][0-9]))(?P<k>k(?!\w))?"
        r"(?: ?(?P<unit>mg/ ?l|mg/ ?dl|mg per lit(?:re|er)|mm/ ?h(?:r|our)?|"
        r"mm in (?:the )?(?:first|1st) hour|mm(?!\w)"
        r"|(?:x|\u00d7|\*)? ?10 ?(?:\^|\*\*|e)? ?9 ?/ ?l|(?:x|\u00d7)? ?10⁹ ?/ ?l"
        r"|k/ ?[uµμ]l|/ ?(?:mm3|mm³|[uµμ]l|mcl))(?!\w))?",
        _I,
    ),
    t_score=(
        r"(?<!\w)(?:(?:dexa|dxa)(?: scan)?(?: (?:showed|shows|result))?"
        r"(?:(?: ?[:=] ?| )(?P<t1>t[- ]?score))?|(?P<t2>t[- ]?scores?))"
        r"(?: ?[:=] ?| |(?=[-\u2212\u2013]))(?:(?:of|was|is|at|now|reading)\s){0,2}"
        rf"(?P<n>{_SIGNED})",
        _I,
    ),
    weight=(
        r"(?<!\w)(?=\w)(?P<verb>(?:lost|lose|losing|dropped|dropping|shed|down"
        r"|weight loss(?: of)?|weight (?:has )?(?:dropped|fallen|gone down)(?: by)?)"
        r" (?:(?:about|around|almost|nearly|over|roughly|approx\.?|approximately|some"
        r"|at least|more than|like|a good|~) ?)?)?"
        rf"(?P<n>{_NUM}|{_VAGUE}){_HALF} ?(?P<unit>{_WEIGHT_UNIT})(?: and a half(?P<half>))?"
        rf"(?:,? (?:and )?(?P<n2>{_NUM}) ?(?:lbs?|pounds?)(?!\w))?"
        r"(?P<after> (?:of )?(?:unintentional |unexplained |unintended )?"
        r"weight loss)?",
        _I,
    ),
    duration=(
        rf"(?<!\w)(?=[\w\u00d7])(?:(?P<x>[x\u00d7]) ?|{_FREE})"
        rf"(?P<n>{_DIGITS}|{_WORDNUM}|{_VAGUE}){_HALF}"
        rf"(?: ?(?:-|\u2013|to|or) ?(?P<hi>{_DIGITS}|{_WORDNUM}))?"
        rf"(?:[ -]?{_DUR_UNIT}|{_DUR_SHORT})",
        _I,
    ),
    shorthand=(_FREE + r"(?P<n>[0-9]{1,2}) ?/ ?(?P<d>52|12|7)(?![\w/]|[.,][0-9])", 0),
    plural=(
        r"(?<!\w)(?P<lead>for|over|in) (?:the )?(?:(?P<one>past|last) )?"
        r"(?:(?:many|several|some) )?"
        r"(?P<unit>days|weeks|months|years|decades|day|week|fortnight|month|year)"
        r"(?!\w)",
        _I,
    ),
    since=(
        r"(?<!\w)since (?:(?P<one>yesterday|last night|today|tonight|this (?:morning|"
        r"afternoon|evening))|(?P<last>last )?(?:the )?(?P<day>"
        rf"{'|'.join(WEEKDAYS)}|weekend|week|fortnight|month|year))(?!\w)",
        _I,
    ),
    near_fever=(_NEAR_FEVER, _I),
    freq_before=(_FREQ_BEFORE, _I),
    freq_after=(_FREQ_AFTER, _I),
    article_ok=(_ARTICLE_OK, _I),
    date_before=(_DATE_BEFORE, _I),
    age_after=(_AGE_AFTER, _I),
    simile=(_SIMILE, _I),
    # Guards: a word such as "a", "down" or "one" begins a pattern only if its unit is near.
    # (a digit may touch the unit: "6wk", "8kg", "67yo").
    duration_near=(rf"(?<![a-z])(?:{_DUR_UNIT}|[dwh](?!\w))", _I),
    weight_near=(r"(?<![a-z])" + _WEIGHT_UNIT, _I),
    age_near=(r"(?<![a-z/])(?:y|yo|y/o|y\.o|years?|yrs?|yr)(?!\w)", _I),
)


Starts = dict[str, list[int]]
# "my" and "our" begin an age only before a person ("my dad is 74", not "down my leg").
_POSSESSIVE = ("my", "our")
_PEOPLE_AFTER = tuple(f" {p}" for p in PEOPLE)
# The words that can begin each pattern.
_BEGIN: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (tuple(WORDS), ("age", "duration", "weight")),
    (("a", "an", "couple", "few", "half"), ("duration", "weight")),
    (("lost", "lose", "losing", "dropped", "dropping", "shed", "down", "weight"), ("weight",)),
    (("aged", "age", "i", "im", "he", "she"), ("age",)),
    (("at",), ("age_at",)),
    (_POSSESSIVE, ("person_age",)),
    (("power", "mrc", "strength", "grade"), ("power",)),
    (("early", "mid", "late"), ("decade",)),
    (("for", "over"), ("plural",)),
    (("in",), ("plural", "decade")),
    (("since",), ("since",)),
    (("sex", "gender", *_SEX_WORD.split("|")), ("sex",)),
    (("temp", "temps", "temperature", "temperatures", "fever", "feverish"), ("temp_label",)),
    (("thermometer",), ("temp_label",)),
    (("febrile", "pyrexia", "pyrexial", "spiking", "spiked"), ("temp_label",)),
    (("t",), ("temp_label", "t_score")),
    (("tscore", "tscores", "dexa", "dxa"), ("t_score",)),
    (("crp", "c", "esr", "sed", "erythrocyte", "sedimentation", "wbc", "wcc", "wbcs"), ("lab",)),
    (("white", "w", "leucocytes", "leukocytes", "leucocyte", "leukocyte"), ("lab",)),
    (("x", "\u00d7"), ("duration",)),
)
_BY_WORD: dict[str, tuple[str, ...]] = {}
for _words, _names in _BEGIN:
    for _word in _words:
        _BY_WORD[_word] = _BY_WORD.get(_word, ()) + _names
# A number begins a pattern only when what follows it can continue one: "45 y..." an age or a
# duration, "8 k..." a weight, "39 °..." a temperature, "3/..." shorthand ("CRP 45," nothing).
_AFTER_NUMBER: dict[str, tuple[str, ...]] = {
    "y": ("age", "duration"),
    "-": ("age", "duration"),
    "\u2013": ("duration",),
    "h": ("duration",),
    "w": ("duration",),
    "t": ("duration",),
    "o": ("duration",),
    "d": ("duration", "temp_unit"),
    "f": ("duration", "letter", "temp_unit"),
    "m": ("duration", "letter"),
    "a": ("duration", "weight"),
    "k": ("weight",),
    "l": ("weight",),
    "p": ("weight",),
    "s": ("weight",),
    "c": ("temp_unit",),
    "°": ("temp_unit",),
    "º": ("temp_unit",),
    "˚": ("temp_unit",),
    "/": ("shorthand", "power"),
}
# Words that begin an age with no unit, and for a pronoun the words that must follow it
# ("I am 45", "he is 78"; an apostrophe, "I'm", "she's", is checked apart).
_SELF_AGE = ("i", "im", "age", "aged", "he", "she")
_SAYS = {"i": (" am",), "he": (" is",), "she": (" is",)}
_COMPILED: dict[str, re.Pattern[str]] = {}


def rx(name: str) -> re.Pattern[str]:
    """The pattern `name`, compiled on first use: a text compiles only the patterns it needs."""
    pattern = _COMPILED.get(name)
    if pattern is None:
        source, flags = _SOURCES[name] if name != "begin" else (_begin(), re.I)
        pattern = _COMPILED[name] = re.compile(source, flags)
    return pattern


def _begin() -> str:
    """A number (and the character after it) or a word of _BEGIN at the start of a word."""
    number = r"[0-9]+(?:[.,][0-9]+)*(?:(?=[ \t]{0,2}(?P<next>[^\s0-9])))?"
    return rf"(?<!\w)(?:{number}|[xt\u00d7](?=[0-9])|{_trie(_BY_WORD)}(?!\w))"


def _trie(words: Iterable[str]) -> str:
    """One regex alternative per first letter, so a word start tries one branch, not every word."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")

    return emit(tree)


_NEAR = {"duration": "duration_near", "weight": "weight_near", "age": "age_near"}


def _near(name: str, text: str, end: int) -> bool:
    """Whether the unit pattern `name` needs lies within 40 characters after a word."""
    return rx(_NEAR[name]).search(text, end, end + 40) is not None


def starts(text: str) -> Starts:
    """Where each pattern may start: the start of a word that can begin it."""
    at: Starts = {}
    for m in rx("begin").finditer(text):
        word = m[0].casefold()
        if word[0] in "0123456789":
            found = _AFTER_NUMBER.get((m["next"] or "").casefold(), ())
        elif word in ("x", "t", "\u00d7") and text[m.end() : m.end() + 1].isdigit():
            found = ("temp_label",) if word == "t" else ("duration",)
        elif word in _POSSESSIVE:
            if text[m.end() : m.end() + 24].casefold().startswith(_PEOPLE_AFTER):
                at.setdefault("person_age", []).append(m.start())
            continue
        elif word in _SELF_AGE:  # "aged 70", "I'm 45", "she's 80": no unit needed
            after = text[m.end() : m.end() + 3].casefold()
            if word not in _SAYS or (after[:1] and after[:1] in "'\u2019") or after in _SAYS[word]:
                at.setdefault("age", []).append(m.start())
            continue
        else:
            found = _BY_WORD.get(word, ())
        if any(n in _NEAR for n in found):
            end = m.end()
            found = tuple(n for n in found if n not in _NEAR or _near(n, text, end))
        for name in found:
            at.setdefault(name, []).append(m.start())
    return at


def each(name: str, text: str, at: Starts) -> Iterator[re.Match[str]]:
    """The matches of pattern `name` at the starts `starts` found for it."""
    pattern = rx(name) if name in at else None
    for pos in at.get(name, ()):
        m = pattern.match(text, pos) if pattern else None
        if m:
            yield m
