"""search: one ranked list, typos and lay names forgiven, where each hit matched, bounded work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecli.errors import NotFoundError, UsageError
from spinecli.model import KnowledgeBase
from spinecli.normalize import fold
from spinecli.search import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SNIPPET_CHARS,
    search,
    snippet,
)
from spinecli.typos import distance as edit_distance
from tests.conftest import Invoke


def top(kb: KnowledgeBase, query: str) -> str:
    return search(kb, query).hits[0].id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kyphoplsty", "kyphoplasty"),  # a typo
        ("vertebroplsty", "vertebroplasty"),
        ("pain pump", "intrathecal-pump"),  # a lay name
        ("slipped disc", "herniated-disc"),
        ("rfa", "radiofrequency-ablation"),  # an abbreviation
        ("radiofrequncy ablation", "radiofrequency-ablation"),
        ("cauda equina", "cauda-equina-syndrome"),  # a red flag
    ],
)
def test_shipped_kb_examples(shipped: KnowledgeBase, query: str, expected: str) -> None:
    assert top(shipped, query) == expected


def test_typo_ranks_the_meant_name_above_its_neighbour(study_kb: KnowledgeBase) -> None:
    assert top(study_kb, "thetaplsty") == "thetaplasty"
    assert top(study_kb, "iotaplsty") == "iotaplasty"


def test_lay_name_found_through_an_alias(study_kb: KnowledgeBase) -> None:
    hit = search(study_kb, "ache pump").hits[0]
    assert hit.id == "zeta-pump" and hit.kind == "procedure"
    assert hit.matches[0].field == "aliases" and hit.matches[0].snippet == "ache pump"


def test_name_outranks_a_mention_in_text(study_kb: KnowledgeBase) -> None:
    ids = [h.id for h in search(study_kb, "cement").hits]
    # Both use cement; only thetaplasty has it in a name ("theta cement").
    assert ids == ["thetaplasty", "iotaplasty"]


def test_plural_finds_singular(study_kb: KnowledgeBase) -> None:
    hit = search(study_kb, "pumps").hits[0]
    assert hit.id == "zeta-pump" and hit.matches[0].snippet == "Zeta pump"


def test_symptom_hit_says_where_it_points(study_kb: KnowledgeBase) -> None:
    hit = search(study_kb, "stiff back").hits[0]
    assert (hit.kind, hit.id) == ("symptom", "stiff-back")
    assert [cid for cid, _ in hit.points_to] == ["alpha-arthritis", "kappa-disc"]


def test_red_flag_hit_carries_its_action(study_kb: KnowledgeBase) -> None:
    hit = search(study_kb, "omega sign").hits[0]
    assert hit.kind == "red_flag" and hit.action == "Go to the emergency department now."


@pytest.mark.parametrize("query", ["cement", "fever", "gamma", "leg pain", "fictional minutes"])
def test_every_match_names_a_field_and_shows_the_word(study_kb: KnowledgeBase, query: str) -> None:
    result = search(study_kb, query)
    assert result.hits
    for hit in result.hits:
        assert hit.matches
        for m in hit.matches:
            assert m.field and m.snippet
            words = set(fold(m.snippet).replace("…", " ").split())
            assert any(w.strip(".,;:()").startswith(t[:4]) for w in words for t in result.terms)


def test_ranked_best_first_and_limited(study_kb: KnowledgeBase) -> None:
    result = search(study_kb, "fever", limit=2)
    assert len(result.hits) == 2 and result.total > 2
    scores = [h.score for h in search(study_kb, "fever", limit=50).hits]
    assert scores == sorted(scores, reverse=True)


def test_nothing_found_suggests_names(study_kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError, match="Did you mean: Iotaplasty"):
        search(study_kb, "iotaplazzzy")
    with pytest.raises(NotFoundError, match="nothing in the knowledge base matches"):
        search(study_kb, "qwertyuiop")


def test_query_without_words_is_a_usage_error(study_kb: KnowledgeBase) -> None:
    with pytest.raises(UsageError):
        search(study_kb, "?! ...")


def test_huge_query_is_cut_before_any_work(study_kb: KnowledgeBase) -> None:
    words = " ".join(f"word{i}" for i in range(200_000))  # over 1 MB
    assert len(words) > 1_000_000
    result = search(study_kb, "gamma injection " + words)
    assert len(result.query) <= MAX_QUERY_CHARS and len(result.terms) <= MAX_TERMS
    assert "cut" in result.note
    assert result.hits[0].id == "gamma-injection"


def test_huge_single_word_is_bounded(study_kb: KnowledgeBase) -> None:
    with pytest.raises(NotFoundError) as info:
        search(study_kb, "x" * 1_000_000)
    assert len(str(info.value)) < 200


@given(query=st.text(max_size=80))
@settings(max_examples=60, deadline=None)
def test_never_crashes(study_kb: KnowledgeBase, query: str) -> None:
    try:
        result = search(study_kb, query)
    except (NotFoundError, UsageError):
        return
    assert result.hits and all(
        h.kind in ("procedure", "condition", "symptom", "red_flag") for h in result.hits
    )


def test_every_name_finds_its_entry_first(study_kb: KnowledgeBase) -> None:
    for table in (study_kb.procedures, study_kb.conditions):
        for entry in table.values():
            assert top(study_kb, entry.name) == entry.id, entry.name


@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_one_dropped_letter_is_forgiven(shipped: KnowledgeBase, data: st.DataObject) -> None:
    proc = data.draw(st.sampled_from(sorted(shipped.procedures.values(), key=lambda p: p.id)))
    word = max(proc.name.split(), key=len)
    if len(word) < 6:
        return
    cut = data.draw(st.integers(1, len(word) - 2))
    typo = proc.name.replace(word, word[:cut] + word[cut + 1 :])
    ids = [h.id for h in search(shipped, typo).hits[:3]]
    assert proc.id in ids, (typo, ids)


def _reference_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, written plainly."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@given(a=st.text("abcde", max_size=9), b=st.text("abcde", max_size=9), limit=st.integers(0, 3))
def test_edit_distance_matches_reference(a: str, b: str, limit: int) -> None:
    true = _reference_distance(a, b)
    assert edit_distance(a, b, limit) == (true if true <= limit else limit + 1)


def test_snippet_windows_long_text_around_the_match() -> None:
    text = (
        "Filler words come first. " * 10 + "The needle reaches the kappa disc here." + " More." * 20
    )
    cut = snippet(text, {"kappa"})
    assert "kappa" in cut and cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= SNIPPET_CHARS + 2
    assert snippet("Short text.", {"short"}) == "Short text."


def test_cli_table_and_json(cli: Invoke, study: object) -> None:
    r = cli("search", "ache", "pump", "-f", "plain")
    assert r.code == 0 and "Zeta pump" in r.out and "also called: ache pump" in r.out
    data = json.loads(cli("search", "thetaplsty", "-f", "json").out)
    assert data["hits"][0]["id"] == "thetaplasty" and data["hits"][0]["rank"] == 1
    assert data["terms"] == ["thetaplsty"]


def test_cli_limit_says_how_many_more(cli: Invoke, study: object) -> None:
    out = cli("search", "fever", "--limit", "1", "-f", "plain").out
    assert "1 of " in out and "--limit" in out


def test_cli_exit_codes(cli: Invoke, study: object) -> None:
    assert cli("search", "qwertyuiop").code == 1
    assert cli("search", "?!").code == 2
    assert cli("search").code == 2
    r = cli("search", "gamma " + "y" * 1_000_000, "-f", "json")
    assert r.code == 0 and "query cut" in r.err


def test_a_warm_search_reads_its_index_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spinecli import kbcache, search_index

    monkeypatch.setenv("SPINECLI_CACHE_DIR", str(tmp_path))
    first = search(kbcache.load_kb(), "sciatica injection")

    def no_scan(kb: KnowledgeBase) -> dict[str, object]:
        raise AssertionError("the search index was built again")

    monkeypatch.setattr(search_index, "_build", no_scan)
    assert search(kbcache.load_kb(), "sciatica injection") == first


def test_the_units_scored_are_bounded(
    shipped: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spinecli.search

    everything = search(shipped, "pain", limit=1000)
    monkeypatch.setattr(spinecli.search, "MAX_CANDIDATES", 50)
    bounded = search(shipped, "pain", limit=1000)
    assert bounded.total < everything.total
    assert sum(len(h.matches) for h in bounded.hits) <= 50
