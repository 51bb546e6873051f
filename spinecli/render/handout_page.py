"""The patient handout page: plain words, checklists by phase, when to call, sources, disclaimer.

Its own module (pages.py holds the clinician pages), loaded only when a handout is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinecli.normalize import normalize
from spinecli.queries import DISCLAIMER
from spinecli.render.doc import Block, Bullets, Doc, Fields, Section, Text
from spinecli.render.pages import sources_section

if TYPE_CHECKING:
    from spinecli.handout import Handout

HANDOUT_PHASES = {
    "before": "How to get ready",
    "day_of": "On the day",
    "first_48_hours": "The first 48 hours",
    "first_weeks": "The first weeks",
    "follow_up": "Follow-up visits",
}
HANDOUT_TIERS = {
    "emergency": "Call emergency services now if you have:",
    "call_clinic": "Call the clinic today if you have:",
    "mention": "Watch for these, and tell the clinic at your next visit:",
}
# Said on every handout whose "before" items do not already speak of blood thinners.
MEDICINES = (
    "Tell the clinic about all the medicines you take, above all blood thinners. "
    "Do not stop any medicine unless the doctor who prescribed it tells you to."
)


def handout_page(h: Handout) -> Doc:
    """A patient handout: plain words, checklists by phase, when to call, sources, disclaimer."""
    p = h.procedure
    phases = dict(p.recovery)
    blocks: list[Block] = []
    if h.clinic:
        c = h.clinic
        rows = (
            ("Clinic", c.name),
            ("Phone", c.phone),
            ("After hours", c.after_hours_phone),
            ("Address", c.address),
        )
        blocks.append(Fields(tuple((k, v) for k, v in rows if v)))
    about = (Text(p.plain_summary),) if p.plain_summary else (Text(p.summary), Text(p.purpose))
    blocks.append(Section("What it is and why it is done", about))
    before: list[Block] = []
    if phases.get("before"):
        before.append(Bullets(phases["before"], "checkbox"))
    if not any(
        "thinner" in normalize(i) or "anticoag" in normalize(i) for i in phases.get("before", ())
    ):
        before.append(Text(MEDICINES))
    blocks.append(Section(HANDOUT_PHASES["before"], tuple(before)))
    if phases.get("day_of"):
        blocks.append(Section(HANDOUT_PHASES["day_of"], (Bullets(phases["day_of"], "checkbox"),)))
    after = tuple(
        Section(HANDOUT_PHASES[k], (Bullets(items, "checkbox"),))
        for k, items in p.recovery
        if k not in ("before", "day_of")
    )
    if after:
        blocks.append(Section("Your recovery checklist", after))
    blocks.append(Section("When to get help", tuple(_tier_blocks(h)), "danger"))
    blocks += [
        sources_section(h.sources),
        Text(
            f"Knowledge base {h.kb_version}, reviewed {h.kb_reviewed}; "
            f"this entry reviewed {p.reviewed or 'not recorded'}.",
            "muted",
        ),
        Text(DISCLAIMER, "muted"),
    ]
    return Doc(p.name, tuple(blocks))


def _tier_blocks(h: Handout) -> list[Block]:
    blocks: list[Block] = []
    for tier, items in h.procedure.warning_signs:
        inner: list[Block] = [Bullets(items)]
        if tier == "call_clinic" and (h.clinic.phone or h.clinic.after_hours_phone):
            phones = [f"Clinic phone: {h.clinic.phone}"] if h.clinic.phone else []
            if h.clinic.after_hours_phone:
                phones.append(f"After hours: {h.clinic.after_hours_phone}")
            inner.append(Text(". ".join(phones) + ".", "label"))
        blocks.append(
            Section(HANDOUT_TIERS[tier], tuple(inner), "danger" if tier == "emergency" else "")
        )
    return blocks
