"""Statistical neighbours for every council, from the Census 2021 and IMD values held."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from cohesion.indicators.calculations.neighbours import nearest_neighbours
from cohesion.indicators.models import IndicatorValue
from cohesion.places.choices import Level

# The variables that make councils alike for cohesion work: size, ethnic mix,
# migration, English proficiency, economic inactivity and deprivation.
VARIABLES: dict[str, tuple[str, str]] = {
    "log_population": ("population", "Residents (log10), Census 2021"),
    "ethnic_minority": ("ethnic-minority", "% Asian, Black, Mixed or other ethnic groups"),
    "born_outside_uk": ("born-outside-uk", "% born outside the UK"),
    "english_low": ("english-proficiency-low", "% cannot speak English well or at all"),
    "economic_inactivity": ("economic-inactivity", "% aged 16+ economically inactive"),
    "imd_score": ("imd-score", "IMD 2025 average score"),
}
NEIGHBOURS = 10


@dataclass
class Neighbour:
    code: str
    name: str
    distance: float
    values: dict[str, float]
    z: dict[str, float]


def neighbour_table() -> pd.DataFrame:
    """English councils by the variables above, latest period of each, for councils holding all of them."""
    columns: dict[str, pd.Series] = {}
    for name, (code, _) in VARIABLES.items():
        latest = (
            IndicatorValue.objects.filter(indicator__code=code, area_level=Level.COUNCIL)
            .order_by("-period_end")
            .values_list("period_end", flat=True)
            .first()
        )
        if latest is None:
            columns[name] = pd.Series(dtype=float)
            continue
        rows = IndicatorValue.objects.filter(
            indicator__code=code,
            area_level=Level.COUNCIL,
            period_end=latest,
            area_code__startswith="E",
        ).values_list("area_code", "value")
        columns[name] = pd.Series(dict(rows), dtype=float)
    table = pd.DataFrame(columns)
    if "log_population" in table:
        table["log_population"] = table["log_population"].map(
            lambda v: math.log10(v) if v and v > 0 else float("nan")
        )
    return table.dropna()


def neighbours_of(
    code: str, table: pd.DataFrame | None = None, k: int = NEIGHBOURS
) -> list[Neighbour]:
    """The ``k`` councils nearest to ``code``; empty if the council lacks any variable."""
    from cohesion.places.models import Area

    table = neighbour_table() if table is None else table
    if code not in table.index:
        return []
    found = nearest_neighbours(table, code, k=k)
    names = dict(
        Area.objects.filter(code__in=list(found.index), level=Level.COUNCIL).values_list(
            "code", "name"
        )
    )
    return [
        Neighbour(
            code=str(other),
            name=names.get(str(other), str(other)),
            distance=float(row["distance"]),
            values={name: float(table.at[other, name]) for name in VARIABLES},
            z={name: float(row[f"z_{name}"]) for name in VARIABLES},
        )
        for other, row in found.iterrows()
    ]
