"""The improved Farrington method (Noufaily et al. 2013) pinned to R ``surveillance::farringtonFlexible``.

The expected values in ``fixtures/farrington`` were written by R 4.2.2 with
surveillance 1.20.3 (``compute_farrington_flexible_R.R`` there says how to
rerun it) for (a) five of Middlesbrough's real police.uk monthly series,
2023-01 to 2025-11, and (b) three synthetic weekly series of seven years
under two settings. The tests read the same series, run
:func:`farrington_flexible` and compare every period R judged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cohesion.tensions.calculations.early_warning import FarringtonResult, farrington_flexible

FIXTURES = Path(__file__).parent / "fixtures" / "farrington"
CRIME_FILE = "crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv"
LOOKUP_FILE = "lookups/lookup_lsoa21_ward24_ltla24.csv"
# R's GLM is reproduced step for step, so the model's mean and dispersion agree to
# rounding (about 1e-14 relative); the pins leave a little room for other BLAS builds.
RTOL = 1e-10


def _monthly_series(shared_data: Path, area: str, crime_type: str) -> np.ndarray:
    """One area's monthly count of a crime type, summed from LSOAs as the R script sums them."""
    crime = pd.read_csv(shared_data / CRIME_FILE)
    lookup = pd.read_csv(shared_data / LOOKUP_FILE)
    in_area = (lookup["ltla24_code"] == area) | (lookup["ward24_code"] == area)
    lsoas = set(lookup.loc[in_area, "lsoa21_code"])
    mine = crime[(crime["crime_type"] == crime_type) & crime["lsoa21cd"].isin(lsoas)]
    months = pd.date_range("2023-01-01", "2025-11-01", freq="MS").strftime("%Y-%m")
    return mine.groupby("month")["count"].sum().reindex(months, fill_value=0).to_numpy()


def _assert_matches_r(result: FarringtonResult, expected: pd.DataFrame) -> None:
    index = expected["t"].to_numpy() - 1  # R's 1-based time points
    ours = result.upperbound[index]
    theirs = expected["upperbound"].to_numpy(dtype=float)
    assert np.array_equal(np.isnan(ours), np.isnan(theirs))  # the 5-in-4 rule blanks the same
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, equal_nan=True)
    np.testing.assert_allclose(
        result.expected[index],
        expected["expected"].to_numpy(),
        rtol=RTOL,
    )
    np.testing.assert_allclose(result.phi[index], expected["phi"].to_numpy(), rtol=RTOL)
    assert result.trend[index].tolist() == expected["trend"].astype(bool).tolist()
    assert result.alarm[index].tolist() == expected["alarm"].astype(bool).tolist()


@pytest.fixture(scope="module")
def monthly_expected() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "expected_monthly_police_uk_surveillance_R.csv")


@pytest.fixture(scope="module")
def weekly_expected() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "expected_weekly_synthetic_surveillance_R.csv")


@pytest.fixture(scope="module")
def weekly_series() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "weekly_synthetic_series.csv")


MONTHLY_SERIES = [
    "E06000002|Public order",
    "E06000002|Anti-social behaviour",
    "E05009866|Public order",
    "E05009866|Violence and sexual offences",
    "E05009861|Criminal damage and arson",
]


@pytest.mark.parametrize("series", MONTHLY_SERIES)
def test_police_uk_monthly_series_match_r_farrington_flexible(
    shared_data: Path, monthly_expected: pd.DataFrame, series: str
) -> None:
    expected = monthly_expected[monthly_expected["series"] == series]
    assert len(expected) == 10  # months 26 to 35: 2025-02 to 2025-11
    area, crime_type = series.split("|")
    counts = _monthly_series(shared_data, area, crime_type)
    assert counts[expected["t"] - 1].tolist() == expected["observed"].tolist()
    result = farrington_flexible(
        counts,
        periods_per_year=12,
        years=2,
        window=1,
        excluded=6,
        seasonal_periods=4,
        alpha=0.01,
    )
    _assert_matches_r(result, expected)
    assert np.isnan(result.upperbound[:25]).all() and not result.alarm[:25].any()


def test_the_police_uk_fixture_holds_an_alarm_in_a_ward(monthly_expected: pd.DataFrame) -> None:
    alarms = monthly_expected[monthly_expected["alarm"] == 1]
    assert alarms[["series", "period", "observed", "upperbound"]].values.tolist() == [
        ["E05009861|Criminal damage and arson", "2025-10", 14, 12]
    ]


@pytest.mark.parametrize(("years", "window", "alpha"), [(5, 3, 0.01), (3, 2, 0.05)])
@pytest.mark.parametrize("series", ["large_trend", "small_seasonal", "sparse"])
def test_synthetic_weekly_series_match_r_farrington_flexible(
    weekly_series: pd.DataFrame,
    weekly_expected: pd.DataFrame,
    series: str,
    years: int,
    window: int,
    alpha: float,
) -> None:
    expected = weekly_expected[
        (weekly_expected["series"] == series)
        & (weekly_expected["b"] == years)
        & (weekly_expected["alpha"] == alpha)
    ]
    assert len(expected) == 364 - (52 * years + window)
    result = farrington_flexible(
        weekly_series[series].to_numpy(), years=years, window=window, alpha=alpha
    )
    _assert_matches_r(result, expected)


def test_the_weekly_fixture_exercises_every_branch(weekly_expected: pd.DataFrame) -> None:
    # Trend kept and dropped, over-dispersed and Poisson, bounds blanked by the
    # 5-in-4 rule, and alarms: the comparison above covers each.
    assert set(weekly_expected["trend"]) == {0, 1}
    assert (weekly_expected["phi"] == 1).any() and (weekly_expected["phi"] > 1).any()
    assert weekly_expected["upperbound"].isna().any()
    five_years = weekly_expected[weekly_expected["b"] == 5]
    assert set(five_years.loc[five_years["alarm"] == 1, "t"]) >= {330, 331, 340}


def test_a_stack_of_series_gives_each_series_its_own_result(weekly_series: pd.DataFrame) -> None:
    stack = weekly_series[["large_trend", "sparse"]].to_numpy().T
    together = farrington_flexible(stack, years=3, window=2)
    for row, name in enumerate(["large_trend", "sparse"]):
        alone = farrington_flexible(weekly_series[name].to_numpy(), years=3, window=2)
        np.testing.assert_array_equal(together.upperbound[row], alone.upperbound)
        np.testing.assert_array_equal(together.alarm[row], alone.alarm)


# --------------------------------------------------------------------------- bad input


def test_a_series_too_short_for_the_years_back_and_window_is_refused_with_the_length_needed() -> (
    None
):
    with pytest.raises(ValueError) as error:
        farrington_flexible(np.ones(263, dtype=int))
    message = str(error.value)
    assert "too short for the improved Farrington method" in message
    assert "it has 263 periods" in message and "needs 264" in message
    assert "5 years of 52 periods" in message
    with pytest.raises(ValueError, match="it has 25 periods, and judging even one needs 26"):
        farrington_flexible(np.ones(25, dtype=int), periods_per_year=12, years=2, window=1)


def test_a_series_just_long_enough_judges_its_last_period_only() -> None:
    rng = np.random.default_rng(3)
    counts = rng.poisson(8.0, size=26)
    result = farrington_flexible(
        counts, periods_per_year=12, years=2, window=1, excluded=6, seasonal_periods=4
    )
    assert result.first_judged == 25
    assert np.isnan(result.upperbound[:25]).all()
    assert result.upperbound[25] >= 8  # a bound, not a silent zero


def test_settings_that_cannot_work_are_refused() -> None:
    counts = np.ones(400, dtype=int)
    with pytest.raises(ValueError, match="seasonal periods do not fit"):
        farrington_flexible(counts, periods_per_year=12, years=2, window=3, seasonal_periods=10)
    with pytest.raises(ValueError, match="years must be a whole number"):
        farrington_flexible(counts, years=0)
    with pytest.raises(ValueError, match="whole numbers"):
        farrington_flexible(np.full(400, 1.5))
    with pytest.raises(ValueError, match="alpha"):
        farrington_flexible(counts, alpha=1.5)
