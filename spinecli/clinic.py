"""The clinic named on handouts: from a config file, overridden field by field by options.

The config file is TOML with one table:

    [clinic]
    name = "Riverside Spine Clinic"
    phone = "555 0100"
    after_hours_phone = "555 0199"
    address = "1 River Road, Springfield"
    logo = "logo.png"   # optional: PNG or SVG, at most 256 KB (logo.py); relative to this file

It is `--config PATH`, else `$XDG_CONFIG_HOME/spinecli/config.toml` (by default
`~/.config/spinecli/config.toml`) when that file exists. Without either, handouts stay neutral;
so they do when there is no home directory to look in (no HOME, no passwd entry). A folder on
the way that cannot be searched is a config error (exit 2), as an unreadable file is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinecli.errors import UsageError, path_shown

if TYPE_CHECKING:
    from spinecli.logo import Logo

MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Clinic:
    name: str = ""
    phone: str = ""
    after_hours_phone: str = ""
    address: str = ""
    logo: Logo | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


CLINIC_KEYS = tuple(f.name for f in fields(Clinic))
TEXT_KEYS = tuple(k for k in CLINIC_KEYS if k != "logo")  # what options can override


def user_config_path() -> Path | None:
    """$XDG_CONFIG_HOME/spinecli/config.toml, where XDG_CONFIG_HOME defaults to ~/.config; None
    when there is no home to look in (no HOME and no passwd entry for the user: a container
    run under an arbitrary uid), which means no user config, as when the file is missing."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if os.path.isabs(base):  # the XDG spec says to ignore a relative value
        return Path(base) / "spinecli" / "config.toml"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # "Could not determine home directory"
        return None
    return home / ".config" / "spinecli" / "config.toml"


def load_clinic(config: Path | None = None, **overrides: str | None) -> Clinic:
    """The clinic from the config file (explicit, else the user's if present) and options.

    An explicit --config that cannot be read is an error; so is a user config file that exists
    but is broken (silently printing handouts without the clinic's phone would be worse).
    """
    path = config if config is not None else user_config_path()
    clinic = Clinic()
    if path is not None and (config is not None or _exists(path)):
        clinic = parse_clinic(_read(path), path_shown(path), path.parent)
    given: dict[str, Any] = {k: v.strip() for k, v in overrides.items() if v is not None}
    unknown = set(given) - set(TEXT_KEYS)
    if unknown:
        raise TypeError(f"unknown clinic fields {sorted(unknown)}")
    return replace(clinic, **given)


def _exists(path: Path) -> bool:
    """Whether the user's config file is there (a regular file); a folder on its way that
    cannot be searched (EACCES) or a name too long is a config error, as an unreadable file is."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise UsageError(f"config {path_shown(path)}: cannot read: {exc.strerror or exc}") from None
    return stat.S_ISREG(mode)


def _read(path: Path) -> str:
    from spinecli.files import RefusedFile, read_bytes

    shown = path_shown(path)

    try:
        return read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8")
    except RefusedFile as exc:
        raise UsageError(f"config {shown}: {exc}") from None
    except FileNotFoundError:
        raise UsageError(f"config {shown}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"config {shown}: is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UsageError(f"config {shown}: cannot read: {exc.strerror or exc}") from None


def parse_clinic(text: str, name: str = "config", base: Path | None = None) -> Clinic:
    """The [clinic] table of a config file; every problem is a UsageError naming the file.

    A logo path is read relative to base (the config file's folder; default: the current one).
    """
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
    texts = {k: v.strip() for k, v in table.items() if k != "logo"}
    logo = None
    if table.get("logo", "").strip():
        from spinecli.logo import read_logo

        # os.path.expanduser leaves `~` as it is where there is no home; Path's raises.
        logo_path = Path(os.path.expanduser(table["logo"].strip()))
        logo = read_logo((base or Path()) / logo_path, name)
    return Clinic(**texts, logo=logo)
