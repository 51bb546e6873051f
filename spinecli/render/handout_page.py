"""The patient handout page, in the order a patient needs it.

The emergency signs come first, where the eye lands on page 1 (with the clinic's phones); then
what it is and why, getting ready, the day, the recovery phase by phase, when to call the clinic,
the risks, questions to ask, and a short note on where the information comes from. The numbered
list of sources is an appendix only with `--sources full`; `explain` always has it.

Its own module (pages.py holds the clinician pages), loaded only when a handout is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinecli.normalize import normalize
from spinecli.queries import DISCLAIMER
from spinecli.render.doc import Block, Bullets, Doc, Fields, Image, Section, Text
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
    "emergency": "Get help now. Call emergency services if you have:",
    "call_clinic": "Call the clinic today if you have:",
    "mention": "Watch for these, and tell the clinic at your next visit:",
}
EMERGENCY_TITLE = "Emergency signs"
WHEN_TO_CALL = "When to call"
SEE_EMERGENCY = 'For the signs under "Emergency signs" at the top, call emergency services now.'
RISKS_TITLE = "Risks"
RISKS_INTRO = "Every procedure has some risks. Ask your doctor how these apply to you."
# Said where the evidence or the guidelines differ: the detail is in `explain`, not here.
WHY_YOU = "Your doctor will explain why this is right for you."
QUESTIONS_TITLE = "Questions to ask your care team"
QUESTIONS = (
    "Why is this the right choice for me?",
    "What are my other choices, and what happens if I wait?",
    "Which of my medicines should I keep taking, and which should I stop?",
    "When will we know if it worked?",
    "Who do I call if I have a problem, and at what number?",
)
WHERE_FROM = "Where this information comes from"
# Said on every handout: a clinic's own instructions outrank what the KB's sources say.
YOUR_CLINIC_FIRST = "If your clinic tells you something different, follow your clinic."
# Said on every handout whose "before" items do not already speak of blood thinners.
MEDICINES = (
    "Tell the clinic about all the medicines you take, above all blood thinners. "
    "Do not stop any medicine unless the doctor who prescribed it tells you to."
)


def handout_page(h: Handout) -> Doc:
    p = h.procedure
    phases = dict(h.recovery)
    tiers = dict(h.warning_signs)
    blocks: list[Block] = [*_clinic_blocks(h)]
    if tiers.get("emergency"):
        blocks.append(
            Section(
                EMERGENCY_TITLE,
                (Text(HANDOUT_TIERS["emergency"], "danger"), Bullets(tiers["emergency"])),
                "danger",
            )
        )
    about = (Text(h.summary),) if h.summary else (Text(p.summary), Text(p.purpose))
    blocks.append(Section("What it is and why it is done", (*about, Text(WHY_YOU))))
    before: list[Block] = []
    if phases.get("before"):
        before.append(Bullets(phases["before"], "checkbox"))
    if not any(
        "thinner" in normalize(i) or "anticoag" in normalize(i) for i in phases.get("before", ())
    ):
        before.append(Text(MEDICINES))
    before.append(Text(YOUR_CLINIC_FIRST))
    blocks.append(Section(HANDOUT_PHASES["before"], tuple(before)))
    if phases.get("day_of"):
        blocks.append(Section(HANDOUT_PHASES["day_of"], (Bullets(phases["day_of"], "checkbox"),)))
    after = tuple(
        Section(HANDOUT_PHASES[k], (Bullets(items, "checkbox"),))
        for k, items in h.recovery
        if k not in ("before", "day_of")
    )
    if after:
        blocks.append(Section("Your recovery checklist", after))
    blocks.append(Section(WHEN_TO_CALL, tuple(_call_blocks(h)), "danger"))
    blocks.append(Section(RISKS_TITLE, (Text(RISKS_INTRO), Bullets(h.risks))))
    blocks.append(Section(QUESTIONS_TITLE, (Bullets(QUESTIONS, "checkbox"),)))
    blocks.append(Section(WHERE_FROM, (Text(where_from(h), "muted"), Text(DISCLAIMER, "muted"))))
    if h.full_sources:
        blocks.append(sources_section(h.sources))
    return Doc(p.name, tuple(blocks))


def _clinic_blocks(h: Handout) -> list[Block]:
    """The clinic's logo, name and phones, at the top of page 1."""
    c = h.clinic
    blocks: list[Block] = []
    if c.logo is not None:
        blocks.append(Image(c.logo.mime, c.logo.data, f"{c.name or 'Clinic'} logo"))
    rows = (
        ("Clinic", c.name),
        ("Phone", c.phone),
        ("After hours", c.after_hours_phone),
        ("Address", c.address),
    )
    if any(v for _, v in rows):
        blocks.append(Fields(tuple((k, v) for k, v in rows if v)))
    return blocks


def where_from(h: Handout) -> str:
    """One short paragraph: the main bodies, how many sources, versions, where the list is."""
    p = h.procedure
    n = len(h.sources)
    bodies = list(h.bodies)
    if bodies:
        others = n - len(bodies)
        named = ", ".join(bodies)
        said = f"This handout draws on information from {named}"
        said += f" and {others} other source{'s' if others > 1 else ''}." if others > 0 else "."
    else:
        said = f"This handout draws on {n} sources." if n else ""
    return (
        f"{said} Knowledge base {h.kb_version}, reviewed {h.kb_reviewed}; this entry reviewed "
        f"{p.reviewed or 'not recorded'}. Your clinic can show you the full list of sources with "
        f"the command: spinecli explain {p.id}"
    ).strip()


def _call_blocks(h: Handout) -> list[Block]:
    tiers = dict(h.warning_signs)
    blocks: list[Block] = []
    if tiers.get("emergency"):
        blocks.append(Text(SEE_EMERGENCY, "danger"))
    for tier in ("call_clinic", "mention"):
        items = tiers.get(tier)
        if not items:
            continue
        blocks += [Text(HANDOUT_TIERS[tier], "label"), Bullets(items)]
        if tier == "call_clinic" and (h.clinic.phone or h.clinic.after_hours_phone):
            phones = [f"Clinic phone: {h.clinic.phone}"] if h.clinic.phone else []
            if h.clinic.after_hours_phone:
                phones.append(f"After hours: {h.clinic.after_hours_phone}")
            blocks.append(Text(". ".join(phones) + ".", "label"))
    return blocks
