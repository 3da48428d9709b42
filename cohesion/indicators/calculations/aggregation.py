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
