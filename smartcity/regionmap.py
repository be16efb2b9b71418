"""A map of Indonesia as plain SVG coordinates, from the regions' latitude and longitude.

No tiles and no map library: every kabupaten/kota is a dot, so the archipelago's shape
appears from the data itself; programme regions are larger dots, coloured by the first
round they joined, with a ring when they joined again in a later round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

# Indonesia's extent, with a margin: west of Aceh to east of Papua, north of Sulawesi to south of Rote.
WEST, EAST, NORTH, SOUTH = 94.5, 141.5, 6.5, -11.5
WIDTH = 1000
HEIGHT = round(WIDTH * (NORTH - SOUTH) / (EAST - WEST))


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    region: Any  # taxonomy Region
    page: Any = None  # the region's page, when it has one
    cohort_index: int | None = None  # position of its first round among all rounds, for the colour
    again: bool = False  # joined again in a later round


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection onto the map's viewBox, rounded to 0.1."""
    x = (lon - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - lat) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def dots(regions: Sequence[Any], pages: dict[str, Any], cohort_years: Sequence[int]) -> tuple[list[Dot], list[Dot]]:
    """(background dots of every region, programme dots), skipping regions without coordinates."""
    order = {year: i for i, year in enumerate(cohort_years)}
    background, members = [], []
    for region in regions:
        if region.lat is None or region.lon is None:
            continue
        x, y = project(region.lat, region.lon)
        if region.memberships:
            members.append(Dot(x, y, region, pages.get(region.code), order.get(region.memberships[0].year),
                               region.joined_again))
        else:
            background.append(Dot(x, y, region))
    return background, members
