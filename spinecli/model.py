"""The knowledge base as frozen records (dataclasses). No I/O here: `kb.py` builds these from TOML.

The KnowledgeBase's tables are read-only mappings: plain dicts when built from TOML, lazy views
when served from the cache (`kbcache.py`). Lookups that would scan a whole table go through named
indexes (`INDEXES`), built once per KB and kept in the cache, so a 10,000-procedure KB answers
`explain` without reading every condition.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from spinecli.normalize import normalize
from spinecli.record import field, record

RECOVERY_PHASES: tuple[tuple[str, str], ...] = (
    ("before", "Before the procedure"),
    ("day_of", "On the day"),
    ("first_48_hours", "The first 48 hours"),
    ("first_weeks", "The first weeks"),
    ("follow_up", "Follow-up"),
)
WARNING_TIERS: tuple[tuple[str, str], ...] = (
    ("emergency", "Call emergency services now"),
    ("call_clinic", "Call the clinic today"),
    ("mention", "Watch, and mention at follow-up"),
)
CATEGORIES = (
    "injection",
    "nerve-block",
    "ablation",
    "neuromodulation",
    "implant",
    "augmentation",
    "decompression",
    "diagnostic",
    "regenerative",
)
# A procedure's one-line practical facts, in the order pages, JSON and search list them.
PRACTICAL_FIELDS = (
    "imaging",
    "anesthesia",
    "setting",
    "duration",
    "onset",
    "relief_duration",
    "repeat",
)
REGIONS = ("cervical", "thoracic", "lumbar", "sacral", "peripheral")
ROLES = ("diagnostic", "therapeutic", "diagnostic-and-therapeutic", "last-resort")
# What values.py reads from a text, and the unit each is read in.
VALUE_KINDS: dict[str, str] = {
    "age": "years",
    "temperature": "C",
    "crp": "mg/L",
    "esr": "mm/h",
    "wbc": "10^9/L",
    "t_score": "SD",
    "weight_loss": "kg",
    "duration": "days",
    "power_drop": "grades",
}
# ASRA/ESRA bleeding-risk groups for interventional spine and pain procedures (2015, updated 2018),
# and NOT_CLASSIFIED for a procedure the ASRA grouping the KB cites does not name: said as such, so
# "ASRA gives no class" is never confused with "the KB has not looked" (no record at all).
NOT_CLASSIFIED = "not-classified"
BLEEDING_CLASSES = ("low", "intermediate", "high", NOT_CLASSIFIED)


@record
class Source:
    id: str
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    also: tuple[str, ...] = ()
    single_practice: bool = False


@record
class Treatment:
    """One procedure in a condition's usual order, with its role for that condition."""

    procedure: str
    role: str


@record
class DiagnosisCode:
    """An ICD-10-CM code with its official description (the test suite checks both)."""

    code: str
    description: str
    # Codes in the same condition's list that an ICD-10-CM Excludes1 note rules out with this one
    # (never coded together); the test suite derives them from the official set.
    excludes1: tuple[str, ...] = ()


@record
class ProcedureCode:
    """A CPT number with our own short wording (the official descriptors are copyrighted)."""

    code: str
    description: str
    source: str


@record
class Guideline:
    """One guideline position, with the exact scope it applies to."""

    body: str
    ref: str
    position: str
    scope: str
    source: str
    year: int | None = None
    verbatim: bool = False  # position is the guideline's own wording, quoted


@record
class Prerequisite:
    """What must come before a procedure: another procedure (`procedure`) or a plain `step`."""

    source: str
    procedure: str = ""
    step: str = ""
    note: str = ""


@record
class BleedingRisk:
    level: str  # one of BLEEDING_CLASSES (NOT_CLASSIFIED: the ASRA grouping does not name it)
    scope: str  # which variants of the procedure the class applies to
    source: str


@record
class Advice:
    text: str
    source: str


@record
class Procedure:
    id: str
    name: str
    summary: str
    category: str
    regions: tuple[str, ...]
    purpose: str
    steps: tuple[str, ...]
    risks: tuple[str, ...]
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    imaging: str = ""
    anesthesia: str = ""
    setting: str = ""
    duration: str = ""
    onset: str = ""
    relief_duration: str = ""
    repeat: str = ""
    candidacy: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    contraindications: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    reviewed: str = ""
    # what it is and why, for patients (handouts); falls back to summary and purpose.
    plain_summary: str = ""
    # Patient wording for handouts where the shared field carries clinician hedges or jargon
    # (`explain` and `recovery` keep the clinician text): risks, and phases or tiers replaced whole.
    plain_risks: tuple[str, ...] = ()
    plain_recovery: tuple[tuple[str, tuple[str, ...]], ...] = ()
    plain_warning_signs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # phase key -> checklist items, in RECOVERY_PHASES order; absent phases are left out.
    recovery: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # tier key -> warning signs, in WARNING_TIERS order.
    warning_signs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cpt: tuple[ProcedureCode, ...] = ()
    guidelines: tuple[Guideline, ...] = ()
    requires: tuple[Prerequisite, ...] = ()
    bleeding_risk: tuple[BleedingRisk, ...] = ()
    anticoagulation: tuple[Advice, ...] = ()

    def source_ids(self) -> tuple[str, ...]:
        """Every source the entry names, its own list first, then those its records cite."""
        cited = (
            *(c.source for c in self.cpt),
            *(g.source for g in self.guidelines),
            *(r.source for r in self.requires),
            *(b.source for b in self.bleeding_risk),
            *(a.source for a in self.anticoagulation),
        )
        return tuple(dict.fromkeys((*self.sources, *cited)))


@record
class Condition:
    id: str
    name: str
    summary: str
    regions: tuple[str, ...]
    conservative_care: tuple[str, ...]
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    procedures: tuple[Treatment, ...] = ()
    candidacy: tuple[str, ...] = ()
    reviewed: str = ""
    icd10: tuple[DiagnosisCode, ...] = ()
    guidelines: tuple[Guideline, ...] = ()
    # Where care lies instead of procedures (a mimic such as axial spondyloarthritis goes to
    # rheumatology): "" for most conditions; `match` reads it to withhold procedures for such a one.
    referral: str = ""

    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.sources, *(g.source for g in self.guidelines))))


@record
class Symptom:
    id: str
    name: str
    phrases: tuple[str, ...]
    # condition id -> weight (how strongly this symptom points to it)
    conditions: tuple[tuple[str, float], ...]
    sources: tuple[str, ...] = ()
    question: str = ""  # how triage asks about it, in plain words ("" = its name)
    # named as over for good ("in remission", "has healed"), it is history and ranks nothing
    current_only: bool = False
    # tells how long or how stubborn a complaint is ("for six months", "nothing helps"), not
    # what or where it is: alone it is no evidence and ranks nothing
    qualifier: bool = False


@record
class ValueTest:
    """A reading (values.py) that counts as a finding: its kind, and the bounds it must meet."""

    kind: str  # one of VALUE_KINDS
    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None
    below: float | None = None

    def holds(self, amount: float, lower_bound: bool = False) -> bool:
        """Whether `amount` meets the bounds; a lower bound (the true value may be more) can
        only meet a test with no upper bound."""
        if lower_bound and (self.at_most is not None or self.below is not None):
            return False
        return (
            (self.at_least is None or amount >= self.at_least)
            and (self.above is None or amount > self.above)
            and (self.at_most is None or amount <= self.at_most)
            and (self.below is None or amount < self.below)
        )


@record
class Finding:
    """Something a red-flag rule looks for: a symptom, risk factor, history or measured value.

    Recognised on the whole text on its own (findings.py), so no symptom phrase consumes one.
    """

    id: str
    name: str
    phrases: tuple[str, ...] = ()
    values: tuple[ValueTest, ...] = ()
    spinal: bool = False  # also present when the text affirms pain in the back or neck
    cause: bool = False  # names the serious cause itself: known and under care is not urgent
    new_only: bool = False  # a long-standing mention ("since childbirth") does not count
    # an event (a crash): a month or more in its clause dates it ("4/12 pain post MVC")
    event: bool = False
    # a mention of the past ("IVDU 20 years ago", "chemo in 2012") does not count: a risk
    # then is no risk now (new_only findings drop these too)
    current_only: bool = False
    # also present when the text affirms one of these symptoms (neck pain for "cervical or
    # thoracic spinal pain"), with all their lay phrases
    symptoms: tuple[str, ...] = ()
    # Naming it says the cause is already diagnosed (an imaged compression fracture): it never
    # fires a rule, and makes its flag a known diagnosis wherever the text affirms it.
    diagnosed: bool = False
    # A deficit that counts only while progressing: one said to come and go ("some days",
    # "on and off") does not count unless the text says it is worse or recent.
    progressive: bool = False
    # Only the spine's: a mention in a sentence that names a limb joint and no part of the spine
    # ("my shoulder aches at night") does not count (cn110's night pain is the back pain's).
    spinal_site: bool = False
    question: str = ""  # how triage asks about it ("" = not asked on its own)
    sources: tuple[str, ...] = ()


@record
class Rule:
    """One way a red flag is raised: every finding of `all_of` and at least `at_least` of
    `any_of`, and none of `unless` (the KB's `all`, `any`, `at_least` and `unless`)."""

    rule: str  # the guideline rule it encodes, in our words
    source: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    at_least: int = 1
    # findings that say the others mean something else (pain in both legs on walking, eased by
    # sitting, is the claudication of stenosis); never a reason to raise
    unless: tuple[str, ...] = ()

    def needed(self) -> int:
        """How many of `any_of` must be present (0 when the rule has none)."""
        return min(self.at_least, len(self.any_of)) if self.any_of else 0

    def findings(self) -> tuple[str, ...]:
        return (*self.all_of, *self.any_of)


@record
class RedFlag:
    id: str
    name: str
    summary: str
    action: str
    rules: tuple[Rule, ...]
    sources: tuple[str, ...]
    question: str = ""  # how triage asks about it, in plain words ("" = built from its findings)
    # For a known diagnosis under care (a fracture diagnosed weeks ago): the signs that would
    # make it urgent, shown instead of the action.
    urgent_if: str = ""


@record
class KnowledgeBase:
    version: str
    reviewed: str
    candidacy: tuple[str, ...]
    candidacy_sources: tuple[str, ...]
    sources: Mapping[str, Source]
    procedures: Mapping[str, Procedure]
    conditions: Mapping[str, Condition]
    symptoms: Mapping[str, Symptom]
    red_flags: Mapping[str, RedFlag]
    findings: Mapping[str, Finding] = field(default_factory=dict)
    files: tuple[str, ...] = field(default=())
    # General anticoagulant and antiplatelet points that apply to every procedure.
    anticoagulation: tuple[Advice, ...] = ()
    # Built indexes by name (see `index`); not part of the KB's value.
    derived: MutableMapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def index(self, name: str) -> Any:
        """The named index (a key of INDEXES), built on first use; plain data, kept in the cache."""
        try:
            return self.derived[name]
        except KeyError:
            from spinecli.dispatch import resolve

            value = self.derived[name] = resolve(INDEXES[name])(self)
            return value

    def treatments_of(self, procedure_id: str) -> list[tuple[Condition, str]]:
        """The conditions a procedure treats, with its role for each (derived from conditions)."""
        pairs: tuple[tuple[str, str], ...] = self.index("treated_by").get(procedure_id, ())
        return [(self.conditions[cid], role) for cid, role in pairs]

    def symptoms_of(self, condition_id: str) -> list[tuple[Symptom, float]]:
        """The symptoms that point to a condition, strongest first."""
        pairs: tuple[tuple[str, float], ...] = self.index("symptoms_of").get(condition_id, ())
        return [(self.symptoms[sid], w) for sid, w in pairs]

    def pathway(self, procedure_id: str) -> list[Prerequisite]:
        """Everything that comes before a procedure, in order: a prerequisite's own
        prerequisites come before it. Validation rules out cycles; `seen` guards anyway."""
        steps: list[Prerequisite] = []
        seen: set[str] = {procedure_id}

        def walk(pid: str) -> None:
            proc = self.procedures.get(pid)
            for req in proc.requires if proc else ():
                key = req.procedure or req.step
                if key in seen:
                    continue
                seen.add(key)
                if req.procedure:
                    walk(req.procedure)
                steps.append(req)

        walk(procedure_id)
        return steps

    def leads_to(self, procedure_id: str) -> list[tuple[Procedure, Prerequisite]]:
        """The procedures that list this one as a prerequisite."""
        pairs: tuple[tuple[str, int], ...] = self.index("leads_to").get(procedure_id, ())
        return [(self.procedures[pid], self.procedures[pid].requires[i]) for pid, i in pairs]


# Indexes (INDEXES, below): each builder returns plain data (dicts, tuples, str, int, float) that
# `marshal` can store, and the cache keeps it. Change a builder's output shape only with a new
# name.


def _treated_by(kb: KnowledgeBase) -> dict[str, tuple[tuple[str, str], ...]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for c in kb.conditions.values():
        for t in c.procedures:
            found.setdefault(t.procedure, []).append((c.id, t.role))
    return {k: tuple(v) for k, v in found.items()}


def _symptoms_of(kb: KnowledgeBase) -> dict[str, tuple[tuple[str, float], ...]]:
    found: dict[str, list[tuple[str, float, str]]] = {}
    for s in kb.symptoms.values():
        for cid, w in s.conditions:
            found.setdefault(cid, []).append((s.id, w, s.name))
    return {
        k: tuple((sid, w) for sid, w, _ in sorted(v, key=lambda t: (-t[1], t[2])))
        for k, v in found.items()
    }


def name_ids(entries: Mapping[str, Any]) -> dict[str, str]:
    """Normalised id, name and alias -> id (what `resolve` looks names up in)."""
    index: dict[str, str] = {}
    for e in entries.values():
        for n in (e.id, e.name, *e.aliases):
            key = normalize(n)
            if key:
                index[key] = e.id
    return index


def labels(entries: Mapping[str, Any]) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(id, name, aliases) of every entry, in KB order (for shell completion)."""
    return tuple((e.id, e.name, tuple(e.aliases)) for e in entries.values())


def _leads_to(kb: KnowledgeBase) -> dict[str, tuple[tuple[str, int], ...]]:
    """Procedure id -> (id of a procedure that requires it, index in that one's `requires`)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for p in kb.procedures.values():
        for i, r in enumerate(p.requires):
            if r.procedure:
                found.setdefault(r.procedure, []).append((p.id, i))
    return {k: tuple(v) for k, v in found.items()}


def _procedure_names(kb: KnowledgeBase) -> dict[str, str]:
    return name_ids(kb.procedures)


def _condition_names(kb: KnowledgeBase) -> dict[str, str]:
    return name_ids(kb.conditions)


def _procedure_labels(kb: KnowledgeBase) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return labels(kb.procedures)


def _condition_labels(kb: KnowledgeBase) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return labels(kb.conditions)


# Index name -> its builder as "module:function" (spinecli/dispatch.py): the matcher's indexes
# are named here, not added by match.py, and building one imports only its own module.
INDEXES: dict[str, str] = {
    "treated_by": "spinecli.model:_treated_by",
    "leads_to": "spinecli.model:_leads_to",
    "symptoms_of": "spinecli.model:_symptoms_of",
    "names.procedures": "spinecli.model:_procedure_names",
    "names.conditions": "spinecli.model:_condition_names",
    "labels.procedures": "spinecli.model:_procedure_labels",
    "labels.conditions": "spinecli.model:_condition_labels",
    "match.vocabulary": "spinecli.phrases:vocabulary_tables",
    "match.phrases": "spinecli.phrases:phrase_table",
    "match.typos": "spinecli.phrases:typo_table",
    "match.words": "spinecli.phrases:words_table",
    "match.canon": "spinecli.phrases:canon_table",
    "match.gate": "spinecli.phrases:gate_table",
    "match.cues": "spinecli.phrases:cue_table",
    "search.words": "spinecli.search_index:words_table",
    "search.lengths": "spinecli.search_index:lengths_table",
    "search.numbers": "spinecli.search_index:numbers_table",
    "search.entities": "spinecli.search_index:entities_table",
    "search.texts": "spinecli.search_index:texts_table",
}
