"""The named parts of the `explain` and `treatments` pages: what `--section NAME` picks and
`--brief` shows, with the JSON keys each part covers. One table per page, so the help, every
text format and the JSON agree on the names."""

from __future__ import annotations

from collections.abc import Sequence

from spinecli.model import PRACTICAL_FIELDS
from spinecli.record import record


@record
class Part:
    name: str
    keys: tuple[str, ...]  # the JSON keys it covers (beyond those every view keeps)
    aliases: tuple[str, ...] = ()


# In page order: a page with some parts picked shows them in this order, whatever the order typed.
EXPLAIN: tuple[Part, ...] = (
    Part(
        "summary",
        ("aliases", "category", "regions", "summary", *PRACTICAL_FIELDS, "reviewed", "kb_version"),
        ("facts", "overview"),
    ),
    Part("purpose", ("purpose",)),
    Part("conditions", ("conditions",), ("treats",)),
    Part("pathway", ("pathway", "leads_to"), ("care-pathway",)),
    Part("candidacy", ("candidacy",), ("indications", "criteria", "candidates")),
    Part("steps", ("steps",), ("procedure", "how")),
    Part("benefits", ("benefits",)),
    Part("risks", ("risks",), ("complications",)),
    Part("contraindications", ("contraindications",)),
    Part("bleeding", ("anticoagulation",), ("anticoagulation", "bleeding-risk", "blood-thinners")),
    Part("evidence", ("evidence",)),
    Part("guidelines", ("guidelines",), ("guideline",)),
    Part("codes", ("cpt", "coding_note"), ("cpt",)),
    Part("recovery", ("phases",)),
    Part("warning-signs", ("warning_signs",), ("warnings", "red-flags", "when-to-get-help")),
    Part("sources", ("sources",), ("references",)),
)
EXPLAIN_KEEPS = ("id", "name")
EXPLAIN_BRIEF = ("candidacy", "contraindications", "bleeding", "guidelines", "codes")

TREATMENTS: tuple[Part, ...] = (
    Part("summary", ("reviewed", "referral"), ("overview",)),
    Part("codes", ("icd10", "coding_note"), ("icd10", "icd-10-cm", "diagnosis-codes")),
    Part("symptoms", ("symptoms",)),
    Part("conservative-care", ("conservative_care",), ("conservative",)),
    Part("procedures", ("procedures",), ("pathways", "treatments")),
    Part("candidacy", ("candidacy",), ("indications", "criteria")),
    Part("guidelines", ("guidelines",), ("guideline",)),
    Part("general-candidacy", ("general_candidacy",)),
    Part("sources", ("sources",), ("references",)),
)
TREATMENTS_KEEPS = ("condition",)
TREATMENTS_BRIEF = ("codes", "conservative-care", "procedures", "candidacy", "guidelines")

# page -> its parts, the JSON keys every view of it keeps, and the parts its card shows
PAGES = {
    "explain": (EXPLAIN, EXPLAIN_KEEPS, EXPLAIN_BRIEF),
    "treatments": (TREATMENTS, TREATMENTS_KEEPS, TREATMENTS_BRIEF),
}


def names(parts: Sequence[Part]) -> str:
    """The part names for help text: 'summary, purpose, ...'."""
    return ", ".join(p.name for p in parts)


def choose(typed: Sequence[str], parts: Sequence[Part]) -> tuple[tuple[str, ...], str]:
    """The parts named, in page order, and a note ('' when every name was exact) when a typo
    or a unique start was forgiven. An unknown name is a usage error naming them all."""
    from spinecli.resolve import choice

    lookup = {p.name: p.name for p in parts} | {a: p.name for p in parts for a in p.aliases}
    chosen: set[str] = set()
    notes: list[str] = []
    for raw in typed:
        name, note = choice(raw, lookup, "section")
        chosen.add(name)
        notes += [note] if note else []
    return tuple(p.name for p in parts if p.name in chosen), "; ".join(notes)
