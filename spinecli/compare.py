"""`compare`: procedures side by side. Pure: a KB and names in, a Comparison out.

Names are resolved like everywhere else (id, name or alias, typos forgiven with a note). Which
attributes are compared, and in which order, is fixed here so every format shows the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinecli.errors import UsageError
from spinecli.model import Condition, KnowledgeBase, Procedure
from spinecli.resolve import resolve

# (key, label): the rows of the comparison, in order. Keys are Procedure fields, except
# "conditions" (from the conditions' usual order) and "recovery" (an abridged checklist).
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("category", "Category"),
    ("regions", "Regions"),
    ("purpose", "Purpose"),
    ("conditions", "Conditions"),
    ("imaging", "Imaging"),
    ("anesthesia", "Anesthesia"),
    ("duration", "Takes"),
    ("onset", "Relief starts"),
    ("relief_duration", "Relief lasts"),
    ("repeat", "Repeating it"),
    ("risks", "Main risks"),
    ("recovery", "Recovery"),
)
MIN_PROCEDURES = 2


@dataclass(frozen=True)
class Comparison:
    procedures: tuple[Procedure, ...]
    # For each procedure, in the same order: the conditions it treats, with its role.
    treats: tuple[tuple[tuple[Condition, str], ...], ...]
    note: str = ""


def compare(kb: KnowledgeBase, names: list[str]) -> Comparison:
    if len(names) < MIN_PROCEDURES:
        raise UsageError("compare needs at least two procedures, e.g. spinecli compare esi rfa")
    chosen: list[Procedure] = []
    asked: dict[str, str] = {}
    notes: list[str] = []
    for name in names:
        proc, note = resolve(name, kb.procedures, "procedure")
        if proc.id in asked:
            raise UsageError(
                f"'{asked[proc.id]}' and '{name}' both name {proc.name}; give each procedure once"
            )
        asked[proc.id] = name
        chosen.append(proc)
        if note:
            notes.append(note)
    return Comparison(
        procedures=tuple(chosen),
        treats=tuple(tuple(kb.treatments_of(p.id)) for p in chosen),
        note="; ".join(notes),
    )
