"""How often an early-warning method cries wolf, and how often it catches a real spike.

An officer can only trust alerts that are few and mostly real. This module
measures both for any early-warning method (the functions of
:mod:`cohesion.tensions.calculations.early_warning`) on data where the truth is
known, the way the methods' own authors compared them:

1. :func:`fit_seasonal_rates` fits each real series a trend-free rate with
   one yearly harmonic, log mu_t = a + b cos(2 pi t / P) + c sin(2 pi t / P),
   by a Poisson GLM (log link) with quasi-Poisson dispersion
   phi = max(1, Pearson X^2 / (n - p)).
2. :func:`simulate_counts` draws spike-free series from that model: negative
   binomial with mean mu_t and variance phi * mu_t when phi > 1, Poisson
   otherwise. This is the simulation design of Noufaily et al. (2013), section
   3 (negative-binomial baselines with Fourier seasonality; here without their
   trend, so that every alarm on the simulated data is a false one).
3. :func:`calibrate` runs a method over the simulated series and counts its
   alarms in the periods it judges (false alarms), then adds one spike to each
   series at a random judged period and counts how many of those periods it
   flags (detection). A spike adds ``max(2 mu_t, 5)`` cases (rounded up), so the
   period's expected count is three times its baseline mean, and at least five
   more than it.

Sources: Noufaily A, Enki DG, Farrington P, Garthwaite P, Andrews N, Charlett A
(2013) "An improved algorithm for outbreak detection in multiple surveillance
systems", Stat Med 32(7):1206-1222 (simulated baselines, false-positive rate
and probability of detection as the two measures); McCullagh P, Nelder JA
(1989) Generalized Linear Models, 2nd ed., section 4.5 (quasi-Poisson
dispersion from Pearson's statistic). The GLM is fitted by
:func:`cohesion.tensions.calculations.early_warning._glm_quasipoisson`, the
same iteratively reweighted least squares as R's ``glm.fit``.

Everything is pure and seeded: the same seed gives the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cohesion.tensions.calculations.early_warning import (
    EarlyWarningResult,
    _as_counts,
    _glm_quasipoisson,
)

__all__ = [
    "Calibration",
    "RateModel",
    "calibrate",
    "choose_setting",
    "fit_seasonal_rates",
    "simulate_counts",
    "spike_size",
]

#: An officer should see at most about one false alert per area a quarter, across categories ...
MAX_FALSE_ALERTS_PER_QUARTER = 1.0
#: ... while catching at least this share of spikes of three times the baseline mean.
MIN_DETECTION = 0.9

# Below this many cases in all, or with fewer non-zero periods than the model has
# coefficients, a seasonal fit is not identified: the series gets a flat rate.
_MIN_CASES_FOR_SEASON = 10


@dataclass(frozen=True)
class RateModel:
    """Each series' fitted rate: log mu_t = a + b cos(2 pi t / P) + c sin(2 pi t / P), and its dispersion.

    ``coef`` is series x 3 (a, b, c); a is minus infinity for a series of
    zeros (its rate is 0). ``phi`` is at least 1. Period t = 0 is the first
    period of the series fitted, so simulated series start at the same point
    of the year.
    """

    coef: NDArray[np.float64]
    phi: NDArray[np.float64]
    periods_per_year: int

    def mean(self, n_periods: int) -> NDArray[np.float64]:
        """The rate of every series for periods 0 .. n_periods - 1 (series x periods)."""
        angle = 2.0 * np.pi * np.arange(n_periods) / self.periods_per_year
        with np.errstate(invalid="ignore"):
            eta = (
                self.coef[:, :1]
                + self.coef[:, 1:2] * np.cos(angle)
                + self.coef[:, 2:3] * np.sin(angle)
            )
        return np.exp(np.nan_to_num(eta, nan=-np.inf))


def fit_seasonal_rates(counts: ArrayLike, *, periods_per_year: int) -> RateModel:
    """Fit each series (rows of ``counts``, periods on the last axis) a trend-free seasonal rate.

    A Poisson GLM with log link and the harmonic terms of
    :class:`RateModel`; the dispersion is quasi-Poisson's Pearson estimate,
    at least 1. A series with fewer than a year of periods, fewer than 10
    cases, or too few non-zero periods to identify the season, and a fit that
    does not converge, get a flat rate (their mean) instead, with dispersion
    from the same Pearson statistic. Counts must be whole numbers (round
    apportioned counts first, as the early-warning run does).
    """
    x, _ = _as_counts(counts, integer=True)
    if x.ndim != 2:
        x = x.reshape(-1, x.shape[-1])
    n = x.shape[-1]
    if n < 3:
        raise ValueError(
            f"A rate cannot be fitted to {n} period(s); the calibration needs at least 3."
        )
    if isinstance(periods_per_year, bool) or int(periods_per_year) < 2:
        raise ValueError(f"periods_per_year must be at least 2; got {periods_per_year}.")
    angle = 2.0 * np.pi * np.arange(n) / periods_per_year
    design = np.column_stack([np.ones(n), np.cos(angle), np.sin(angle)])
    coef = np.zeros((x.shape[0], 3))
    phi = np.ones(x.shape[0])
    for i, y in enumerate(x):
        total = float(y.sum())
        if total == 0:
            coef[i, 0] = -np.inf
            continue
        mu = np.full(n, total / n)
        coef[i, 0] = np.log(total / n)
        params = 1
        if n >= periods_per_year and total >= _MIN_CASES_FOR_SEASON and np.count_nonzero(y) > 3:
            fit = _glm_quasipoisson(design, y, np.ones(n))
            if fit.converged and np.all(np.isfinite(fit.coef)):
                coef[i], mu, params = fit.coef, fit.mu, 3
        pearson = float(np.sum((y - mu) ** 2 / mu))
        phi[i] = max(1.0, pearson / (n - params))
    return RateModel(coef=coef, phi=phi, periods_per_year=int(periods_per_year))


def simulate_counts(
    model: RateModel, n_periods: int, *, replicates: int, rng: np.random.Generator
) -> NDArray[np.int64]:
    """Spike-free counts: ``replicates`` x series x ``n_periods``, negative binomial (variance phi * mu) or Poisson.

    A negative binomial with mean mu and variance phi * mu has size
    mu / (phi - 1) and probability 1 / phi (numpy's ``negative_binomial(size, p)``).
    """
    mu = np.broadcast_to(model.mean(n_periods), (replicates, model.coef.shape[0], n_periods))
    phi = np.broadcast_to(model.phi[:, None], mu.shape)
    over = (phi > 1) & (mu > 0)
    out = rng.poisson(np.where(over, 0.0, mu)).astype(np.int64)
    if over.any():
        size = mu[over] / (phi[over] - 1.0)
        out[over] = rng.negative_binomial(size, 1.0 / phi[over])
    return out


def spike_size(mean: ArrayLike) -> NDArray[np.int64]:
    """Cases a spike adds to a period whose baseline mean is ``mean``: max(2 * mean, 5), rounded up.

    The spiked period then expects three times its baseline mean, and at
    least five cases more than usual.
    """
    return np.ceil(np.maximum(2.0 * np.asarray(mean, dtype=np.float64), 5.0)).astype(np.int64)


@dataclass(frozen=True)
class Calibration:
    """What one method at one setting did on simulated series.

    ``false_alarms`` alarms in ``judged`` spike-free series-periods (the
    periods after the method's warm-up); ``caught`` of ``spikes`` spiked
    periods flagged. ``series_per_area`` and ``periods_per_quarter`` turn
    the rate into false alerts an officer would see per area a quarter, across
    the area's categories.
    """

    false_alarms: int
    judged: int
    spikes: int
    caught: int
    series_per_area: int
    periods_per_quarter: float

    @property
    def false_alarm_rate(self) -> float:
        """False alarms per judged series-period."""
        return self.false_alarms / self.judged

    @property
    def per_area_quarter(self) -> float:
        """Expected false alerts per area a quarter, across its categories."""
        return self.false_alarm_rate * self.series_per_area * self.periods_per_quarter

    @property
    def detection(self) -> float:
        """Share of spikes flagged."""
        return self.caught / self.spikes

    def meets_target(
        self,
        max_per_quarter: float = MAX_FALSE_ALERTS_PER_QUARTER,
        min_detection: float = MIN_DETECTION,
    ) -> bool:
        return self.per_area_quarter <= max_per_quarter and self.detection >= min_detection


def calibrate(
    run: Callable[[NDArray[np.int64]], EarlyWarningResult],
    model: RateModel,
    *,
    n_periods: int,
    first_judged: int,
    series_per_area: int,
    periods_per_quarter: float,
    replicates: int,
    seed: int,
    method: str = "the method",
) -> Calibration:
    """False alarms and detection of ``run`` (series x periods counts -> result) on series simulated from ``model``.

    ``n_periods`` periods are simulated per series, as long as the history a
    real run has; the method judges periods ``first_judged`` (0-based) onward,
    and only those count. Each replicate's series get one spike each at a
    period drawn uniformly from the judged ones, in a copy of the spike-free
    series; a spike counts as caught if that period alarms. The same seed
    gives the same figures.

    Raises ValueError, naming the method, when the series are too short for
    it to judge any period: never a silent zero.
    """
    if first_judged >= n_periods:
        raise ValueError(
            f"{method} cannot be calibrated on {n_periods} periods: it judges a period only "
            f"with {first_judged} periods before it."
        )
    if replicates < 1:
        raise ValueError(f"replicates must be at least 1; got {replicates}.")
    rng = np.random.default_rng(seed)
    clean = simulate_counts(model, n_periods, replicates=replicates, rng=rng)
    flat = clean.reshape(-1, n_periods)
    rows = flat.shape[0]
    at = rng.integers(first_judged, n_periods, size=rows)
    mean = np.broadcast_to(model.mean(n_periods), clean.shape).reshape(-1, n_periods)
    spiked = flat.copy()
    spiked[np.arange(rows), at] += spike_size(mean[np.arange(rows), at])
    quiet = run(flat).alarm
    flagged = run(spiked).alarm
    return Calibration(
        false_alarms=int(np.count_nonzero(quiet[:, first_judged:])),
        judged=rows * (n_periods - first_judged),
        spikes=rows,
        caught=int(np.count_nonzero(flagged[np.arange(rows), at])),
        series_per_area=series_per_area,
        periods_per_quarter=periods_per_quarter,
    )


def choose_setting(
    results: Sequence[tuple[str, Calibration]],
    max_per_quarter: float = MAX_FALSE_ALERTS_PER_QUARTER,
    min_detection: float = MIN_DETECTION,
) -> tuple[str, bool]:
    """The setting to use by default, and whether it meets both targets.

    Among settings that meet both targets, the one that catches most spikes
    (then the fewest false alerts): methods are compared by their probability
    of detection at a false-alarm rate held within bounds, as Noufaily et al.
    (2013) compare them. If none meets both, the best trade-off: among those
    catching at least ``min_detection`` of spikes, the fewest false alerts;
    failing that, the best detection (then the fewest false alerts).
    ``results`` pairs each setting's name with its calibration.
    """
    if not results:
        raise ValueError("There is no calibrated setting to choose from.")
    meeting = [r for r in results if r[1].meets_target(max_per_quarter, min_detection)]
    if meeting:
        name, _ = min(meeting, key=lambda r: (-r[1].detection, r[1].per_area_quarter))
        return name, True
    catching = [r for r in results if r[1].detection >= min_detection]
    if catching:
        name, _ = min(catching, key=lambda r: (r[1].per_area_quarter, -r[1].detection))
    else:
        name, _ = min(results, key=lambda r: (-r[1].detection, r[1].per_area_quarter))
    return name, False
