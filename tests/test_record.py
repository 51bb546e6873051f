"""`@record` behaves as `@dataclass(frozen=True)` wherever spinecli (or a caller) can tell."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinecli.model import Condition, KnowledgeBase, Source, Treatment
from spinecli.record import FrozenInstanceError, build, field, fields, record, replace, values_of


@record
class Point:
    x: int
    y: str = "y"
    tags: tuple[str, ...] = ()
    extra: list[int] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class DPoint:
    x: int
    y: str = "y"
    tags: tuple[str, ...] = ()
    extra: list[int] = dataclasses.field(default_factory=list)
    note: str = dataclasses.field(default="", compare=False, repr=False)


values = st.tuples(
    st.integers(), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=3).map(tuple)
)


@given(values, values)
def test_same_equality_hash_and_repr_as_a_dataclass(a: tuple[Any, ...], b: tuple[Any, ...]) -> None:
    ra, rb = Point(*a), Point(*b)
    da, db = DPoint(*a), DPoint(*b)
    assert (ra == rb) == (da == db)
    assert repr(ra).replace("Point", "DPoint", 1) == repr(da)
    # A list field makes both unhashable; with a tuple there, both hash the compared fields.
    x, y, tags = a
    assert hash(Point(x, y, tags, ())) == hash(DPoint(x, y, tags, ()))  # type: ignore[arg-type]
    assert values_of(ra) == dataclasses.astuple(da)


def test_constructor_matches_a_dataclass() -> None:
    assert Point(1) == Point(x=1, y="y", tags=(), extra=[])
    assert Point(1, note="a") == Point(1, note="b")  # compare=False
    assert Point(1).extra is not Point(1).extra  # a fresh default each time
    bad: tuple[Any, ...]
    for bad in ((), (1, "a", (), [], "", "too many")):
        with pytest.raises(TypeError):
            Point(*bad)
    with pytest.raises(TypeError):
        Point(1, x=2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point(1, z=2)  # type: ignore[call-arg]


def test_frozen() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.y


def test_fields_and_replace_work_as_for_a_dataclass() -> None:
    p = Point(1, "a", ("t",), [3], "n")
    d = DPoint(1, "a", ("t",), [3], "n")
    assert fields(p) == fields(Point) == tuple(f.name for f in dataclasses.fields(d))
    assert replace(p, x=5) == Point(5, "a", ("t",), [3], "n")
    assert values_of(replace(p, y="b")) == dataclasses.astuple(dataclasses.replace(d, y="b"))
    with pytest.raises(TypeError):
        replace(p, z=1)
    with pytest.raises(TypeError):
        fields(d)


def test_pickle_copy_and_match() -> None:
    c = Condition(
        "c", "C", "s", ("lumbar",), ("rest",), ("src",), procedures=(Treatment("p", "r"),)
    )
    assert pickle.loads(pickle.dumps(c)) == c
    assert copy.deepcopy(c) == c
    match c:
        case Condition(cid, name):
            assert (cid, name) == ("c", "C")
        case _:
            pytest.fail("no match")


def test_build_skips_init_but_makes_an_equal_instance() -> None:
    s = Source("a", "Title", "Pub", 2020, "u", ("x",), True)
    assert build(Source, values_of(s)) == s
    with pytest.raises(ValueError):
        build(Source, ("too", "short"))


def test_fields_without_defaults_must_come_first() -> None:
    with pytest.raises(TypeError):

        @record
        class Bad:
            a: int = 1
            b: int  # type: ignore[misc]


def test_knowledge_base_derived_data_is_not_part_of_its_value() -> None:
    empty: dict[str, Any] = {}
    kb = KnowledgeBase("1", "2026-01-01", (), (), empty, empty, empty, empty, empty)
    other = KnowledgeBase("1", "2026-01-01", (), (), empty, empty, empty, empty, empty)
    kb.index("treated_by")
    assert kb == other and "treated_by" in kb.derived and "treated_by" not in other.derived
