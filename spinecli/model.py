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
    "diagnostic",
    "regenerative",
)
REGIONS = ("cervical", "thoracic", "lumbar", "sacral", "peripheral")
ROLES = ("diagnostic", "therapeutic", "diagnostic-and-therapeutic", "last-resort")


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
