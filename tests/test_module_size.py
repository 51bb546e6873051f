"""No code module over 500 lines (issue 17): a module that grows past it holds two jobs."""

from __future__ import annotations

from pathlib import Path

import spinecli

MAX_LINES = 500


def test_no_module_under_spinecli_is_over_500_lines() -> None:
    root = Path(spinecli.__file__).parent
    sizes = {
        str(path.relative_to(root)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(root.rglob("*.py"))
    }
    assert len(sizes) > 20, sizes  # the package was found, not an empty folder
    over = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not over, f"split these by job (at most {MAX_LINES} lines each): {over}"
