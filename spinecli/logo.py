"""A clinic's logo for handouts: a PNG or SVG file, read once, checked, embedded as a data URI.

The checks keep a handout printable and safe: a size limit (the image is inlined in every HTML
and PDF file), PNG by its signature and dimensions, SVG as well-formed XML with an <svg> root and
nothing that can run or fetch (scripts, event handlers, external references, entity tricks).
A browser shows an SVG inside <img> without scripts or fetches anyway; the checks say so early,
in one message, instead of printing a handout with a broken picture.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from spinecli.errors import UsageError

MAX_LOGO_BYTES = 256 * 1024
MAX_PNG_SIDE = 4000  # pixels
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# In an SVG: anything that runs, fetches or expands, whatever its case.
SVG_FORBIDDEN = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<script|<foreignObject|\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"']\s*"
    rb"(?!#|data:image/)|url\(\s*[\"']?\s*(?!#)|@import",
    re.IGNORECASE,
)
KINDS = "a PNG or SVG file"


@dataclass(frozen=True)
class Logo:
    mime: str  # "image/png" | "image/svg+xml"
    data: bytes


def read_logo(path: Path, config: str) -> Logo:
    """The logo at path (relative paths: from the config file's folder); UsageError if unfit."""
    from spinecli.files import RefusedFile, read_bytes

    where = f"config {config}: clinic.logo {path}"
    try:
        data = read_bytes(path, MAX_LOGO_BYTES)
    except RefusedFile as exc:
        raise UsageError(f"{where}: {exc}; use {KINDS} of at most {_kb(MAX_LOGO_BYTES)}") from None
    except FileNotFoundError:
        raise UsageError(f"{where}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{where}: cannot read: {exc.strerror or exc}") from None
    return check_logo(data, where)


def check_logo(data: bytes, where: str) -> Logo:
    if len(data) > MAX_LOGO_BYTES:
        raise UsageError(f"{where}: {_kb(len(data))} is too large; at most {_kb(MAX_LOGO_BYTES)}")
    if data.startswith(PNG_SIGNATURE):
        return Logo("image/png", _checked_png(data, where))
    if data.lstrip().startswith((b"<?xml", b"<svg")) or b"<svg" in data[:1024]:
        return Logo("image/svg+xml", _checked_svg(data, where))
    raise UsageError(f"{where}: is not {KINDS}")


def _checked_png(data: bytes, where: str) -> bytes:
    # The first chunk of a PNG is IHDR: length, type, width, height (big-endian).
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise UsageError(f"{where}: is not a readable PNG (no IHDR header)")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_PNG_SIDE and 0 < height <= MAX_PNG_SIDE):
        raise UsageError(
            f"{where}: {width}x{height} pixels; use at most {MAX_PNG_SIDE} pixels a side"
        )
    return data


def _checked_svg(data: bytes, where: str) -> bytes:
    import xml.etree.ElementTree as ET

    found = SVG_FORBIDDEN.search(data)
    if found:
        shown = found.group(0).decode("utf-8", "replace").strip()
        raise UsageError(
            f"{where}: an SVG logo may not contain {shown!r} (scripts, external links, "
            "DOCTYPE or entities); export a plain SVG or a PNG"
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise UsageError(f"{where}: is not well-formed SVG: {exc}") from None
    if root.tag.rpartition("}")[2] != "svg":
        raise UsageError(f"{where}: the root element is <{root.tag}>, not <svg>")
    return data


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB"
