"""The clinic named on handouts: from a config file, overridden field by field by options.

The config file is TOML with one table:

    [clinic]
    name = "Riverside Spine Clinic"
    phone = "555 0100"
    after_hours_phone = "555 0199"
    address = "1 River Road, Springfield"

It is `--config PATH`, else `$XDG_CONFIG_HOME/spinecli/config.toml` (by default
`~/.config/spinecli/config.toml`) when that file exists. Without either, handouts stay neutral.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from spinecli.errors import UsageError

MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Clinic:
    name: str = ""
    phone: str = ""
    after_hours_phone: str = ""
    address: str = ""

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


CLINIC_KEYS = tuple(f.name for f in fields(Clinic))


def user_config_path() -> Path:
    """$XDG_CONFIG_HOME/spinecli/config.toml, where XDG_CONFIG_HOME defaults to ~/.config."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".config"
    return root / "spinecli" / "config.toml"


def load_clinic(config: Path | None = None, **overrides: str | None) -> Clinic:
    """The clinic from the config file (explicit, else the user's if present) and options.

    An explicit --config that cannot be read is an error; so is a user config file that exists
    but is broken (silently printing handouts without the clinic's phone would be worse).
    """
    path = config if config is not None else user_config_path()
    clinic = Clinic()
    if config is not None or path.is_file():
        clinic = parse_clinic(_read(path), str(path))
    given = {k: v.strip() for k, v in overrides.items() if v is not None}
    unknown = set(given) - set(CLINIC_KEYS)
    if unknown:
        raise TypeError(f"unknown clinic fields {sorted(unknown)}")
    return replace(clinic, **given)


def _read(path: Path) -> str:
    from spinecli.files import RefusedFile, read_bytes

    try:
        return read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8")
    except RefusedFile as exc:
        raise UsageError(f"config {path}: {exc}") from None
    except FileNotFoundError:
        raise UsageError(f"config {path}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"config {path}: is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UsageError(f"config {path}: cannot read: {exc.strerror or exc}") from None


def parse_clinic(text: str, name: str = "config") -> Clinic:
    """The [clinic] table of a config file; every problem is a UsageError naming the file."""
    import tomli

    from spinecli.schema import suggest

    try:
        data: dict[str, Any] = tomli.loads(text.removeprefix("\ufeff"))
    except tomli.TOMLDecodeError as exc:
        raise UsageError(f"config {name}: invalid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(f"config {name}: is nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer past Python's 4,300-digit conversion limit
        reason = str(exc).split("; use sys.")[0]
        raise UsageError(f"config {name}: holds a value that cannot be read: {reason}") from None
    for key in data:
        if key != "clinic":
            raise UsageError(f"config {name}: unknown table '{key}'{suggest(key, ['clinic'])}")
    table = data.get("clinic", {})
    if not isinstance(table, dict):
        raise UsageError(f"config {name}: 'clinic' should be a table: [clinic]")
    for key, value in table.items():
        if key not in CLINIC_KEYS:
            raise UsageError(
                f"config {name}: clinic.{key}: unknown key{suggest(key, CLINIC_KEYS)}; "
                f"known keys: {', '.join(CLINIC_KEYS)}"
            )
        if not isinstance(value, str):
            raise UsageError(f"config {name}: clinic.{key}: should be a string")
    return Clinic(**{k: v.strip() for k, v in table.items()})
