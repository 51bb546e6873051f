"""The one helper of spinecli's dispatch tables: a "module:function" string made the function.

Renderers, JSON views and KB indexes are found through plain tables of such strings
(`render/views.py`, `model.INDEXES`). A table imports nothing it names, so finding the view for
one result loads only that view's module, and no module adds itself to another's table: the
import graph stays one-way (tests/test_imports.py).
"""

from __future__ import annotations

import importlib
from typing import Any


def resolve(spec: str) -> Any:
    """The object `spec` ("package.module:name") names, importing its module now."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)
