"""The status of a SMART target from its indicator series, pinned to worked examples.

Expected figures come from Open SDG's own test data (sdg-build), from real
police.uk counts for Newport ward, Middlesbrough, and from a second, plain
implementation of the growth ratio written below (``_plain_ratio``), never
from the function under test.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings

from cohesion.indicators.calculations.intervals import poisson_interval
from cohesion.plans.calculations.progress import (
    Direction,
    Method,
    Observation,
    Status,
    target_status,
    with_manual_status,
)

CRIME_FILE = (
    Path(settings.COHESION_DATA_DIR)
    / "crime"
    / "cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv"
)
NEWPORT = "E05009866"  # Newport ward, Middlesbrough (lookup_lsoa21_ward24_ltla24.csv)


def _year(y: int, value: float, **kwargs: float) -> Observation:
    return Observation(date(y, 1, 1), date(y, 12, 31), value, **kwargs)  # type: ignore[arg-type]


def _month(label: str, value: float, **kwargs: float) -> Observation:
    y, m = (int(part) for part in label.split("-"))
    last = calendar.monthrange(y, m)[1]
    return Observation(date(y, m, 1), date(y, m, last), value, **kwargs)  # type: ignore[arg-type]


def _quarter(y: int, q: int, value: float) -> Observation:
    first_month = 3 * (q - 1) + 1
    last_month = first_month + 2
    end = date(y, last_month, calendar.monthrange(y, last_month)[1])
    return Observation(date(y, first_month, 1), end, value, label=f"{y} Q{q}")


def _plain_year_fraction(d: date) -> float:
    """Day of year over days in year, written out separately from the module's helper."""
    start = date(d.year, 1, 1)
    length = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / length


def _plain_midpoint(start: date, end: date) -> float:
    next_day = date.fromordinal(end.toordinal() + 1)
    return (_plain_year_fraction(start) + _plain_year_fraction(next_day)) / 2


def _plain_ratio(base, t_base, current, t_current, target, t_target):
    """Observed over required growth: compound where all values are positive, else linear."""
    if base > 0 and current > 0 and target > 0:
        observed = (current / base) ** (1 / (t_current - t_base)) - 1
        required = (target / base) ** (1 / (t_target - t_base)) - 1
    else:
        observed = (current - base) / (t_current - t_base)
        required = (target - base) / (t_target - t_base)
    return observed / required


def _plain_status(ratio: float) -> Status:
    if ratio >= 0.95:
        return Status.ON_TRACK
    if ratio >= 0.6:
        return Status.NEEDS_ACCELERATION
    if ratio >= 0:
        return Status.LIMITED_PROGRESS
    return Status.DETERIORATION


# --- Open SDG's own examples ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("disaggregation", "base_2015", "current_2019"),
    [("headline", 1.55, 1.82), ("Male", 1.94, 2.35), ("Female", 1.16, 1.28)],
)
def test_open_sdg_indicator_3_3_3_with_a_zero_target_is_deterioration(
    disaggregation, base_2015, current_2019
):
    """Open SDG's progress-calculation test indicator 3-3-3.

    open-sdg/sdg-build tests/assets/progress-calculation/indicator-config/3-3-3.yml:4-6
    (commit 513547703ec3): ``direction: negative``, ``target: 0``; base year 2015 and
    target year 2030 are the defaults (sdg/ProgressMeasure.py, ``SeriesProgress.__init__``).
    Data: tests/assets/progress-calculation/data/indicator_3-3-3.csv lines 7 and 11
    (headline 2015 = 1.55, 2019 = 1.82), 17 and 21 (Male 1.94, 2.35), 27 and 31
    (Female 1.16, 1.28). Open SDG replaces the zero target by 0.001 and finds
    ``sign * direction * cagr_o / abs(cagr_r)`` below 0: deterioration. Here a zero
    target uses linear rates (documented in the module), which agree on the status.
    """
    open_sdg_cagr_o = (current_2019 / base_2015) ** (1 / 4) - 1
    open_sdg_cagr_r = (0.001 / base_2015) ** (1 / 15) - 1
    open_sdg_ratio = 1 * -1 * open_sdg_cagr_o / abs(open_sdg_cagr_r)
    assert open_sdg_ratio < 0

    result = target_status(
        [_year(y, v) for y, v in [(2015, base_2015), (2019, current_2019)]],
        baseline=_year(2015, base_2015),
        target_value=0,
        target_date=date(2030, 7, 2),
        direction=Direction.DECREASE,
    )
    assert result.status == Status.DETERIORATION
    assert result.method == Method.LINEAR
    assert result.ratio == pytest.approx(
        (current_2019 - base_2015) / 4 / (-base_2015 / 15), rel=1e-2
    )


def test_open_sdg_compound_ratio_is_reproduced_for_annual_data():
    """Open SDG's ``methodology_2`` on its 3-3-3 headline series with a non-zero target.

    sdg/ProgressMeasure.py (commit 139fede74ba5), ``growth_calculation`` and
    ``methodology_2``: ratio = sign * direction * cagr_o / abs(cagr_r). With a target
    of 1.9 (to increase) by 2030 from 1.55 in 2015, 1.82 in 2019 gives
    cagr_o = 4.10 %, cagr_r = 1.37 %: ratio 3.0, substantial progress (on track).
    """
    cagr_o = (1.82 / 1.55) ** (1 / 4) - 1
    cagr_r = (1.9 / 1.55) ** (1 / 15) - 1
    open_sdg_ratio = 1 * 1 * cagr_o / abs(cagr_r)
    assert open_sdg_ratio == pytest.approx(2.998, abs=1e-3)

    result = target_status(
        [_year(2015, 1.55), _year(2019, 1.82)],
        baseline=_year(2015, 1.55),
        target_value=1.9,
        target_date=date(2030, 7, 2),  # the middle of 2030, as the years are placed at theirs
        direction=Direction.INCREASE,
    )
    assert result.method == Method.COMPOUND
    assert result.observed_rate == pytest.approx(cagr_o, rel=1e-9)
    assert result.ratio == pytest.approx(open_sdg_ratio, rel=1e-3)
    assert result.status == Status.ON_TRACK


def test_open_sdg_target_achieved_is_checked_before_the_ratio():
    """Open SDG ``is_target_achieved``: 1.82 in 2019 meets a target to reach 1.7 by 2030."""
    result = target_status(
        [_year(2019, 1.82)],
        baseline=_year(2015, 1.55),
        target_value=1.7,
        target_date=date(2030, 7, 2),
        direction=Direction.INCREASE,
    )
    assert result.status == Status.ACHIEVED


# --- Real monthly and quarterly police.uk series for Newport, Middlesbrough ------------------


@pytest.fixture(scope="module")
def newport_asb() -> pd.Series:
    crimes = pd.read_csv(CRIME_FILE)
    newport = crimes[(crimes.wd25cd == NEWPORT) & (crimes.crime_type == "Anti-social behaviour")]
    return newport.groupby("month")["count"].sum().sort_index()


def test_monthly_police_uk_anti_social_behaviour_in_newport(newport_asb):
    """Anti-social behaviour in Newport, Jan 2023 (baseline) to Nov 2025, to fall to 15 by end 2027.

    The file gives 23 incidents in Jan 2023 and 31 in Nov 2025; the status is recomputed
    below by the plain ratio.
    """
    assert newport_asb["2023-01"] == 23
    assert newport_asb["2025-11"] == 31
    series = [_month(month, float(count)) for month, count in newport_asb.items()]
    baseline = series[0]
    target_date = date(2027, 12, 31)

    expected_ratio = _plain_ratio(
        23,
        _plain_midpoint(date(2023, 1, 1), date(2023, 1, 31)),
        31,
        _plain_midpoint(date(2025, 11, 1), date(2025, 11, 30)),
        15,
        _plain_year_fraction(target_date),
    )
    result = target_status(
        series,
        baseline=baseline,
        target_value=15,
        target_date=target_date,
        direction=Direction.DECREASE,
        name="Anti-social behaviour incidents",
    )
    assert result.ratio == pytest.approx(expected_ratio, rel=1e-9)
    assert result.status == _plain_status(expected_ratio) == Status.DETERIORATION
    assert result.latest is not None and result.latest.period_name == "Nov 2025"
    assert result.explanation.startswith(
        "Anti-social behaviour incidents rose from 23 in Jan 2023 to 31 in Nov 2025; at this pace"
    )
    assert result.explanation.endswith("against a target of 15: deterioration.")


def test_small_monthly_counts_with_poisson_intervals_are_not_distinguishable(newport_asb):
    """23 then 31 incidents: exact Poisson intervals (14.6-34.5, 21.1-44.0) overlap."""
    low, high = poisson_interval(23)
    assert (round(low, 1), round(high, 1)) == (14.6, 34.5)
    series = [
        _month(
            month,
            float(count),
            **dict(zip(("lower", "upper"), poisson_interval(count), strict=True)),
        )
        for month, count in newport_asb.items()
    ]
    result = target_status(
        series,
        baseline=series[0],
        target_value=15,
        target_date=date(2027, 12, 31),
        direction=Direction.DECREASE,
    )
    assert result.status == Status.NOT_DISTINGUISHABLE
    assert result.trend_status == Status.DETERIORATION
    assert "not distinguishable from noise" in result.explanation


def test_quarterly_police_uk_series_in_newport(newport_asb):
    """Quarterly sums of the same file: 2023 Q1 = 91, 2025 Q3 = 130; target 70 by 31 March 2027."""
    months = pd.PeriodIndex(newport_asb.index, freq="M")
    quarterly = newport_asb.groupby(months.asfreq("Q")).sum()
    assert quarterly[pd.Period("2023Q1")] == 91
    assert quarterly[pd.Period("2025Q3")] == 130
    series = [
        _quarter(p.year, p.quarter, float(v))
        for p, v in quarterly.items()
        if p <= pd.Period("2025Q3")
    ]  # Q4 2025 is incomplete
    target_date = date(2027, 3, 31)
    expected_ratio = _plain_ratio(
        91,
        _plain_midpoint(date(2023, 1, 1), date(2023, 3, 31)),
        130,
        _plain_midpoint(date(2025, 7, 1), date(2025, 9, 30)),
        70,
        _plain_year_fraction(target_date),
    )
    result = target_status(
        series,
        baseline=series[0],
        target_value=70,
        target_date=target_date,
        direction=Direction.DECREASE,
    )
    assert result.latest is not None and result.latest.period_name == "2025 Q3"
    assert result.ratio == pytest.approx(expected_ratio, rel=1e-9)
    assert result.status == _plain_status(expected_ratio) == Status.DETERIORATION


# --- Survey waves with intervals ---------------------------------------------------------------

WAVE_1 = Observation(
    date(2023, 10, 1), date(2023, 11, 30), 52.0, lower=48.0, upper=56.0, label="Wave 1"
)


def test_survey_wave_change_within_the_intervals_is_not_distinguishable():
    """Feel safe after dark: 52 % (48-56) then 55 % (51-59); the intervals overlap."""
    wave_2 = Observation(
        date(2025, 5, 1), date(2025, 6, 30), 55.0, lower=51.0, upper=59.0, label="Wave 2"
    )
    result = target_status(
        [WAVE_1, wave_2],
        baseline=WAVE_1,
        target_value=65,
        target_date=date(2027, 3, 31),
        direction=Direction.INCREASE,
        name="Residents who feel safe after dark (%)",
    )
    assert result.status == Status.NOT_DISTINGUISHABLE
    assert result.trend_status == Status.LIMITED_PROGRESS
    assert result.explanation.startswith(
        "Residents who feel safe after dark (%) rose from 52 in Wave 1 to 55 in Wave 2; the change is within the margin of error"
    )


def test_survey_wave_change_beyond_the_intervals_is_judged():
    """52 % (48-56) then 61 % (57-65), target 65 % by 31 March 2027."""
    wave_2 = Observation(
        date(2025, 5, 1), date(2025, 6, 30), 61.0, lower=57.0, upper=65.0, label="Wave 2"
    )
    expected_ratio = _plain_ratio(
        52,
        _plain_midpoint(date(2023, 10, 1), date(2023, 11, 30)),
        61,
        _plain_midpoint(date(2025, 5, 1), date(2025, 6, 30)),
        65,
        _plain_year_fraction(date(2027, 3, 31)),
    )
    result = target_status(
        [WAVE_1, wave_2],
        baseline=WAVE_1,
        target_value=65,
        target_date=date(2027, 3, 31),
        direction=Direction.INCREASE,
    )
    assert result.ratio == pytest.approx(expected_ratio, rel=1e-9)
    assert result.status == _plain_status(expected_ratio) == Status.ON_TRACK


def test_a_baseline_value_inside_the_latest_interval_is_not_distinguishable():
    """The baseline has no interval: 52 lies inside the latest wave's 49-59."""
    baseline = Observation(date(2023, 10, 1), date(2023, 11, 30), 52.0)
    wave_2 = Observation(date(2025, 5, 1), date(2025, 6, 30), 54.0, lower=49.0, upper=59.0)
    result = target_status(
        [wave_2],
        baseline=baseline,
        target_value=65,
        target_date=date(2027, 3, 31),
        direction="increase",
    )
    assert result.status == Status.NOT_DISTINGUISHABLE


# --- Statuses and edge cases -----------------------------------------------------------------


def test_target_achieved_when_reducing():
    result = target_status(
        [_quarter(2024, 1, 8.1), _quarter(2025, 3, 5.9)],
        baseline=_quarter(2024, 1, 8.1),
        target_value=6.0,
        target_date=date(2027, 3, 31),
        direction=Direction.DECREASE,
        name="Anti-social behaviour per 1,000",
    )
    assert result.status == Status.ACHIEVED
    assert result.explanation == (
        "Anti-social behaviour per 1,000 fell from 8.1 in 2024 Q1 to 5.9 in 2025 Q3; "
        "the target of 6 is met: target achieved."
    )


def test_target_achieved_when_increasing():
    result = target_status(
        [_year(2025, 66.0)],
        baseline=_year(2023, 58.0),
        target_value=65.0,
        target_date=date(2028, 3, 31),
        direction=Direction.INCREASE,
    )
    assert result.status == Status.ACHIEVED


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        (6.7, Status.ON_TRACK),
        (7.0, Status.NEEDS_ACCELERATION),
        (7.6, Status.LIMITED_PROGRESS),
        (8.6, Status.DETERIORATION),
    ],
)
def test_each_progress_status_against_the_plain_ratio(latest, expected):
    """8.1 in 2023 Q1 to fall to 6.0 by 31 March 2027; the latest value is for 2025 Q3."""
    expected_ratio = _plain_ratio(
        8.1,
        _plain_midpoint(date(2023, 1, 1), date(2023, 3, 31)),
        latest,
        _plain_midpoint(date(2025, 7, 1), date(2025, 9, 30)),
        6.0,
        _plain_year_fraction(date(2027, 3, 31)),
    )
    assert _plain_status(expected_ratio) == expected
    result = target_status(
        [_quarter(2023, 1, 8.1), _quarter(2025, 3, latest)],
        baseline=_quarter(2023, 1, 8.1),
        target_value=6.0,
        target_date=date(2027, 3, 31),
        direction=Direction.DECREASE,
    )
    assert result.ratio == pytest.approx(expected_ratio, rel=1e-9)
    assert result.status == expected


def test_not_enough_data_with_the_baseline_only():
    baseline = _quarter(2025, 3, 8.1)
    result = target_status(
        [baseline],
        baseline=baseline,
        target_value=6.0,
        target_date=date(2027, 3, 31),
        direction="decrease",
    )
    assert result.status == Status.NOT_ENOUGH_DATA
    assert result.ratio is None and result.latest is None
    assert "no value has been published since" in result.explanation


def test_not_enough_data_when_every_value_is_before_the_baseline():
    result = target_status(
        [_quarter(2024, 1, 9.0), _quarter(2024, 2, 8.5)],
        baseline=_quarter(2025, 1, 8.1),
        target_value=6.0,
        target_date=date(2027, 3, 31),
        direction=Direction.DECREASE,
    )
    assert result.status == Status.NOT_ENOUGH_DATA


def test_a_zero_baseline_uses_linear_rates():
    """Hate incidents reported from a community: 0 in 2023 to 12 a year by the end of 2027; 6 in 2025."""
    expected_ratio = _plain_ratio(
        0, 2023.5, 6, 2025.5, 12, _plain_year_fraction(date(2027, 12, 31))
    )
    result = target_status(
        [_year(2023, 0), _year(2025, 6)],
        baseline=_year(2023, 0),
        target_value=12,
        target_date=date(2027, 12, 31),
        direction=Direction.INCREASE,
    )
    assert result.method == Method.LINEAR
    assert result.ratio == pytest.approx(expected_ratio, rel=1e-9)
    assert result.status == _plain_status(expected_ratio) == Status.ON_TRACK


def test_a_sign_change_uses_linear_rates():
    """A net satisfaction score: -10 in 2023 to +20 by the end of 2027; +2 in 2025."""
    expected_ratio = _plain_ratio(
        -10, 2023.5, 2, 2025.5, 20, _plain_year_fraction(date(2027, 12, 31))
    )
    result = target_status(
        [_year(2023, -10), _year(2025, 2)],
        baseline=_year(2023, -10),
        target_value=20,
        target_date=date(2027, 12, 31),
        direction=Direction.INCREASE,
    )
    assert result.method == Method.LINEAR
    assert result.ratio == pytest.approx(expected_ratio, rel=1e-9)
    assert result.status == _plain_status(expected_ratio) == Status.NEEDS_ACCELERATION


def test_negative_values_throughout_use_compound_growth():
    """Open SDG's ``sign``: both values below zero keep the compound rate meaningful."""
    result = target_status(
        [_year(2024, -15.0)],
        baseline=_year(2022, -10.0),
        target_value=-20.0,
        target_date=date(2026, 7, 2),
        direction=Direction.DECREASE,
    )
    assert result.method == Method.COMPOUND
    assert result.status == Status.ON_TRACK


def test_a_target_date_that_has_passed_is_never_on_track():
    """8.1 to 6.0 by 31 Dec 2025; 6.1 in 2025 Q4 is a fast fall but the target was missed."""
    result = target_status(
        [_quarter(2025, 4, 6.1)],
        baseline=_quarter(2023, 1, 8.1),
        target_value=6.0,
        target_date=date(2025, 12, 31),
        direction=Direction.DECREASE,
        today=date(2026, 2, 1),
    )
    assert result.ratio is not None and result.ratio >= 0.95
    assert result.target_date_passed
    assert result.status == Status.NEEDS_ACCELERATION
    assert "the target of 6 by 31 December 2025 was not met" in result.explanation


def test_a_target_date_before_the_baseline_is_refused_with_a_plain_message():
    with pytest.raises(
        ValueError,
        match=r"The target date \(2022-12-31\) must be after the baseline period \(2023 Q1\)\.",
    ):
        target_status(
            [],
            baseline=_quarter(2023, 1, 8.1),
            target_value=6.0,
            target_date=date(2022, 12, 31),
            direction=Direction.DECREASE,
        )


def test_a_target_in_the_wrong_direction_is_refused():
    with pytest.raises(
        ValueError, match=r"A target to reduce the value must be below the baseline \(8\.1\)\."
    ):
        target_status(
            [],
            baseline=_quarter(2023, 1, 8.1),
            target_value=9.0,
            target_date=date(2027, 3, 31),
            direction=Direction.DECREASE,
        )


def test_an_unknown_direction_is_refused_with_a_plain_message():
    with pytest.raises(
        ValueError, match=r"The direction must be “decrease” or “increase”, not “down”\."
    ):
        target_status(
            [],
            baseline=_quarter(2023, 1, 8.1),
            target_value=6.0,
            target_date=date(2027, 3, 31),
            direction="down",
        )


def test_two_values_for_one_period_are_refused():
    with pytest.raises(ValueError, match=r"Two values are given for 2024 Q1\."):
        target_status(
            [_quarter(2024, 1, 7.0), _quarter(2024, 1, 7.5)],
            baseline=_quarter(2023, 1, 8.1),
            target_value=6.0,
            target_date=date(2027, 3, 31),
            direction=Direction.DECREASE,
        )


def test_an_interval_that_misses_its_value_is_refused():
    with pytest.raises(ValueError, match=r"does not contain its value 61"):
        Observation(date(2025, 5, 1), date(2025, 6, 30), 61.0, lower=40.0, upper=50.0)


def test_a_manual_status_keeps_the_computed_one_and_needs_a_reason():
    computed = target_status(
        [_quarter(2025, 3, 8.6)],
        baseline=_quarter(2023, 1, 8.1),
        target_value=6.0,
        target_date=date(2027, 3, 31),
        direction=Direction.DECREASE,
    )
    with pytest.raises(ValueError, match="Give a reason"):
        with_manual_status(computed, Status.LIMITED_PROGRESS, "  ")
    reported = with_manual_status(
        computed, "limited_progress", "Q3 included the summer festival; the steering group agreed."
    )
    assert reported.shown == Status.LIMITED_PROGRESS
    assert reported.computed.status == Status.DETERIORATION
    assert reported.overridden
    assert with_manual_status(computed, None).shown == Status.DETERIORATION


def test_a_steep_short_rise_says_the_target_would_be_passed_rather_than_an_absurd_projection():
    """Feel safe after dark in Newport, 9.68 % (Sep 2020) to 48.98 % (Sep 2021), target 50 % by March 2027."""
    result = target_status(
        [Observation(date(2021, 9, 1), date(2021, 9, 30), 48.98)],
        baseline=Observation(date(2020, 9, 1), date(2020, 9, 30), 9.68),
        target_value=50.0,
        target_date=date(2027, 3, 31),
        direction="increase",
        name="Residents who feel safe after dark",
    )
    assert result.status == Status.ON_TRACK
    assert result.projected_value is not None and result.projected_value > 100_000
    assert "would pass the target of 50 before 31 March 2027: on track." in result.explanation
    assert "391" not in result.explanation
