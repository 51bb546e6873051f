"""Reading a PDF back with poppler-utils: page count, each page's text, words with their boxes."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

NEEDED = {"chromium": "chromium", "pdftotext": "poppler-utils", "pdfinfo": "poppler-utils"}
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
FOOTER = re.compile(r"Page \d+ of \d+")
HYPHEN = re.compile(r"-\s*")


def missing_tools() -> list[str]:
    return sorted({pkg for prog, pkg in NEEDED.items() if shutil.which(prog) is None})


def _run(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = _run("pdfinfo", str(path))
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def page_count(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def pages_text(path: Path, layout: bool = True) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    out = _run("pdftotext", *(["-layout"] if layout else []), str(path), "-")
    return out.split("\f")[: page_count(path)]


def flat(text: str) -> str:
    """Whitespace folded, so text wrapped over lines (or columns) compares as one line, and
    hyphens dropped: pdftotext joins a word broken after its hyphen without it."""
    return HYPHEN.sub("", " ".join(text.split()))


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]

    def body(self) -> tuple[Word, ...]:
        """The words without the "Page N of M" footer."""
        lowest = max((w.y0 for w in self.words), default=0.0)
        footer_words = flat(" ".join(w.text for w in self.words if w.y0 == lowest))
        if FOOTER.fullmatch(footer_words):
            return tuple(w for w in self.words if w.y0 != lowest)
        return self.words


def pages_words(path: Path) -> list[Page]:
    out = _run("pdftotext", "-bbox", str(path), "-")
    return [
        Page(
            float(width),
            float(height),
            tuple(
                Word(float(a), float(b), float(c), float(d), html.unescape(t))
                for a, b, c, d, t in WORD.findall(inner)
            ),
        )
        for width, height, inner in PAGE.findall(out)
    ]
