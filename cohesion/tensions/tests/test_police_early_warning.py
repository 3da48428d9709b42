"""Early warning over police-recorded crime: police.uk's monthly counts, loaded by indicators.

The counts are the real Cleveland Police records in ``../shared/data/crime``;
each test loads them with the indicators loader, the way ``cohesion demo`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from django.core import mail
from django.test import Client

from cohesion.indicators.loaders.base import load_indicators
from cohesion.indicators.models import IndicatorValue
from cohesion.places.queries import get_area
from cohesion.tensions import alerting
from cohesion.tensions.calculations.early_warning import (
    ears,
    farrington_flexible,
    negative_binomial_threshold,
)
from cohesion.tensions.models.alerts import Alert, AreaFollow
from cohesion.tensions.tests.factories_assessment import MIDDLESBROUGH, NEWPORT

CRIME_FILE = "crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv"
NOVEMBER = dt.date(2025, 11, 1)


@pytest.fixture
def police_counts(db: None, shared_data: Path) -> Path:
    load_indicators(shared_data, ["police_uk_street"])
    return shared_data


def _independent_council_series(shared_data: Path, crime_type: str) -> pd.Series:
    """Middlesbrough's monthly count of one crime type, straight from the file with pandas."""
    crime = pd.read_csv(shared_data / CRIME_FILE)
    lookup = pd.read_csv(shared_data / "lookups/lookup_lsoa21_ward24_ltla24.csv")
    lsoas = set(lookup.loc[lookup["ltla24_code"] == MIDDLESBROUGH, "lsoa21_code"])
    mine = crime[(crime["crime_type"] == crime_type) & crime["lsoa21cd"].isin(lsoas)]
    by_month = mine.groupby("month")["count"].sum()
    months = pd.date_range("2023-01-01", "2025-11-01", freq="MS")
    return by_month.reindex(months.strftime("%Y-%m"), fill_value=0).set_axis(months)


def test_the_councils_monthly_series_are_the_police_records_of_each_month(
    police_counts: Path,
) -> None:
    counts = alerting.police_monthly_counts([MIDDLESBROUGH])
    categories = set(counts.index.get_level_values("category"))
    assert categories == {
        "crime:public-order",
        "crime:anti-social-behaviour",
        "crime:criminal-damage-arson",
        "crime:violence-sexual-offences",
        "crime:all",
    }
    areas = set(counts.index.get_level_values("area"))
    assert MIDDLESBROUGH in areas and NEWPORT in areas and len(areas) == 21  # council + 20 wards
    expected = _independent_council_series(police_counts, "Public order")
    got = counts.loc[(MIDDLESBROUGH, "crime:public-order")]
    assert list(got.index) == list(expected.index)
    assert got.to_numpy().tolist() == expected.to_numpy().astype(float).tolist()


def test_alerts_over_police_records_are_the_alarms_of_each_method_on_the_independent_series(
    police_counts: Path,
) -> None:
    summary = alerting.RunSummary(councils=[MIDDLESBROUGH], first_week=NOVEMBER, last_week=NOVEMBER)
    alerting.run_police_early_warning([MIDDLESBROUGH], summary, notify=False)
    assert summary.police_months == (dt.date(2023, 1, 1), NOVEMBER)
    assert summary.police_series == 21 * 5

    expected = _independent_council_series(police_counts, "Public order")
    values = expected.to_numpy()[np.newaxis, :].astype(np.int64)
    options = alerting.POLICE_SETTINGS
    stored = Alert.objects.filter(
        source="police_uk", area_code=MIDDLESBROUGH, category="crime:public-order"
    )
    for method in options.methods:
        if method == "negative_binomial":
            result = negative_binomial_threshold(
                values, alpha=options.alpha[method], baseline=options.count_baseline
            )
        else:
            result = ears(
                values,
                method,  # type: ignore[arg-type]
                alpha=options.alpha[method],
                baseline=options.ears_baseline,
                min_sigma=options.min_sigma,
            )
        months = {expected.index[i].date() for i in np.flatnonzero(result.alarm[0])}
        assert set(stored.filter(method=method).values_list("week_start", flat=True)) == months
    assert summary.police_flagged == Alert.objects.filter(source="police_uk").count()
    assert summary.police_new_alerts == summary.police_flagged


def test_a_spike_in_the_latest_month_emails_followers_and_shows_on_the_monthly_chart(
    police_counts: Path, alice: Any, client_for: Callable[[Any], Client]
) -> None:
    # A ward's public order records in November 2025 raised far above its usual run.
    IndicatorValue.objects.filter(
        indicator__code="crime-month-public-order",
        area_code=NEWPORT,
        period_start=NOVEMBER,
    ).update(value=60, numerator=60)
    alice.email = "alice@example.org"
    alice.save()
    AreaFollow.objects.create(user=alice, area=get_area(NEWPORT))

    summary = alerting.run_early_warning()  # every council with reports or police.uk counts

    spike = Alert.objects.get(
        source="police_uk",
        area_code=NEWPORT,
        category="crime:public-order",
        week_start=NOVEMBER,
        method="negative_binomial",  # the calibrated default for police.uk months
    )
    assert spike.observed == 60 and spike.threshold < 60 and spike.alpha == 0.05
    assert str(spike).startswith("Newport: Public order in November 2025")
    assert summary.police_emails == 1 and len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Public order, in November 2025: 60 police.uk records" in body
    # Only the latest month is news: earlier flagged months were stored but not emailed.
    assert Alert.objects.filter(source="police_uk", notified_at__isnull=True).exists()
    assert not Alert.objects.filter(
        source="police_uk", notified_at__isnull=False, week_start__lt=NOVEMBER
    ).exists()
    assert "police.uk crime: months 2023-01 to 2025-11" in "\n".join(summary.lines())

    client = client_for(alice)
    page = client.get(f"/tensions/early-warning/{NEWPORT}/").content.decode()
    assert "Police-recorded crime (police.uk)" in page
    assert 'id="series-crimepublic-order"' in page and "November 2025" in page
    assert "Monthly counts from December 2023 to November 2025" in page  # the chart's description
    data = client.get(f"/tensions/early-warning/{NEWPORT}.json").json()
    public_order = next(
        s for s in data["police_uk_monthly"] if s["category"] == "crime:public-order"
    )
    latest = public_order["months"][-1]
    assert (latest["week_start"], latest["count"], latest["flagged"]) == ("2025-11-01", 60, True)
    assert latest["methods"] == "negative_binomial"
    assert len(public_order["months"]) == 24

    listed = client.get("/tensions/early-warning.json?source=police_uk").json()["alerts"]
    assert listed and {row["source"] for row in listed} == {"police_uk"}
    # Each alert says how often its method, at its setting, flags a quiet month (the committed
    # calibration: 5.97% of series-months, 0.90 false alerts per area a quarter).
    row = next(r for r in listed if r["area_code"] == NEWPORT and r["week_start"] == "2025-11-01")
    assert row["method"] == "negative_binomial"
    assert row["expected_false_alarm_rate"] == pytest.approx(0.0597, abs=0.002)
    assert row["expected_false_alerts_per_area_quarter"] == pytest.approx(0.9, abs=0.03)
    listing = client.get("/tensions/early-warning/?source=police_uk").content.decode()
    assert (
        "Expected false alarms" in listing and "6.0% of months (0.9 a quarter per area)" in listing
    )
    Alert.objects.filter(pk=spike.pk).update(alpha=0.2)  # a setting nobody calibrated
    assert (
        "not calibrated" in client.get("/tensions/early-warning/?source=police_uk").content.decode()
    )
    rows = client.get("/tensions/early-warning.csv?source=police_uk").content.decode()
    assert "expected_false_alarm_rate" in rows.splitlines()[0]
    reports_only = client.get("/tensions/early-warning.json?source=reports").json()["alerts"]
    assert all(row["source"] == "reports" for row in reports_only)


def test_the_improved_farrington_method_can_be_chosen_for_the_run_and_its_alerts_say_so(
    police_counts: Path, alice: Any, client_for: Callable[[Any], Client]
) -> None:
    options = replace(alerting.POLICE_SETTINGS, methods=(alerting.FARRINGTON,))
    summary = alerting.RunSummary(councils=[MIDDLESBROUGH], first_week=NOVEMBER, last_week=NOVEMBER)
    alerting.run_police_early_warning([MIDDLESBROUGH], summary, options=options, notify=False)
    assert summary.not_run == []

    # Every series: the stored alerts are the method's alarms on the councils' monthly counts.
    counts = alerting.police_monthly_counts([MIDDLESBROUGH])
    result = farrington_flexible(
        counts.to_numpy(dtype=np.int64),
        periods_per_year=12,
        years=2,
        window=1,
        seasonal_periods=4,
        excluded=6,
        alpha=0.01,
    )  # the settings pinned to R in test_farrington.py
    assert alerting.farrington_arguments(options) == {
        "periods_per_year": 12,
        "years": 2,
        "window": 1,
        "seasonal_periods": 4,
        "excluded": 6,
    }
    months = [ts.date() for ts in pd.to_datetime(counts.columns)]
    expected = {
        (counts.index[r][0], counts.index[r][1], months[c])
        for r, c in zip(*np.nonzero(result.alarm), strict=True)
    }
    stored = Alert.objects.filter(source="police_uk")
    assert set(stored.values_list("area_code", "category", "week_start")) == expected
    assert set(stored.values_list("method", flat=True)) <= {"farrington_flexible"}
    assert summary.police_flagged == len(expected)
    # Judged from two years back: the first month judged is February 2025.
    # (Small ward series may have no bound there: fewer than 5 records in 4 months.)
    assert np.isnan(result.upperbound[:, :25]).all() and not result.alarm[:, :25].any()
    assert not np.isnan(result.expected[:, 25:]).any()

    # The council's public order series, from the file, gives the same months.
    independent = _independent_council_series(police_counts, "Public order")
    alone = farrington_flexible(
        independent.to_numpy(), alpha=0.01, **alerting.farrington_arguments(options)
    )
    assert set(
        stored.filter(area_code=MIDDLESBROUGH, category="crime:public-order").values_list(
            "week_start", flat=True
        )
    ) == {independent.index[i].date() for i in np.flatnonzero(alone.alarm)}

    # The alerts page names the method that raised each alert, and filters by it.
    for method, threshold in (("farrington_flexible", 21.0), ("C1", 30.5)):
        Alert.objects.create(
            source="police_uk",
            area=get_area(NEWPORT),
            category="crime:public-order",
            week_start=NOVEMBER,
            method=method,
            observed=60,
            threshold=threshold,
            alpha=0.01,
        )
    client = client_for(alice)
    page = client.get("/tensions/early-warning/").content.decode()
    assert "Raised by" in page
    assert '<td class="govuk-table__cell">Improved Farrington (Noufaily)</td>' in page
    assert '<td class="govuk-table__cell">EARS C1</td>' in page
    only = client.get("/tensions/early-warning/?method=farrington_flexible").content.decode()
    assert "Improved Farrington (Noufaily)</td>" in only and "EARS C1</td>" not in only
    rows = client.get("/tensions/early-warning.json?method=farrington_flexible").json()["alerts"]
    assert rows and {row["method"] for row in rows} == {"farrington_flexible"}

    # The area page draws the method's monthly thresholds and labels the flagged month.
    area_page = client.get(f"/tensions/early-warning/{NEWPORT}/?method=farrington_flexible")
    text = area_page.content.decode()
    assert area_page.status_code == 200
    assert "raised by EARS C1, Improved Farrington (Noufaily)" in text
    data = client.get(f"/tensions/early-warning/{NEWPORT}.json?method=farrington_flexible").json()
    public_order = next(
        s for s in data["police_uk_monthly"] if s["category"] == "crime:public-order"
    )
    assert public_order["months"][-1]["threshold"] is not None
    assert public_order["months"][-1]["methods"] == "C1, farrington_flexible"
