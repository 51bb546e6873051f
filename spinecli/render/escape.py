"""Makes KB text safe for each target: KB text is data, never markup or terminal control."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """The pattern compiled on first use: a run needs only its own format's, and compiling a
    class of characters beyond Latin-1 takes a few tenths of a millisecond each."""
    return cache(lambda: re.compile(pattern))


# C0/C1 control characters (ESC starts ANSI/OSC sequences) except tab and newline, plus
# bidirectional overrides that can disguise text.
_CONTROL = _lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Lone surrogates: how Python carries bytes that are not UTF-8 in argv, environment and file
# names; a strict UTF-8 stdout cannot encode them.
_SURROGATE = _lazy(r"[\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw but a terminal may obey (DEL, C1 controls:
# U+009B is a CSI on its own; bidirectional overrides) or stdout cannot encode (surrogates).
_JSON_RAW = _lazy(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# `@` always: e-mail autolinks (GFM, linkify) need it, with or without a word before it.
_MD_INLINE = _lazy(r"([\\`*_\[\]<>|~&!@])")
_MD_LEADING = _lazy(r"^(\d+(?=[.)])|(?=[#>+=-]))(.)")
# Autolinkers (GFM's extended autolinks, linkify's fuzzy links) need `//` ("https://x",
# "//localhost") or a dot inside a word ("www.x", "example.com"): an escape there splits the text
# they scan, and renders the same.
_MD_LINKISH = _lazy(r"(/(?=/)|(?<=\w)\.(?=\w))")


def clean(text: str) -> str:
    """Text with control characters removed, safe to write to a terminal; a byte that was not
    UTF-8 (a lone surrogate) shows as U+FFFD."""
    return _SURROGATE().sub("\ufffd", _CONTROL().sub("", text))


def json_safe(dumped: str) -> str:
    """JSON text with every character a terminal could obey written as a \\uXXXX escape.

    Such characters only occur inside strings in JSON text, where the escape means the same
    character: the document parses to the same value.
    """
    return _JSON_RAW().sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def markdown(text: str) -> str:
    """Markdown-escaped inline text: cannot become a link, HTML, emphasis or a heading."""
    escaped = _MD_INLINE().sub(r"\\\1", one_line(text))
    escaped = _MD_LINKISH().sub(r"\\\1", escaped)
    return _MD_LEADING().sub(r"\1\\\2", escaped)
