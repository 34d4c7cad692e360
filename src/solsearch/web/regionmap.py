"""The region facet drawn as a tile map: one equal square per region, placed on a small grid
roughly where the region lies, shaded by its count of results.

Why tiles rather than the regions' shapes: every region gets the same target, at least 44 px
square from 360 px wide (Île-de-France would be a speck on a real map), there is no geometry
to ship, to license or to keep up to date, and a grid stays readable on a phone.

The counts are the service's facet values for ``region`` (disjunctive, like the checkbox
list), so the map and the list always say the same thing. The checkbox list stays the text
version of the map: the map adds no information, only a view of where the results are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask

from solsearch.corpus import territories
from solsearch.search import FacetValue

#: Where each region sits on the grid (row, column; north at the top, west on the left)
#: and the short name written on its tile: the end of its ISO code, as in the site's
#: addresses (``?region=FR-IDF``), except Corse whose code (FR-20R) says nothing.
LAYOUT: dict[str, tuple[int, int, str]] = {
    "FR-HDF": (1, 3, "HDF"),
    "FR-NOR": (2, 2, "NOR"),
    "FR-IDF": (2, 3, "IDF"),
    "FR-GES": (2, 4, "GES"),
    "FR-BRE": (3, 1, "BRE"),
    "FR-PDL": (3, 2, "PDL"),
    "FR-CVL": (3, 3, "CVL"),
    "FR-BFC": (3, 4, "BFC"),
    "FR-NAQ": (4, 2, "NAQ"),
    "FR-ARA": (4, 3, "ARA"),
    "FR-OCC": (5, 2, "OCC"),
    "FR-PAC": (5, 3, "PAC"),
    "FR-20R": (5, 4, "COR"),
}
#: The regions overseas share one tile, in the empty corner where maps of France put them.
OVERSEAS = (5, 1, "Outre-mer")
#: Shades of the sequential scale besides "none" (0): a tile's level is its share of the
#: largest count, rounded up, so that any region with a result is visibly shaded.
LEVELS = 4


@dataclass(frozen=True)
class Tile:
    """One square of the map: a region (or the regions overseas) and its count."""

    code: str | None
    label: str
    short: str
    row: int
    column: int
    count: int
    selected: bool
    level: int

    @property
    def name(self) -> str:
        """The accessible name, « Île-de-France, IDF : 12 solutions » (0 and 1 singular).

        It holds the tile's visible text (short name, then count) in the same order, so
        that voice control users can say what they see (WCAG 2.5.3, label in name).
        """
        short = "" if self.short == self.label else f", {self.short}"
        return f"{self.label}{short} : {self.count} solution{'s' if self.count > 1 else ''}"

    @property
    def active(self) -> bool:
        """Whether the tile toggles a filter: it has results, or its filter is on."""
        return self.code is not None and (self.count > 0 or self.selected)


def level(count: int, top: int) -> int:
    """The shade of a count on the scale 0..LEVELS, relative to the largest count."""
    return math.ceil(LEVELS * count / top) if count > 0 and top > 0 else 0


def region_map(values: Iterable[FacetValue]) -> list[Tile]:
    """The tiles of the map, from the region facet's values of a search result.

    A region absent from the values has no result (the facet lists only counted or chosen
    values). The overseas tile counts the values outside the metropolitan grid: none while
    the corpus holds only metropolitan regions, which its validation requires.
    """
    by_code = {v.value: v for v in values}
    regions = territories.regions()
    counts = {code: by_code[code].count if code in by_code else 0 for code in LAYOUT}
    overseas = sum(v.count for code, v in by_code.items() if code not in LAYOUT)
    top = max([*counts.values(), overseas])
    tiles = [
        Tile(
            code,
            regions[code].label,
            short,
            row,
            column,
            counts[code],
            code in by_code and by_code[code].selected,
            level(counts[code], top),
        )
        for code, (row, column, short) in LAYOUT.items()
    ]
    row, column, short = OVERSEAS
    tiles.append(Tile(None, "Outre-mer", short, row, column, overseas, False, level(overseas, top)))
    return tiles


def register(app: Flask) -> None:
    app.add_template_global(region_map)
