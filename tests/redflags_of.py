"""The red flags `match` raises for a text: the one helper the red-flag wording tests share."""

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
