"""Hostile text and the means to run spinecli against it, for tests/test_hardening.py.

A hostile KB is tests/data/mini.toml with every free-text field wrapped in markup, escape
sequences and link bait; ids, enum values and references stay as they are, so the KB is still
valid and every command has something to show.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import signal
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli
import tomli_w

from spinecli.__main__ import run
from spinecli.schema import ONE_LINE_KEYS, SCHEMA, Field
from tests.conftest import MINI

# Each one tries to become something other than text somewhere: Rich markup, a terminal
# escape (CSI, OSC title and hyperlink, 8-bit CSI, bidi override, NUL, backspace, CR, DEL), an
# invisible character (zero-width, bidi mark and isolate, tag characters, soft hyphen, BOM),
# HTML, a Markdown link, image, autolink, heading, list, quote, table cell or reference.
PAYLOADS = (
    "[red]RED[/red]",
    "[link=https://evil.example]click[/link]",
    "[bold",
    "\x1b[31mANSI\x1b[0m",
    "\x1b]8;;https://evil.example\x1b\\osc8\x1b]8;;\x1b\\",
    "\x1b]0;title\x07",
    "\x9b31mC1",
    "\u202egnp.exe",
    "zero\u200bwidth\u200djoin \u200emark\u2067isolate\u2069",
    "tag\U000e0041\U000e007f soft\u00adhy\ufeff",
    "nul\x00bs\x08cr\r del\x7f",
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "[md](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "https://evil.example/auto",
    "www.evil.example",
    "evil.example",
    "user@evil.example",
    "<https://evil.example>",
    "&lt;b&gt;",
    "`code`",
    "*em* _u_ **strong** ~~del~~",
    "# heading",
    "1. item",
    "- item",
    "> quote",
    "| pipe |",
    "[ref]: https://evil.example",
    ":smile:",
)
HOSTILE = " ".join(PAYLOADS)
# What names and aliases hold instead (validation refuses control and format characters there).
HOSTILE_ONE_LINE = "".join(c for c in HOSTILE if unicodedata.category(c) not in ("Cc", "Cf"))
LITERALS = ("[red]RED[/red]", "[link=https://evil.example]click[/link]")

# What must never reach a terminal from KB text or user input: every control character but
# tab and newline, and every invisible format character (category Cf: zero-width characters,
# bidirectional marks and overrides, tag characters).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes we emit ourselves on a terminal
# The OSC 8 hyperlinks we emit ourselves on a colour terminal: a source URL (http(s), printable
# ASCII but space: no ESC, BEL or other control) linked to its own text, and nothing else.
LINK = re.compile(r"\x1b\]8;;(https?://[!-~]+)\x1b\\\1\x1b\]8;;\x1b\\")


def inert(text: str, *, colour: bool = False) -> list[str]:
    """The characters in text a terminal could obey (after our own colour codes and hyperlinks
    when colour)."""
    shown = LINK.sub(r"\1", SGR.sub("", text)) if colour else text
    invisible = sorted(c for c in set(shown) if not c.isascii() and unicodedata.category(c) == "Cf")
    return CONTROL.findall(shown) + invisible


def _free_text(field: Field) -> bool:
    return (
        field.kind in ("str", "strs") and not field.choices and not field.refs and not field.pattern
    )


# Record fields mini.toml leaves out (codes, guidelines, advice), so their text is hostile too.
_SOURCED = {"source": "src-a"}
_GUIDELINE = {"body": "Body", "ref": "T1", "position": "For", "scope": "Tests", **_SOURCED}
RECORDS: dict[tuple[str, ...], dict[str, list[dict[str, Any]]]] = {
    ("kb",): {"anticoagulation": [{"text": "Ask about blood thinners.", **_SOURCED}]},
    ("procedures", "alpha-block"): {
        "cpt": [{"code": "64493", "description": "Facet injection", **_SOURCED}],
        "guidelines": [_GUIDELINE],
        "requires": [{"step": "Imaging first", "note": "A note", **_SOURCED}],
        "bleeding_risk": [{"class": "low", "scope": "All levels", **_SOURCED}],
        "anticoagulation": [{"text": "Keep taking aspirin.", **_SOURCED}],
    },
    ("conditions", "gamma-pain"): {
        "icd10": [{"code": "M51.16", "description": "Disc disorder"}],
        "guidelines": [_GUIDELINE],
    },
}


def hostile_data() -> dict[str, Any]:
    """mini.toml with every free-text field (except match phrases) made hostile."""
    data = tomli.loads(MINI.read_text(encoding="utf-8"))
    for path, fields in copy.deepcopy(RECORDS).items():  # a copy: walk() rewrites in place
        target = data
        for key in path:
            target = target[key]
        target.update(fields)
    counter = iter(range(10_000))

    def wrap(text: str) -> str:
        return f"{PAYLOADS[next(counter) % len(PAYLOADS)]} {text} {HOSTILE}"

    def wrap_one_line(text: str) -> str:
        # Validation refuses control and format characters in names and aliases (they are
        # one line, and TAB completion lists them a line each): markup and link bait only.
        shown = f"{PAYLOADS[next(counter) % len(PAYLOADS)]} {text} "
        visible = "".join(c for c in shown if unicodedata.category(c) not in ("Cc", "Cf"))
        return visible + HOSTILE_ONE_LINE

    def walk(value: Any, spec: dict[str, Field] | Any) -> Any:
        for key, item in value.items():
            field = spec.get(key)
            if field is None or key in ("phrases", "context_phrases"):
                continue
            if field.kind == "table":
                walk(item, field.sub)
            elif field.kind == "records":
                for record in item:
                    walk(record, field.sub)
            elif _free_text(field):
                how = wrap_one_line if key in ONE_LINE_KEYS else wrap
                value[key] = [how(x) for x in item] if isinstance(item, list) else how(item)
        return value

    walk(data["kb"], SCHEMA["kb"])
    for top, body in data.items():
        if top != "kb":
            for entity in body.values():
                walk(entity, SCHEMA[top])
    return data


def write_toml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def __repr__(self) -> str:
        return f"Run(code={self.code}, out={self.out[:300]!r}, err={self.err[:600]!r})"


def run_main(*argv: str) -> Run:
    """Runs what the console script runs, in this process, as `spinecli ARGV...` in a pipe would.

    Unlike CliRunner this goes through `run()`, where interrupts, closed pipes and Click's
    usage errors are handled; an exception that escapes it fails the test.
    """
    # Encoded like a real pipe's: stdout strict UTF-8 (what Python uses outside the C locale),
    # stderr with backslashreplace; an unencodable character fails the test as it would crash.
    out = _Strict(io.BytesIO(), encoding="utf-8", errors="strict", newline="")
    empty_stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    err = _Strict(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="")
    with (
        pytest.MonkeyPatch.context() as mp,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        mp.setattr(sys, "argv", ["spinecli", *argv])
        mp.setattr(sys, "stdin", empty_stdin)  # `match -` reads it
        # cli.main ignores SIGINT once interrupted; restored, or every process this test run
        # starts afterwards would inherit the ignored Ctrl-C.
        handler = signal.getsignal(signal.SIGINT)
        try:
            run()
        except SystemExit as exc:
            code = exc.code
        else:
            raise AssertionError("run() returned without sys.exit")
        finally:
            signal.signal(signal.SIGINT, handler)
    assert isinstance(code, int), code
    return Run(code, _text(out), _text(err))


class _Strict(io.TextIOWrapper):
    """Keeps its error handler: cli.main sets errors="replace" on the real streams (for an
    encoding that cannot hold the text), which would hide here a character that should never
    reach stdout at all."""

    def reconfigure(self, **changes: Any) -> None:
        changes.pop("errors", None)
        super().reconfigure(**changes)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8")


@contextlib.contextmanager
def shipped_kb(path: Path) -> Iterator[None]:
    """Makes path the KB every command loads as the shipped one (usable inside hypothesis)."""
    import spinecli.paths

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(spinecli.paths, "shipped_kb_path", lambda: path)
        mp.delenv("SPINECLI_KB", raising=False)
        yield
