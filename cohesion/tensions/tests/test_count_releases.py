"""A completed week's public counts are kept as first shown, so that comparing two days undoes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from cohesion.core.append_only import AppendOnlyError
from cohesion.indicators.queries import area_series
from cohesion.tensions import alerting
from cohesion.tensions.models import CountRelease
from cohesion.tensions.tests.factories_assessment import MIDDLESBROUGH, NEWPORT, NORTH_ORMESBY
from cohesion.tensions.tests.test_public_counts import LAST_WEEK, _csv, _reports

pytestmark = pytest.mark.django_db
CENTRAL = "E05009857"
WEEK = LAST_WEEK.isoformat()


def _week_figures(rows: dict[tuple[str, str], dict[str, str]]) -> dict[str, str]:
    return {code: row["reports"] for (code, week), row in rows.items() if week == WEEK}


def test_a_late_report_does_not_let_a_hidden_count_be_worked_out_by_comparing_two_days(
    client_for: Callable[[Any], Client],
) -> None:
    # Monday: North Ormesby 4 (hidden), Newport 9 (hidden with it), Central 12, council 25.
    _reports(NORTH_ORMESBY, 4)
    _reports(NEWPORT, 9)
    _reports(CENTRAL, 12)
    client = client_for(None)
    monday = _csv(client)
    assert monday[(NORTH_ORMESBY, WEEK)]["suppressed"] == "True"
    assert monday[(MIDDLESBROUGH, WEEK)]["reports"] == "25"

    # Tuesday: a report arrives about an incident in North Ormesby that week. Protected afresh,
    # North Ormesby would show 5 and the council 26, giving away Monday's hidden 4.
    _reports(NORTH_ORMESBY, 1)
    tuesday = _csv(client)
    assert _week_figures(tuesday) == _week_figures(monday)
    assert tuesday[(NORTH_ORMESBY, WEEK)]["suppressed"] == "True"
    # The early-warning viewers' pages and the published indicator read the same release.
    counts = alerting.weekly_report_counts(
        [MIDDLESBROUGH], first_week=LAST_WEEK, last_week=LAST_WEEK
    )
    disclosed = alerting.disclose_weekly_counts(counts, MIDDLESBROUGH)
    assert disclosed.is_hidden(NORTH_ORMESBY, alerting.ALL_CATEGORIES, LAST_WEEK)
    assert disclosed.value(MIDDLESBROUGH, alerting.ALL_CATEGORIES, LAST_WEEK) == 25
    alerting.publish_counts(counts, [MIDDLESBROUGH])
    published = {
        p.period_start: p.value
        for p in area_series(alerting.INDICATOR_CODES[alerting.ALL_CATEGORIES], MIDDLESBROUGH)
    }
    assert published[LAST_WEEK] == 25
    assert CountRelease.objects.filter(council_code=MIDDLESBROUGH, week=LAST_WEEK).count() == 1


def test_the_week_still_under_way_is_not_released(client_for: Callable[[Any], Client]) -> None:
    this_week = LAST_WEEK + dt.timedelta(weeks=1)
    _reports(CENTRAL, 6, week=this_week)
    counts = alerting.weekly_report_counts(
        [MIDDLESBROUGH], first_week=LAST_WEEK, last_week=this_week
    )
    alerting.disclose_weekly_counts(counts, MIDDLESBROUGH)
    assert list(CountRelease.objects.values_list("week", flat=True)) == [LAST_WEEK]


def test_a_revision_releases_the_week_afresh_and_keeps_what_was_shown_before(
    client_for: Callable[[Any], Client],
) -> None:
    _reports(NORTH_ORMESBY, 4)
    _reports(CENTRAL, 12)
    client = client_for(None)
    assert _csv(client)[(MIDDLESBROUGH, WEEK)]["reports"] == "16"
    _reports(CENTRAL, 3)
    out = StringIO()
    call_command(
        "revise_public_counts",
        MIDDLESBROUGH,
        "--week",
        WEEK,
        "--reason",
        "Late reports entered from the reporting centres' paper forms",
        stdout=out,
    )
    assert "Released the week of" in out.getvalue()
    assert _csv(client)[(MIDDLESBROUGH, WEEK)]["reports"] == "19"
    releases = list(CountRelease.objects.filter(week=LAST_WEEK))
    assert [r.figures[f"{MIDDLESBROUGH}|all"] for r in releases] == [16, 19]
    assert releases[1].reason.startswith("Late reports")


def test_a_revision_of_a_week_not_over_is_refused() -> None:
    this_week = LAST_WEEK + dt.timedelta(weeks=1)
    with pytest.raises(Exception, match="not over yet"):
        call_command(
            "revise_public_counts", MIDDLESBROUGH, "--week", this_week.isoformat(), "--reason", "x"
        )
    assert not CountRelease.objects.exists()


def test_a_release_is_never_changed_or_deleted(client_for: Callable[[Any], Client]) -> None:
    _reports(CENTRAL, 6)
    _csv(client_for(None))
    release = CountRelease.objects.get(week=LAST_WEEK)
    release.figures = {}
    with pytest.raises(AppendOnlyError):
        release.save()
    with pytest.raises(AppendOnlyError):
        release.delete()
    with pytest.raises(AppendOnlyError):
        CountRelease.objects.all().delete()
