"""Counts shown to people who may not open the cases behind them (Trust item 11).

A viewer (amir) or a police officer (bob, who opens only cases with consent to
share with the police) reads the board, the early-warning pages and the alert
list. Open-report counts count only the cases they may open; weekly counts go
through the same disclosure control as the public page, so no count of 1 or 2
reaches them and no hidden one can be worked out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from cohesion.places.queries import children_of, get_area
from cohesion.tensions.tests.factories_assessment import (
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    AlertFactory,
    this_week,
)
from cohesion.tensions.tests.factories_reports import ReportFactory
from cohesion.testing.disclosure_attack import Published, assert_no_hidden_cell_narrower_than

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")
LAST_WEEK = this_week() - dt.timedelta(weeks=1)


def _reports(ward: str, count: int, **fields: Any) -> None:
    for i in range(count):
        when = dt.datetime.combine(LAST_WEEK + dt.timedelta(days=2), dt.time(9 + i), tzinfo=UK)
        ReportFactory(ward_code=ward, occurred_at=when, **fields)


def _board(client: Client) -> dict[str, dict[str, Any]]:
    response = client.get(f"/tensions/board/{MIDDLESBROUGH}.json")
    assert response.status_code == 200
    return {row["code"]: row for row in response.json()["areas"]}


def test_open_report_counts_on_the_board_count_only_the_cases_the_person_may_open(
    client_for: Callable[[Any], Client], alice: Any, amir: Any
) -> None:
    """Trust item 11: open-report counts included cases the reader may not see."""
    _reports(NORTH_ORMESBY, 2, consent_police=True)
    _reports(NORTH_ORMESBY, 3)
    assert _board(client_for(alice))[NORTH_ORMESBY]["open_reports"] == 5
    viewer = _board(client_for(amir))
    assert viewer[NORTH_ORMESBY]["open_reports"] == 0
    assert viewer[MIDDLESBROUGH]["open_reports"] == 0


def test_a_police_officer_counts_only_the_cases_shared_with_the_police(
    client_for: Callable[[Any], Client], bob: Any
) -> None:
    """Trust item 11: police saw open-report counts that included cases without consent."""
    from cohesion.tensions.assessments import board_rows

    _reports(NORTH_ORMESBY, 2, consent_police=True)
    _reports(NORTH_ORMESBY, 3)
    council = get_area(MIDDLESBROUGH)
    rows = board_rows(council, children_of(council), this_week(), include_council=True, user=bob)
    counts = {row.code: row.open_reports for row in rows}
    assert counts[NORTH_ORMESBY] == 2 and counts[MIDDLESBROUGH] == 2


def _series_counts(client: Client, code: str) -> dict[str, int | None]:
    response = client.get(f"/tensions/early-warning/{code}.json")
    assert response.status_code == 200
    series = next(s for s in response.json()["series"] if s["category"] == "all")
    return {row["week_start"]: row["count"] for row in series["weeks"]}


@pytest.mark.parametrize("persona", ["amir", "bob"])
def test_viewers_and_police_never_see_a_weekly_count_of_one_or_two(
    persona: str, client_for: Callable[[Any], Client], alice: Any, request: Any
) -> None:
    """Trust item 11: viewers and police saw weekly counts of 1-2 on the early-warning pages."""
    _reports(NORTH_ORMESBY, 2, consent_police=True)
    _reports(NEWPORT, 1, consent_police=True)
    _reports("E05009857", 6, consent_police=True)  # Central
    _reports("E05009858", 1)  # no consent to share with the police
    reader = client_for(request.getfixturevalue(persona))
    week = LAST_WEEK.isoformat()
    assert _series_counts(client_for(alice), NORTH_ORMESBY)[week] == 2  # the council officer
    assert _series_counts(reader, NORTH_ORMESBY)[week] is None
    # Everything this reader can read of that week, attacked like the public page.
    wards = [w.code for w in children_of(get_area(MIDDLESBROUGH))]
    cells = {code: _series_counts(reader, code)[week] for code in [MIDDLESBROUGH, *wards]}
    assert not [n for n in cells.values() if n is not None and 0 < n < 5]
    published = Published(cells=cells, relations=[(MIDDLESBROUGH, wards)])
    assert assert_no_hidden_cell_narrower_than(published, settings.SUPPRESSION_THRESHOLD) >= 2
    # The thresholds, worked out from the weeks before, are not given to them either.
    response = reader.get(f"/tensions/early-warning/{NORTH_ORMESBY}.json").json()
    assert {row["threshold"] for s in response["series"] for row in s["weeks"]} == {None}


def test_the_alert_list_shows_a_viewer_no_observed_count_of_cases_they_may_not_open(
    client_for: Callable[[Any], Client], alice: Any, amir: Any
) -> None:
    """Trust item 11: the alert list gave viewers the observed weekly count (2 reports)."""
    _reports(NORTH_ORMESBY, 2)
    AlertFactory(observed=2, threshold=1.4, council_code=MIDDLESBROUGH, area_code=NORTH_ORMESBY)
    viewer = client_for(amir).get("/tensions/early-warning.json").json()["alerts"]
    assert viewer and {(a["observed"], a["threshold"]) for a in viewer} == {(None, None)}
    officer = client_for(alice).get("/tensions/early-warning.json").json()["alerts"]
    assert {a["observed"] for a in officer} == {2}
