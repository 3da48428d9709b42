"""Rolling small-area counts up the geography, and turning counts into rates.

Census tables, crime counts and deprivation scores arrive for small areas
(output areas, LSOAs). A ward or council value is built from its small areas'
*counts* and *populations*, never by averaging their percentages: the share of
a ward's residents born outside the UK is the number born outside the UK in
its output areas over the number of residents in them, which an unweighted
mean of output-area percentages gets wrong whenever output areas differ in
size (ONS, "Census 2021 geographies: building blocks", and the Office for
Health Improvement and Disparities' Fingertips technical guidance, "Rates and
proportions", both aggregate numerators and denominators separately).

Where a source publishes only percentages (the ONS dot-density Census tables
used here), counts are estimated as ``percentage / 100 x base`` before rolling
up; the base should be the table's own universe (people aged 16 and over,
households), and is the usual resident population where only that is held.

Wards from output areas
-----------------------
LSOAs do not nest in wards: an LSOA can straddle a ward boundary, and giving
it whole to the ward holding its population-weighted centroid ("best fit")
moves every one of its residents with it. ONS builds its own ward estimates
from output areas, each given whole to the ward holding its population-
weighted centroid (ONS, "Ward-level mid-year population estimates",
methodology; and "Best-fit lookups between statistical and administrative
geographies", Geography Policy for National Statistics, which allocates the
smallest building block, the output area, by population-weighted centroid).
Cohesion does the same:

* Census counts go to wards from output areas (:func:`roll_up` over the
  output-area -> ward lookup);
* a measure published only for LSOAs (a deprivation score, a modelled share,
  a crime count) is split between the wards its output areas fall in, in
  proportion to the residents of those output areas
  (:func:`apportionment_weights`, then :func:`apportion_counts` for counts or
  :func:`apportioned_weighted_mean` for scores). An LSOA wholly inside one
  ward gives it its whole value, exactly as best fit would.

A lookup that does not cover an output area, or an LSOA with no output areas
(or none with residents), raises :class:`LookupCoverageError`; nothing is
ever silently counted as zero.

All functions are pure: pandas in, pandas out, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .counts import InvalidCountsError


def counts_from_percentages(percentages: pd.DataFrame, base: pd.Series) -> pd.DataFrame:
    """Estimated counts ``p / 100 x base`` for every column of percentages, row by row.

    ``percentages`` and ``base`` share an index of small-area codes. The result
    keeps fractional counts (rounding each output area to whole people would
    bias sums of many small areas).

    Edge cases: a missing percentage gives a missing count (left for the caller
    to treat); a negative percentage or base, or a base missing for an area
    that has percentages, raises :class:`InvalidCountsError` (a ``ValueError``).
    """
    missing = percentages.index.difference(base.index)
    if len(missing):
        raise InvalidCountsError(
            f"{len(missing)} small area(s) have percentages but no population, e.g. {missing[0]}."
        )
    values = percentages.astype(float)
    if (values < 0).any().any():
        raise InvalidCountsError("Percentages cannot be negative.")
    weights = base.reindex(values.index).astype(float)
    if (weights < 0).any():
        raise InvalidCountsError("Populations cannot be negative.")
    return values.mul(weights, axis=0) / 100.0


def roll_up(counts: pd.DataFrame, parent_of: Mapping[str, str] | pd.Series) -> pd.DataFrame:
    """Sum the counts of small areas into their parent areas (for example LSOA -> ward).

    ``counts`` is indexed by small-area code; ``parent_of`` maps each code to
    its parent's code. Returns one row per parent, indexed by parent code and
    sorted, with the same columns.

    Edge cases: a small area with no parent raises :class:`InvalidCountsError`
    (silently dropping it would under-count the parent); missing counts are
    treated as zero only if the whole column is not missing for that parent,
    so a parent with no data at all stays missing.
    """
    parents = pd.Series(parent_of) if not isinstance(parent_of, pd.Series) else parent_of
    mapped = parents.reindex(counts.index)
    if mapped.isna().any():
        orphan = mapped[mapped.isna()].index[0]
        raise InvalidCountsError(
            f"{int(mapped.isna().sum())} small area(s) have no parent area, e.g. {orphan}."
        )
    grouped = counts.groupby(mapped.to_numpy(), sort=True)
    summed = grouped.sum(min_count=1)
    summed.index.name = "code"
    return summed


def rate(
    numerator: pd.Series | float, denominator: pd.Series | float, per: float = 1.0
) -> pd.Series:
    """``numerator / denominator x per``, with NaN where the denominator is zero or missing.

    ``per`` is 100 for a percentage and 1,000 for a rate per 1,000 residents
    (Fingertips technical guidance: crude rates). An area with no population
    has no rate rather than an infinite one.
    """
    num = pd.Series(numerator, dtype=float) if np.isscalar(numerator) else numerator.astype(float)  # type: ignore[union-attr]
    den = (
        pd.Series(denominator, index=num.index, dtype=float)
        if np.isscalar(denominator)
        else denominator.astype(float)  # type: ignore[union-attr]
    )
    den = den.reindex(num.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = num / den.where(den > 0) * per
    return result


def weighted_mean(
    values: pd.Series, weights: pd.Series, parent_of: Mapping[str, str] | pd.Series
) -> pd.DataFrame:
    """Population-weighted mean of a small-area score in each parent area.

    Used for scores that are not shares of a count, such as the Index of
    Multiple Deprivation score, whose council summary is "the population
    weighted average of the combined scores for the LSOAs in a local authority"
    (MHCLG, English Indices of Deprivation 2019 Technical Report, section 3.8;
    the same in the 2025 release). Returns columns ``numerator`` (sum of score
    x weight), ``denominator`` (sum of weights) and ``value`` (their ratio),
    indexed by parent code.

    Edge cases: small areas with a missing score are left out of both sums;
    a parent whose weights sum to zero gets NaN.
    """
    frame = pd.DataFrame({"score": values.astype(float), "weight": weights.reindex(values.index)})
    frame = frame.dropna(subset=["score"])
    if frame["weight"].isna().any():
        orphan = frame.index[frame["weight"].isna()][0]
        raise InvalidCountsError(
            f"A small area has a score but no population weight, e.g. {orphan}."
        )
    if (frame["weight"] < 0).any():
        raise InvalidCountsError("Population weights cannot be negative.")
    frame["numerator"] = frame["score"] * frame["weight"]
    summed = roll_up(frame[["numerator", "weight"]], parent_of)
    summed = summed.rename(columns={"weight": "denominator"})
    summed["value"] = rate(summed["numerator"], summed["denominator"])
    return summed


def share_in_categories(
    categories: pd.Series, wanted: Sequence[object], parent_of: Mapping[str, str] | pd.Series
) -> pd.DataFrame:
    """Share of each parent's small areas whose category is one of ``wanted`` (as a percentage).

    For example the share of a ward's LSOAs in the most deprived 10 per cent
    nationally (IMD decile 1): MHCLG's "proportion of LSOAs in most deprived
    10 per cent nationally" (English Indices of Deprivation 2019 Technical
    Report, section 3.8). Returns ``numerator`` (areas in the categories),
    ``denominator`` (areas) and ``value`` (percentage) per parent.
    """
    frame = pd.DataFrame(
        {
            "numerator": categories.isin(list(wanted)).astype(float),
            "denominator": categories.notna().astype(float),
        }
    )
    summed = roll_up(frame, parent_of)
    summed["value"] = rate(summed["numerator"], summed["denominator"], per=100.0)
    return summed


class LookupCoverageError(InvalidCountsError):
    """A lookup does not cover an area, so its people or counts cannot be placed."""


def apportionment_weights(
    oa_population: pd.Series, oa_lsoa: Mapping[str, str] | pd.Series, oa_parent: pd.Series
) -> pd.DataFrame:
    """Residents of each LSOA in each parent area (usually a ward), from the LSOA's output areas.

    ``oa_population`` is indexed by output-area code; ``oa_lsoa`` and
    ``oa_parent`` map each output area to its LSOA and to its parent (the ward
    holding its population-weighted centroid). Returns one row per (LSOA,
    parent) pair with columns ``lsoa``, ``parent``, ``population`` (residents
    of the LSOA's output areas in that parent) and ``share`` (that population
    over the LSOA's residents; an LSOA's shares sum to 1).

    Raises :class:`LookupCoverageError` when an output area has no LSOA or no
    parent in the lookups, or an LSOA's output areas hold no residents (its
    share of each parent would be undefined).
    """
    lsoas = pd.Series(oa_lsoa) if not isinstance(oa_lsoa, pd.Series) else oa_lsoa
    population = oa_population.astype(float)
    if (population < 0).any() or population.isna().any():
        raise InvalidCountsError("Output-area populations must be known and not negative.")
    frame = pd.DataFrame(
        {
            "lsoa": lsoas.reindex(population.index),
            "parent": oa_parent.reindex(population.index),
            "population": population,
        }
    )
    for column, what in (("lsoa", "an LSOA"), ("parent", "a ward (or other parent area)")):
        missing = frame.index[frame[column].isna()]
        if len(missing):
            raise LookupCoverageError(
                f"The output-area lookup does not give {what} for {len(missing)} output area(s), "
                f"e.g. {missing[0]}; their residents cannot be placed."
            )
    table = frame.groupby(["lsoa", "parent"], sort=True)["population"].sum().reset_index()
    totals = table.groupby("lsoa")["population"].transform("sum")
    empty = table.loc[totals <= 0, "lsoa"]
    if len(empty):
        raise LookupCoverageError(
            f"LSOA {empty.iloc[0]} has output areas but no residents in them, so its values "
            "cannot be shared between wards."
        )
    table["share"] = table["population"] / totals
    return table


def best_fit_weights(
    lsoa_population: pd.Series, lsoa_parent: Mapping[str, str] | pd.Series, lsoas: pd.Index
) -> pd.DataFrame:
    """Weights giving each LSOA whole to its best-fit parent, in the shape of :func:`apportionment_weights`.

    Where no output-area -> ward lookup is held (the wards of England and Wales
    outside the councils held in detail), an LSOA goes whole to the ward holding
    its population-weighted centroid: ONS's best-fit method ("Best-fit lookups
    between statistical and administrative geographies", Geography Policy for
    National Statistics). Each of ``lsoas`` gets one row with its ``parent``,
    its ``population`` (usual residents, the weight in
    :func:`apportioned_weighted_mean`) and a ``share`` of 1, so the apportioning
    functions above work unchanged and best fit is their special case.

    Raises :class:`LookupCoverageError`, naming them, when the lookup has no
    parent for some of ``lsoas`` or some have no residents (no output areas):
    their values would otherwise silently count as zero.
    """
    parents = pd.Series(lsoa_parent) if not isinstance(lsoa_parent, pd.Series) else lsoa_parent
    frame = pd.DataFrame(
        {
            "lsoa": lsoas,
            "parent": parents.reindex(lsoas).to_numpy(),
            "population": lsoa_population.astype(float).reindex(lsoas).to_numpy(),
        }
    )
    no_parent = frame.loc[frame["parent"].isna(), "lsoa"].tolist()
    if no_parent:
        raise LookupCoverageError(
            f"The LSOA -> ward lookup does not cover {len(no_parent)} LSOA(s): "
            f"{_named(no_parent)}; their values cannot be placed in a ward."
        )
    empty = frame.loc[~(frame["population"] > 0), "lsoa"].tolist()
    if empty:
        raise LookupCoverageError(
            f"{len(empty)} LSOA(s) have no output areas with residents: {_named(empty)}; "
            "their values cannot be weighted by population."
        )
    frame["share"] = 1.0
    return frame


def _named(codes: Sequence[str], limit: int = 10) -> str:
    shown = ", ".join(str(c) for c in codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def _covered(index: pd.Index, weights: pd.DataFrame) -> None:
    missing = index.difference(pd.Index(weights["lsoa"].unique()))
    if len(missing):
        raise LookupCoverageError(
            f"{len(missing)} LSOA(s) have no output areas in the lookup, e.g. {missing[0]}; "
            "their values cannot be placed in a ward."
        )


def apportion_counts(lsoa_counts: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Counts published for LSOAs (crimes, say) shared between parents by residents.

    Each LSOA's count goes to the parents its output areas fall in, in
    proportion to the residents of those output areas (``share`` from
    :func:`apportionment_weights`), so a count of 10 in an LSOA whose people
    live 60:40 either side of a ward boundary gives 6 and 4. Totals are kept:
    the parents' counts sum to the LSOAs' counts. Returns one row per parent
    (sorted, indexed by code), with the same columns; apportioned counts can
    be fractional.

    Raises :class:`LookupCoverageError` for an LSOA of ``lsoa_counts`` with no
    output areas in ``weights``.
    """
    _covered(lsoa_counts.index, weights)
    pairs = weights[weights["lsoa"].isin(lsoa_counts.index)]
    spread = lsoa_counts.astype(float).reindex(pairs["lsoa"].to_numpy())
    spread = spread.mul(pairs["share"].to_numpy(), axis=0)
    summed = spread.groupby(pairs["parent"].to_numpy(), sort=True).sum(min_count=1)
    summed.index.name = "code"
    return summed


def apportioned_weighted_mean(values: pd.Series, weights: pd.DataFrame) -> pd.DataFrame:
    """Population-weighted mean of an LSOA score in each parent, weighting by residents in the parent.

    The weight of an LSOA in a ward is the number of its residents whose
    output areas are in that ward (``population`` from
    :func:`apportionment_weights`), so a ward's deprivation score is the
    average over the people who live in it, as MHCLG's council summaries are
    (:func:`weighted_mean`). Returns ``numerator``, ``denominator`` (residents
    with a score) and ``value`` per parent.

    Edge cases: LSOAs with a missing score are left out of both sums; an LSOA
    with a score but no output areas raises :class:`LookupCoverageError`.
    """
    scores = values.astype(float).dropna()
    _covered(scores.index, weights)
    pairs = weights[weights["lsoa"].isin(scores.index)]
    frame = pd.DataFrame(
        {
            "numerator": scores.reindex(pairs["lsoa"].to_numpy()).to_numpy()
            * pairs["population"].to_numpy(),
            "denominator": pairs["population"].to_numpy(),
        }
    )
    summed = frame.groupby(pairs["parent"].to_numpy(), sort=True).sum()
    summed.index.name = "code"
    summed["value"] = rate(summed["numerator"], summed["denominator"])
    return summed


def apportioned_share_in_categories(
    categories: pd.Series, wanted: Sequence[object], weights: pd.DataFrame
) -> pd.DataFrame:
    """Share of each parent's LSOAs in the ``wanted`` categories, counting an LSOA split by residents.

    As :func:`share_in_categories`, but an LSOA whose residents live 60:40 in
    two wards counts as 0.6 of an LSOA in one and 0.4 in the other, so the
    numerator and denominator are LSOA equivalents and their totals across
    wards are the number of LSOAs.
    """
    known = categories.dropna()
    frame = pd.DataFrame(
        {"numerator": known.isin(list(wanted)).astype(float), "denominator": 1.0},
        index=known.index,
    )
    summed = apportion_counts(frame, weights)
    summed["value"] = rate(summed["numerator"], summed["denominator"], per=100.0)
    return summed
