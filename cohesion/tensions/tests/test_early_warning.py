"""Tests for the early-warning statistics (cohesion/tensions/calculations/early_warning.py).

EARS C1/C2/C3 are pinned to R ``surveillance::earsC`` (version 1.20.3) on the
salmNewport data in shared/data/reference/01_ears, and checked against a
line-by-line transcription of R/earsC.R on sparse series. The negative-binomial
threshold is checked against ``scipy.stats.nbinom.ppf`` / ``poisson.ppf`` on
baseline moments computed independently with the standard library.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cohesion.tensions.calculations import early_warning
from cohesion.tensions.calculations.early_warning import (
    EARS_DEFAULT_ALPHA,
    _count_upper_quantile,
    ears,
    ears_c1,
    ears_c2,
    ears_c3,
    negative_binomial_threshold,
    weekly_counts,
)

SETTINGS = [
    ("C1", 0.05, "C1_alpha0.05"),
    ("C2", 0.05, "C2_alpha0.05"),
    ("C3", 0.05, "C3_alpha0.05"),
    ("C1", None, "C1_default"),
    ("C2", None, "C2_default"),
    ("C3", None, "C3_default"),
]


@pytest.fixture(scope="module")
def ears_dir(shared_data: Path) -> Path:
    return shared_data / "reference" / "01_ears"


@pytest.fixture(scope="module")
def salm_full(ears_dir: Path) -> pd.DataFrame:
    return pd.read_csv(ears_dir / "salmNewport_germany_weekly_full.csv")


@pytest.fixture(scope="module")
def expected_r(ears_dir: Path) -> pd.DataFrame:
    return pd.read_csv(ears_dir / "expected_upperbounds_2011_surveillance_R.csv")


def _in_2011(result_values: np.ndarray, expected_r: pd.DataFrame) -> np.ndarray:
    """Pick the 52 weeks of 2011 (R's 1-based ``t``) out of a full-length result."""
    return result_values[expected_r["t"].to_numpy() - 1]


# --------------------------------------------------------------------------- EARS against R


@pytest.mark.parametrize(("method", "alpha", "column"), SETTINGS)
def test_ears_bounds_match_r_surveillance_for_every_week_of_2011(
    salm_full: pd.DataFrame, expected_r: pd.DataFrame, method: str, alpha: float | None, column: str
) -> None:
    result = ears(salm_full["count"].to_numpy(), method, alpha=alpha)  # type: ignore[arg-type]
    ours = _in_2011(result.upperbound, expected_r)
    np.testing.assert_allclose(ours, expected_r[f"ub_{column}"].to_numpy(), rtol=0, atol=1e-9)
    assert len(ours) == 52


@pytest.mark.parametrize(("method", "alpha", "column"), SETTINGS)
def test_ears_alarms_match_r_surveillance_for_every_week_of_2011(
    salm_full: pd.DataFrame, expected_r: pd.DataFrame, method: str, alpha: float | None, column: str
) -> None:
    result = ears(salm_full["count"].to_numpy(), method, alpha=alpha)  # type: ignore[arg-type]
    ours = _in_2011(result.alarm, expected_r)
    assert ours.tolist() == expected_r[f"alarm_{column}"].astype(bool).tolist()


def test_ears_raises_6_8_and_6_alarms_in_2011_at_alpha_005(
    salm_full: pd.DataFrame, expected_r: pd.DataFrame
) -> None:
    counts = salm_full["count"].to_numpy()
    totals = {
        m: int(_in_2011(ears(counts, m, alpha=0.05).alarm, expected_r).sum())
        for m in ("C1", "C2", "C3")
    }  # type: ignore[arg-type]
    assert totals == {"C1": 6, "C2": 8, "C3": 6}


def test_ears_c1_reproduces_the_upstream_surveillance_test_values(
    salm_full: pd.DataFrame, expected_r: pd.DataFrame
) -> None:
    # cran/surveillance tests/testthat/test-earsC.R lines 18-26.
    bounds = _in_2011(ears_c1(salm_full["count"].to_numpy(), alpha=0.05).upperbound, expected_r)
    np.testing.assert_allclose(
        bounds[:4], [3.278854, 3.278854, 3.436517, 3.855617], rtol=0, atol=1e-6
    )


def test_ears_c3_clamps_a_negative_bound_to_zero_and_zero_observed_is_no_alarm(
    salm_full: pd.DataFrame, expected_r: pd.DataFrame
) -> None:
    week17 = expected_r.index[expected_r["iso_week"] == 17][0]
    result = ears_c3(salm_full["count"].to_numpy(), alpha=0.05)
    assert expected_r.loc[week17, "observed"] == 0
    assert _in_2011(result.upperbound, expected_r)[week17] == 0.0
    assert not _in_2011(result.alarm, expected_r)[week17]


def test_every_ears_method_alarms_when_the_outbreak_begins_in_week_45(
    salm_full: pd.DataFrame, expected_r: pd.DataFrame
) -> None:
    week45 = expected_r.index[expected_r["iso_week"] == 45][0]
    counts = salm_full["count"].to_numpy()
    for method in ("C1", "C2", "C3"):
        assert _in_2011(ears(counts, method, alpha=0.05).alarm, expected_r)[week45], method  # type: ignore[arg-type]


def test_ears_needs_only_the_weeks_of_history_it_uses(
    ears_dir: Path, expected_r: pd.DataFrame
) -> None:
    # The short file holds 2011 plus the 13 weeks before it; C3 needs 11 of them.
    short = pd.read_csv(ears_dir / "salmNewport_germany_weekly_2010w40_2011.csv")
    result = ears_c3(short["count"].to_numpy(), alpha=0.05)
    assert np.isnan(result.upperbound[:11]).all()
    assert not result.alarm[:11].any()
    np.testing.assert_allclose(
        result.upperbound[13:], expected_r["ub_C3_alpha0.05"], rtol=0, atol=1e-9
    )


def test_ears_defaults_are_the_r_package_defaults() -> None:
    assert EARS_DEFAULT_ALPHA == {"C1": 0.001, "C2": 0.001, "C3": 0.025}
    counts = np.array([1, 2, 1, 3, 2, 1, 2, 2, 3, 1, 2, 4, 9, 3], dtype=float)
    assert np.array_equal(
        ears(counts, "C3").upperbound, ears_c3(counts, alpha=0.025).upperbound, equal_nan=True
    )
    assert np.array_equal(
        ears(counts).upperbound, ears_c1(counts, alpha=0.001).upperbound, equal_nan=True
    )


# --------------------------------------------------------------------------- EARS against a transcription of R


def _r_divide(a: float, b: float) -> float:
    """IEEE division as R does it: x/0 is +-Inf and 0/0 is NaN."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def _r_pmax0(value: float) -> float:
    """R's pmax(0, value): NaN stays NaN."""
    return value if math.isnan(value) else max(0.0, value)


def _earsc_transcribed(
    series: list[float], method: str, alpha: float, baseline: int = 7, min_sigma: float = 0.0
) -> list[float]:
    """A week-by-week transcription of R/earsC.R (surveillance 1.20.3), one series, plain Python.

    Returns the upper bound for every week (NaN where R would refuse the week).
    """
    z = statistics.NormalDist().inv_cdf(1 - alpha)
    n = len(series)

    def window(t: int, first_lag: int) -> list[float]:
        return [series[t - lag] for lag in range(first_lag + baseline - 1, first_lag - 1, -1)]

    def c2_stat(t: int) -> tuple[float, float]:
        ref = window(t, 3)
        sd = max(statistics.stdev(ref), min_sigma)
        return _r_divide(series[t] - statistics.fmean(ref), sd), sd

    bounds = [math.nan] * n
    for t in range(n):
        if method in ("C1", "C2"):
            lag = 1 if method == "C1" else 3
            if t - lag - baseline + 1 < 0:
                continue
            ref = window(t, lag)
            bounds[t] = statistics.fmean(ref) + z * max(statistics.stdev(ref), min_sigma)
        else:
            if t - 2 - 3 - baseline + 1 < 0:
                continue
            lag2, _ = c2_stat(t - 2)
            lag1, _ = c2_stat(t - 1)
            _, sd_t = c2_stat(t)
            part = _r_pmax0(lag2 - 1) + _r_pmax0(lag1 - 1)
            bounds[t] = _r_pmax0(series[t] + sd_t * (z - part))
    return bounds


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
@pytest.mark.parametrize("min_sigma", [0.0, 0.5])
def test_ears_matches_a_transcription_of_r_earsc_on_sparse_ward_like_series(
    method: str, min_sigma: float
) -> None:
    rng = np.random.default_rng(20240601)
    # Mostly zeros, with runs of identical counts: the zero-variance paths of C3.
    counts = rng.poisson(rng.choice([0.05, 0.3, 1.0, 4.0], size=(40, 1)), size=(40, 60)).astype(
        float
    )
    counts[0, :] = 0
    counts[1, 20:] = 0
    counts[1, 30] = 2
    result = ears(counts, method, alpha=0.05, min_sigma=min_sigma)  # type: ignore[arg-type]
    expected = np.array(
        [
            _earsc_transcribed([float(v) for v in row], method, 0.05, min_sigma=min_sigma)
            for row in counts
        ]
    )
    np.testing.assert_allclose(result.upperbound, expected, rtol=0, atol=1e-12, equal_nan=True)
    with np.errstate(invalid="ignore"):
        assert np.array_equal(result.alarm, counts > expected)


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
def test_ears_matches_the_transcription_on_fractional_counts_such_as_rates(method: str) -> None:
    rng = np.random.default_rng(17)
    rates = rng.gamma(1.5, 2.0, size=(10, 40))
    result = ears(rates, method, alpha=0.05)  # type: ignore[arg-type]
    expected = np.array(
        [_earsc_transcribed([float(v) for v in row], method, 0.05) for row in rates]
    )
    np.testing.assert_allclose(result.upperbound, expected, rtol=1e-12, atol=1e-12, equal_nan=True)


def test_ears_c3_without_min_sigma_is_undefined_after_a_constant_baseline_as_in_r() -> None:
    counts = np.zeros(20)
    counts[16] = 3
    result = ears_c3(counts, alpha=0.05)
    # 0/0 C2 statistics: NaN bounds, no alarms, exactly where R gives NA.
    assert np.isnan(result.upperbound).all()
    assert not result.alarm.any()
    assert np.isfinite(ears_c3(counts, alpha=0.05, min_sigma=0.5).upperbound[11:]).all()


# --------------------------------------------------------------------------- EARS shapes


def test_ears_on_a_stack_of_series_equals_ears_on_each_series(salm_full: pd.DataFrame) -> None:
    base = salm_full["count"].to_numpy().astype(float)
    stack = np.stack([base, base[::-1], base * 2 + 1, np.roll(base, 100)])
    for method in ("C1", "C2", "C3"):
        together = ears(stack, method, alpha=0.05)  # type: ignore[arg-type]
        for i, row in enumerate(stack):
            alone = ears(row, method, alpha=0.05)  # type: ignore[arg-type]
            np.testing.assert_array_equal(together.upperbound[i], alone.upperbound)
            np.testing.assert_array_equal(together.alarm[i], alone.alarm)


def test_ears_gives_the_same_answer_however_many_series_are_processed_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(21)
    counts = rng.poisson(0.8, size=(257, 60))
    whole_array = {m: ears(counts, m, alpha=0.05) for m in ("C1", "C2", "C3")}  # type: ignore[arg-type]
    nb_whole = negative_binomial_threshold(counts, baseline=20)
    monkeypatch.setattr(
        early_warning, "_BLOCK_CELLS", 60 * 16
    )  # blocks of 16 series, the last one short
    for method, expected in whole_array.items():
        blocked = ears(counts, method, alpha=0.05)  # type: ignore[arg-type]
        np.testing.assert_array_equal(blocked.upperbound, expected.upperbound)
        np.testing.assert_array_equal(blocked.alarm, expected.alarm)
    nb_blocked = negative_binomial_threshold(counts, baseline=20)
    np.testing.assert_array_equal(nb_blocked.upperbound, nb_whole.upperbound)
    np.testing.assert_array_equal(nb_blocked.alarm, nb_whole.alarm)


def test_ears_takes_a_cube_of_areas_by_categories_by_weeks() -> None:
    rng = np.random.default_rng(7)
    cube = rng.poisson(2.0, size=(3, 4, 30))
    result = ears_c2(cube, alpha=0.05)
    assert result.upperbound.shape == (3, 4, 30)
    flat = ears_c2(cube.reshape(12, 30), alpha=0.05)
    np.testing.assert_array_equal(result.upperbound.reshape(12, 30), flat.upperbound)
    assert np.isnan(result.upperbound[..., :9]).all()
    assert not np.isnan(result.upperbound[..., 9:]).any()


def test_ears_c1_bound_equals_a_constant_baseline_and_any_higher_count_alarms() -> None:
    counts = np.array([2, 2, 2, 2, 2, 2, 2, 2, 3, 2])
    result = ears_c1(counts)
    assert result.upperbound[7] == 2.0
    assert result.alarm.tolist() == [False] * 8 + [True, False]
    assert result.evaluated.tolist() == [False] * 7 + [True] * 3


# --------------------------------------------------------------------------- EARS bad input


@pytest.mark.parametrize("function", [ears_c1, ears_c2, ears_c3])
def test_a_series_too_short_for_the_baseline_gives_nan_bounds_not_an_error(function) -> None:  # type: ignore[no-untyped-def]
    for length in (0, 1, 5, 7):
        result = function(np.ones(length), alpha=0.05)
        assert result.upperbound.shape == (length,)
        assert np.isnan(result.upperbound).all()
        assert not result.alarm.any()


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        ears_c1([1, 2, -1, 3, 4, 5, 6, 7, 8])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_missing_or_infinite_counts_are_refused(bad: float) -> None:
    counts = np.ones((2, 12))
    counts[1, 4] = bad
    with pytest.raises(ValueError, match="finite"):
        ears_c2(counts)


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.05, 1.5, math.nan])
def test_alpha_outside_zero_to_one_is_refused(alpha: float) -> None:
    with pytest.raises(ValueError, match="alpha"):
        ears_c1(np.ones(10), alpha=alpha)
    with pytest.raises(ValueError, match="alpha"):
        negative_binomial_threshold(np.ones(60), alpha=alpha)


def test_unknown_method_short_baseline_and_non_numbers_are_refused() -> None:
    with pytest.raises(ValueError, match="C1, C2 or C3"):
        ears(np.ones(10), "C4")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 3"):
        ears_c1(np.ones(10), baseline=2)
    with pytest.raises(ValueError, match="min_sigma"):
        ears_c3(np.ones(20), min_sigma=-1)
    with pytest.raises(ValueError, match="numbers"):
        ears_c1(["a", "b"])
    with pytest.raises(ValueError, match="single number"):
        ears_c1(3.0)
    with pytest.raises(ValueError, match="alpha"):
        ears_c1(np.ones(10), alpha=None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- negative binomial threshold


def test_negative_binomial_bounds_equal_scipy_quantiles_of_independently_computed_moments(
    salm_full: pd.DataFrame,
) -> None:
    # Compared: for every week, mean and variance of the 52-week baseline computed
    # with Python's statistics module, then scipy.stats.nbinom.ppf(0.99, r, p)
    # with r = m^2/(v-m), p = m/v, or scipy.stats.poisson.ppf(0.99, m) when v <= m.
    counts = salm_full["count"].to_numpy()
    result = negative_binomial_threshold(counts, alpha=0.01, baseline=52, min_recent_cases=0)
    checked = {"nb": 0, "poisson": 0}
    for t in range(len(counts)):
        if t < 52:
            assert math.isnan(result.upperbound[t])
            continue
        window = [int(c) for c in counts[t - 52 : t]]
        m, v = statistics.fmean(window), statistics.variance(window)
        assert result.baseline_mean[t] == pytest.approx(m, rel=1e-12, abs=1e-12)
        assert result.baseline_variance[t] == pytest.approx(v, rel=1e-12, abs=1e-12)
        if v > m:
            expected = stats.nbinom.ppf(0.99, m * m / (v - m), m / v)
            checked["nb"] += 1
        else:
            expected = stats.poisson.ppf(0.99, m)
            checked["poisson"] += 1
        assert result.upperbound[t] == expected
        assert result.alarm[t] == (counts[t] > expected)
    assert checked["nb"] > 400  # the salmNewport series is over-dispersed almost throughout


def test_an_underdispersed_baseline_falls_back_to_the_poisson_quantile() -> None:
    counts = np.tile([2, 3, 2, 4, 3, 2, 3], 10)
    result = negative_binomial_threshold(counts, baseline=14, alpha=0.001)
    t = 30
    window = [int(c) for c in counts[t - 14 : t]]
    assert statistics.variance(window) <= statistics.fmean(window)
    assert not result.negative_binomial[t]
    assert result.upperbound[t] == stats.poisson.ppf(0.999, statistics.fmean(window))


def test_a_baseline_whose_variance_equals_its_mean_exactly_gets_the_poisson() -> None:
    # 15 ones, 10 twos, 10 threes and 17 zeros: mean 65/52 = 1.25, variance exactly 1.25.
    window = [1] * 15 + [2] * 10 + [3] * 10 + [0] * 17
    assert statistics.variance(window) == statistics.fmean(window) == 1.25
    at_bound = negative_binomial_threshold(np.array([*window, 4]), alpha=0.01, min_recent_cases=0)
    assert at_bound.baseline_variance[52] == at_bound.baseline_mean[52] == 1.25
    assert not at_bound.negative_binomial[52]
    assert at_bound.upperbound[52] == stats.poisson.ppf(0.99, 1.25) == 4.0
    assert not at_bound.alarm[52]
    above = negative_binomial_threshold(np.array([*window, 5]), alpha=0.01, min_recent_cases=0)
    assert above.alarm[52]


def test_count_quantile_agrees_with_scipy_over_a_wide_grid_of_moments() -> None:
    rng = np.random.default_rng(11)
    mean = np.concatenate(
        [rng.gamma(0.5, 2.0, 4000), rng.uniform(0, 60, 4000), np.arange(0, 40) / 7]
    )
    ratio = np.where(
        rng.random(mean.size) < 0.5, rng.uniform(0, 1, mean.size), 1 + rng.gamma(1, 3, mean.size)
    )
    variance = mean * ratio
    variance[::5] = mean[::5]
    nb = variance > mean
    for level in (0.95, 0.99, 0.999, 0.975):
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = np.where(
                nb,
                stats.nbinom.ppf(
                    level,
                    mean**2 / np.where(nb, variance - mean, 1),
                    np.where(nb, mean / variance, 0.5),
                ),
                stats.poisson.ppf(level, mean),
            )
        np.testing.assert_array_equal(_count_upper_quantile(mean, variance, level), expected)


def test_count_quantile_hands_huge_means_to_scipy() -> None:
    mean = np.array([800.0, 5000.0, 3.0])
    variance = np.array([800.0, 9000.0, 3.0])
    bounds = _count_upper_quantile(mean, variance, 0.99)
    assert bounds[0] == stats.poisson.ppf(0.99, 800.0)
    assert bounds[1] == stats.nbinom.ppf(0.99, 5000.0**2 / 4000.0, 5000.0 / 9000.0)
    assert bounds[2] == stats.poisson.ppf(0.99, 3.0)


def test_one_case_after_an_all_zero_baseline_is_above_the_bound_but_not_an_alarm_by_default() -> (
    None
):
    counts = np.zeros(60, dtype=int)
    counts[55] = 1
    result = negative_binomial_threshold(counts)
    assert result.upperbound[55] == 0.0  # Poisson(0): the only likely count is 0
    assert not result.enough_recent_cases[55]
    assert not result.alarm.any()
    assert negative_binomial_threshold(counts, min_recent_cases=0).alarm[55]


def test_five_cases_after_an_all_zero_baseline_is_an_alarm() -> None:
    counts = np.zeros(60, dtype=int)
    counts[55] = 5
    result = negative_binomial_threshold(counts)
    assert result.alarm.tolist() == [i == 55 for i in range(60)]


def test_a_clear_spike_in_small_counts_is_flagged() -> None:
    rng = np.random.default_rng(3)
    counts = rng.negative_binomial(4, 4 / (4 + 2.0), size=80)  # mean 2, variance 3
    counts[70] = 16
    result = negative_binomial_threshold(counts)
    assert result.alarm[70]
    assert result.negative_binomial[70] or result.baseline_variance[70] <= result.baseline_mean[70]


def test_stable_counts_raise_no_alarm() -> None:
    counts = np.tile([2, 3, 2, 4, 3, 2, 3, 1], 20)
    result = negative_binomial_threshold(counts, alpha=0.01)
    assert result.evaluated.sum() == 160 - 52
    assert not result.alarm.any()


def test_the_guard_band_moves_the_baseline_window_back() -> None:
    counts = np.arange(40) % 5
    result = negative_binomial_threshold(counts, baseline=10, guard=2)
    t = 25
    assert result.baseline_mean[t] == statistics.fmean(int(c) for c in counts[t - 12 : t - 2])
    assert np.isnan(result.upperbound[:12]).all()
    assert not np.isnan(result.upperbound[12:]).any()


def test_negative_binomial_threshold_works_on_a_stack_of_series() -> None:
    rng = np.random.default_rng(5)
    stack = rng.poisson(1.5, size=(6, 90))
    together = negative_binomial_threshold(stack)
    for i in range(6):
        alone = negative_binomial_threshold(stack[i])
        np.testing.assert_array_equal(together.upperbound[i], alone.upperbound)
        np.testing.assert_array_equal(together.alarm[i], alone.alarm)


def test_the_count_model_result_does_not_change_when_the_callers_array_does() -> None:
    counts = np.tile([1.0, 2.0, 0.0, 3.0], 20)
    result = negative_binomial_threshold(counts, baseline=8)
    counts[:] = 50.0
    assert result.baseline_mean[8] == 1.5
    assert result.enough_recent_cases[8:].all()
    with pytest.raises(ValueError, match="read-only"):
        result.counts[0] = 1.0


def test_negative_binomial_threshold_refuses_fractions_and_bad_settings() -> None:
    with pytest.raises(ValueError, match="whole numbers"):
        negative_binomial_threshold(np.full(60, 1.5))
    with pytest.raises(ValueError, match="guard"):
        negative_binomial_threshold(np.ones(60), guard=-1)
    with pytest.raises(ValueError, match="recent_weeks"):
        negative_binomial_threshold(np.ones(60), recent_weeks=0)
    with pytest.raises(ValueError, match="baseline"):
        negative_binomial_threshold(np.ones(60), baseline=1)
    short = negative_binomial_threshold(np.ones(10))
    assert np.isnan(short.upperbound).all()
    assert not short.alarm.any()


# --------------------------------------------------------------------------- weekly counts


def test_weekly_counts_follow_iso_weeks_starting_on_monday() -> None:
    rng = np.random.default_rng(9)
    days = [dt.date(2023, 12, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 120, 500)]
    records = pd.DataFrame(
        {
            "date": days,
            "area": rng.choice(["E05013000", "E05013001"], 500),
            "category": rng.choice(["race", "religion", "disability"], 500),
        }
    )
    table = weekly_counts(records)
    # Independent count: group by Python's own ISO (year, week) per record.
    expected: dict[tuple[str, str, tuple[int, int]], int] = {}
    for day, area, category in records.itertuples(index=False):
        key = (area, category, day.isocalendar()[:2])
        expected[key] = expected.get(key, 0) + 1
    assert all(monday.day_of_week == 0 for monday in table.columns)
    for (area, category), row in table.iterrows():
        for monday, count in row.items():
            iso = monday.date().isocalendar()[:2]
            assert count == expected.get((area, category, iso), 0)
    assert int(table.to_numpy().sum()) == 500


def test_weekly_counts_zero_fill_missing_weeks_areas_and_categories() -> None:
    records = pd.DataFrame(
        {
            "date": ["2024-01-07", "2024-01-08", "2024-01-21T10:15"],
            "area": ["E05000001", "E05000001", "E05000002"],
            "category": ["race", "race", "religion"],
        }
    )
    table = weekly_counts(
        records,
        areas=["E05000001", "E05000002", "E05000003"],
        categories=["race", "religion"],
        start="2023-12-28",
        end="2024-02-01",
    )
    assert table.shape == (6, 6)
    assert [d.date().isoformat() for d in table.columns] == [
        "2023-12-25", "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29"
    ]  # fmt: skip
    assert table.loc[("E05000001", "race")].tolist() == [0, 1, 1, 0, 0, 0]  # Sunday 7th, Monday 8th
    assert table.loc[("E05000002", "religion")].tolist() == [0, 0, 0, 1, 0, 0]  # Sunday 21st
    assert table.loc[("E05000003", "race")].tolist() == [0] * 6
    cube = table.to_numpy().reshape(3, 2, 6)
    assert cube[1, 1, 3] == 1
    assert ears_c1(cube).upperbound.shape == (3, 2, 6)


def test_weekly_counts_put_utc_timestamps_into_uk_weeks() -> None:
    records = pd.DataFrame(
        {
            # 22:30 UTC on Sunday 7 July 2024 is 23:30 BST that Sunday; 23:30 UTC is 00:30 BST on Monday.
            "date": pd.to_datetime(["2024-07-07T22:30:00Z", "2024-07-07T23:30:00Z"]),
            "area": ["E05000001", "E05000001"],
            "category": ["race", "race"],
        }
    )
    table = weekly_counts(records)
    assert [d.date().isoformat() for d in table.columns] == ["2024-07-01", "2024-07-08"]
    assert table.iloc[0].tolist() == [1, 1]


def test_weekly_counts_refuse_records_they_would_otherwise_drop() -> None:
    records = pd.DataFrame({"date": ["2024-01-08"], "area": ["E05000001"], "category": ["race"]})
    with pytest.raises(ValueError, match="not in the given areas"):
        weekly_counts(records, areas=["E05000002"])
    with pytest.raises(ValueError, match="outside the weeks"):
        weekly_counts(records, start="2024-02-01")
    with pytest.raises(ValueError, match="no 'ward' column"):
        weekly_counts(records, area="ward")
    with pytest.raises(ValueError, match="blank"):
        weekly_counts(pd.DataFrame({"date": [None], "area": ["a"], "category": ["b"]}))
    with pytest.raises(ValueError, match="as dates"):
        weekly_counts(pd.DataFrame({"date": ["not a date"], "area": ["a"], "category": ["b"]}))
    with pytest.raises(ValueError, match="no records"):
        weekly_counts(records.iloc[:0])
    empty = weekly_counts(
        records.iloc[:0], areas=["a"], categories=["b"], start="2024-01-01", end="2024-01-14"
    )
    assert empty.to_numpy().tolist() == [[0, 0]]
