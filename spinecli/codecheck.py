"""The official ICD-10-CM code set, from the optional `simple-icd-10-cm` package.

Importing that package reads the whole code set and takes seconds, so only
`spinecli codes --check` (and the test suite) ever calls `official_lookup`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinecli.errors import MissingExtraError

if TYPE_CHECKING:  # codes.py imports this module (for --check), never the other way round
    from spinecli.codes import Lookup

PACKAGE = "simple-icd-10-cm"
INSTALL_HINT = "pip install 'spinecli[codes]'"


def official_lookup() -> tuple[Lookup, str]:
    """A lookup into the official code set, and a label naming the release checked against."""
    import warnings

    try:
        with warnings.catch_warnings():
            # Its loader calls importlib.resources.read_text, deprecated in 3.11: not ours to fix.
            warnings.simplefilter("ignore", DeprecationWarning)
            import simple_icd_10_cm as cm
    except ImportError:
        raise MissingExtraError(
            f"checking codes needs the official ICD-10-CM code set from the '{PACKAGE}' package,"
            f" which is not installed: {INSTALL_HINT}"
        ) from None
    from importlib.metadata import PackageNotFoundError, version

    try:
        label = f"{PACKAGE} {version(PACKAGE)}"
    except PackageNotFoundError:
        label = PACKAGE

    def lookup(code: str) -> tuple[bool, bool, str]:
        if not cm.is_valid_item(code):
            return False, False, ""
        return True, bool(cm.is_leaf(code)), str(cm.get_description(code))

    return lookup, label
