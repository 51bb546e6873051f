"""Issue 18, defect 6: invisible characters (zero-width, bidi marks and controls, tag
characters: Unicode category Cf) never reach the terminal from a KB layer or a query; JSON keeps
them exactly, escaped; names and aliases holding control characters are refused, and TAB
completion never offers a line break."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from spinecli.complete import candidates
from spinecli.render.escape import clean, json_ascii, json_safe
from tests.conftest import Invoke, write

INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u2060\ufeff\u00ad"
TAGS = "\U000e0001\U000e0041\U000e0042\U000e007f"


def test_every_format_character_is_removed() -> None:
    # Checks the hand-written list in escape.py against this Python's Unicode database.
    every = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(every) > 150
    assert [f"U+{ord(c):04X}" for c in every if clean(c)] == []


def test_nothing_visible_is_removed() -> None:
    removed = {
        unicodedata.category(chr(c))
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF and not clean(chr(c))
    }
    assert removed <= {"Cc", "Cf", "Cn"}  # Cn: unassigned tag-block and format code points
    assert clean("a\tb\nc déjà 日本 🙂") == "a\tb\nc déjà 日本 🙂"


@given(st.text())
def test_json_escapes_keep_the_text_exactly(text: str) -> None:
    dumped = json.dumps({"t": text}, ensure_ascii=False)
    for escaped in (json_safe(dumped), json_ascii(dumped)):
        assert json.loads(escaped) == {"t": text}
        assert not [c for c in escaped if unicodedata.category(c) in ("Cf", "Cs")]
    assert json_ascii(dumped).isascii()


def test_tag_characters_in_json_are_surrogate_pairs() -> None:
    # Before: "\ue0041" (a wrong character followed by "1") for U+E0041.
    escaped = json_safe(json.dumps("x\U000e0041y", ensure_ascii=False))
    assert escaped == '"x\\udb40\\udc41y"' and json.loads(escaped) == "x\U000e0041y"


def test_invisible_characters_in_a_layer_are_stripped_but_kept_in_json(
    cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    summary = f"Hidden{INVISIBLE}text{TAGS} here"
    value = json.dumps(summary, ensure_ascii=False)  # TOML has no surrogate-pair escapes
    layer = write(tmp_path, f"[procedures.alpha-block]\nsummary = {value}\n")
    for fmt in ("table", "plain", "md"):
        r = cli("--kb", str(layer), "explain", "alpha-block", "-f", fmt)
        assert r.code == 0, r
        assert "Hiddentext here" in r.out.replace("\\", ""), (fmt, r.out)
        assert not [c for c in r.out if unicodedata.category(c) == "Cf"], fmt
    r = cli("--kb", str(layer), "explain", "alpha-block", "-f", "json")
    assert json.loads(r.out)["summary"] == summary
    assert "\\u200b" in r.out and "\\udb40\\udc41" in r.out


def test_invisible_characters_in_a_query_are_stripped_from_the_message(cli: Invoke) -> None:
    r = cli("explain", f"no{INVISIBLE}such{TAGS}thing")
    assert r.code == 1 and "'nosuchthing'" in r.err, r
    assert not [c for c in r.err if unicodedata.category(c) == "Cf"]


def test_names_and_aliases_with_control_characters_are_refused(
    cli: Invoke, mini: Path, tmp_path: Path
) -> None:
    text = (
        "[procedures.alpha-block]\n"
        'aliases = ["fine", "evil\\nline"]\n'
        "[procedures.beta-ablation]\n"
        'name = "Beta\\u200bablation"\n'
        "[conditions.gamma-pain]\n"
        'aliases = { append = ["tab\\there"] }\n'
    )
    layer = write(tmp_path, text)
    r = cli("validate", str(layer))
    assert r.code == 3, r
    assert f"{layer}:2: procedures.alpha-block.aliases: item 2 holds a control" in r.err
    assert "(U+000A)" in r.err
    assert f"{layer}:4: procedures.beta-ablation.name: holds a control" in r.err
    assert "(U+200B)" in r.err
    assert "conditions.gamma-pain.aliases.append: item 1 holds" in r.err and "(U+0009)" in r.err


def test_completion_never_offers_a_line_break(mini: Path, tmp_path: Path) -> None:
    # Completion reads layers without validating them (it must be fast): each candidate is
    # made one line of visible text, so a newline cannot add a line to the shell's list.
    aliases = '["alpha\\nrm -rf", "alpha\\u200bzw", "\\n"]'
    layer = write(tmp_path, f"[procedures.alpha-block]\naliases = {aliases}\n")
    found = candidates("procedure", "", [str(layer)])
    assert "alpha rm -rf" in found and "alphazw" in found, found
    assert not [c for c in found if not c or "\n" in c or "\u200b" in c]
    bash = candidates("procedure", "alpha", [str(layer)], escape=True)
    assert "alpha\\ rm\\ -rf" in bash and not [c for c in bash if "\n" in c]
