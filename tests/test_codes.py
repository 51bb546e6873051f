"""Codes: every ICD-10-CM code in the KB is official, billable and described as the CDC does;
`spinecli codes` lists and filters them; `--check` needs its extra and never slows start-up."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecli.codecheck import official_lookup
from spinecli.codes import ICD10, CodeRow, Lookup, all_rows, bare, check_codes, list_codes
from spinecli.kb import load_kb
from spinecli.queries import CODING_NOTE
from spinecli.render.pages import compact_codes
from tests.conftest import Invoke, write
from tests.test_coverage_conditions import NO_SOURCED_ICD10

SHIPPED = load_kb([], env="")
ICD_ROWS = [r for r in all_rows(SHIPPED) if r.system == ICD10]
ALL_CODES = sorted({r.code for r in all_rows(SHIPPED)})


@pytest.fixture(scope="session")
def official() -> tuple[Lookup, str]:
    """The official code set; importing it takes seconds, so once per test session."""
    return official_lookup()


@pytest.fixture(scope="session")
def cm() -> Any:
    official_lookup()  # imports it with the package's own deprecation warning silenced
    import simple_icd_10_cm

    return simple_icd_10_cm


@pytest.mark.parametrize("row", ICD_ROWS, ids=lambda r: f"{r.entry_id}:{r.code}")
def test_icd10_code_is_official_billable_and_described_officially(cm: Any, row: CodeRow) -> None:
    # Straight against the package, not through our own checker, so a bug there cannot hide one.
    assert cm.is_valid_item(row.code), f"{row.code} is not an ICD-10-CM code"
    assert cm.is_leaf(row.code), f"{row.code} is not billable: it has more specific codes"
    assert row.description == cm.get_description(row.code)


def test_every_condition_has_codes() -> None:
    """Except those no source gives a code for: they have none, rather than one from memory."""
    for cond in SHIPPED.conditions.values():
        if cond.id in NO_SOURCED_ICD10:
            assert not cond.icd10, f"{cond.id}: a code the notes do not give"
        else:
            assert cond.icd10, f"{cond.id} has no ICD-10-CM code"


def test_checker_finds_each_kind_of_problem(official: tuple[Lookup, str]) -> None:
    lookup, label = official

    def row(code: str, description: str) -> CodeRow:
        return CodeRow(ICD10, code, description, "condition", "x", "X", "")

    rows = [
        row("M54.51", "Vertebrogenic low back pain"),
        row("M54.5", "Low back pain"),  # a category with codes below it: not billable
        row("M54.99", "Made up"),  # not a code
        row("M54.2", "Neck pain"),  # real code, wrong description
        CodeRow("CPT", "62323", "ours", "procedure", "y", "Y", "cn7"),
    ]
    check = check_codes(rows, lookup, label)
    problems = {p.code: p.problem for p in check.problems}
    assert set(problems) == {"M54.5", "M54.99", "M54.2"}
    assert "not billable" in problems["M54.5"]
    assert "not in the ICD-10-CM code set" in problems["M54.99"]
    assert "'Cervicalgia'" in problems["M54.2"]
    assert (check.checked, check.not_checked, check.ok) == (4, 1, False)
    assert label.startswith("simple-icd-10-cm ")


def test_codes_check_passes_on_the_shipped_kb(cli: Invoke) -> None:
    r = cli("codes", "--check", "-f", "json")
    assert r.code == 0, r
    check = json.loads(r.out)["check"]
    assert check["ok"] and check["checked"] == len(ICD_ROWS) and check["problems"] == []


def test_codes_check_exits_3_on_a_wrong_description(cli: Invoke, tmp_path: Path) -> None:
    layer = write(
        tmp_path,
        '[conditions.sciatica]\nicd10 = [{ code = "M54.31", description = "Right sciatica" }]\n',
    )
    r = cli("--kb", str(layer), "codes", "sciatica", "--check", "-f", "plain")
    assert r.code == 3, r
    assert "official description is 'Sciatica, right side'" in r.out
    assert "1 code problem(s) found" in r.err


def test_codes_check_without_the_extra_names_it(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "simple_icd_10_cm", None)  # makes the import fail
    r = cli("codes", "--check")
    assert r.code == 2 and r.out == "", r
    assert "pip install 'spinecli[codes]'" in r.err and "Traceback" not in r.err


@pytest.mark.slow
def test_start_up_never_imports_the_code_set() -> None:
    script = textwrap.dedent(
        """
        import contextlib, io, sys
        from spinecli.cli import app
        for args in (["codes"], ["explain", "esi"], ["treatments", "sciatica"], ["validate"]):
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    app(args, standalone_mode=False)
                except SystemExit:
                    pass
        print("simple_icd_10_cm" in sys.modules)
        """
    )
    r = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert r.stdout.strip() == "False", r.stderr


def ids_of(result: dict[str, Any]) -> set[str]:
    return {c["entry"]["id"] for c in result["codes"]}


def run_json(cli: Invoke, *args: str) -> dict[str, Any]:
    r = cli("codes", *args, "-f", "json")
    assert r.code == 0, r
    data: dict[str, Any] = json.loads(r.out)
    return data


def test_filter_by_code_start_dots_optional(cli: Invoke) -> None:
    found = run_json(cli, "m5116")
    assert found["matched_by"] == "code"
    assert {c["code"] for c in found["codes"]} == {"M51.16"}
    assert {"herniated-disc", "sciatica"} <= ids_of(found)


def test_filter_by_procedure_alias(cli: Invoke) -> None:
    found = run_json(cli, "ESI")
    assert found["matched_by"] == "procedure"
    assert ids_of(found) == {"epidural-steroid-injection"}
    assert {c["system"] for c in found["codes"]} == {"CPT"}
    assert all(c["source"] for c in found["codes"])
    assert {s["id"] for s in found["sources"]} == {c["source"] for c in found["codes"]}


def test_filter_by_condition(cli: Invoke) -> None:
    found = run_json(cli, "complex regional pain syndrome")
    assert found["matched_by"] == "condition"
    assert {"G90.521", "G56.41"} <= {c["code"] for c in found["codes"]}


def test_filter_by_description_words(cli: Invoke) -> None:
    found = run_json(cli, "right knee")
    assert found["matched_by"] == "description"
    assert [c["code"] for c in found["codes"]] == ["M17.11"]


def test_filter_by_system(cli: Invoke) -> None:
    found = run_json(cli, "--system", "icd-10-cm")
    assert {c["system"] for c in found["codes"]} == {"ICD-10-CM"}
    assert len(found["codes"]) == len(ICD_ROWS)


def test_typo_in_a_name_is_forgiven_with_a_note(cli: Invoke) -> None:
    r = cli("codes", "kyphoplsty", "-f", "json")
    assert r.code == 0 and "taken as Kyphoplasty" in r.err
    assert ids_of(json.loads(r.out)) == {"kyphoplasty"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["Z99.99"], 1, "no code in the KB matches"),
        (["flibbertigibbet"], 1, "is not a code"),
        (["--system", "snomed"], 2, "unknown code system"),
    ],
)
def test_bad_queries(cli: Invoke, args: list[str], code: int, message: str) -> None:
    r = cli("codes", *args)
    assert r.code == code and message in r.err and r.out == "", r


@pytest.mark.parametrize("fmt", ["table", "plain", "md", "json"])
def test_codes_in_every_format_carry_the_coding_note(cli: Invoke, fmt: str) -> None:
    r = cli("codes", "esi", "-f", fmt)
    assert r.code == 0, r
    text = json.loads(r.out)["coding_note"] if fmt == "json" else " ".join(r.out.split())
    assert CODING_NOTE in text.replace("\\", "")


@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(ALL_CODES), cut=st.integers(min_value=2, max_value=8))
def test_any_start_of_a_code_finds_it_and_nothing_else(code: str, cut: int) -> None:
    start = bare(code)[:cut]
    found = list_codes(SHIPPED, start)
    assert code in {r.code for r in found.rows}
    assert all(bare(r.code).startswith(start) for r in found.rows)


def _expand(text: str) -> list[str]:
    out: list[str] = []
    for part in text.split(", "):
        first, _, last = part.partition("-")
        digits = first.rstrip("FTU")
        suffix = first[len(digits) :]
        end = int(last.rstrip("FTU")) if last else int(digits)
        out += [str(n).zfill(len(digits)) + suffix for n in range(int(digits), end + 1)]
    return out


@given(
    st.lists(
        st.builds(
            lambda n, s: str(n).zfill(5 if not s else 4) + s,
            st.integers(0, 300),
            st.sampled_from(["", "T"]),
        ),
        unique=True,
    )
)
def test_compact_codes_loses_nothing(codes: list[str]) -> None:
    compact = compact_codes(codes)
    assert (_expand(compact) if codes else compact) == (codes or "")


def test_compact_codes_example() -> None:
    assert compact_codes(["64490", "64491", "64492", "0213T", "0214T", "20552"]) == (
        "64490-64492, 0213T-0214T, 20552"
    )
