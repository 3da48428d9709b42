"""Early warning end to end: weekly counts, detection, alerts, emails, the chart, the command and the task."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from cohesion.places.queries import get_area
from cohesion.tensions import alerting
from cohesion.tensions.calculations.early_warning import ears, negative_binomial_threshold
from cohesion.tensions.models.alerts import Alert, AreaFollow
from cohesion.tensions.tests.factories_assessment import (
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    this_week,
)
from cohesion.tensions.tests.factories_reports import ReportFactory

UK = ZoneInfo("Europe/London")
SPIKE = 8
# A quiet ward: one report in some of the 30 weeks before this one.
QUIET_WEEKS = (29, 27, 24, 22, 19, 17, 15, 12, 10, 8, 6, 4, 2)


def _at(week: dt.date, day: int = 2, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(week + dt.timedelta(days=day), dt.time(hour), tzinfo=UK)


def seed_spike() -> None:
    """North Ormesby: a report every two or three weeks, then eight this week (synthetic)."""
    for back in QUIET_WEEKS:
        ReportFactory(occurred_at=_at(this_week() - dt.timedelta(weeks=back)), synthetic=True)
    for hour in range(SPIKE):
        ReportFactory(occurred_at=_at(this_week(), day=0, hour=9 + hour), synthetic=True)


# --------------------------------------------------------------------------- pure detection


def test_flagged_weeks_are_exactly_the_alarms_of_each_method() -> None:
    rng = np.random.default_rng(7)
    values = rng.poisson(1.0, size=(4, 40))
    values[1, 35] = 12
    weeks = pd.date_range("2025-01-06", periods=40, freq="7D", name="week_start")
    index = pd.MultiIndex.from_product([["A", "B"], ["x", "y"]], names=["area", "category"])
    counts = pd.DataFrame(values, index=index, columns=weeks)
    options = alerting.DEFAULT_SETTINGS
    assert options.methods == ("C2",) and options.alpha["C2"] == 0.01
    options = alerting.WarningSettings(methods=("C1", "C2", "C3", "negative_binomial"))
    flags = alerting.flag_weeks(counts, options)
    for method in options.methods:
        if method == "negative_binomial":
            alarm = negative_binomial_threshold(values, alpha=0.01, baseline=26).alarm
        else:
            alarm = ears(values, method, alpha=options.alpha[method], min_sigma=1.0).alarm  # type: ignore[arg-type]
        rows, cols = np.nonzero(alarm)
        expected = {(index[r], weeks[c].date()) for r, c in zip(rows, cols, strict=True)}
        got = flags[flags["method"] == method]
        assert {
            ((a, c), w)
            for a, c, w in zip(got["area"], got["category"], got["week_start"], strict=True)
        } == expected
    spike = flags[(flags["area"] == "A") & (flags["category"] == "y")]
    assert weeks[35].date() in set(spike["week_start"])
    assert (spike["observed"] > spike["threshold"]).all()


def test_each_source_runs_the_default_its_committed_calibration_chose() -> None:
    data = json.loads(alerting.ALERT_CALIBRATION_FILE.read_text(encoding="utf-8"))
    for source, options in (
        ("reports", alerting.DEFAULT_SETTINGS),
        ("police_uk", alerting.POLICE_SETTINGS),
    ):
        chosen = data["sources"][source]["chosen"]
        assert options.methods == (chosen["method"],)
        assert options.alpha[chosen["method"]] == chosen["alpha"]
        figures = alerting.expected_false_alarms(source, chosen["method"], chosen["alpha"])
        assert figures is not None and chosen["meets_target"]
        assert figures.per_area_quarter <= 1.0 and figures.detection >= 0.9
    assert alerting.expected_false_alarms("reports", "C1", 0.3) is None
    # Asked for methods, a run runs them on both sources, each at its source's alpha.
    assert alerting.police_settings_for(alerting.DEFAULT_SETTINGS) is alerting.POLICE_SETTINGS
    asked = alerting.police_settings_for(alerting.WarningSettings(methods=("C1",)))
    assert asked.methods == ("C1",) and asked.alpha["C1"] == 0.001
    assert asked.count_baseline == 12 and asked.periods_per_year == 12


def test_the_first_period_each_method_judges_follows_its_baseline() -> None:
    weekly = {m: alerting.first_judged(m) for m in alerting.METHODS}
    assert weekly == {
        "C1": 7,
        "C2": 9,
        "C3": 11,
        "negative_binomial": 26,
        "farrington_flexible": 263,
    }
    assert alerting.first_judged("negative_binomial", alerting.POLICE_SETTINGS) == 12
    assert alerting.first_judged("farrington_flexible", alerting.POLICE_SETTINGS) == 25
    values = np.ones((1, 40), dtype=np.int64)
    for method in alerting.METHODS[:4]:
        bound = alerting.run_method(values, method).upperbound[0]
        # C3 is undefined on a constant baseline until its lagged statistics exist: NaN before.
        assert np.isnan(bound[: weekly[method]]).all()
        assert not np.isnan(bound[weekly[method]])
    with pytest.raises(ValueError, match="Unknown method"):
        alerting.first_judged("C4")


def test_unknown_methods_and_short_histories_are_refused() -> None:
    with pytest.raises(ValueError, match="Unknown early-warning method"):
        alerting.WarningSettings(methods=("C4",))
    with pytest.raises(ValueError, match="history_weeks"):
        alerting.WarningSettings(history_weeks=1)


# --------------------------------------------------------------------------- counting


@pytest.mark.django_db
def test_weekly_counts_cover_every_ward_category_and_week_with_zeros() -> None:
    week = this_week() - dt.timedelta(weeks=2)
    ReportFactory(occurred_at=_at(week, day=6, hour=23).replace(minute=30))  # Sunday 23:30
    ReportFactory(occurred_at=_at(week, day=1), ward_code=NEWPORT, category="tension")
    ReportFactory(occurred_at=_at(week), ward_code="", ward_name="")  # no ward: council only
    ReportFactory(occurred_at=_at(week), status="closed", closure_reason="duplicate")
    counts = alerting.weekly_report_counts(
        [MIDDLESBROUGH], first_week=week - dt.timedelta(weeks=3), last_week=this_week()
    )
    assert counts.shape == ((1 + 20) * 3, 6)
    column = pd.Timestamp(week)
    assert counts.loc[(NORTH_ORMESBY, "hate_incident"), column] == 1
    assert counts.loc[(NEWPORT, "tension"), column] == 1
    assert counts.loc[(MIDDLESBROUGH, "all"), column] == 3
    assert counts.loc[(MIDDLESBROUGH, "hate_incident"), column] == 2
    # North Ormesby (hate, all), Newport (tension, all), Middlesbrough (hate 2, tension 1, all 3).
    assert int(counts.to_numpy().sum()) == (1 + 1) + (1 + 1) + (2 + 1 + 3)
    assert counts.drop(columns=[column]).to_numpy().sum() == 0


# --------------------------------------------------------------------------- the run


@pytest.mark.django_db
def test_a_seeded_spike_raises_alerts_emails_followers_and_is_marked_on_the_chart(
    alice: Any, nadia: Any, amir: Any, dave: Any, client_for: Callable[[Any], Client]
) -> None:
    seed_spike()
    for person, code in ((alice, MIDDLESBROUGH), (nadia, NORTH_ORMESBY), (dave, NORTH_ORMESBY)):
        person.email = f"{person.username}@example.org"
        person.save()
        AreaFollow.objects.create(user=person, area=get_area(code))
    AreaFollow.objects.create(user=amir, area=get_area(NORTH_ORMESBY))  # no email address

    summary = alerting.run_early_warning([MIDDLESBROUGH])

    alert = Alert.objects.get(
        area_code=NORTH_ORMESBY, category="all", week_start=this_week(), method="C2"
    )
    assert alert.observed == SPIKE and alert.threshold < SPIKE
    assert alert.council_code == MIDDLESBROUGH and alert.notified_at is not None
    methods = set(
        Alert.objects.filter(area_code=NORTH_ORMESBY, week_start=this_week()).values_list(
            "method", flat=True
        )
    )
    # One alert per series and week: the calibrated default, EARS C2 at alpha 0.01.
    assert methods == {"C2"} and alert.alpha == 0.01
    assert summary.new_alerts == Alert.objects.count() and summary.emails == 2
    # Dave follows the ward but may not see it; amir has no address.
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "nadia@example.org"]
    body = mail.outbox[0].body
    assert "North Ormesby" in body and f"{SPIKE} reports" in body
    assert f"/tensions/early-warning/{NORTH_ORMESBY}/" in body

    page = client_for(alice).get(f"/tensions/early-warning/{NORTH_ORMESBY}/").content.decode()
    assert 'data-flagged="true"' in page and "cohesion-chart-threshold" in page
    series = client_for(amir).get(f"/tensions/early-warning/{NORTH_ORMESBY}.json").json()
    every = next(s for s in series["series"] if s["category"] == "all")
    latest = every["weeks"][-1]
    assert (latest["count"], latest["flagged"]) == (SPIKE, True)
    assert "C2" in latest["methods"]
    board = client_for(alice).get(f"/tensions/board/{MIDDLESBROUGH}.json").json()
    north = next(row for row in board["areas"] if row["code"] == NORTH_ORMESBY)
    assert north["alerts_this_week"] == 2  # its hate-incident and all-reports series

    again = alerting.run_early_warning([MIDDLESBROUGH])
    assert (again.new_alerts, again.emails, len(mail.outbox)) == (0, 0, 2)


@pytest.mark.django_db
def test_quiet_weeks_raise_no_alert() -> None:
    for back in QUIET_WEEKS:
        ReportFactory(occurred_at=_at(this_week() - dt.timedelta(weeks=back)))
    summary = alerting.run_early_warning([MIDDLESBROUGH], notify=False, publish=False)
    assert summary.new_alerts == 0 and not Alert.objects.exists()


@pytest.mark.django_db
def test_weeks_before_the_first_report_are_not_counted_as_quiet_weeks() -> None:
    # A council's first busy weeks are not a spike against the months before it used Cohesion.
    for back in range(4):
        for hour in range(6):
            ReportFactory(occurred_at=_at(this_week() - dt.timedelta(weeks=back), hour=8 + hour))
    summary = alerting.run_early_warning([MIDDLESBROUGH], notify=False, publish=False)
    assert summary.first_week == this_week() - dt.timedelta(weeks=3)
    assert summary.new_alerts == 0


@pytest.mark.django_db
def test_weekly_counts_are_published_to_indicators() -> None:
    seed_spike()
    summary = alerting.run_early_warning([MIDDLESBROUGH], notify=False)
    assert summary.publish_error == ""
    weeks = (summary.last_week - summary.first_week).days // 7 + 1
    assert weeks == max(QUIET_WEEKS) + 1  # from the first report's week to this one
    assert summary.published == (1 + 20) * weeks * 3


@pytest.mark.django_db
def test_the_command_prints_what_the_run_did() -> None:
    seed_spike()
    out = io.StringIO()
    call_command("run_early_warning", MIDDLESBROUGH, "--no-email", "--no-publish", stdout=out)
    text = out.getvalue()
    assert f"Councils: {MIDDLESBROUGH}" in text
    assert "Series checked: 63" in text
    new_alerts = int(text.split("New alerts: ")[1].splitlines()[0])
    assert new_alerts == Alert.objects.count() > 0


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_council() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown council"):
        call_command("run_early_warning", "E06999999")


@pytest.mark.django_db
def test_the_background_task_runs_early_warning() -> None:
    seed_spike()
    result = alerting.run_early_warning_task.enqueue([MIDDLESBROUGH])
    assert result.return_value is not None
    assert result.return_value["new_alerts"] == Alert.objects.count() > 0


@pytest.mark.django_db
def test_the_improved_farrington_method_says_when_the_history_is_too_short_not_that_all_is_quiet(
    alice: Any, client_for: Callable[[Any], Client]
) -> None:
    seed_spike()
    options = alerting.WarningSettings(methods=("C1", alerting.FARRINGTON))
    summary = alerting.run_early_warning([MIDDLESBROUGH], options=options, notify=False)
    assert summary.not_run == [
        "Improved Farrington (Noufaily): not run. The series is too short for the improved "
        "Farrington method: it has 30 periods, and judging even one needs 264 (5 years of 52 "
        "periods back, plus a window of 3 and the period itself). Use a longer history or "
        "fewer years back."
    ]
    assert summary.not_run[0] in summary.lines()
    assert not Alert.objects.filter(method=alerting.FARRINGTON).exists()
    assert Alert.objects.filter(method="C1").exists()  # the other method still ran

    # Asked for on the area page, the method's missing thresholds come with the reason.
    page = client_for(alice).get(
        f"/tensions/early-warning/{NORTH_ORMESBY}/?method=farrington_flexible"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "No thresholds for this method: The series is too short" in text


def test_a_long_enough_weekly_history_runs_the_improved_farrington_method() -> None:
    rng = np.random.default_rng(11)
    values = rng.poisson(6.0, size=(2, 300))
    values[0, -1] = 40
    weeks = pd.date_range("2020-01-06", periods=300, freq="7D", name="week_start")
    index = pd.MultiIndex.from_tuples([("A", "all"), ("B", "all")], names=["area", "category"])
    counts = pd.DataFrame(values, index=index, columns=weeks)
    options = alerting.WarningSettings(methods=(alerting.FARRINGTON,), history_weeks=300)
    not_run: list[str] = []
    flags = alerting.flag_weeks(counts, options, not_run)
    assert not_run == []
    assert ("A", weeks[-1].date()) in set(zip(flags["area"], flags["week_start"], strict=True))
    assert set(flags["method"]) == {alerting.FARRINGTON}
    with pytest.raises(ValueError, match="too short"):
        alerting.flag_weeks(counts.iloc[:, :100], options)  # without somewhere to say why


@pytest.mark.django_db
def test_the_command_runs_a_chosen_method_and_prints_why_it_could_not() -> None:
    seed_spike()
    out = io.StringIO()
    call_command(
        "run_early_warning",
        MIDDLESBROUGH,
        "--method",
        "farrington_flexible",
        "--no-email",
        "--no-publish",
        stdout=out,
    )
    text = out.getvalue()
    assert "Improved Farrington (Noufaily): not run. The series is too short" in text
    assert "New alerts: 0" in text
