"""Shell completion of procedure and condition names: ids, names and aliases for a prefix.

Completion runs on every TAB, in a fresh process, so it reads only what it needs: the names of the
KB (shipped, then SPINECLI_KB and --kb layers) from one index of the parsed-KB cache
(`labels.procedures`, `labels.conditions`). When the KB cannot be loaded (a broken layer), the
names are read from the files as they are, without validation, and a file that cannot be read is
skipped: completion must never print an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

KINDS = {"procedure": "procedures", "condition": "conditions"}
# Characters a shell would read as syntax, not as part of a word.
_SPECIAL = re.compile(r"[^\w.+,:/@%=-]")


def names(kind: str, layers: Sequence[str] = ()) -> list[str]:
    """Ids, then names, then aliases of one kind of entry, in KB order, layers applied; or the
    categories (kind "category")."""
    if kind == "category":
        from spinecli.model import CATEGORIES

        return list(CATEGORIES)
    from spinecli.paths import layer_paths

    # TAB must answer at once: a layer that is not a regular file (a pipe, which a command may
    # wait on) is left out. The layers, SPINECLI_KB's included, are passed on as --kb layers.
    layers = [str(p) for p in layer_paths(layers)[1:] if os.path.isfile(p)]
    try:
        from spinecli.kbcache import load_kb  # the labels index: no entry unpickled

        entries = load_kb(layers, env="").index(f"labels.{KINDS[kind]}")
    except Exception:
        return _names_in_files(kind, layers)
    return [
        *(eid for eid, _, _ in entries),
        *(name for _, name, _ in entries),
        *(alias for _, _, aliases in entries for alias in aliases),
    ]


def _names_in_files(kind: str, layers: Sequence[str]) -> list[str]:
    """Ids, names and aliases as the files have them, layered, for a KB that does not load."""
    import tomli

    from spinecli.files import MAX_KB_BYTES, read_bytes
    from spinecli.paths import layer_paths

    table = KINDS[kind]
    merged: dict[str, dict[str, Any]] = {}
    for path in layer_paths(layers, env=""):
        try:
            # read_bytes, like every KB read: a FIFO layer must not hang the shell's TAB.
            data = tomli.loads(read_bytes(Path(path), MAX_KB_BYTES).decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # ValueError: TOML errors, huge integers
            continue
        entries = data.get(table)
        if not isinstance(entries, dict):
            continue
        for entry_id, entry in entries.items():
            if isinstance(entry, dict):
                merged.setdefault(entry_id, {}).update(entry)
    found = list(merged)
    for field in ("name", "aliases"):
        for entry in merged.values():
            value = entry.get(field)
            values = value if isinstance(value, list) else [value]
            found += [v for v in values if isinstance(v, str)]
    return found


def candidates(
    kind: str, prefix: str, layers: Sequence[str] = (), escape: bool = False
) -> list[str]:
    """What completes prefix, case-insensitively, each once.

    Shells only offer words that start with what is on the line, so a completion keeps the case
    the user typed: "kyph" completes to "kyphoplasty", "r" to "rfa" (resolution ignores case).
    escape=True backslash-escapes spaces and other special characters, for bash, which inserts a
    completion as it is ("slip" completes to "slipped\\ disc").
    """
    wanted = prefix.casefold()
    seen: set[str] = set()
    out: list[str] = []
    from spinecli.render.escape import one_line

    # The shell lists candidates on the terminal: KB text must not drive it there either; and
    # it reads one candidate a line, so a line break inside a name (a layer not validated
    # here) must not make two.
    for name in map(one_line, names(kind, layers)):
        if not name or name[: len(prefix)].casefold() != wanted:
            continue
        if not name.startswith(prefix):
            name = name.lower() if prefix == prefix.lower() else prefix + name[len(prefix) :]
        if escape:
            name = _SPECIAL.sub(r"\\\g<0>", name)
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out
