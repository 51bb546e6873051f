"""Listings at 80 and 120 columns: one line per row, ids whole, long cells cut with an ellipsis
at a word, and plain text (pipes) still whole."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import Invoke
from tests.pty_helpers import on_terminal

SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"

# command, the JSON list that holds its rows, and the fields that open each table row
LISTINGS = [
    (["list"], "procedures", ("id", "name")),
    (["conditions"], "conditions", ("id", "name")),
    (["codes"], "codes", ("system", "code")),
]


def _rows(cli: Invoke, argv: list[str], key: str) -> list[dict[str, object]]:
    r = cli(*argv, "-f", "json")
    assert r.code == 0, r
    rows: list[dict[str, object]] = json.loads(r.out)[key]
    return rows


def _check_listing(
    out: str, rows: list[dict[str, object]], lead: tuple[str, str], width: int
) -> None:
    lines = out.splitlines()
    body = lines[lines.index(next(x for x in lines if x.startswith("─"))) + 1 :]
    assert max(map(cell_len, lines[: len(lines) - len(body) + len(rows)])) <= width
    first, second = lead
    for n, row in enumerate(rows):
        line = body[n]
        # The row's first cell whole at the start of its own line, and the second beside it
        # (whole, or its first words and an ellipsis: never a word broken off).
        assert line.startswith(f"{row[first]} "), (line, row[first])
        rest = line[len(str(row[first])) :].split("  ")
        cell = next(part.strip() for part in rest if part.strip())
        whole = str(row[second])
        if cell.endswith("…"):
            kept = cell[:-1]
            assert whole.startswith(kept) and whole[len(kept)] in " ,;:", (cell, whole)
        else:
            assert cell == whole, (cell, whole)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(("argv", "key", "lead"), LISTINGS, ids=lambda x: str(x))
def test_listing_one_line_per_row(
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    key: str,
    lead: tuple[str, str],
    width: int,
) -> None:
    rows = _rows(cli, argv, key)
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli(*argv, "-f", "table")
    assert r.code == 0, r
    _check_listing(r.out, rows, lead, width)
    # The cut is said once, under the table, with the way to see every cell.
    said = " ".join(r.out.split()).count("-f plain shows every cell")
    assert said == (1 if "…" in r.out else 0)


def test_conditions_at_80_no_longer_runs_a_row_over_many_lines(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    rows = _rows(cli, ["conditions"], "conditions")
    out = cli("conditions", "-f", "table").out
    # title, heading, rule, one line a row, and a note of at most two lines
    assert len(out.splitlines()) <= 3 + len(rows) + 2


def test_plain_keeps_cells_whole(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    rows = _rows(cli, ["conditions"], "conditions")
    out = cli("conditions", "-f", "plain").out
    assert "…" not in out
    assert all(str(row["summary"]) in out for row in rows)


def test_a_narrow_table_still_falls_back_to_records(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 40 columns an id and a name at their narrowest do not fit: one record per row, whole.
    monkeypatch.setenv("COLUMNS", "40")
    rows = _rows(cli, ["list"], "procedures")
    out = cli("list", "-f", "table").out
    fitting = [str(row["id"]) for row in rows if len(str(row["id"])) <= 40]
    assert fitting and all(f"{id_}\n" in out for id_ in fitting) and "…" not in out


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 120])
def test_on_a_terminal(columns: int) -> None:
    code, seen = on_terminal([SCRIPT, "conditions"], rows=200, columns=columns)
    assert code == 0, seen
    lines = [line for line in seen.replace("\x1b[0m", "").splitlines() if "herniated-disc" in line]
    # One line holds the id and its name: the row did not wrap.
    assert len(lines) == 1 and "Herniated disc" in lines[0], seen[:2000]


@pytest.mark.parametrize("width", [80, 120])
def test_source_urls_stay_whole_and_outside_borders(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    urls = [str(s["url"]) for s in json.loads(cli("explain", "esi", "-f", "json").out)["sources"]]
    urls = [url for url in urls if url]
    monkeypatch.setenv("COLUMNS", str(width))
    lines = cli("explain", "esi", "-f", "table").out.splitlines()
    assert any(len(url) > width - 8 for url in urls)  # some cannot fit inside the panel
    for url in urls:
        holding = [line for line in lines if url in line]
        # On one line, and no border drawn after it: a click or a copy takes the URL alone.
        assert len(holding) == 1, url
        assert holding[0].rstrip().endswith(url) or len(url) <= width - 8, holding[0]
