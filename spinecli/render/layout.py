"""Column widths for tables of prose, shared by the plain and Rich renderers."""

from __future__ import annotations

MIN_COLUMN = 6


def fit_widths(natural: list[int], room: int) -> list[int]:
    """Widths within room: columns narrower than their share keep their natural width, and the
    wide ones split what is left equally, so no column is squeezed to a few letters."""
    widths = [0] * len(natural)
    left = max(room, MIN_COLUMN * len(natural))
    for done, i in enumerate(sorted(range(len(natural)), key=lambda i: natural[i])):
        share = left // (len(natural) - done)
        widths[i] = min(natural[i], max(share, MIN_COLUMN))
        left -= widths[i]
    return widths
