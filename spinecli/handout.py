"""Patient handouts: which procedures, with what they need from the KB. Pure: no I/O.

A handout reads the patient fields (`plain_summary`, `plain_risks`, `plain_recovery`,
`plain_warning_signs`) and falls back to the shared clinician fields where a KB has none, so a
layered KB without patient wording still gets a whole handout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spinecli.clinic import Clinic
from spinecli.errors import UsageError
from spinecli.model import KnowledgeBase, Procedure, Source
from spinecli.resolve import resolve

Phased = tuple[tuple[str, tuple[str, ...]], ...]
SOURCE_MODES = ("brief", "full")
BODIES_NAMED = 4  # "Where this information comes from" names at most this many publishers


@dataclass(frozen=True)
class Handout:
    procedure: Procedure
    sources: tuple[Source, ...]
    kb_version: str
    kb_reviewed: str
    clinic: Clinic
    full_sources: bool = False  # the numbered list as an appendix (--sources full)

    @property
    def summary(self) -> str:
        return self.procedure.plain_summary

    @property
    def risks(self) -> tuple[str, ...]:
        return self.procedure.plain_risks or self.procedure.risks

    @property
    def recovery(self) -> Phased:
        return _patient(self.procedure.recovery, self.procedure.plain_recovery)

    @property
    def warning_signs(self) -> Phased:
        return _patient(self.procedure.warning_signs, self.procedure.plain_warning_signs)

    @property
    def bodies(self) -> tuple[str, ...]:
        """The main bodies behind the handout: guideline bodies, then the publishers of sources
        that are not a single practice's or vendor's page, in the KB's order."""
        names = [g.body for g in self.procedure.guidelines]
        names += [s.publisher for s in self.sources if s.publisher and not s.single_practice]
        return tuple(dict.fromkeys(names))[:BODIES_NAMED]


def _patient(shared: Phased, plain: Phased) -> Phased:
    """The shared phases, each replaced whole by its patient version where there is one."""
    replaced = dict(plain)
    return tuple((k, replaced.get(k, items)) for k, items in shared)


@dataclass(frozen=True)
class HandoutSet:
    """One or more handouts, in the order asked for (`--all`: the KB's order)."""

    handouts: tuple[Handout, ...]
    note: str = ""


def handouts(
    kb: KnowledgeBase,
    names: Sequence[str],
    every: bool = False,
    clinic: Clinic | None = None,
    sources: str = "brief",
) -> HandoutSet:
    if every and names:
        raise UsageError("give procedure names or --all, not both")
    if not every and not names:
        raise UsageError("name at least one procedure, or use --all")
    if sources not in SOURCE_MODES:
        raise UsageError(f"--sources is brief or full, not '{sources}'")
    notes: list[str] = []
    if every:
        chosen = list(kb.procedures.values())
    else:
        chosen = []
        for name in names:
            proc, note = resolve(name, kb.procedures, "procedure")
            if note:
                notes.append(note)
            if proc not in chosen:
                chosen.append(proc)
    return HandoutSet(
        tuple(
            Handout(
                procedure=p,
                sources=tuple(kb.sources[s] for s in dict.fromkeys(p.sources) if s in kb.sources),
                kb_version=kb.version,
                kb_reviewed=kb.reviewed,
                clinic=clinic or Clinic(),
                full_sources=sources == "full",
            )
            for p in chosen
        ),
        "; ".join(notes),
    )
