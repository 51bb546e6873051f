"""`spinecli match` and `spinecli symptoms`: normalisation, typos, negation, red flags, output."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecli.errors import NotFoundError, SpineError, UsageError
from spinecli.findings import find
from spinecli.match import (
    AFFIRMED,
    FILL,
    LEAD_SHARE,
    MAX_LEADING,
    NEGATED,
    assess,
    find_mentions,
    match,
    vocabulary,
)
from spinecli.mentions import analyse
from spinecli.model import KnowledgeBase
from spinecli.negation import compile_cues, scopes
from spinecli.rank import specificity
from spinecli.record import record
from spinecli.text import STOPWORDS, WORD, canon_phrase, stem, tokenize
from spinecli.typos import TypoIndex, distance
from tests.conftest import Invoke, write

MATCH_KEYS = {
    "query",
    "urgent",
    "red_flags",
    "known",
    "conditions",
    "procedures",
    "referrals",
    "read",
}
FLAG_KEYS = {"id", "name", "action", "matched", "rules"}
CONDITION_KEYS = {"id", "name", "score", "evidence"}
EVIDENCE_KEYS = {"symptom", "text", "weight", "negated"}
PROCEDURE_KEYS = {"id", "name", "for_conditions"}


def flags(kb: KnowledgeBase, query: str) -> list[str]:
    return [f.flag.id for f in match(kb, query).red_flags]


def top(kb: KnowledgeBase, query: str, n: int = 3) -> list[str]:
    return [c.condition.id for c in match(kb, query).conditions[:n]]


# ----------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    "family",
    [
        ("radiating", "radiates", "radiated", "radiate", "radiation"),
        ("numbness", "numb", "numbed"),
        ("sitting", "sits", "sit"),
        ("denies", "denied", "deny", "denying"),
        ("tingling", "tingles", "tingle"),
        ("legs", "leg"),
    ],
)
def test_stemmer_joins_inflections(family: tuple[str, ...]) -> None:
    assert len({stem(w) for w in family}) == 1


def test_stemmer_keeps_distinct_words_apart() -> None:
    assert stem("urinary") != stem("urinate")
    assert stem("stenosis") == "stenosis"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Anaesthesia", "anesthesia"),
        ("TUMOUR", "tumor"),
        ("sciática", "sciatica"),
        ("hurts", "pain"),
        ("lower extremity", "leg"),
        ("bilaterally", "both"),
        ("w/o", "without"),
        ("W/O", "without"),
        ("SLR +VE", "slr +ve"),
        ("can't", "cannot"),
        ("unable to", "cannot to"),
    ],
)
def test_spellings_shorthand_and_synonyms_meet(typed: str, meant: str) -> None:
    assert canon_phrase(typed) == canon_phrase(meant)


def test_tokens_keep_offsets_into_the_original() -> None:
    text = "Pain in my LEFT leg; w/o numbness"
    for tok in tokenize(text):
        if tok.kind == WORD:
            assert text[tok.start : tok.end].strip()
    words = [text[t.start : t.end] for t in tokenize(text) if t.kind == WORD]
    assert words[0] == "Pain" and "w/o" in words


# ----------------------------------------------------------------------------- typos
def test_edit_distance_counts_a_swap_as_one() -> None:
    assert distance("pian", "pain", 2) == 1
    assert distance("sciatca", "sciatica", 2) == 1
    assert distance("abc", "xyz", 1) == 2


def test_typo_index_forgives_common_slips_only() -> None:
    index = TypoIndex(
        [
            ("sciatica", "sciatica"),
            ("fever", "fever"),
            ("pain", "pain"),
            ("leg", "leg"),
            ("incontinence", "incontin"),
        ]
    )
    assert index.lookup("sciatca") == "sciatica"
    assert index.lookup("pian") == "pain"  # swapped letters
    assert index.lookup("legg") == "leg"  # doubled letter
    assert index.lookup("fevr") == "fever"  # missing vowel
    assert index.lookup("fewer") is None  # a real word, one letter from "fever"
    assert index.lookup("paint") is None
    assert index.lookup("continence") is None  # never flip a word's meaning


def test_typos_in_a_query(shipped: KnowledgeBase) -> None:
    assert "sciatica" in top(shipped, "sciatca on the right")
    assert "cauda-equina-syndrome" in flags(shipped, "bowel incontinance and back pain")


# ----------------------------------------------------------------------------- negation
def _negated_words(text: str) -> set[str]:
    tokens = tokenize(text)
    negated, _, _ = scopes(tokens, set(), compile_cues())
    return {text[tokens[i].start : tokens[i].end] for i in negated if tokens[i].kind == WORD}


def test_negation_runs_through_a_list_and_stops_at_but() -> None:
    words = _negated_words("Denies fever, chills, night sweats but has back pain")
    assert {"fever", "chills", "night sweats"} <= words  # one word: nightsweats (rewrites.py)
    assert "back" not in words and "pain" not in words


def test_negation_stops_before_a_longer_clause() -> None:
    words = _negated_words("No fever, back pain for two weeks since lifting a box")
    assert "fever" in words and "back" not in words


def test_pseudo_negation_negates_nothing() -> None:
    assert not _negated_words("physio didn't help my sciatica")
    assert not _negated_words("no change in the leg pain")


def test_post_negation_looks_back() -> None:
    assert "SLR" in _negated_words("SLR negative")
    assert "fever" in _negated_words("fever ruled out")
    # "is not" is rewritten to "isnt" before triggers are read: the post-trigger must follow.
    assert {"leg", "pain"} <= _negated_words("leg pain is not present")


def test_someone_elses_history_raises_no_flag_even_inside_a_kb_phrase(
    shipped: KnowledgeBase,
) -> None:
    # "history of cancer" is a red-flag phrase; "family history of" starts before it and wins.
    assert not flags(shipped, "family history of cancer, neck pain for months")
    assert "spinal-malignancy" in flags(shipped, "history of cancer, neck pain for months")
    # ... and covers one list item: what follows a comma is the patient's own.
    assert "cauda-equina-syndrome" in flags(shipped, "family history of cancer, saddle numbness")


def test_only_someone_elses_history_runs_into_a_kb_phrase(shipped: KnowledgeBase) -> None:
    # "not bad" is a pseudo-trigger, but "bad" belongs to a KB phrase here: "not" negates it.
    mentions = find_mentions("low back not bad", vocabulary(shipped))
    assert {m.status for m in mentions} == {NEGATED}


def test_someone_elses_history_ends_at_the_patients_own_words(shipped: KnowledgeBase) -> None:
    # "I" starts the patient's own clause: what follows is theirs, not the family's.
    for text in (
        "family history of cancer and I have saddle numbness",
        "my mother had cancer and I have numbness in the groin",
    ):
        assert flags(shipped, text) == ["cauda-equina-syndrome"], text
    assert "spinal-malignancy" in flags(
        shipped, "family history of arthritis and I had cancer, mid back pain"
    )
    # A hypothetical still runs through the subject right after its trigger.
    assert not flags(shipped, "back pain; what should I do if I lose bladder control?")


def test_negated_symptom_counts_against_its_conditions(shipped: KnowledgeBase) -> None:
    r = match(shipped, "low back pain, no leg pain")
    assert "sciatica" not in [c.condition.id for c in r.conditions]
    denied = [e for c in r.conditions for e in c.evidence if e.negated]
    assert denied and all(e.weight < 0 and "leg" in e.text for e in denied)
    for c in r.conditions:
        assert c.points == pytest.approx(sum(e.weight for e in c.evidence))


# ----------------------------------------------------------------------------- red flags
def test_affirmed_red_flag_leads_and_withholds_procedures(shipped: KnowledgeBase) -> None:
    r = match(shipped, "sciatica and now I can't feel the toilet paper when I wipe")
    assert r.urgent and r.red_flags[0].flag.id == "cauda-equina-syndrome"
    assert r.procedures == ()
    assert r.conditions and r.conditions[0].condition.id in ("sciatica", "herniated-disc")


def test_negated_red_flag_is_not_raised(shipped: KnowledgeBase) -> None:
    r = match(shipped, "sciatica, denies saddle anaesthesia and urinary retention")
    assert not r.urgent and r.procedures
    assert "Possible cauda equina syndrome" in r.negated


def test_affirmed_anywhere_beats_negated_elsewhere(shipped: KnowledgeBase) -> None:
    text = "No incontinence last week. Today I wet myself and my back hurts"
    assert flags(shipped, text) == ["cauda-equina-syndrome"]


def test_context_phrase_needs_back_or_neck_pain(shipped: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError):
        match(shipped, "fever and chills with a cough")
    assert flags(shipped, "fever and chills with low back pain") == ["spinal-infection"]
    assert flags(shipped, "fever with knee pain") == []
    assert flags(shipped, "low back pain, no fever") == []


def test_hypothetical_mention_raises_nothing(shipped: KnowledgeBase) -> None:
    r = match(shipped, "back pain; what should I do if I lose bladder control?")
    assert not r.urgent


def test_red_flags_from_a_layered_kb(cli: Invoke, mini: Path) -> None:
    r = cli("match", "twinge in my back and a fever", "-f", "json")
    data = json.loads(r.out)
    assert data["urgent"] and data["red_flags"][0]["id"] == "omega-flag"
    assert data["red_flags"][0]["matched"] == ["fever"]
    assert data["procedures"] == []


def test_vocabulary_comes_from_the_kb(cli: Invoke, mini: Path, tmp_path: Path) -> None:
    assert cli("match", "a zeta spasm").code == 1
    layer = write(
        tmp_path,
        '[symptoms.zeta]\nname = "Zeta"\nphrases = ["zeta spasm"]\n'
        "conditions = { delta-ache = 4 }\n",
    )
    r = cli("--kb", str(layer), "match", "a zeta spasm", "-f", "json")
    assert r.code == 0
    assert json.loads(r.out)["conditions"][0]["id"] == "delta-ache"


# ----------------------------------------------------------------------------- ranking
def test_ranking_explains_each_contribution(shipped: KnowledgeBase) -> None:
    r = match(shipped, "shooting pain down my leg when I sit")
    best = r.conditions[0]
    assert best.condition.id in ("sciatica", "herniated-disc")
    assert best.points == pytest.approx(sum(e.weight for e in best.evidence))
    weights = dict(
        next(s for s in shipped.symptoms.values() if s.id == "radiating-leg-pain").conditions
    )
    leg = next(e for e in best.evidence if e.symptom.id == "radiating-leg-pain")
    # The KB weight, shrunk for a symptom that supports many conditions.
    symptom = shipped.symptoms["radiating-leg-pain"]
    assert 0 < specificity(shipped, symptom) < 1
    assert leg.weight == pytest.approx(
        weights[best.condition.id] * specificity(shipped, symptom), abs=1e-3
    )
    assert "leg" in leg.text
    scores = [c.score for c in r.conditions]
    assert scores == sorted(scores, reverse=True) and all(0 < s < 1 for s in scores)


def test_procedures_follow_the_leading_conditions_in_usual_order(shipped: KnowledgeBase) -> None:
    r = match(shipped, "facet joint arthritis in my lower back")
    facet = shipped.conditions["facet-joint-arthritis"]
    ids = [s.procedure.id for s in r.procedures]
    usual = [t.procedure for t in facet.procedures]
    assert ids[: len(usual)] == usual
    assert all(
        "facet-joint-arthritis" in [c.id for c in s.for_conditions] for s in r.procedures[:3]
    )


def test_word_order_does_not_matter(shipped: KnowledgeBase) -> None:
    a = find_mentions("pain radiating down my leg", vocabulary(shipped))
    b = find_mentions("down my leg the pain radiates", vocabulary(shipped))
    assert {m.owner for m in a if m.status == AFFIRMED} == {m.owner for m in b}


def test_a_phrase_inside_a_longer_one_yields(shipped: KnowledgeBase) -> None:
    mentions = find_mentions("back pain without leg pain", vocabulary(shipped))
    owners = {m.owner: m.status for m in mentions}
    assert owners.get("radiating-leg-pain") in (None, NEGATED)


# ----------------------------------------------------------------------------- the command
def test_json_keys_are_the_contract(cli: Invoke) -> None:
    r = cli("match", "numb foot and back pain after a fall", "-f", "json")
    data = json.loads(r.out)
    assert set(data) == MATCH_KEYS
    for f in data["red_flags"]:
        assert set(f) == FLAG_KEYS
    for c in data["conditions"]:
        assert set(c) == CONDITION_KEYS
        for e in c["evidence"]:
            assert set(e) == EVIDENCE_KEYS
    calm = json.loads(cli("match", "sciatica down my left leg", "-f", "json").out)
    assert not calm["urgent"] and calm["procedures"]
    for p in calm["procedures"]:
        assert set(p) == PROCEDURE_KEYS


def test_query_from_stdin(cli: Invoke) -> None:
    r = cli("match", "-", "-f", "json", input="sciatica in my left leg\n")
    assert r.code == 0 and json.loads(r.out)["conditions"][0]["id"] == "sciatica"


def test_unquoted_words_are_joined(cli: Invoke) -> None:
    r = cli("match", "shooting", "pain", "down", "my", "leg", "-f", "json")
    assert r.code == 0 and json.loads(r.out)["query"] == "shooting pain down my leg"


@pytest.mark.parametrize("args", [("match", ""), ("match", "   "), ("match",)])
def test_empty_query_is_a_usage_error(cli: Invoke, args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert r.code == 2 and "Traceback" not in r.err


def test_empty_stdin_is_a_usage_error(cli: Invoke) -> None:
    assert cli("match", "-", input="").code == 2


def test_nothing_recognised_exits_1_with_a_hint(cli: Invoke) -> None:
    r = cli("match", "Preheat the oven and whisk two eggs")
    assert r.code == 1 and "spinecli symptoms" in r.err and not r.out


def test_only_denials_exit_1_and_say_so(cli: Invoke) -> None:
    r = cli("match", "no back pain")
    assert r.code == 1 and "denies" in r.err


@pytest.mark.parametrize("fmt", ["plain", "md", "table"])
def test_every_format_shows_red_flag_first(cli: Invoke, fmt: str) -> None:
    r = cli("match", "I wet myself and my back hurts", "-f", fmt)
    assert r.code == 0
    assert r.out.lower().index("cauda equina") < r.out.index("Chronic low back pain")
    assert "emergency department" in r.out


@pytest.mark.parametrize("fmt", ["plain", "md", "table", "json"])
def test_symptoms_lists_phrases_and_red_flags(cli: Invoke, fmt: str) -> None:
    r = cli("symptoms", "-f", fmt)
    # A table cell wraps a long phrase list anywhere: read its words across the wraps.
    words = " ".join(w for w in r.out.split() if w not in "│┃║")
    assert r.code == 0 and "pins and needles" in words and "cauda" in r.out.lower()


def test_symptoms_json_shape(cli: Invoke, shipped: KnowledgeBase) -> None:
    data = json.loads(cli("symptoms", "-f", "json").out)
    assert set(data) == {"symptoms", "red_flags", "findings"}
    assert len(data["symptoms"]) == len(shipped.symptoms)
    assert {f["id"] for f in data["red_flags"]} == set(shipped.red_flags)


def test_every_kb_phrase_has_words_to_match(shipped: KnowledgeBase) -> None:
    phrases = [p for s in shipped.symptoms.values() for p in s.phrases]
    phrases += [p for f in shipped.findings.values() for p in f.phrases]
    empty = [p for p in phrases if not [w for w in canon_phrase(p) if w not in STOPWORDS]]
    assert empty == []


def test_every_finding_phrase_is_recognised_by_match(shipped: KnowledgeBase) -> None:
    """Each shipped finding phrase, after back pain, is read as its own finding by `match`."""
    missed = []
    for f in shipped.findings.values():
        for p in f.phrases:
            found = match(shipped, f"low back pain. {p}").found
            assert found is not None
            if f.id not in (found.known if f.diagnosed else found.present):
                missed.append((f.id, p))
    assert missed == []


def _phrase(kb: KnowledgeBase, finding: str) -> str:
    f = kb.findings[finding]
    return f.phrases[0] if f.phrases else "I have low back pain"


def test_every_rule_raises_its_flag(shipped: KnowledgeBase) -> None:
    """One phrase for each finding a rule needs, in sentences of their own, raises the flag and
    names that rule."""
    for flag in shipped.red_flags.values():
        for rule in flag.rules:
            needed = [*rule.all_of, *rule.any_of[: rule.needed()]]
            if any(
                not shipped.findings[f].phrases and not shipped.findings[f].spinal for f in needed
            ):
                continue  # values only (tested with values)
            text = ". ".join(_phrase(shipped, f) for f in needed)
            raised = {r.flag.id: r for r in match(shipped, text).red_flags}
            assert flag.id in raised, (flag.id, text)
            assert rule in [x.rule for x in raised[flag.id].fired], (flag.id, text)


def test_a_rule_needs_all_its_findings(shipped: KnowledgeBase) -> None:
    """A rule of two findings does not fire on one: fever alone, a fall alone."""
    with pytest.raises(NotFoundError):
        match(shipped, "I have had a fever since Tuesday")
    assert flags(shipped, "fell over yesterday, low back pain") == []
    assert flags(shipped, "osteoporosis, fell over yesterday, low back pain") == ["spinal-fracture"]


def test_a_symptom_phrase_cannot_consume_a_finding(shipped: KnowledgeBase) -> None:
    r = match(shipped, "neck pain with fever and headache")
    assert [f.flag.id for f in r.red_flags] == ["spinal-infection"]
    assert [(h.finding, h.text) for h in r.red_flags[0].fired[0].hits][-1] == ("fever", "fever")


def test_a_megabyte_query_completes(shipped: KnowledgeBase) -> None:
    chunk = "My lower back aches after gardening, no leg pain, and the kettle is on. "
    text = chunk * (1024 * 1024 // len(chunk))
    r = match(shipped, text + "Now I have wet myself.")
    assert r.urgent and r.conditions


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    from spinecli.kb import load_kb

    kb = _KB.get("kb") or _KB.setdefault("kb", load_kb([], env=""))
    try:
        r = match(kb, text)
    except (NotFoundError, UsageError):
        return
    except SpineError as exc:  # pragma: no cover - any other error is a failure
        pytest.fail(f"unexpected {exc!r}")
    assert r.conditions or r.red_flags


_KB: dict[str, KnowledgeBase] = {}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "no",
                "not",
                "pain",
                "back",
                ",",
                ".",
                "leg",
                "if",
                "but",
                "denies",
                "numb",
                "wet",
                "myself",
                "fever",
            ]
        ),
        max_size=30,
    )
)
def test_word_salad_from_the_vocabulary_never_crashes(words: list[str]) -> None:
    from spinecli.kb import load_kb

    kb = _KB.get("kb") or _KB.setdefault("kb", load_kb([], env=""))
    with contextlib.suppress(NotFoundError, UsageError):
        match(kb, " ".join(words))


@pytest.mark.parametrize(
    ("text", "affirmed", "denied"),
    [
        # A positive finding after a negated list is not swallowed by it.
        (
            "denies bowel or bladder incontinence, no saddle anesthesia, radicular pain L5",
            "radicular pain",
            "cauda-equina-syndrome",
        ),
        # A colon starts a new finding; "L4-5" is one item, not two.
        ("axial LBP, neg SLR, MRI: L4-5 facet arthropathy", "facet arthropathy", ""),
        # A short negated list still carries its negation to the end.
        ("back pain, denies fever, chills, night sweats", "back pain", "spinal-infection"),
    ],
)
def test_negated_lists_end_where_clinical_notes_end_them(
    shipped: KnowledgeBase, text: str, affirmed: str, denied: str
) -> None:
    result = match(shipped, text)
    evidence = [e for c in result.conditions for e in c.evidence]
    assert any(e.text == affirmed and not e.negated for e in evidence), evidence
    assert not result.red_flags
    if denied:
        assert shipped.red_flags[denied].name in result.negated, result.negated


# ----------------------------------------------------------------------------- context
@pytest.mark.parametrize(
    "text",
    [
        "stress incontinence since childbirth, low back pain for a month",
        "I have had urinary incontinence for 20 years and my lower back aches",
        "Foot drop on the left since my disc surgery in 2015, it's never changed, leg burns",
    ],
)
def test_a_long_standing_finding_raises_no_flag(shipped: KnowledgeBase, text: str) -> None:
    assert flags(shipped, text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "stress incontinence since childbirth but now I can't control my bladder at all, back pain",
        "incontinent for years, much worse since yesterday, and low back pain",
        "back pain for 3 years and I wet myself this morning",
    ],
)
def test_new_or_worse_beats_long_standing(shipped: KnowledgeBase, text: str) -> None:
    assert "cauda-equina-syndrome" in flags(shipped, text), text


def test_a_known_diagnosis_under_care_is_not_an_emergency(shipped: KnowledgeBase) -> None:
    r = match(shipped, "known spinal mets under oncology, back pain, asking about a pain pump")
    assert not r.urgent and [k.flag.id for k in r.known] == ["spinal-malignancy"]
    assert r.procedures  # its condition's procedures are suggested
    fracture = match(shipped, "diagnosed with a spinal fracture six weeks ago, kyphoplasty?")
    assert not fracture.urgent and [k.flag.id for k in fracture.known] == ["spinal-fracture"]
    # ... but what would make it urgent still raises its own flag.
    worse = match(shipped, "known spinal mets under oncology, now new leg weakness")
    assert "progressive-neurological-deficit" in [f.flag.id for f in worse.red_flags]


def test_a_suspected_or_new_cause_stays_urgent(shipped: KnowledgeBase) -> None:
    assert flags(shipped, "suspected spinal mets, back pain at night") == ["spinal-malignancy"]
    assert "spinal-fracture" in flags(shipped, "known osteoporosis, new spinal fracture, back pain")


def test_an_imaged_compression_fracture_is_a_known_diagnosis(shipped: KnowledgeBase) -> None:
    r = match(shipped, "OVCF L1, wedge fx, severe pain 6 wks despite bracing")
    assert not r.urgent and [k.flag.id for k in r.known] == ["spinal-fracture"]


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I'm 70 and my belly is pulsing, with a dull back ache", "aortic-emergency"),
        ("sudden tearing pain between my shoulder blades", "aortic-emergency"),
        ("sudden severe low back pain, then I passed out", "aortic-emergency"),
        ("back pain, weak pulse in one arm", "aortic-emergency"),
    ],
)
def test_aortic_emergency(shipped: KnowledgeBase, text: str, flag: str) -> None:
    assert flag in flags(shipped, text), text


def test_someone_elses_finding_and_a_denied_one_are_read_as_such(shipped: KnowledgeBase) -> None:
    r = match(shipped, "my mother had myeloma. No fever. Low back pain after lifting")
    assert not r.red_flags and r.found is not None
    assert "fever" in r.found.negated


@record
class _Reading:
    """A value as values.read_values reads it (kind, amount, unit, start, end, text)."""

    kind: str
    amount: float
    unit: str
    start: int
    end: int
    text: str
    lower_bound: bool = False


def test_values_count_through_the_kb_value_tests(shipped: KnowledgeBase) -> None:
    """T 38.6 is a fever, 67 is over 50, a T-score of -3.1 is osteoporosis; 37.2 is no fever;
    a value in a denied or someone else's scope does not count."""
    text = "T 38.6, low back pain. My mother is 82."
    analysis = analyse(text, vocabulary(shipped))
    readings = [
        _Reading("temperature", 38.6, "C", 0, 6, "T 38.6"),
        _Reading("age", 82.0, "years", text.index("82"), text.index("82") + 2, "82"),
    ]
    found = find(shipped, analysis.mentions, readings, analysis.spans)
    assert [h.text for h in found.present["fever"]] == ["T 38.6"]
    result = assess(shipped, text, analysis.mentions, readings, analysis.spans)
    assert [f.flag.id for f in result.red_flags] == ["spinal-infection"]
    cool = find(shipped, analysis.mentions, [_Reading("temperature", 37.2, "C", 0, 6, "T 37.2")])
    assert "fever" not in cool.present
    bones = find(shipped, [], [_Reading("t_score", -3.1, "SD", 0, 4, "T-score -3.1")])
    assert "fragile-bones" in bones.present
    old = find(shipped, [], [_Reading("age", 67.0, "years", 0, 3, "67M")])
    assert "age-over-50" in old.present and "age-under-20" not in old.present
    # "at 15" is an age at some event: the age now is at least 15, so not "under 20"
    then = find(shipped, [], [_Reading("age", 15.0, "years", 0, 5, "at 15", lower_bound=True)])
    assert "age-under-20" not in then.present
    late = find(shipped, [], [_Reading("age", 58.0, "years", 0, 5, "at 58", lower_bound=True)])
    assert "age-over-50" in late.present


PROCEDURE_TEXTS = (
    "deep pain in my buttock, worse sitting on hard chairs",
    "knots in my shoulders that hurt when pressed and my neck aches every day",
    "lower back pain for years, worse bending, stiff in the morning",
    "pain on the outside of my hip and in my buttock when I sit",
)


@pytest.mark.parametrize("text", PROCEDURE_TEXTS)
def test_close_conditions_each_have_their_first_procedure_in_the_top_five(
    shipped: KnowledgeBase, text: str
) -> None:
    r = match(shipped, text)
    ids = [s.procedure.id for s in r.procedures][:FILL]
    best = r.conditions[0].points
    leading = [c for c in r.conditions if c.points >= LEAD_SHARE * best][:MAX_LEADING]
    for ranked in leading:
        usual = [t.procedure for t in ranked.condition.procedures]
        if usual and not ranked.condition.referral:
            assert usual[0] in ids, (ranked.condition.id, ids)


@pytest.mark.parametrize("text", PROCEDURE_TEXTS)
def test_few_suggestions_are_filled_from_the_runners_up(shipped: KnowledgeBase, text: str) -> None:
    r = match(shipped, text)
    ids = {s.procedure.id for s in r.procedures}
    if len(ids) < FILL:  # every listed condition's procedures are then already suggested
        for ranked in r.conditions:
            if not ranked.condition.referral:
                assert {t.procedure for t in ranked.condition.procedures} <= ids
