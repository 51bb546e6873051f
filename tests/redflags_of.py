"""What `match` makes of a text: the red flags it raises and the conditions it ranks, the helpers
the wording tests share."""

from __future__ import annotations

from spinecli.errors import NotFoundError
from spinecli.match import match
from spinecli.model import KnowledgeBase


def flags_raised(kb: KnowledgeBase, text: str) -> set[str]:
    """Ids of the red flags raised; none when nothing in the text matched at all."""
    try:
        result = match(kb, text)
    except NotFoundError:
        return set()
    return {f.flag.id for f in result.red_flags}


def top(kb: KnowledgeBase, text: str, n: int = 3) -> list[str]:
    """Ids of the first n conditions ranked; none when nothing in the text matched at all."""
    try:
        return [c.condition.id for c in match(kb, text).conditions][:n]
    except NotFoundError:
        return []
