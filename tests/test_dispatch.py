"""The dispatch tables: every result class a command returns has a page and a JSON view, and
every "module:function" in a table names a real function (a typo fails here, not in a run)."""

from __future__ import annotations

import importlib

import pytest

from spinecli.dispatch import resolve
from spinecli.model import INDEXES
from spinecli.render.views import JSON_VIEWS, PAGES, view, view_key


@pytest.mark.parametrize("key", sorted({*PAGES, *JSON_VIEWS}))
def test_every_key_names_a_result_class(key: str) -> None:
    module, _, name = key.rpartition(".")
    kind = getattr(importlib.import_module(module), name)
    assert isinstance(kind, type) and view_key(kind) == key


@pytest.mark.parametrize("spec", sorted({*PAGES.values(), *JSON_VIEWS.values(), *INDEXES.values()}))
def test_every_entry_resolves_to_a_function(spec: str) -> None:
    assert callable(resolve(spec))


def test_every_page_has_a_json_view() -> None:
    # HandoutSet is JSON only: its pages are its handouts' (render_many).
    assert set(PAGES) <= set(JSON_VIEWS)
    assert set(JSON_VIEWS) - set(PAGES) == {"spinecli.handout.HandoutSet"}


def test_an_unknown_result_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match=r"no view for builtins\.object"):
        view(PAGES, object())
