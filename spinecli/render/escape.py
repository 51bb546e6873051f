"""Makes KB text safe for each target: KB text is data, never markup or terminal control."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """The pattern compiled on first use: a run needs only its own format's, and compiling a
    class of characters beyond Latin-1 takes a few tenths of a millisecond each."""
    return cache(lambda: re.compile(pattern))


# Invisible format characters (Unicode category Cf, to Unicode 15.1, with the whole tag block):
# zero-width spaces and joiners, bidirectional marks, embeddings, overrides and isolates (which
# can make text read differently from what it is), the soft hyphen, the byte-order mark and tag
# characters (which can smuggle hidden text). `re` has no \p{Cf}; tests/test_terminal_text.py
# checks this list against the running Python's unicodedata.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
# C0/C1 control characters (ESC starts ANSI/OSC sequences) except tab and newline, plus the
# invisible format characters.
_CONTROL = _lazy(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_FORMAT}]")
# Lone surrogates: how Python carries bytes that are not UTF-8 in argv, environment and file
# names; a strict UTF-8 stdout cannot encode them.
_SURROGATE = _lazy(r"[\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw but a terminal may obey (DEL, C1 controls:
# U+009B is a CSI on its own), hides (format characters) or stdout cannot encode (surrogates).
_JSON_RAW = _lazy(f"[\\x7f-\\x9f{_FORMAT}\\ud800-\\udfff]")
_NON_ASCII = _lazy(r"[^\x00-\x7f]")
# A URL an OSC 8 hyperlink may carry: http(s), then printable ASCII but space. No ESC, BEL or
# other control character, which could end the sequence early and start another.
_LINKABLE = _lazy(r"https?://[!-~]+")
_OSC8 = _lazy(r"\x1b\]8;;[!-~]*\x1b\\")
# `@` always: e-mail autolinks (GFM, linkify) need it, with or without a word before it.
_MD_INLINE = _lazy(r"([\\`*_\[\]<>|~&!@])")
_MD_LEADING = _lazy(r"^(\d+(?=[.)])|(?=[#>+=-]))(.)")
# Autolinkers (GFM's extended autolinks, linkify's fuzzy links) need `//` ("https://x",
# "//localhost") or a dot before a word ("www.x", "example.com", and "a+.com": linkify's domains
# take more than word characters): an escape there splits the text they scan, and renders the same.
_MD_LINKISH = _lazy(r"(/(?=/)|\.(?=\w))")


def clean(text: str) -> str:
    """Text with control and invisible format characters removed, safe to write to a terminal;
    a byte that was not UTF-8 (a lone surrogate) shows as U+FFFD. The one cleaner of terminal
    text: renderers (table, plain, Markdown, HTML), messages on stderr and TAB completion."""
    return _SURROGATE().sub("\ufffd", _CONTROL().sub("", text))


def link_url(url: str) -> str | None:
    """The URL if an OSC 8 hyperlink may carry it as it is, else None (it is shown as plain
    text): clean() must leave it whole, and it must be http(s) in printable ASCII."""
    if len(url) > 2048 or clean(url) != url or not _LINKABLE().fullmatch(url):
        return None
    return url


def hyperlink(url: str, text: str) -> str:
    """text as an OSC 8 hyperlink to url, which must be a link_url."""
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"


def unlink(text: str) -> str:
    """text with the OSC 8 hyperlinks hyperlink() made taken out, their text kept."""
    return _OSC8().sub("", text)


def json_safe(dumped: str) -> str:
    """JSON text with every character a terminal could obey written as a \\uXXXX escape.

    Such characters only occur inside strings in JSON text, where the escape means the same
    character: the document parses to the same value.
    """
    return _JSON_RAW().sub(_json_escape, dumped)


def json_ascii(dumped: str) -> str:
    """JSON text with every character beyond ASCII written as a \\uXXXX escape: the same value,
    for an output encoding that cannot hold the characters themselves."""
    return _NON_ASCII().sub(_json_escape, dumped)


def _json_escape(match: re.Match[str]) -> str:
    """One character as JSON escapes: a pair of UTF-16 surrogates beyond U+FFFF."""
    code = ord(match[0])
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def markdown(text: str) -> str:
    """Markdown-escaped inline text: cannot become a link, HTML, emphasis or a heading."""
    escaped = _MD_INLINE().sub(r"\\\1", one_line(text))
    escaped = _MD_LINKISH().sub(r"\\\1", escaped)
    return _MD_LEADING().sub(r"\1\\\2", escaped)
