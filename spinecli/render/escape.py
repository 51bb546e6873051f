"""Makes KB text safe for each target: KB text is data, never markup or terminal control."""

from __future__ import annotations

import re

# C0/C1 control characters (ESC starts ANSI/OSC sequences) except tab and newline, plus
# bidirectional overrides that can disguise text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
_MD_LEADING = re.compile(r"^(\d+(?=[.)])|(?=[#>+=-]))(.)")
_MD_AUTOLINK = re.compile(r"(?i)(\w)(://|@)|(www)\.")


def clean(text: str) -> str:
    """Text with control characters removed, safe to write to a terminal."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def markdown(text: str) -> str:
    """Markdown-escaped inline text: cannot become a link, HTML, emphasis or a heading."""
    escaped = _MD_INLINE.sub(r"\\\1", one_line(text))
    # GFM turns bare URLs, addresses and www. into links: break the pattern with an escape.
    escaped = _MD_AUTOLINK.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else "www\\.", escaped)
    return _MD_LEADING.sub(r"\1\\\2", escaped)
