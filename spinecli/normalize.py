"""Text normalisation shared by name resolution, validation and matching."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-_/]+")
_STRIP = re.compile(r"[^\w\s]")


def normalize(text: str) -> str:
    """Case-folded, accent-free, punctuation-free words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SEPARATORS.sub(" ", text.casefold())
    return " ".join(_STRIP.sub("", text).split())
