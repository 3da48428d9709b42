"""Diversity of one area's population: ethnic fractionalisation and Shannon entropy.

Diversity describes the mix of groups *within* an area; segregation
(:mod:`cohesion.indicators.calculations.segregation`) describes how unevenly
groups are spread *between* the small areas of a larger one. A ward can be
diverse and unsegregated, or diverse overall yet made of homogeneous streets.

Both functions take counts with groups along the last axis: one area as a 1-D
array ``(groups,)``, or many as a 2-D array ``(areas, groups)``. They return one
value per area (a 0-d array for one area, usable as a float).

Edge cases, the same in both functions:

* an area with no population has no mix to describe, so its value is NaN;
* a group with a zero count contributes nothing (``0 * ln 0`` is taken as 0,
  the limit, as in Shannon 1948 and Theil 1967);
* negative, missing (NaN) or infinite counts raise
  :class:`~cohesion.indicators.calculations.counts.InvalidCountsError`, a ``ValueError``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .counts import InvalidCountsError, as_counts


def _as_area_counts(counts: ArrayLike) -> NDArray[np.float64]:
    """Validate counts of one area (1-D) or many (2-D) and return them as 2-D."""
    if np.ndim(counts) == 1:
        return as_counts(counts, name="group", ndim=1)[np.newaxis, :]
    return as_counts(counts, name="group", ndim=2)


def _shape_like_input(values: NDArray[np.float64], counts: ArrayLike) -> NDArray[np.float64]:
    return values.reshape(np.shape(counts)[:-1])


def shares_of_total(counts: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each group's share of its row total; rows with no population give NaN shares.

    ``counts`` must already be valid (see :func:`~.counts.as_counts`).
    """
    totals = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return counts / totals


def entropy_of_shares(shares: NDArray[np.float64]) -> NDArray[np.float64]:
    """Shannon entropy ``-sum p ln p`` of each row of shares, with ``0 ln 0 = 0``.

    A row of NaN shares (an area with no population) gives NaN.
    """
    positive = shares > 0
    logs = np.log(shares, out=np.zeros_like(shares), where=positive)
    entropy: NDArray[np.float64] = -(shares * logs).sum(axis=1)
    entropy[np.isnan(shares).any(axis=1)] = np.nan
    return entropy


def fractionalisation(counts: ArrayLike) -> NDArray[np.float64]:
    """Ethnic fractionalisation of each area: ``F = 1 - sum_k p_k ** 2``.

    ``p_k`` is group ``k``'s share of the area's population (the sum of the
    counts given). F is the chance that two residents drawn at random, with
    replacement, belong to different groups: 0 when everyone is in one group,
    ``1 - 1/K`` when ``K`` groups are equally large.

    Source: Alesina, Devleeschauwer, Easterly, Kurlat and Wacziarg (2003),
    "Fractionalization", Journal of Economic Growth 8(2): 155-194;
    it is one minus the Herfindahl-Hirschman concentration index, and equals
    Simpson's (1949) diversity index with replacement, written as Simpson's
    interaction index in equation (1) of Reardon and Firebaugh (2002),
    "Measures of multigroup segregation", Sociological Methodology 32: 33-67. PySAL ``segregation``
    computes the same quantity over a whole region as
    ``SimpsonsInteraction`` (``segregation/multigroup/simpsons_interaction.py``).

    Edge cases: see the module docstring (no population gives NaN).
    """
    area_counts = _as_area_counts(counts)
    shares = shares_of_total(area_counts)
    values = 1.0 - (shares**2).sum(axis=1)
    return _shape_like_input(values, counts)


def shannon_entropy(counts: ArrayLike, *, normalise: bool = False) -> NDArray[np.float64]:
    """Shannon entropy of each area's group mix: ``E = -sum_k p_k ln p_k`` (natural log).

    ``p_k`` is group ``k``'s share of the area's population. E is 0 when everyone
    is in one group and ``ln K`` when the ``K`` groups are equally large. With
    ``normalise=True`` the value is divided by ``ln K`` (``K`` = the number of
    groups given, present or not), so it runs from 0 to 1 and areas described by
    the same ``K`` groups can be compared on one scale.

    Source: Shannon (1948), "A mathematical theory of communication", Bell System
    Technical Journal 27: 379-423; its use as the diversity term of Theil's
    information theory index follows Theil and Finizza (1971), "A note on the
    measurement of racial integration of schools", Journal of Mathematical
    Sociology 1(2): 187-193, and White (1986), "Segregation and diversity
    measures in population distribution", Population Index 52(2): 198-221;
    and equation (2) of Reardon and Firebaugh (2002), "Measures of multigroup
    segregation", Sociological Methodology 32: 33-67. PySAL ``segregation`` computes
    the regional value as ``MultiDiversity``
    (``segregation/multigroup/multi_diversity.py``, natural log, and divided
    by ``ln K`` when ``normalized=True``).

    Edge cases: see the module docstring (no population gives NaN). Normalising
    needs at least two groups, since ``ln 1 = 0``; one group raises
    :class:`~.counts.InvalidCountsError`.
    """
    area_counts = _as_area_counts(counts)
    n_groups = area_counts.shape[1]
    if normalise and n_groups < 2:
        raise InvalidCountsError(
            "Normalised entropy needs at least two groups: with one group the maximum, ln 1, is zero."
        )
    values = entropy_of_shares(shares_of_total(area_counts))
    if normalise:
        values = values / np.log(n_groups)
    return _shape_like_input(values, counts)
