"""The knowledge base as frozen dataclasses. No I/O here: `kb.py` builds these from TOML."""

from __future__ import annotations

from dataclasses import dataclass, field

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
REGIONS = ("cervical", "thoracic", "lumbar", "sacral", "peripheral")
ROLES = ("diagnostic", "therapeutic", "diagnostic-and-therapeutic", "last-resort")
# ASRA/ESRA bleeding-risk groups for interventional spine and pain procedures (2015, updated 2018).
BLEEDING_CLASSES = ("low", "intermediate", "high")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    also: tuple[str, ...] = ()
    single_practice: bool = False


@dataclass(frozen=True)
class Treatment:
    """One procedure in a condition's usual order, with its role for that condition."""

    procedure: str
    role: str


@dataclass(frozen=True)
class DiagnosisCode:
    """An ICD-10-CM code with its official description (the test suite checks both)."""

    code: str
    description: str


@dataclass(frozen=True)
class ProcedureCode:
    """A CPT number with our own short wording (the official descriptors are copyrighted)."""

    code: str
    description: str
    source: str


@dataclass(frozen=True)
class Guideline:
    """One guideline position, with the exact scope it applies to."""

    body: str
    ref: str
    position: str
    scope: str
    source: str
    year: int | None = None
    verbatim: bool = False  # position is the guideline's own wording, quoted


@dataclass(frozen=True)
class Prerequisite:
    """What must come before a procedure: another procedure (`procedure`) or a plain `step`."""

    source: str
    procedure: str = ""
    step: str = ""
    note: str = ""


@dataclass(frozen=True)
class BleedingRisk:
    level: str  # one of BLEEDING_CLASSES
    scope: str  # which variants of the procedure the class applies to
    source: str


@dataclass(frozen=True)
class Advice:
    text: str
    source: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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

    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.sources, *(g.source for g in self.guidelines))))


@dataclass(frozen=True)
class Symptom:
    id: str
    name: str
    phrases: tuple[str, ...]
    # condition id -> weight (how strongly this symptom points to it)
    conditions: tuple[tuple[str, float], ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlag:
    id: str
    name: str
    summary: str
    action: str
    phrases: tuple[str, ...]
    sources: tuple[str, ...]
    context_phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    version: str
    reviewed: str
    candidacy: tuple[str, ...]
    candidacy_sources: tuple[str, ...]
    sources: dict[str, Source]
    procedures: dict[str, Procedure]
    conditions: dict[str, Condition]
    symptoms: dict[str, Symptom]
    red_flags: dict[str, RedFlag]
    files: tuple[str, ...] = field(default=())
    # General anticoagulant and antiplatelet points that apply to every procedure.
    anticoagulation: tuple[Advice, ...] = ()

    def treatments_of(self, procedure_id: str) -> list[tuple[Condition, str]]:
        """The conditions a procedure treats, with its role for each (derived from conditions)."""
        return [
            (c, t.role)
            for c in self.conditions.values()
            for t in c.procedures
            if t.procedure == procedure_id
        ]

    def symptoms_of(self, condition_id: str) -> list[tuple[Symptom, float]]:
        """The symptoms that point to a condition, strongest first."""
        found = [
            (s, w) for s in self.symptoms.values() for cid, w in s.conditions if cid == condition_id
        ]
        return sorted(found, key=lambda sw: (-sw[1], sw[0].name))

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
        return [
            (p, r)
            for p in self.procedures.values()
            for r in p.requires
            if r.procedure == procedure_id
        ]
