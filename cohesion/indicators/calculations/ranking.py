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


# ------------------------------------------------------------------ rank intervals
#
# A ward ranked 3rd of 20 on rates from a few dozen incidents might as easily
# have been 2nd or 6th. Following Goldstein and Spiegelhalter ("League tables
# and their limitations: statistical issues in comparisons of institutional
# performance", JRSS A 159(3), 1996) and Marshall and Spiegelhalter
# ("Reliability of league tables of in vitro fertilisation clinics", BMJ 316,
# 1998), the values behind the ranking are simulated from their uncertainty,
# the composite rank is computed for each simulated table exactly as above,
# and the interval of ranks is read off the simulations. Counts of events are
# drawn from the Gamma(k + 1/2, 1) posterior of a Poisson count k (the
# Jeffreys prior, which gives a zero count some uncertainty too); survey
# estimates from a normal distribution with their standard error; measures
# with no uncertainty (Census counts, the published IMD) are held fixed.


def simulate_values(
    values: pd.DataFrame,
    *,
    counts: pd.DataFrame | None = None,
    scales: pd.DataFrame | None = None,
    errors: pd.DataFrame | None = None,
    simulations: int = 1000,
    seed: int = 20261206,
) -> np.ndarray:
    """``simulations`` tables like ``values`` (simulations x areas x measures), drawn from their uncertainty.

    ``counts`` and ``scales`` (same shape as ``values``): where both are given,
    a value is a count of events times a scale (a rate per 1,000 is the count
    times 1,000 over the residents) and is drawn as scale x Gamma(count + 1/2).
    ``errors``: standard errors, drawn as value + error x Normal(0, 1).
    Elsewhere, and where a value is missing, it is held as it is.
    """
    if simulations < 1:
        raise RankingError("Simulate at least one table.")
    base = values.to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    out = np.broadcast_to(base, (simulations, *base.shape)).copy()
    if errors is not None:
        se = errors.reindex_like(values).to_numpy(dtype=float)
        normal = np.isfinite(se) & (se > 0) & np.isfinite(base)
        draws = rng.standard_normal((simulations, *base.shape))
        out = np.where(normal, base + draws * np.where(normal, se, 0.0), out)
    if counts is not None and scales is not None:
        k = counts.reindex_like(values).to_numpy(dtype=float)
        scale = scales.reindex_like(values).to_numpy(dtype=float)
        poisson = np.isfinite(k) & (k >= 0) & np.isfinite(scale) & np.isfinite(base)
        shape = np.where(poisson, k, 0.0) + 0.5
        draws = rng.gamma(np.broadcast_to(shape, (simulations, *base.shape)))
        out = np.where(poisson, draws * np.where(poisson, scale, 0.0), out)
    return out


def composite_ranks(
    tables: np.ndarray,
    measures: list[str],
    directions: Mapping[str, str],
    weights: Mapping[str, float] | None = None,
) -> np.ndarray:
    """The composite rank of every area in every table (simulations x areas), as :func:`rank_areas` gives it.

    The same ranks (ties averaged; missing values left out, weights rescaled)
    and the same composite (weighted mean of ranks, ranked with ties sharing
    the lowest rank), vectorised over the tables.
    """
    from scipy.stats import rankdata

    weight_of = dict.fromkeys(measures, 1.0) if weights is None else dict(weights)
    ranks = np.empty_like(tables)
    for j, measure in enumerate(measures):
        column = tables[:, :, j]
        signed = column if directions[measure] == HIGHER_IS_BETTER else -column
        ranks[:, :, j] = rankdata(signed, axis=1, method="average", nan_policy="omit")
    weight = np.array([weight_of[m] for m in measures], dtype=float)
    present = np.isfinite(ranks)
    total = (present * weight).sum(axis=2)
    weighted = (np.where(present, ranks, 0.0) * weight).sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(total > 0, weighted / total, np.nan)
    return rankdata(score, axis=1, method="min", nan_policy="omit")


def rank_intervals(
    values: pd.DataFrame,
    directions: Mapping[str, str],
    weights: Mapping[str, float] | None = None,
    *,
    counts: pd.DataFrame | None = None,
    scales: pd.DataFrame | None = None,
    errors: pd.DataFrame | None = None,
    simulations: int = 1000,
    level: float = 0.9,
    seed: int = 20261206,
) -> pd.DataFrame:
    """Each area's plausible composite ranks: ``rank_low`` and ``rank_high`` (whole ranks), indexed like ``values``.

    The central ``level`` share of the simulated composite ranks (90% by
    default, the convention of Marshall and Spiegelhalter 1998). An area with
    no composite has no interval (NaN).
    """
    if not 0 < level < 1:
        raise RankingError("The level must be between 0 and 1.")
    measures = list(values.columns)
    rank_areas(values, directions, weights)  # the same checks of measures, directions and weights
    tables = simulate_values(
        values, counts=counts, scales=scales, errors=errors, simulations=simulations, seed=seed
    )
    ranks = composite_ranks(tables, measures, directions, weights)
    tail = (1 - level) / 2
    low = np.full(len(measures) and ranks.shape[1], np.nan)
    high = low.copy()
    ranked = np.isfinite(ranks).any(axis=0)
    if ranked.any():
        low[ranked] = np.nanquantile(ranks[:, ranked], tail, axis=0, method="lower")
        high[ranked] = np.nanquantile(ranks[:, ranked], 1 - tail, axis=0, method="higher")
    return pd.DataFrame({"rank_low": low, "rank_high": high}, index=values.index)


# Ethnicity and migration measures describe who lives in a ward, not a harm or an unmet need.
# Counting them towards priority by default would rank a ward higher because of its residents'
# ethnicity or origins, which the Equality Act 2010 (s. 149, the public sector equality duty)
# asks councils to weigh with care, and which the Casey Review (2016, ch. 10) and the
# Integrated Communities Strategy (MHCLG, 2018) warn against reading as a problem in itself.
# So they count only when an officer opts in, and the ranking then carries a caveat
# (``cohesion.indicators.views.identity_caveat``) on the page and in every download.
IDENTITY_TOPICS = frozenset({"migration", "asylum", "diversity", "segregation"})


def split_identity_measures(
    codes: list[str], topics: Mapping[str, str], *, include: bool
) -> tuple[list[str], list[str]]:
    """``codes`` split into (counted, left out): measures whose topic is in :data:`IDENTITY_TOPICS`
    are left out unless ``include`` is true; order is kept."""
    if include:
        return list(codes), []
    counted = [c for c in codes if topics.get(c) not in IDENTITY_TOPICS]
    return counted, [c for c in codes if c not in counted]
