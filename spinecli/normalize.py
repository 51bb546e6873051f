"""Text folding, the one place for it: matching, search, name resolution and validation all fold
text here, so a word typed one way meets the KB's word typed another."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-_/]+")
_STRIP = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Case-folded, accent-free, with typographic apostrophes made plain."""
    if text.isascii():
        return text.lower()  # the same as casefold for ASCII, and faster
    # Decompose before case-folding: compatibility forms (modifier letters, symbol variants)
    # become plain letters that casefold then lowers.
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold().replace("\u2019", "'")


def normalize(text: str) -> str:
    """Folded, punctuation-free words separated by single spaces (a name's lookup key)."""
    text = _SEPARATORS.sub(" ", fold(text))
    return " ".join(_STRIP.sub("", text).split())
