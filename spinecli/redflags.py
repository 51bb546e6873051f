"""Stage 4 of `match`: findings -> red flags, by the KB's rules.

A rule fires when every finding of its `all_of` and at least `needed()` of its `any_of` are
present and none of its `unless`; a flag is raised when any of its rules fires, and says which
rules fired and on which words. A flag whose serious cause the text names as known and under
care (a `cause` finding in Found.known), and whose rules no new sign meets, is a known
diagnosis instead: not urgent, shown with the signs that would make it so (RedFlag.urgent_if).
A triage "yes" to a flag's own question raises it outright.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spinecli.findings import Found, Hit
from spinecli.model import KnowledgeBase, RedFlag, Rule
from spinecli.record import record, replace


@record
class FiredRule:
    rule: Rule
    hits: tuple[Hit, ...]  # the findings that met it, with the words that showed them


@record
class RaisedFlag:
    flag: RedFlag
    matched: tuple[str, ...]  # the words (or answers) that raised it, widest wording once
    fired: tuple[FiredRule, ...] = ()


@record
class KnownFlag:
    """A red flag's serious cause, named as known and under care: not an emergency."""

    flag: RedFlag
    hits: tuple[Hit, ...]


def rule_met(rule: Rule, present: Collection[str]) -> bool:
    """Whether the rule fires with these findings present."""
    return (
        all(f in present for f in rule.all_of)
        and sum(f in present for f in rule.any_of) >= rule.needed()
        and not any(f in present for f in rule.unless)
    )


def fires(rule: Rule, found: Found) -> tuple[Hit, ...] | None:
    """The hits that meet the rule, or None when it does not fire."""
    present = found.present
    if any(f not in present for f in rule.all_of) or any(f in present for f in rule.unless):
        return None
    some = [f for f in rule.any_of if f in present]
    if len(some) < rule.needed():
        return None
    return tuple(h for f in (*rule.all_of, *some) for h in present[f])


def _widest(texts: Iterable[str]) -> tuple[str, ...]:
    """ "fell", "fell down", "fell down the stairs": the widest wording once."""
    kept = list(dict.fromkeys(texts))
    return tuple(t for t in kept if not any(t != o and t in o for o in kept))


def _shown(kb: KnowledgeBase, hits: tuple[Hit, ...]) -> tuple[str, ...]:
    """What `matched` lists: the hits that are not just the back or neck pain, if any."""
    own = [h.text for h in hits if not kb.findings[h.finding].spinal]
    return _widest(own or [h.text for h in hits])


def _new_sign(kb: KnowledgeBase, found: Found, hits: tuple[Hit, ...]) -> bool:
    """Whether the hits join the known diagnosis to a sign the text affirms beside it, other
    than the back or neck pain (a known aneurysm and fainting), as a rule of its own says."""
    return any(h.finding in found.known for h in hits) and any(
        h.finding in found.present and not kb.findings[h.finding].spinal for h in hits
    )


def raise_flags(
    kb: KnowledgeBase, found: Found, answered: Iterable[str] = ()
) -> tuple[tuple[RaisedFlag, ...], tuple[KnownFlag, ...]]:
    """The flags raised (urgent) and the known diagnoses, both in KB order."""
    yes = set(answered)
    with_known = replace(found, present={**found.known, **found.present})
    raised: list[RaisedFlag] = []
    known: list[KnownFlag] = []
    for fid in kb.red_flags:
        flag = kb.red_flags[fid]
        causes = [h for r in flag.rules for f in r.findings() for h in found.known.get(f, ())]
        if fid in yes:
            raised.append(RaisedFlag(flag, ("answered yes",)))
            continue
        fired = []
        for rule in flag.rules:
            hits = fires(rule, with_known if causes else found)
            if hits is not None and (not causes or _new_sign(kb, found, hits)):
                fired.append(FiredRule(rule, hits))
        # A known diagnosis stays known unless a rule joins it to a new sign (a known aneurysm
        # with fainting), not on the diagnosis and the back pain alone.
        if causes and not fired:
            known.append(KnownFlag(flag, tuple(dict.fromkeys(causes))))
            continue
        if fired:
            hits = tuple(h for f in fired for h in f.hits)
            raised.append(RaisedFlag(flag, _shown(kb, hits), tuple(fired)))
    return tuple(raised), tuple(known)
