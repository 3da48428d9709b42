"""Alert calibration: false alarms on spike-free simulated series, and spikes caught, against theory."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from cohesion.tensions.calculations.calibration import (
    Calibration,
    RateModel,
    calibrate,
    choose_setting,
    fit_seasonal_rates,
    simulate_counts,
    spike_size,
)
from cohesion.tensions.calculations.early_warning import EarlyWarningResult, ears_c1


def flat(rates: list[float], periods_per_year: int = 52, phi: float = 1.0) -> RateModel:
    r = np.asarray(rates, dtype=np.float64)
    with np.errstate(divide="ignore"):
        coef = np.column_stack([np.log(r), np.zeros(r.size), np.zeros(r.size)])
    return RateModel(coef=coef, phi=np.full(r.size, phi), periods_per_year=periods_per_year)


def true_quantile_method(mean: float, alpha: float):
    """A method that knows the true rate: alarm above the Poisson (1 - alpha) quantile."""
    bound = float(stats.poisson.ppf(1 - alpha, mean))

    def run(x: np.ndarray) -> EarlyWarningResult:
        upper = np.full(x.shape, bound)
        return EarlyWarningResult(method="known", alpha=alpha, upperbound=upper, alarm=x > upper)

    return run, float(stats.poisson.sf(bound, mean))


def test_false_alarms_of_a_method_that_knows_the_rate_match_the_poisson_tail() -> None:
    run, theory = true_quantile_method(4.0, 0.01)  # P(X > 9) for Poisson(4) = 0.00813
    result = calibrate(
        run,
        flat([4.0] * 50),
        n_periods=200,
        first_judged=0,
        series_per_area=1,
        periods_per_quarter=13,
        replicates=10,
        seed=1,
    )
    assert theory == pytest.approx(0.008132, abs=1e-6)
    assert result.judged == 50 * 10 * 200
    # 100,000 series-periods: the standard error of the rate is about 0.0003.
    assert result.false_alarm_rate == pytest.approx(theory, abs=0.001)
    assert result.per_area_quarter == pytest.approx(result.false_alarm_rate * 13)


def test_ears_c1_on_a_constant_rate_raises_the_false_alarms_its_t_distribution_predicts() -> None:
    # For near-normal counts, (x_t - mean) / sd over a 7-week baseline is sqrt(1 + 1/7) times
    # Student's t with 6 degrees of freedom, so C1 at alpha flags P(t_6 > z / sqrt(8/7)) of
    # quiet weeks: 3.6% at alpha 0.01, far above 1% (Fricker, Hegler and Dunfee 2008).
    z = stats.norm.ppf(0.99)
    theory = float(stats.t.sf(z / np.sqrt(8 / 7), 6))
    assert theory == pytest.approx(0.0364, abs=5e-4)
    result = calibrate(
        lambda x: ears_c1(x, alpha=0.01),
        flat([400.0] * 40),
        n_periods=120,
        first_judged=7,
        series_per_area=1,
        periods_per_quarter=13,
        replicates=5,
        seed=2,
    )
    assert result.false_alarm_rate == pytest.approx(theory, abs=0.004)


def test_a_huge_spike_is_always_caught_and_a_quiet_series_never_alarms() -> None:
    result = calibrate(
        lambda x: ears_c1(x, alpha=0.001, min_sigma=1.0),
        flat([0.0, 0.0, 0.2]),
        n_periods=30,
        first_judged=7,
        series_per_area=3,
        periods_per_quarter=13,
        replicates=20,
        seed=3,
    )
    assert result.spikes == 60
    assert result.caught == 60  # five cases against a bound of at most 0.2 + 3.1 x sd
    quiet = calibrate(
        lambda x: ears_c1(x, alpha=0.001, min_sigma=1.0),
        flat([0.0, 0.0]),
        n_periods=30,
        first_judged=7,
        series_per_area=2,
        periods_per_quarter=13,
        replicates=5,
        seed=3,
    )
    assert quiet.false_alarms == 0 and quiet.false_alarm_rate == 0.0


def test_a_spike_triples_the_baseline_mean_and_adds_at_least_five() -> None:
    assert spike_size([0.0, 1.0, 2.5, 2.6, 10.0, 99.5]).tolist() == [5, 5, 5, 6, 20, 199]


def test_the_same_seed_gives_the_same_figures_and_another_seed_others() -> None:
    def run(x: np.ndarray) -> EarlyWarningResult:
        return ears_c1(x, alpha=0.01, min_sigma=1.0)

    arguments = {
        "n_periods": 60,
        "first_judged": 7,
        "series_per_area": 1,
        "periods_per_quarter": 13,
        "replicates": 3,
    }
    model = flat([1.0, 3.0, 8.0])
    once = calibrate(run, model, seed=7, **arguments)  # type: ignore[arg-type]
    again = calibrate(run, model, seed=7, **arguments)  # type: ignore[arg-type]
    other = calibrate(run, model, seed=8, **arguments)  # type: ignore[arg-type]
    assert once == again
    assert (once.false_alarms, once.caught) != (other.false_alarms, other.caught)


def test_a_series_too_short_for_the_method_is_refused_by_name_not_counted_as_quiet() -> None:
    with pytest.raises(ValueError, match="farrington_flexible cannot be calibrated on 104 periods"):
        calibrate(
            lambda x: ears_c1(x),
            flat([1.0]),
            n_periods=104,
            first_judged=263,
            series_per_area=1,
            periods_per_quarter=13,
            replicates=1,
            seed=1,
            method="farrington_flexible",
        )


def test_the_seasonal_fit_is_the_poisson_maximum_likelihood_computed_independently() -> None:
    rng = np.random.default_rng(11)
    t = np.arange(60)
    angle = 2 * np.pi * t / 12
    mu = np.exp(np.log(30) + 0.4 * np.cos(angle) - 0.25 * np.sin(angle))
    y = rng.poisson(mu)
    model = fit_seasonal_rates(y[np.newaxis, :], periods_per_year=12)

    design = np.column_stack([np.ones(60), np.cos(angle), np.sin(angle)])

    def negative_log_likelihood(beta: np.ndarray) -> float:
        eta = design @ beta
        return float(np.sum(np.exp(eta) - y * eta))

    independent = optimize.minimize(negative_log_likelihood, np.zeros(3), method="BFGS").x
    assert model.coef[0] == pytest.approx(independent, abs=1e-4)
    fitted = np.exp(design @ independent)
    pearson = float(np.sum((y - fitted) ** 2 / fitted)) / (60 - 3)
    assert model.phi[0] == pytest.approx(max(1.0, pearson), rel=1e-4)
    assert model.mean(60)[0] == pytest.approx(fitted, rel=1e-4)


def test_over_dispersed_simulations_have_the_variance_phi_times_the_mean() -> None:
    model = flat([6.0], periods_per_year=12, phi=4.0)
    counts = simulate_counts(model, 12, replicates=20_000, rng=np.random.default_rng(5))
    assert counts.mean() == pytest.approx(6.0, rel=0.02)
    assert counts.var() == pytest.approx(24.0, rel=0.04)
    refitted = fit_seasonal_rates(counts.reshape(-1, 12)[:2000].reshape(1, -1), periods_per_year=12)
    assert refitted.phi[0] == pytest.approx(4.0, rel=0.1)


def test_sparse_and_empty_series_get_a_flat_rate_and_zeros_stay_zero() -> None:
    model = fit_seasonal_rates(np.array([[0] * 24, [0] * 20 + [1, 0, 2, 0]]), periods_per_year=12)
    assert model.mean(5)[0].tolist() == [0.0] * 5
    assert model.mean(5)[1] == pytest.approx([3 / 24] * 5)
    with pytest.raises(ValueError, match="needs at least 3"):
        fit_seasonal_rates(np.array([[1, 2]]), periods_per_year=12)


def cal(false_alarms: int, caught: int) -> Calibration:
    return Calibration(
        false_alarms=false_alarms,
        judged=1000,
        spikes=100,
        caught=caught,
        series_per_area=5,
        periods_per_quarter=3,
    )  # 1 false alarm in 1000 periods is 0.015 a quarter per area


def test_the_default_catches_most_spikes_within_the_false_alert_budget() -> None:
    settings = [
        ("strict", cal(10, 91)),  # 0.15 a quarter, 91% caught
        ("balanced", cal(50, 96)),  # 0.75, 96%
        ("loose", cal(100, 99)),  # 1.5: over budget
    ]
    assert choose_setting(settings) == ("balanced", True)
    # None meets both: the fewest false alerts among those catching 90%, said so.
    assert choose_setting([("a", cal(80, 95)), ("b", cal(120, 99)), ("c", cal(5, 50))]) == (
        "a",
        False,
    )
    assert choose_setting([("a", cal(5, 80)), ("b", cal(1, 70))]) == ("a", False)
    with pytest.raises(ValueError):
        choose_setting([])
