"""Ranking areas for priority: each measure's rank, and a composite that is the weighted mean of ranks.

Councils choose where to start place-based work by setting wards side by
side on a few measures. Middlesbrough did this when it chose Newport and North
Ormesby for its locality working pilots: the business cases placed each ward
by its rank on deprivation, crime and anti-social behaviour (Middlesbrough
Council, Culture and Communities Scrutiny Panel, 10 February 2022, item
"Locality working": "the Newport Ward is the 5th most deprived ward in
Middlesbrough").

Cohesion follows the same idea transparently: every measure is ranked across
the areas (1 = highest priority, so the highest value when higher is worse),
and the composite is the **weighted mean of those ranks** (equal weights by
default); areas are then ranked on it. Ranks rather than z-scores are used
because they need no assumption about each measure's distribution, one
extreme ward cannot dominate the composite, and a councillor can check any
ward's result by hand. It is the "sum of ranks" method of composite indicator
construction, with weights (OECD/JRC, *Handbook on Constructing Composite
Indicators*, 2008, section 5.2, "Ranking").
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd


class RankingError(ValueError):
    """A ranking that cannot be computed as asked (no measures, bad weights, unknown direction)."""


HIGHER_IS_WORSE = "higher_is_worse"
HIGHER_IS_BETTER = "higher_is_better"


def rank_areas(
    values: pd.DataFrame,
    directions: Mapping[str, str],
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Rank the areas (rows) on each measure (column) and on the weighted mean of those ranks.

    ``directions`` gives, for each column, ``"higher_is_worse"`` (the highest
    value ranks 1) or ``"higher_is_better"`` (the lowest value ranks 1).
    ``weights`` are relative (they need not sum to 1); equal by default.

    Returns a frame indexed like ``values`` with, for each measure ``m``, the
    columns ``m`` (the value) and ``rank_m``; then ``composite_score`` (the
    weighted mean of the area's ranks) and ``composite_rank`` (1 = highest
    priority), sorted by ``composite_rank``.

    Edge cases: tied values share the mean of the ranks they span (pandas'
    ``"average"`` method), so ties do not depend on row order; an area missing a measure is ranked on the measures it has,
    with their weights rescaled (``measures_used`` says how many), and an
    area with none gets no composite. Raises :class:`RankingError` (a
    ``ValueError``) for no measures, a missing or unknown direction, or
    negative or all-zero weights.
    """
    measures = list(values.columns)
    if not measures:
        raise RankingError("Choose at least one measure to rank on.")
    if values.shape[0] == 0:
        raise RankingError("There are no areas to rank.")
    weight_of = dict.fromkeys(measures, 1.0) if weights is None else dict(weights)
    for measure in measures:
        direction = directions.get(measure)
        if direction not in (HIGHER_IS_WORSE, HIGHER_IS_BETTER):
            raise RankingError(
                f"Say whether higher is worse or better for {measure!r} (got {direction!r})."
            )
        weight = weight_of.get(measure)
        if weight is None or not np.isfinite(weight) or weight < 0:
            raise RankingError(f"The weight for {measure!r} must be zero or a positive number.")
    if sum(weight_of[m] for m in measures) <= 0:
        raise RankingError("At least one weight must be above zero.")

    result = values.astype(float).copy()
    ranks = pd.DataFrame(index=values.index)
    for measure in measures:
        ascending = directions[measure] == HIGHER_IS_BETTER
        ranks[measure] = result[measure].rank(method="average", ascending=ascending)
        result[f"rank_{measure}"] = ranks[measure]
    weight_row = pd.Series({m: weight_of[m] for m in measures}, dtype=float)
    present = ranks.notna()
    used_weights = present.mul(weight_row, axis=1)
    total_weight = used_weights.sum(axis=1)
    weighted = ranks.fillna(0.0).mul(weight_row, axis=1).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        result["composite_score"] = (weighted / total_weight).where(total_weight > 0)
    result["measures_used"] = present.sum(axis=1)
    result["composite_rank"] = result["composite_score"].rank(method="min", ascending=True)
    return result.sort_values(["composite_rank", "composite_score"], na_position="last")
