"""Exact intervals for counts and rates, and whether two intervals tell values apart.

A rate built from a small count (12 anti-social behaviour incidents in a
ward of 6,000 people in a month) moves a lot by chance alone. Cohesion shows
such rates with the exact (Garwood) Poisson interval of their count, scaled
by the same factor as the rate, and calls a ward "higher" or "lower" than its
council or England only when the intervals do not overlap.

- Garwood, F. (1936). "Fiducial limits for the Poisson distribution".
  *Biometrika* 28(3/4): 437-442. Lower limit ``chi2(a/2; 2k) / 2``, upper
  ``chi2(1 - a/2; 2k + 2) / 2``; the lower limit of 0 is 0. This is R's
  ``poisson.test(k)$conf.int``, and the method of Public Health England's
  *Technical Guide: Confidence Intervals* (2018), section 3.2, for counts
  and rates of events.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import chi2

__all__ = ["compare_intervals", "poisson_interval", "poisson_rate_intervals"]

LEVEL = 0.95


def poisson_interval(count: int, level: float = LEVEL) -> tuple[float, float]:
    """The exact (Garwood) interval for a Poisson count."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if not 0 < level < 1:
        raise ValueError("The confidence level must be between 0 and 1.")
    alpha = 1 - level
    lower = 0.0 if count == 0 else float(chi2.ppf(alpha / 2, 2 * count)) / 2
    upper = float(chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return lower, upper


def poisson_rate_intervals(
    counts: ArrayLike, denominators: ArrayLike, per: float = 1000.0, level: float = LEVEL
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Exact intervals of the rates ``counts / denominators * per``, one pair per area.

    Each count's Garwood interval, scaled by ``per / denominator``. Where the
    denominator is zero or missing, or the count is not a whole number of at
    least 0, the interval is NaN (no rate, no interval).
    """
    k = np.asarray(counts, dtype=np.float64)
    n = np.asarray(denominators, dtype=np.float64)
    if k.shape != n.shape:
        raise ValueError("There must be one denominator for each count.")
    alpha = 1 - level
    valid = np.isfinite(k) & (k >= 0) & (np.floor(k) == k) & np.isfinite(n) & (n > 0)
    safe_k = np.where(valid, k, 0.0)
    with np.errstate(invalid="ignore"):
        lower = np.where(safe_k > 0, chi2.ppf(alpha / 2, 2 * safe_k) / 2, 0.0)
    upper = chi2.ppf(1 - alpha / 2, 2 * safe_k + 2) / 2
    scale = np.where(valid, per / np.where(valid, n, 1.0), np.nan)
    return lower * scale, upper * scale


def compare_intervals(
    value: float | None,
    interval: tuple[float | None, float | None],
    other: float | None,
    other_interval: tuple[float | None, float | None] = (None, None),
) -> int | None:
    """+1 if the first value is higher than the other beyond doubt, -1 if lower, 0 if not told apart.

    With intervals on both sides, the values differ when the intervals do
    not overlap; with an interval on one side only (England's rate is
    treated as exact), when the other's value lies outside it. Without any
    interval nothing can be said (None).
    """
    if value is None or other is None:
        return None
    low, high = interval
    other_low, other_high = other_interval
    if low is None or high is None:
        if other_low is None or other_high is None:
            return None
        low = high = value
    if other_low is None or other_high is None:
        other_low = other_high = other
    if low > other_high:
        return 1
    if high < other_low:
        return -1
    return 0
