"""Targets judged on their indicators' live series, and refreshed whenever values are stored."""

from __future__ import annotations

import datetime as dt
import math
from io import StringIO

import pytest
from django.core.management import call_command

from cohesion.indicators.publish import SeriesValue, publish_series
from cohesion.indicators.queries import area_series
from cohesion.plans.calculations.progress import Status
from cohesion.plans.models import Target
from cohesion.plans.services import compute_status, refresh_target_statuses, target_series
from cohesion.plans.tests.factories import NEWPORT, NORTH_ORMESBY, TargetFactory

pytestmark = pytest.mark.django_db

ASB_MONTH = "crime-month-anti-social-behaviour"
SAFE_AFTER_DARK = "survey_synthetic_safe_after_dark"

# police.uk street-level anti-social behaviour recorded in Newport (E05009866), April 2024 to
# November 2025: shared/data/crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv
# summed over the ward's LSOAs (as the crime loader does).
NEWPORT_ASB = [38, 54, 44, 32, 66, 36, 51, 30, 26, 28, 27, 44, 39, 33, 43, 34, 56, 40, 47, 31]

# The synthetic locality survey's published "feel safe after dark" in North Ormesby
# (E05009867): weighted percentage and 95% interval of the September 2020, March 2021 and
# September 2021 waves, as the demo's surveys step weights them.
NORTH_ORMESBY_SAFE = [
    (dt.date(2020, 9, 1), dt.date(2020, 9, 30), 13.043478, 7.507318, 21.704191),
    (dt.date(2021, 3, 1), dt.date(2021, 3, 31), 21.212121, 16.918423, 26.251201),
    (dt.date(2021, 9, 1), dt.date(2021, 9, 30), 31.415929, 25.672636, 37.790805),
]


def month_end(start: dt.date) -> dt.date:
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def publish_asb(
    counts: list[int], area: str = NEWPORT, first: dt.date = dt.date(2024, 4, 1)
) -> None:
    values = []
    start = first
    for count in counts:
        values.append(
            SeriesValue(area, start, month_end(start), float(count), numerator=float(count))
        )
        start = month_end(start) + dt.timedelta(days=1)
    publish_series(
        indicator_code=ASB_MONTH,
        title="Anti-social behaviour: records in the month",
        unit="count",
        polarity="higher_is_worse",
        source="police.uk (Cleveland Police)",
        description="Police-recorded anti-social behaviour in one calendar month.",
        values=values,
    )


def publish_survey(waves: list[tuple[dt.date, dt.date, float, float, float]]) -> None:
    publish_series(
        indicator_code=SAFE_AFTER_DARK,
        title="Synthetic demonstration data: % who feel safe outside after dark",
        unit="percentage",
        polarity="higher_is_better",
        source="Cohesion resident surveys (synthetic demonstration data)",
        description="Weighted percentage; lower and upper are the 95% confidence interval.",
        values=[
            SeriesValue(NORTH_ORMESBY, start, end, value, lower=lower, upper=upper)
            for start, end, value, lower, upper in waves
        ],
    )


def test_a_monthly_police_uk_series_within_the_noise_of_small_counts_is_not_called_progress(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_asb(NEWPORT_ASB)
    target = TargetFactory(
        baseline_value=38.0,
        baseline_start=dt.date(2024, 4, 1),
        baseline_end=dt.date(2024, 4, 30),
        target_value=28.5,
        target_date=dt.date(2027, 3, 31),
    )
    result = compute_status(target, target_series(target), today=dt.date(2026, 12, 5))
    # Period midpoints: April 2024 = 2024 + 106/366, November 2025 = 2025 + 319/365; the
    # target date 31 March 2027 = 2027 + 89/365. Observed (31/38)^(1/1.58436) - 1 = -0.12059
    # a year, required (28.5/38)^(1/2.95422) - 1 = -0.09279: a ratio of 1.2996, on track ...
    assert result.trend_status == Status.ON_TRACK
    assert math.isclose(result.ratio or 0, 1.2996, abs_tol=1e-4)
    # ... but 31 in a month is within the Garwood interval of 38 (26.9 to 52.2) and vice versa.
    assert result.status == Status.NOT_DISTINGUISHABLE
    assert result.baseline.lower is not None and math.isclose(
        result.baseline.lower, 26.891, abs_tol=1e-3
    )


def test_a_fall_in_monthly_counts_beyond_the_noise_is_on_track():
    publish_asb(NEWPORT_ASB)
    target = TargetFactory(
        baseline_value=66.0,
        baseline_start=dt.date(2024, 8, 1),
        baseline_end=dt.date(2024, 8, 31),
        target_value=25.0,
        target_date=dt.date(2027, 3, 31),
    )
    refresh_target_statuses(targets=[target], today=dt.date(2026, 12, 5))
    target.refresh_from_db()
    # 66 (interval 51.0 to 84.0) to 31 (21.1 to 44.0): distinguishable. Observed
    # (31/66)^(1/1.24965) - 1 = -0.4538 a year against a required (25/66)^(1/2.61952) - 1 =
    # -0.3097: ratio 1.47, on track.
    assert target.computed_status == Status.ON_TRACK
    assert target.computed_latest_value == 31.0
    assert target.computed_latest_end == dt.date(2025, 11, 30)
    assert "on track" in target.computed_explanation


def test_a_survey_wave_target_is_not_distinguishable_until_a_wave_clears_the_baselines_interval(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_survey(NORTH_ORMESBY_SAFE[:2])
    start, end, value, *_interval = NORTH_ORMESBY_SAFE[0]
    target = TargetFactory(
        title="Residents of North Ormesby who feel safe after dark",
        indicator_code=SAFE_AFTER_DARK,
        area_code=NORTH_ORMESBY,
        baseline_value=value,
        baseline_start=start,
        baseline_end=end,
        target_value=50.0,
        target_date=dt.date(2027, 3, 31),
        direction="increase",
    )
    refresh_target_statuses(targets=[target])
    target.refresh_from_db()
    # March 2021's 21.2 (16.9 to 26.3) overlaps September 2020's 13.0 (7.5 to 21.7).
    assert target.computed_status == Status.NOT_DISTINGUISHABLE
    assert "not distinguishable from noise" in target.computed_explanation

    # Publishing September 2021 (31.4, 25.7 to 37.8) refreshes the target by itself.
    with django_capture_on_commit_callbacks(execute=True):
        publish_survey(NORTH_ORMESBY_SAFE[2:])
    target.refresh_from_db()
    assert target.computed_status == Status.ON_TRACK
    assert target.computed_latest_end == dt.date(2021, 9, 30)


def test_storing_values_refreshes_only_the_targets_on_that_indicator_and_area(
    django_capture_on_commit_callbacks,
):
    newport = TargetFactory(baseline_value=38.0, target_value=28.5)
    elsewhere = TargetFactory(area_code=NORTH_ORMESBY, baseline_value=7.0, target_value=5.0)
    with django_capture_on_commit_callbacks(execute=True):
        publish_asb(NEWPORT_ASB)
    newport.refresh_from_db()
    elsewhere.refresh_from_db()
    assert newport.computed_at is not None
    assert newport.computed_latest_value == 31.0
    assert elsewhere.computed_at is None


def test_a_target_with_nothing_published_since_its_baseline_has_not_enough_data():
    target = TargetFactory(indicator_code="no-such-indicator")
    outcome = refresh_target_statuses(targets=[target])
    target.refresh_from_db()
    assert outcome.refreshed == 1
    assert target.computed_status == Status.NOT_ENOUGH_DATA
    assert "no value has been published since" in target.computed_explanation


def test_suppressed_small_counts_are_never_used_to_judge_a_target():
    # North Ormesby's February 2025 (3 incidents) is below the suppression threshold.
    publish_asb([9, 3], area=NORTH_ORMESBY, first=dt.date(2025, 1, 1))
    assert [p.value for p in area_series(ASB_MONTH, NORTH_ORMESBY)] == [9.0, None]
    target = TargetFactory(
        area_code=NORTH_ORMESBY,
        baseline_value=9.0,
        baseline_start=dt.date(2025, 1, 1),
        baseline_end=dt.date(2025, 1, 31),
        target_value=5.0,
    )
    refresh_target_statuses(targets=[target])
    target.refresh_from_db()
    assert target.computed_status == Status.NOT_ENOUGH_DATA
    assert target.computed_latest_value is None


def test_a_target_that_can_no_longer_be_judged_says_why_and_the_others_are_still_refreshed():
    publish_asb(NEWPORT_ASB)
    good = TargetFactory(baseline_value=38.0, target_value=28.5)
    bad = TargetFactory(baseline_value=38.0, target_value=28.5)
    # Edited behind the form's back: a target to reduce that lies above its baseline.
    Target.objects.filter(pk=bad.pk).update(target_value=50.0)
    outcome = refresh_target_statuses(indicator_code=ASB_MONTH)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (outcome.refreshed, outcome.failed) == (1, 1)
    assert bad.computed_status == Status.NOT_ENOUGH_DATA
    assert "must be below the baseline" in bad.computed_explanation
    assert good.computed_latest_value == 31.0


def test_cohesion_refresh_targets_recomputes_every_target_and_says_how_many():
    publish_asb(NEWPORT_ASB)
    target = TargetFactory(baseline_value=38.0, target_value=28.5)
    out = StringIO()
    call_command("refresh_targets", stdout=out)
    target.refresh_from_db()
    assert "1 target(s) recomputed, 1 changed status, 0 could not be judged." in out.getvalue()
    assert target.computed_status == Status.NOT_DISTINGUISHABLE


def test_refresh_reads_each_indicators_series_in_one_query_whatever_the_number_of_targets(
    django_assert_max_num_queries,
):
    publish_asb(NEWPORT_ASB)
    targets = [TargetFactory(baseline_value=38.0, target_value=28.5) for _ in range(12)]
    # The indicator, its values, and one update per target.
    with django_assert_max_num_queries(2 + len(targets)):
        refresh_target_statuses(targets=targets)


def test_a_rate_per_1000_gets_the_poisson_interval_of_its_count_scaled_by_its_denominator():
    from cohesion.indicators.queries import SeriesPoint
    from cohesion.plans.services import count_interval

    point = SeriesPoint(
        dt.date(2024, 12, 1),
        dt.date(2025, 11, 30),
        value=404 / 9120 * 1000,
        lower=None,
        upper=None,
        suppressed=False,
        label="",
        numerator=404.0,
        denominator=9120.0,
    )
    low, high = count_interval(point, "rate_per_1000") or (0.0, 0.0)
    # Garwood's exact 95% interval for 404 events is 365.56 to 445.38 (chi-squared quantiles
    # chi2(0.025, 808) / 2 and chi2(0.975, 810) / 2), per 9,120 residents.
    assert math.isclose(low, 365.561 / 9.12, abs_tol=0.01)
    assert math.isclose(high, 445.382 / 9.12, abs_tol=0.01)
    zero = SeriesPoint(
        dt.date(2025, 1, 1), dt.date(2025, 12, 31), 0.0, None, None, False, "", 0.0, 2000.0
    )
    assert count_interval(zero, "rate_per_1000") == (
        0.0,
        pytest.approx(3.68888 / 2, abs=1e-5),
    )  # chi2(0.975, 2) / 2 per 2,000
    assert count_interval(zero, "percentage") is None


def test_a_release_naming_tens_of_thousands_of_areas_refreshes_the_targets_among_them():
    from cohesion.plans.services import on_values_stored

    publish_asb(NEWPORT_ASB)
    target = TargetFactory(baseline_value=38.0, target_value=28.5)
    many = frozenset({NEWPORT, *(f"E01{n:06d}" for n in range(40_000))})
    on_values_stored(sender=None, indicator_code=ASB_MONTH, area_codes=many)
    target.refresh_from_db()
    assert target.computed_status == Status.NOT_DISTINGUISHABLE
