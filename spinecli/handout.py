"""Patient handouts: which procedures, with what they need from the KB. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spinecli.clinic import Clinic
from spinecli.errors import UsageError
from spinecli.model import KnowledgeBase, Procedure, Source
from spinecli.resolve import resolve


@dataclass(frozen=True)
class Handout:
    procedure: Procedure
    sources: tuple[Source, ...]
    kb_version: str
    kb_reviewed: str
    clinic: Clinic


@dataclass(frozen=True)
class HandoutSet:
    """One or more handouts, in the order asked for (`--all`: the KB's order)."""

    handouts: tuple[Handout, ...]
    note: str = ""


def handouts(
    kb: KnowledgeBase, names: Sequence[str], every: bool = False, clinic: Clinic | None = None
) -> HandoutSet:
    if every and names:
        raise UsageError("give procedure names or --all, not both")
    if not every and not names:
        raise UsageError("name at least one procedure, or use --all")
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
            )
            for p in chosen
        ),
        "; ".join(notes),
    )
