"""Where the KB layers are: the shipped file, then SPINECLI_KB, then --kb.

Kept apart from `kb.py` (which imports the TOML parser and the schema) so that a run served from
the cache (`kbcache.py`) finds its layers without importing either.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

ENV_VAR = "SPINECLI_KB"


def shipped_kb_path() -> Path:
    """The KB inside the installed wheel, or at the repository root in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "procedures.toml"
    return installed if installed.is_file() else here.parent / "data" / "procedures.toml"


def layer_paths(cli_layers: Sequence[str] = (), env: str | None = None) -> list[Path]:
    """The shipped KB, then SPINECLI_KB's paths, then --kb paths, in the order they apply."""
    env_value = os.environ.get(ENV_VAR, "") if env is None else env
    from_env = [p for p in env_value.split(os.pathsep) if p]
    return [shipped_kb_path(), *map(Path, from_env), *map(Path, cli_layers)]
