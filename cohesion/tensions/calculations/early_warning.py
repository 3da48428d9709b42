"""Statistical early warning of spikes in weekly incident counts.

Cohesion watches weekly counts of hate incidents and tension reports per
(ward, category) series and flags weeks that are unusually high against the
recent past. Everything here is a pure function over numpy arrays or pandas
frames: time is always the *last* axis, so one call handles a single series
(1-D), a stack of series (2-D: series x weeks) or a cube (areas x categories
x weeks) at once, with no Python loop over series.

Methods
-------
* EARS C1, C2 and C3 (:func:`ears_c1`, :func:`ears_c2`, :func:`ears_c3`,
  or :func:`ears` to pick by name), reproducing R ``surveillance::earsC``
  (R/earsC.R) number for number. Sources: Hutwagner L, Thompson W, Seeman GM,
  Treadwell T (2003) "The bioterrorism preparedness and response Early
  Aberration Reporting System (EARS)", J Urban Health 80(2 Suppl 1):i89-96;
  Fricker RD, Hegler BL, Dunfee DA (2008) "Comparing syndromic surveillance
  detection methods: EARS' versus a CUSUM-based methodology", Stat Med
  27:3407-3429; Salmon M, Schumacher D, Hoehle M (2016) "Monitoring count
  time series in R: aberration detection in public health surveillance",
  J Stat Softw 70(10).
* A negative-binomial threshold for small counts
  (:func:`negative_binomial_threshold`): a method-of-moments negative
  binomial (Poisson when the baseline is not over-dispersed) fitted to a
  longer baseline, with the upper quantile as the bound and Farrington's
  "fewer than 5 cases in 4 weeks" rule. Sources: Noufaily A et al. (2013)
  "An improved algorithm for outbreak detection in multiple surveillance
  systems", Stat Med 32:1206-1222 (negative-binomial quantile threshold);
  Farrington CP et al. (1996) "A statistical algorithm for the early
  detection of outbreaks of infectious disease", J R Stat Soc A 159:547-563
  and R ``surveillance::farringtonFlexible`` (R/farringtonFlexible.R,
  ``limit54``).

A helper, :func:`weekly_counts`, turns incident records into the zero-filled
weekly count table these functions expect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import stats

__all__ = [
    "EARS_DEFAULT_ALPHA",
    "CountThresholdResult",
    "EarlyWarningResult",
    "FarringtonResult",
    "ears",
    "ears_c1",
    "ears_c2",
    "ears_c3",
    "farrington_flexible",
    "negative_binomial_threshold",
    "weekly_counts",
]

EarsMethod = Literal["C1", "C2", "C3"]

#: R ``earsC`` defaults: alpha 0.001 for C1 and C2 (z of about 3), 0.025 for C3 (z of about 2).
EARS_DEFAULT_ALPHA: dict[str, float] = {"C1": 0.001, "C2": 0.001, "C3": 0.025}

# Weeks between the current week and the most recent week of the EARS baseline:
# C1 uses t-7..t-1 (lag 1), C2 and C3 use t-9..t-3 (lag 3, a two-week guard band).
_EARS_LAG = {"C1": 1, "C2": 3}


@dataclass(frozen=True)
class EarlyWarningResult:
    """Upper bounds and alarms for every week of every series.

    ``upperbound`` has the shape of the input counts and is NaN where the
    method could not be evaluated (too little history, or C3's undefined
    zero-variance case). ``alarm`` is True only where the observed count is
    strictly greater than a defined bound; it is False wherever the bound is NaN.
    """

    method: str
    alpha: float
    upperbound: NDArray[np.float64]
    alarm: NDArray[np.bool_]

    @property
    def evaluated(self) -> NDArray[np.bool_]:
        """True where a bound was computed."""
        return np.asarray(~np.isnan(self.upperbound))


@dataclass(frozen=True)
class CountThresholdResult(EarlyWarningResult):
    """Result of :func:`negative_binomial_threshold`, with the settings it used.

    Beyond the bound and alarm, and computed only when first asked for (they
    are four more arrays the size of the input): the baseline mean and sample
    variance of each week's window, whether the negative binomial (True) or
    the Poisson (False) was used, and whether the week passed the few-cases rule.
    """

    counts: NDArray[np.float64]
    baseline: int
    guard: int
    min_recent_cases: int
    recent_weeks: int

    @cached_property
    def _moments(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        lag, length = self.guard + 1, self.baseline
        return _blockwise(  # type: ignore[return-value]
            self.counts,
            lambda block: _lagged_window_moments(block, lag=lag, length=length, whole=True),
        )

    @property
    def baseline_mean(self) -> NDArray[np.float64]:
        """Mean of each week's baseline window (NaN without a full window)."""
        return self._moments[0]

    @property
    def baseline_variance(self) -> NDArray[np.float64]:
        """Sample variance (divisor n-1) of each week's baseline window."""
        return self._moments[1]

    @cached_property
    def negative_binomial(self) -> NDArray[np.bool_]:
        """True where the baseline was over-dispersed and the negative binomial was used."""
        return np.asarray(self.baseline_variance > self.baseline_mean)

    @cached_property
    def enough_recent_cases(self) -> NDArray[np.bool_]:
        """True where the weeks ending with this one hold at least ``min_recent_cases`` cases."""
        weeks, cases = self.recent_weeks, self.min_recent_cases
        return _blockwise(self.counts, lambda block: (_recent_total(block, weeks) >= cases,))[0]


# --------------------------------------------------------------------------- validation


def _as_counts(counts: ArrayLike, *, integer: bool = False) -> tuple[NDArray[np.float64], bool]:
    """Return ``counts`` as float64 with time on the last axis, and whether all are whole numbers.

    Raises ValueError for anything that is not a finite, non-negative count
    (and, with ``integer``, for fractions).
    """
    try:
        raw = np.asarray(counts)
        x = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Weekly counts must be numbers; could not read them ({exc}).") from exc
    if x.ndim == 0:
        raise ValueError(
            "Weekly counts must be a series (1-D) or series x weeks (2-D), not a single number."
        )
    if not np.isfinite(x).all():
        bad = int(np.size(x) - np.count_nonzero(np.isfinite(x)))
        raise ValueError(
            f"Weekly counts must all be finite numbers; {bad} value(s) are missing or infinite. "
            "Weeks with no incidents should be 0, not blank."
        )
    if (x < 0).any():
        raise ValueError(
            f"Weekly counts cannot be negative; {int((x < 0).sum())} value(s) are below 0."
        )
    whole = raw.dtype.kind in "iub" or bool(np.array_equal(x, np.trunc(x)))
    if integer and not whole:
        raise ValueError("Weekly counts must be whole numbers for a count model.")
    return x, whole


def _check_alpha(alpha: float) -> float:
    try:
        alpha = float(alpha)
    except (TypeError, ValueError):
        raise ValueError(f"alpha must be a number between 0 and 1; got {alpha!r}.") from None
    if not (0.0 < alpha < 1.0):
        raise ValueError(f"alpha must lie strictly between 0 and 1; got {alpha}.")
    return alpha


def _check_baseline(baseline: int, minimum: int) -> int:
    if isinstance(baseline, bool) or int(baseline) != baseline or baseline < minimum:
        raise ValueError(
            f"baseline must be a whole number of weeks, at least {minimum}; got {baseline}."
        )
    return int(baseline)


# --------------------------------------------------------------------------- windows


def _lagged_window_moments(
    x: NDArray[np.float64], *, lag: int, length: int, whole: bool
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mean and sample variance of ``x[..., t-lag-length+1 : t-lag+1]`` for every week ``t``.

    Weeks without a full window get NaN. The variance has divisor
    ``length - 1``, as R's ``var`` and ``sd``. For whole-number counts
    (``whole``) small enough that every running sum is exact in float64, the
    window sums S1 and sums of squares S2 come from cumulative sums and the
    variance from the exact integer ``length*S2 - S1^2`` divided once, so it
    is correctly rounded, a constant window gives exactly 0 and a variance
    equal to the mean is recognised as such. Otherwise the window is summed
    from ``length`` shifted slices with a two-pass variance. Either way memory
    is a few arrays the size of ``x``.
    """
    n = x.shape[-1]
    mean = np.full(x.shape, np.nan)
    variance = np.full(x.shape, np.nan)
    first = lag + length - 1  # first week with a full window
    m = n - first
    if m <= 0:
        return mean, variance
    largest = float(x.max()) if x.size else 0.0
    if whole and (largest * largest + 1.0) * n * length < 2.0**53:
        padded = (*x.shape[:-1], n + 1)
        running = np.zeros(padded)
        np.cumsum(x, axis=-1, out=running[..., 1:])
        sums = running[..., first - lag + 1 : n - lag + 1] - running[..., :m]
        np.cumsum(x * x, axis=-1, out=running[..., 1:])
        squares = running[..., first - lag + 1 : n - lag + 1] - running[..., :m]
        mean[..., first:] = sums / length
        squares *= length
        squares -= sums * sums
        squares /= length * (length - 1)
        variance[..., first:] = squares
        return mean, variance
    slices = [x[..., first - lag - j : first - lag - j + m] for j in range(length)]
    total = np.zeros((*x.shape[:-1], m))
    for s in slices:
        total += s
    window_mean = total / length
    deviations = np.zeros_like(window_mean)
    for s in slices:
        deviations += (s - window_mean) ** 2
    mean[..., first:] = window_mean
    variance[..., first:] = deviations / (length - 1)
    return mean, variance


# Series are processed in blocks of about this many cells, so that the
# temporaries of each step stay in cache: on a 2-core machine this halves
# the time for all wards of England and Wales against one whole-array pass.
_BLOCK_CELLS = 1 << 16


def _blockwise(
    x: NDArray[np.float64], kernel: Callable[[NDArray[np.float64]], tuple[NDArray[Any], ...]]
) -> tuple[NDArray[Any], ...]:
    """Apply ``kernel`` (series x weeks -> arrays of the same shape) to blocks of series.

    Every result has the shape of ``x``; the kernel must treat each series
    (row) independently, so blocking changes nothing but speed.
    """
    n = x.shape[-1]
    rows = int(np.prod(x.shape[:-1]))
    flat = x.reshape(rows, n)
    step = max(1, _BLOCK_CELLS // max(n, 1))
    first = kernel(flat[:step])
    outputs = [np.empty((rows, n), dtype=part.dtype) for part in first]
    for out, part in zip(outputs, first, strict=True):
        out[:step] = part
    for start in range(step, rows, step):
        for out, part in zip(outputs, kernel(flat[start : start + step]), strict=True):
            out[start : start + step] = part
    return tuple(out.reshape(x.shape) for out in outputs)


# --------------------------------------------------------------------------- EARS


def _ears_c1_c2(
    method: Literal["C1", "C2"], counts: ArrayLike, alpha: float, baseline: int, min_sigma: float
) -> EarlyWarningResult:
    x, whole = _as_counts(counts)
    alpha = _check_alpha(alpha)
    baseline = _check_baseline(baseline, 3)
    min_sigma = _check_min_sigma(min_sigma)
    z = float(stats.norm.ppf(1.0 - alpha))
    lag = _EARS_LAG[method]

    def kernel(block: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        mean, variance = _lagged_window_moments(block, lag=lag, length=baseline, whole=whole)
        bound = mean + z * np.maximum(np.sqrt(variance), min_sigma)
        with np.errstate(invalid="ignore"):
            return bound, block > bound

    bound, alarm = _blockwise(x, kernel)
    return EarlyWarningResult(method=method, alpha=alpha, upperbound=bound, alarm=alarm)


def _check_min_sigma(min_sigma: float) -> float:
    min_sigma = float(min_sigma)
    if not (np.isfinite(min_sigma) and min_sigma >= 0):
        raise ValueError(f"min_sigma must be a finite number of at least 0; got {min_sigma}.")
    return min_sigma


def ears_c1(
    counts: ArrayLike,
    *,
    alpha: float = EARS_DEFAULT_ALPHA["C1"],
    baseline: int = 7,
    min_sigma: float = 0.0,
) -> EarlyWarningResult:
    """EARS C1: is this week above the mean plus z standard deviations of the last ``baseline`` weeks?

    For week t, with the baseline the ``baseline`` weeks t-7..t-1 (default 7)::

        upperbound_t = mean(baseline) + z_{1-alpha} * max(sd(baseline), min_sigma)
        alarm_t      = observed_t > upperbound_t          (strictly)

    where sd is the sample standard deviation (divisor n-1) and z the standard
    normal quantile. Source: Hutwagner et al. (2003), J Urban Health 80:i89;
    Fricker et al. (2008), Stat Med 27:3407; implemented exactly as R
    ``surveillance::earsC(method = "C1")`` (R/earsC.R), whose defaults are
    used here (alpha 0.001, baseline 7, minSigma 0).

    Edge cases: the first ``baseline`` weeks have no full baseline, so their
    bound is NaN and they never alarm (R refuses such a range outright). A
    baseline of identical counts has sd 0, so the bound is that count and any
    higher count alarms; ``min_sigma`` > 0 widens such bounds. As in R, the
    bound is not clamped at 0; it can only fall below 0 when alpha > 0.5.

    ``counts`` is 1-D (one series) or any array with weeks on the last axis;
    values must be finite and non-negative.
    """
    return _ears_c1_c2("C1", counts, alpha, baseline, min_sigma)


def ears_c2(
    counts: ArrayLike,
    *,
    alpha: float = EARS_DEFAULT_ALPHA["C2"],
    baseline: int = 7,
    min_sigma: float = 0.0,
) -> EarlyWarningResult:
    """EARS C2: as C1, but the baseline is weeks t-9..t-3, leaving a two-week guard band.

    The guard band keeps the first weeks of a slowly building rise out of the
    baseline that judges them. Formula, sources and edge cases as
    :func:`ears_c1`; implemented exactly as R
    ``surveillance::earsC(method = "C2")`` (R/earsC.R). The first
    ``baseline + 2`` weeks have a NaN bound.
    """
    return _ears_c1_c2("C2", counts, alpha, baseline, min_sigma)


def ears_c3(
    counts: ArrayLike,
    *,
    alpha: float = EARS_DEFAULT_ALPHA["C3"],
    baseline: int = 7,
    min_sigma: float = 0.0,
) -> EarlyWarningResult:
    """EARS C3: C2's statistic accumulated over the two previous weeks.

    With C2_s = (observed_s - mean_s) / max(sd_s, min_sigma) the C2 statistic of
    week s (baseline s-9..s-3) and (v)+ = max(0, v), R's
    ``surveillance::earsC(method = "C3")`` (R/earsC.R) sets::

        S_t          = (C2_{t-1} - 1)+ + (C2_{t-2} - 1)+
        upperbound_t = max(0, observed_t + max(sd_t, min_sigma) * (z_{1-alpha} - S_t))
        alarm_t      = observed_t > upperbound_t          (strictly)

    This follows Hutwagner et al. (2003) and Fricker et al. (2008), where C3
    sums (C2 - 1)+ over weeks t, t-1 and t-2; the R bound is the form used
    here, reproduced exactly (pinned against R 1.20.3 in the tests). Reading
    it plainly: when sd_t > 0 a week alarms exactly when it has at least one
    case and the two previous weeks' excess S_t exceeds z, so C3 confirms a
    rise that C2 saw in the last two weeks; the current week's own size enters
    only through the bound's value. R's default alpha is 0.025 (z of about 2).

    Edge cases, all as R (which returns NA where this returns NaN):
    the first ``baseline + 4`` weeks have a NaN bound. A bound below 0 is
    clamped to 0, so a week with 0 observed never alarms (2011 week 17 of the
    salmNewport data). With ``min_sigma`` = 0 and a constant baseline (sd 0,
    common for sparse ward counts) the C2 statistic is 0/0 or x/0: a lagged
    0/0 makes the bound NaN (no alarm); a lagged x/0 is +infinity, giving a
    bound of 0 (alarm if any case) when sd_t > 0 and NaN when sd_t = 0. Set
    ``min_sigma`` > 0 to keep C3 defined on sparse series.
    """
    x, whole = _as_counts(counts)
    alpha = _check_alpha(alpha)
    baseline = _check_baseline(baseline, 3)
    min_sigma = _check_min_sigma(min_sigma)
    z = float(stats.norm.ppf(1.0 - alpha))

    def kernel(block: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        mean, variance = _lagged_window_moments(
            block, lag=_EARS_LAG["C2"], length=baseline, whole=whole
        )
        sigma = np.maximum(np.sqrt(variance), min_sigma)
        with np.errstate(divide="ignore", invalid="ignore"):
            c2 = (block - mean) / sigma
            excess = np.full(block.shape, np.nan)
            excess[..., 2:] = np.maximum(0.0, c2[..., 1:-1] - 1.0)  # lag 1
            excess[..., 2:] += np.maximum(0.0, c2[..., :-2] - 1.0)  # lag 2
            bound = np.maximum(0.0, block + sigma * (z - excess))
            return bound, block > bound

    bound, alarm = _blockwise(x, kernel)
    return EarlyWarningResult(method="C3", alpha=alpha, upperbound=bound, alarm=alarm)


def ears(
    counts: ArrayLike,
    method: EarsMethod = "C1",
    *,
    alpha: float | None = None,
    baseline: int = 7,
    min_sigma: float = 0.0,
) -> EarlyWarningResult:
    """Run EARS C1, C2 or C3 by name, with R ``earsC``'s per-method default alpha when none is given.

    See :func:`ears_c1`, :func:`ears_c2` and :func:`ears_c3` for the formulas
    and sources (R ``surveillance::earsC``, R/earsC.R).
    """
    functions = {"C1": ears_c1, "C2": ears_c2, "C3": ears_c3}
    if method not in functions:
        raise ValueError(f"method must be one of C1, C2 or C3; got {method!r}.")
    chosen_alpha = EARS_DEFAULT_ALPHA[method] if alpha is None else alpha
    return functions[method](counts, alpha=chosen_alpha, baseline=baseline, min_sigma=min_sigma)


# --------------------------------------------------------------------------- count model

# Below this log-probability of a count of 0 the pmf recursion would start
# from an underflowed 0 (Poisson means above about 700); such cells are
# handed to scipy instead.
_LOG_PMF0_FLOOR = -700.0
# Cells whose cumulative probability lands this close to the target level
# are re-checked with scipy, so rounding in the running sum cannot move a
# bound by one across a near-tie.
_TIE_TOLERANCE = 1e-9


def _count_upper_quantile(
    mean: NDArray[np.float64], variance: NDArray[np.float64], level: float
) -> NDArray[np.float64]:
    """Smallest k with P(X <= k) >= level for X ~ NB(mean, variance), or Poisson(mean) when variance <= mean.

    The negative binomial with mean m and variance v > m has size r = m^2/(v-m)
    and probability p = m/v (scipy's ``nbinom(r, p)``); the Poisson is its
    limit as v falls to m. Both satisfy pmf(k+1) = pmf(k) * (a*k + b)/(k+1) with
    a = 1 - m/v, b = m^2/v for the negative binomial and a = 0, b = m for the
    Poisson, starting from pmf(0) = p^r or exp(-m). The cumulative sum is run
    over all cells at once until each passes ``level``, which for weekly ward
    counts takes only a handful of steps. This is the definition of
    ``scipy.stats.nbinom.ppf`` / ``poisson.ppf`` (and R's ``qnbinom`` /
    ``qpois``); cells where the recursion could underflow or lands within
    1e-9 of ``level`` are computed by scipy itself. NaN in gives NaN out.
    """
    out = np.full(mean.shape, np.nan)
    defined = ~np.isnan(mean)
    m = mean[defined]
    v = variance[defined]
    nb = v > m
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(nb, 1.0 - m / v, 0.0)
        b = np.where(nb, m * m / v, m)
        log_pmf0 = np.where(nb, (m * m / (v - m)) * np.log(m / v), -m)
    quantile = np.zeros(m.shape)  # a mean of 0 is Poisson(0): the quantile is 0
    via_scipy = log_pmf0 < _LOG_PMF0_FLOOR

    # q counts the k with P(X <= k) < level, which is the quantile once P(X <= k)
    # reaches level. Finished cells are dropped whenever they are half the batch.
    index = np.flatnonzero(~via_scipy & (m > 0))
    pmf = np.exp(log_pmf0[index])
    cdf = pmf.copy()
    a_act, b_act = a[index], b[index]
    q = np.zeros(index.size)
    near = np.abs(cdf - level) < _TIE_TOLERANCE
    step = np.empty(index.size)
    k = 0
    while index.size:
        below = cdf < level
        q += below
        n_below = int(np.count_nonzero(below))
        if k % 32 == 31:
            # Past the mode the pmf shrinks; if it underflows to 0 before the sum
            # reaches the level (a level very close to 1), rounding has stalled it.
            stalled = below & (pmf == 0.0)
            if stalled.any():
                via_scipy[index[stalled]] = True
                below &= ~stalled
                n_below = int(np.count_nonzero(below))
        if 2 * n_below <= index.size:
            finished = ~below
            quantile[index[finished]] = q[finished]
            via_scipy[index[finished & near]] = True
            index, pmf, cdf, q, near = index[below], pmf[below], cdf[below], q[below], near[below]
            a_act, b_act, step = a_act[below], b_act[below], step[below]
            if not index.size:
                break
        np.multiply(a_act, k, out=step)
        step += b_act
        step /= k + 1
        pmf *= step
        cdf += pmf
        near |= np.abs(cdf - level) < _TIE_TOLERANCE
        k += 1

    if via_scipy.any():
        nb_s = via_scipy & nb
        po_s = via_scipy & ~nb
        quantile[nb_s] = stats.nbinom.ppf(
            level, m[nb_s] ** 2 / (v[nb_s] - m[nb_s]), m[nb_s] / v[nb_s]
        )
        quantile[po_s] = stats.poisson.ppf(level, m[po_s])
    out[defined] = quantile
    return out


def negative_binomial_threshold(
    counts: ArrayLike,
    *,
    alpha: float = 0.01,
    baseline: int = 52,
    guard: int = 0,
    min_recent_cases: int = 5,
    recent_weeks: int = 4,
) -> CountThresholdResult:
    """Flag weeks above the upper (1 - alpha) quantile of a negative binomial fitted to the baseline.

    What it does, for week t:

    1. Baseline: the ``baseline`` weeks ending ``guard`` weeks before t
       (t-guard-baseline .. t-guard-1; default the 52 weeks t-52..t-1, a
       whole year so seasonal highs and lows both count).
    2. Fit by the method of moments: m = mean, v = sample variance (divisor
       n-1). If v > m, a negative binomial with mean m and variance v, i.e.
       size r = m^2/(v - m) and probability p = m/v (``scipy.stats.nbinom(r, p)``,
       R ``dnbinom(size = r, prob = p)``). If v <= m (no over-dispersion,
       including an all-zero baseline), a Poisson with mean m. The moments
       are computed exactly from whole-number sums, so a baseline whose
       variance equals its mean gets the Poisson; a rolling variance with
       rounding error would pick a negative binomial of size about 1e15,
       whose scipy quantile can be one too high.
    3. Bound: the smallest count k with P(X <= k) >= 1 - alpha, so that
       P(X > bound) <= alpha: ``nbinom.ppf`` / ``poisson.ppf``, computed for
       all cells at once by the pmf recursion in ``_count_upper_quantile``.
    4. Alarm iff observed > bound (strictly) and at least
       ``min_recent_cases`` cases were reported in the ``recent_weeks`` weeks
       ending with t. This is Farrington et al. (1996)'s rule, R
       ``farringtonFlexible``'s ``limit54 = c(5, 4)``, which keeps a single
       case after months of none from raising an alarm. Set
       ``min_recent_cases=0`` to switch it off.

    Sources: the negative-binomial quantile threshold is the "nbPlugin"
    threshold of Noufaily et al. (2013), Stat Med 32:1206-1222 (R
    ``surveillance::farringtonFlexible(thresholdMethod = "nbPlugin")``),
    here with the mean and dispersion taken from a rolling baseline's moments
    rather than a quasi-Poisson GLM with trend and seasonal terms; the
    few-cases rule is Farrington et al. (1996), J R Stat Soc A 159:547-563.
    The quantile is checked against ``scipy.stats.nbinom.ppf`` and
    ``scipy.stats.poisson.ppf`` on moments computed independently with the
    standard library in the tests.

    Edge cases: weeks without a full baseline get NaN bounds and no alarm.
    An all-zero baseline fits Poisson(0), whose bound is 0, so any case is
    above it; the few-cases rule then decides (one case after a quiet year is
    not an alarm by default; five in four weeks is). Unlike farringtonFlexible,
    which blanks the bound when the rule fails, the bound is kept and only the
    alarm is suppressed (see ``enough_recent_cases``). The default alpha of
    0.01 is a Cohesion choice: a council watches many ward x category series
    each week, so a stricter level than farringtonFlexible's 0.05 keeps false
    alarms few.

    ``counts`` must hold finite, non-negative whole numbers, weeks on the last axis.
    """
    x, _ = _as_counts(counts, integer=True)
    alpha = _check_alpha(alpha)
    baseline = _check_baseline(baseline, 2)
    if isinstance(guard, bool) or int(guard) != guard or guard < 0:
        raise ValueError(f"guard must be a whole number of weeks, at least 0; got {guard}.")
    if int(min_recent_cases) != min_recent_cases or min_recent_cases < 0:
        raise ValueError(
            f"min_recent_cases must be a whole number, at least 0; got {min_recent_cases}."
        )
    if int(recent_weeks) != recent_weeks or recent_weeks < 1:
        raise ValueError(f"recent_weeks must be a whole number, at least 1; got {recent_weeks}.")

    lag, level, weeks, cases = int(guard) + 1, 1.0 - alpha, int(recent_weeks), min_recent_cases

    def kernel(block: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
        mean, variance = _lagged_window_moments(block, lag=lag, length=baseline, whole=True)
        bound = _count_upper_quantile(mean, variance, level)
        with np.errstate(invalid="ignore"):
            alarm = (block > bound) & (_recent_total(block, weeks) >= cases)
        return bound, alarm

    bound, alarm = _blockwise(x, kernel)
    if np.may_share_memory(x, counts):
        x = x.copy()  # the result keeps the counts; the caller's array may change later
    x.flags.writeable = False
    return CountThresholdResult(
        method="negative_binomial",
        alpha=alpha,
        upperbound=bound,
        alarm=alarm,
        counts=x,
        baseline=baseline,
        guard=int(guard),
        min_recent_cases=int(min_recent_cases),
        recent_weeks=weeks,
    )


def _recent_total(block: NDArray[np.float64], weeks: int) -> NDArray[np.float64]:
    """Cases in the ``weeks`` weeks ending with each week; weeks before the first count as 0.

    Counting the missing early weeks as 0 lets an early burst still pass the few-cases rule.
    """
    total = block.copy()
    for j in range(1, weeks):
        total[..., j:] += block[..., : block.shape[-1] - j]
    return total


# --------------------------------------------------------------------------- weekly counts


def weekly_counts(
    records: pd.DataFrame,
    *,
    date: str = "date",
    area: str = "area",
    category: str = "category",
    areas: Sequence[Any] | None = None,
    categories: Sequence[Any] | None = None,
    start: Any = None,
    end: Any = None,
    timezone: str = "Europe/London",
) -> pd.DataFrame:
    """Count incident records per (area, category) and ISO week, with every week present.

    Returns a frame with one row per (area, category) pair, the full product
    of ``areas`` x ``categories`` (default: those seen in ``records``, sorted),
    and one column per week, labelled by the week's Monday
    (``DatetimeIndex`` named ``week_start``), from the week of ``start`` (or
    of the earliest record) to the week of ``end`` (or of the latest record).
    Weeks and pairs with no records hold 0. ``frame.to_numpy()`` is the
    series x weeks array the early-warning functions take; reshape it to
    ``(len(areas), len(categories), n_weeks)`` for a cube.

    Weeks are ISO 8601 weeks, Monday to Sunday (as ISO week numbers and R
    ``surveillance``'s weekly ``sts`` objects). Timestamps with a time zone are
    first converted to ``timezone`` (default UK time), so an incident at 23:30
    on a Sunday in summer falls in that Sunday's week; naive timestamps are
    taken as local already.

    Raises ValueError for a missing column, a blank date, area or category,
    an unreadable date, or a record outside the given ``areas``,
    ``categories`` or ``start``..``end``: records are never dropped silently.
    """
    for column in (date, area, category):
        if column not in records.columns:
            raise ValueError(f"The records have no {column!r} column.")
    blank = records[[date, area, category]].isna().any(axis=1)
    if blank.any():
        raise ValueError(f"{int(blank.sum())} record(s) have a blank {date}, {area} or {category}.")
    try:
        when = pd.to_datetime(records[date], format="ISO8601")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Could not read the {date!r} column as dates ({exc}).") from exc
    if isinstance(when.dtype, pd.DatetimeTZDtype):
        when = when.dt.tz_convert(timezone).dt.tz_localize(None)
    day = when.dt.normalize()
    week = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).astype("datetime64[ns]")

    area_labels = list(pd.unique(records[area])) if areas is None else list(areas)
    category_labels = list(pd.unique(records[category])) if categories is None else list(categories)
    if areas is None:
        area_labels.sort()
    if categories is None:
        category_labels.sort()
    for column, labels, name in (
        (area, area_labels, "areas"),
        (category, category_labels, "categories"),
    ):
        unknown = ~records[column].isin(labels)
        if unknown.any():
            raise ValueError(
                f"{int(unknown.sum())} record(s) have a {column} not in the given {name}, "
                f"e.g. {records.loc[unknown, column].iloc[0]!r}."
            )

    first = _week_of(start, timezone) if start is not None else (week.min() if len(week) else None)
    last = _week_of(end, timezone) if end is not None else (week.max() if len(week) else None)
    if first is None or last is None:
        raise ValueError("There are no records, so give start and end to say which weeks to count.")
    outside = pd.Series(False, index=week.index)
    if start is not None:
        outside |= week < first
    if end is not None:
        outside |= week > last
    if outside.any():
        raise ValueError(
            f"{int(outside.sum())} record(s) fall outside the weeks {first.date()} to {last.date()}."
        )
    if last < first:
        raise ValueError(f"end ({end}) is before start ({start}).")

    weeks = pd.date_range(first, last, freq="7D", name="week_start").astype("datetime64[ns]")
    rows = pd.MultiIndex.from_product([area_labels, category_labels], names=[area, category])
    table = (
        pd.DataFrame(
            {
                area: records[area].to_numpy(),
                category: records[category].to_numpy(),
                "week_start": week.to_numpy(),
            }
        )
        .groupby([area, category, "week_start"], sort=False)
        .size()
        .unstack("week_start", fill_value=0)
    )
    return table.reindex(index=rows, columns=weeks, fill_value=0).astype(np.int64)


def _week_of(value: Any, timezone: str) -> pd.Timestamp:
    """The Monday (midnight) of the ISO week containing ``value`` (converted to ``timezone`` if aware)."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(timezone).tz_localize(None)
    day = stamp.normalize()
    return pd.Timestamp(day - pd.Timedelta(days=day.day_of_week)).as_unit("ns")


# --------------------------------------------------------------------------- improved Farrington


@dataclass(frozen=True)
class FarringtonResult(EarlyWarningResult):
    """Result of :func:`farrington_flexible`: bounds and alarms, and what the model behind each was.

    ``expected`` is the model's mean for the week (R's ``mu0Vector``),
    ``phi`` its dispersion (at least 1, R's ``phiVector``) and ``trend`` True
    where the time trend was kept (R's ``trend``). All are NaN (``trend``
    False) for weeks not judged: the first ``first_judged`` weeks, and weeks
    whose model could not be fitted.
    """

    expected: NDArray[np.float64]
    phi: NDArray[np.float64]
    trend: NDArray[np.bool_]
    first_judged: int


@dataclass(frozen=True)
class _GlmFit:
    coef: NDArray[np.float64]
    mu: NDArray[np.float64]
    working_weights: NDArray[np.float64]
    unscaled_cov: NDArray[np.float64]
    hat: NDArray[np.float64]
    converged: bool


def _glm_quasipoisson(
    x: NDArray[np.float64], y: NDArray[np.float64], prior: NDArray[np.float64]
) -> _GlmFit:
    """A quasi-Poisson GLM with log link, fitted exactly as R's ``glm.fit`` does it.

    Same start (mu = y + 0.1), same iteratively reweighted least squares,
    same stopping rule (relative change in deviance below 1e-8, at most 25
    iterations), and, as R, the working weights, the unscaled covariance and
    the hat values come from the last least-squares step, before its update
    of mu. Matching R's iterations, not only its limit, is what makes the
    bounds agree with R to many digits when R stops short of full convergence.
    """

    def deviance(mu: NDArray[np.float64]) -> float:
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(y > 0, y * np.log(y / mu) - (y - mu), mu)
        return float(2.0 * np.sum(prior * terms))

    mu = y + 0.1
    eta = np.log(mu)
    dev_old = deviance(mu)
    converged = False
    q = r = None
    w = np.sqrt(prior * mu)
    for _iteration in range(25):
        z = eta + (y - mu) / mu
        w = np.sqrt(prior * mu)
        q, r = np.linalg.qr(x * w[:, None])
        coef = np.linalg.solve(r, q.T @ (z * w))
        eta = x @ coef
        mu = np.exp(eta)
        dev = deviance(mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-8:
            converged = True
            break
        dev_old = dev
    assert q is not None and r is not None
    r_inv = np.linalg.inv(r)
    return _GlmFit(
        coef=coef,
        mu=mu,
        working_weights=w * w,
        unscaled_cov=r_inv @ r_inv.T,
        hat=np.sum(q * q, axis=1),
        converged=converged,
    )


def _dispersion(y: NDArray[np.float64], fit: _GlmFit, weights: NDArray[np.float64]) -> float:
    """R ``summary.glm``'s dispersion: sum(weights * working residual^2) / residual df."""
    residuals = (y - fit.mu) / fit.mu
    df = y.size - fit.coef.size
    return float(np.sum((weights * residuals**2)[weights > 0]) / df) if df > 0 else np.nan


def _farrington_fit(
    x: NDArray[np.float64], y: NDArray[np.float64], threshold: float
) -> tuple[_GlmFit, float, NDArray[np.float64]] | None:
    """R ``algo.farrington.fitGLM.flexible`` with reweighting: the fit, phi and the prior weights.

    None when the model has more parameters than it has periods, or fewer
    independent columns (R would drop aliased ones), when the first fit does
    not converge, or when the reweighting is undefined (a week alone in its
    seasonal level has hat value 1; R stops with an error there).
    """
    if x.shape[0] <= x.shape[1] or np.linalg.matrix_rank(x) < x.shape[1]:
        return None
    first = _glm_quasipoisson(x, y, np.ones_like(y))
    if not first.converged:
        return None
    phi = max(_dispersion(y, first, first.working_weights), 1.0)
    leverage = 1.0 - first.hat
    if not (np.all(leverage > 1e-10) and np.isfinite(phi)):
        return None
    anscombe = 1.5 * (y ** (2 / 3) * first.mu ** (-1 / 6) - np.sqrt(first.mu))
    anscombe /= np.sqrt(phi * leverage)
    high = anscombe > threshold
    inverse_square = np.ones_like(anscombe)
    inverse_square[high] = anscombe[high] ** -2.0
    gamma = y.size / np.sum(inverse_square)
    omega = gamma * inverse_square
    model = _glm_quasipoisson(x, y, omega)
    return model, max(_dispersion(y, model, model.working_weights), 1.0), omega


def _farrington_blocks(
    k: int, n: int, *, freq: int, years: int, window: int, periods: int
) -> NDArray[np.float64]:
    """R ``surveillance:::blocks``: the seasonal level of each period (1-based k), NaN outside.

    The window of ``window`` periods either side of the same period in each
    of the ``years`` previous years, and the current period with the
    ``window`` before it, are level ``periods``; the rest of each year is cut
    into ``periods - 1`` blocks, levels 1 to ``periods - 1``.
    """
    levels = np.full(n + 1, np.nan)  # index 0 unused: positions are R's 1-based ones
    levels[k - window : k + 1] = periods
    for i in range(1, years + 1):
        ref = k - i * freq
        levels[ref - window : ref + window + 1] = periods
        if periods != 1:
            span = freq - 2 * window - 1
            size, rest = divmod(span, periods - 1)
            lengths = [size + (1 if j < rest else 0) for j in range(periods - 1)]
            edges = np.concatenate([[0], np.cumsum(lengths)])
            for j in range(1, periods):
                start = ref + window + 1 + int(edges[j - 1])
                end = ref + window + 1 + int(edges[j]) - 1
                low, high = (start, end) if end >= start else (end, start)  # R's start:end
                levels[low : high + 1] = j
    return levels[1:]


def _farrington_one(
    y_all: NDArray[np.float64],
    k: int,
    *,
    freq: int,
    years: int,
    window: int,
    periods: int,
    excluded: int,
    weights_threshold: float,
    trend_p: float,
) -> tuple[float, float, bool] | None:
    """The log-scale expected value, phi and whether the trend was kept, for period k (1-based)."""
    n = y_all.size
    levels = _farrington_blocks(k, n, freq=freq, years=years, window=window, periods=periods)
    levels[max(k - excluded, 1) - 1 : k] = np.nan
    rows = np.flatnonzero(~np.isnan(levels))
    y = y_all[rows]
    wtime = (rows + 1).astype(np.float64)
    present = np.unique(levels[rows])
    dummies = [(levels[rows] == level).astype(np.float64) for level in present[1:]]
    now = [1.0 if level == periods else 0.0 for level in present[1:]]

    def design(trend: bool) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        columns = [np.ones_like(y), *([wtime] if trend else []), *dummies]
        point = [1.0, *([float(k)] if trend else []), *now]
        return np.column_stack(columns), np.asarray(point)

    x, x0 = design(True)
    fitted = _farrington_fit(x, y, weights_threshold)
    has_trend = True
    if fitted is None:
        x, x0 = design(False)
        fitted = _farrington_fit(x, y, weights_threshold)
        has_trend = False
        if fitted is None:
            return None
    model, phi, omega = fitted
    keep_trend = False
    if has_trend:
        # R keeps the trend only if significant, with at least 3 years of data and
        # no extrapolation beyond the largest count; the p-value's dispersion uses
        # the reweighting's prior weights (R stores them as the model's weights).
        df = y.size - model.coef.size
        dispersion = _dispersion(y, model, omega)
        t_value = model.coef[1] / np.sqrt(dispersion * model.unscaled_cov[1, 1])
        p_value = 2.0 * stats.t.sf(abs(t_value), df)
        no_extrapolation = np.exp(x0 @ model.coef) <= y.max()
        keep_trend = bool(years >= 3 and p_value < trend_p and no_extrapolation)
        if not keep_trend:
            x, x0 = design(False)
            refit = _farrington_fit(x, y, weights_threshold)
            if refit is None:
                return None
            model, phi, omega = refit
    return float(x0 @ model.coef), phi, keep_trend


def farrington_flexible(
    counts: ArrayLike,
    *,
    periods_per_year: int = 52,
    years: int = 5,
    window: int = 3,
    alpha: float = 0.01,
    seasonal_periods: int = 10,
    excluded: int = 26,
    weights_threshold: float = 2.58,
    trend_p: float = 0.05,
    min_recent_cases: int = 5,
    recent_weeks: int = 4,
) -> FarringtonResult:
    """The improved Farrington method: Noufaily et al.'s quasi-Poisson model and negative-binomial bound.

    What it does, for each period t with ``years`` years of history before it:

    1. Baseline: every period from ``years`` years and ``window`` periods
       before t up to t, except the ``excluded`` most recent periods (26 weeks:
       a recent outbreak must not raise its own baseline). The periods within
       ``window`` of t's date in each past year form one seasonal level; the
       rest of each year is cut into ``seasonal_periods - 1`` blocks, each its
       own level (10 levels in all, Noufaily's choice).
    2. Fit a quasi-Poisson GLM with log link, log(mu) = intercept + trend *
       time + level, then down-weight periods whose Anscombe residual exceeds
       ``weights_threshold`` (2.58) and refit, so past outbreaks count less.
       The trend is kept only if its p-value is below ``trend_p``, there are at
       least 3 years of data, and the prediction does not exceed the largest
       baseline count; otherwise the model is refitted without it.
    3. Bound: with mu0 the model's mean for t and phi its dispersion (at
       least 1), the (1 - ``alpha``) quantile of a negative binomial with
       mean mu0 and variance phi * mu0 (size mu0/(phi - 1), probability 1/phi),
       or of Poisson(mu0) when phi is 1.
    4. Alarm iff the count is above the bound, is not 0, and the
       ``recent_weeks`` periods ending with t hold at least
       ``min_recent_cases`` cases (Farrington's 5-in-4 rule; otherwise the
       bound is NaN, as in R).

    Sources: Noufaily A, Enki DG, Farrington P, Garthwaite P, Andrews N,
    Charlett A (2013) "An improved algorithm for outbreak detection in
    multiple surveillance systems", Stat Med 32(7):1206-1222; Farrington CP
    et al. (1996) J R Stat Soc A 159:547-563. Implemented as R
    ``surveillance::farringtonFlexible`` (R/farringtonFlexible.R, version
    1.20.3) with ``noPeriods = 10``, ``populationOffset = FALSE``,
    ``pastWeeksNotIncluded = 26``, ``thresholdMethod = "nbPlugin"``,
    ``reweight = TRUE``, ``weightsThreshold = 2.58``, ``trend = TRUE``,
    ``b = years`` and ``w = window``, on a time index (no dates), including
    R's alarm rule (score (y - log mu0) / (bound - log mu0) above 1). The GLM
    is fitted as R's ``glm.fit`` fits it, step for step; the tests pin the
    bounds, means, dispersions and alarms to R's on real police.uk and
    synthetic series (cohesion/tensions/tests/fixtures/farrington).

    Edge cases: a series shorter than ``years`` years plus ``window + 1``
    periods cannot be judged at all and raises ValueError saying how long it
    must be. Earlier periods of a long enough series get NaN bounds. A period
    whose model cannot be fitted (no convergence, more parameters than
    baseline periods, or a period alone in its seasonal level, where R stops
    with an error) gets a NaN bound and no alarm. Settings whose seasonal
    blocks would be empty are refused. The monthly police.uk series use 2 years, a window of 1 month,
    6 months left out and 4 seasonal levels (with 10, some levels would hold
    a single month).

    ``counts`` is 1-D or series x periods, finite non-negative whole numbers.
    """
    x, _ = _as_counts(counts, integer=True)
    alpha = _check_alpha(alpha)
    for name, value, least in (
        ("periods_per_year", periods_per_year, 1),
        ("years", years, 1),
        ("window", window, 0),
        ("seasonal_periods", seasonal_periods, 1),
        ("excluded", excluded, 0),
        ("recent_weeks", recent_weeks, 1),
        ("min_recent_cases", min_recent_cases, 0),
    ):
        if isinstance(value, bool) or int(value) != value or value < least:
            raise ValueError(f"{name} must be a whole number, at least {least}; got {value}.")
    span = periods_per_year - 2 * window - 1
    if span < 0 or (seasonal_periods > 1 and span < seasonal_periods - 1):
        # R checks only span >= seasonal_periods - (2w + 1) and then overlaps empty blocks.
        raise ValueError(
            f"{seasonal_periods} seasonal periods do not fit in a year of {periods_per_year} "
            f"periods with a window of {window} either side."
        )
    first = periods_per_year * years + window + 1  # R's first period judged, 1-based
    n = x.shape[-1]
    if n < first:
        raise ValueError(
            f"The series is too short for the improved Farrington method: it has {n} periods, "
            f"and judging even one needs {first} ({years} years of {periods_per_year} periods "
            f"back, plus a window of {window} and the period itself). Use a longer history "
            "or fewer years back."
        )
    flat = x.reshape(-1, n)
    shape = flat.shape
    bound = np.full(shape, np.nan)
    expected = np.full(shape, np.nan)
    phis = np.full(shape, np.nan)
    trend = np.zeros(shape, dtype=bool)
    alarm = np.zeros(shape, dtype=bool)
    recent = _recent_total(flat, int(recent_weeks))
    for s in range(shape[0]):
        y_all = flat[s]
        for k in range(first, n + 1):
            fitted = _farrington_one(
                y_all,
                k,
                freq=int(periods_per_year),
                years=int(years),
                window=int(window),
                periods=int(seasonal_periods),
                excluded=int(excluded),
                weights_threshold=float(weights_threshold),
                trend_p=float(trend_p),
            )
            if fitted is None:
                continue
            eta0, phi, kept = fitted
            i = k - 1
            mu0 = float(np.exp(eta0))
            expected[s, i], phis[s, i], trend[s, i] = mu0, phi, kept
            if not np.isfinite(mu0) or recent[s, i] < min_recent_cases:
                continue
            if phi > 1:
                upper = float(stats.nbinom.ppf(1 - alpha, mu0 / (phi - 1), 1 / phi))
            else:
                upper = float(stats.poisson.ppf(1 - alpha, mu0))
            bound[s, i] = upper
            observed = y_all[i]
            with np.errstate(divide="ignore", invalid="ignore"):
                score = (observed - eta0) / (upper - eta0)
            alarm[s, i] = bool(score > 1 and observed != 0)
    return FarringtonResult(
        method="farrington_flexible",
        alpha=alpha,
        upperbound=bound.reshape(x.shape),
        alarm=alarm.reshape(x.shape),
        expected=expected.reshape(x.shape),
        phi=phis.reshape(x.shape),
        trend=trend.reshape(x.shape),
        first_judged=first - 1,
    )
