"""Statistical nearest neighbours: the councils most like a given one on standardised variables.

CIPFA's nearest neighbours model (subscription only) and the Home Office's
"most similar groups" of police areas both compare each area with the others
closest to it on a handful of standardised demographic and socio-economic
variables. Cohesion computes such neighbours in the open: each variable is
standardised to a z-score across all the areas (``z = (x - mean) / sd``, the
population standard deviation), optionally weighted, and the distance between
two areas is the Euclidean distance between their z-score vectors
(CIPFA, "Nearest Neighbours Model (England): technical guidance", 2020, which
uses the same standardised Euclidean distance on its own variable set).

The variables, z-scores and distances are returned so that the page can show
why two councils count as alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd


class NeighboursError(ValueError):
    """Neighbours that cannot be computed from the table given."""


def standardise(table: pd.DataFrame) -> pd.DataFrame:
    """Each column as z-scores across the rows; a column with no spread is all zeros.

    Raises :class:`NeighboursError` for missing values (drop or fill those areas first).
    """
    if table.isna().any().any():
        missing = table.index[table.isna().any(axis=1)][0]
        raise NeighboursError(
            f"Area {missing} lacks a value for a variable; leave it out or fill it first."
        )
    values = table.astype(float)
    spread = values.std(axis=0, ddof=0)
    centred = values - values.mean(axis=0)
    return centred.div(spread.where(spread > 0, 1.0), axis=1)


def nearest_neighbours(
    table: pd.DataFrame,
    area: str,
    k: int = 10,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The ``k`` areas nearest to ``area`` (a row label of ``table``), closest first.

    ``table`` has one row per area and one column per variable, in any units.
    Returns a frame indexed by area with ``distance`` and each variable's
    z-score (``z_<variable>``); the area itself is left out. Ties in distance
    are broken by area code so the result never depends on row order.

    Raises :class:`NeighboursError` for an unknown area, ``k`` below 1, fewer
    than two areas, missing values, or a negative weight.
    """
    if area not in table.index:
        raise NeighboursError(f"{area} is not among the areas compared.")
    if k < 1:
        raise NeighboursError("Ask for at least one neighbour.")
    if table.shape[0] < 2:
        raise NeighboursError("At least two areas are needed to find neighbours.")
    z = standardise(table)
    weight = pd.Series(1.0, index=table.columns)
    if weights:
        for name, value in weights.items():
            if value < 0:
                raise NeighboursError(f"The weight of {name!r} cannot be negative.")
            weight[name] = float(value)
    difference = (z - z.loc[area]).mul(np.sqrt(weight), axis=1)
    distance = np.sqrt((difference**2).sum(axis=1))
    result = z.add_prefix("z_")
    result.insert(0, "distance", distance)
    result = result.drop(index=area)
    result = result.assign(_code=result.index).sort_values(["distance", "_code"])
    return result.drop(columns="_code").head(k)
