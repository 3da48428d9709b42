"""The public weekly counts page: aggregates only, small numbers suppressed, synthetic data labelled."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client, override_settings

from cohesion.tensions.tests.factories_assessment import (
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    this_week,
)
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")
LAST_WEEK = this_week() - dt.timedelta(weeks=1)


def _reports(ward: str, count: int, week: dt.date = LAST_WEEK, **fields: Any) -> None:
    for i in range(count):
        when = dt.datetime.combine(week + dt.timedelta(days=1), dt.time(10 + i % 10), tzinfo=UK)
        ReportFactory(ward_code=ward, occurred_at=when, **fields)


def _csv(client: Client) -> dict[tuple[str, str], dict[str, str]]:
    response = client.get(f"/tensions/public/{MIDDLESBROUGH}.csv")
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    return {(row["ward_code"], row["week_start"]): row for row in rows}


def test_anyone_reads_the_counts_and_a_small_count_is_hidden_with_its_complement(
    client_for: Callable[[Any], Client],
) -> None:
    _reports(NORTH_ORMESBY, 3)  # small: hidden
    _reports(NEWPORT, 7)  # would reveal North Ormesby from the total: hidden too
    _reports("E05009857", 12)  # Central: shown
    rows = _csv(client_for(None))
    week = LAST_WEEK.isoformat()
    assert rows[(NORTH_ORMESBY, week)]["reports"] == ""
    assert rows[(NORTH_ORMESBY, week)]["suppressed"] == "True"
    assert rows[(NEWPORT, week)]["suppressed"] == "True"
    assert rows[("E05009857", week)]["reports"] == "12"
    assert rows[(MIDDLESBROUGH, week)]["reports"] == "22"
    shown = [int(r["reports"]) for r in rows.values() if r["reports"]]
    assert not [n for n in shown if 0 < n < 5]


def test_the_page_never_shows_a_count_below_the_threshold(
    client_for: Callable[[Any], Client],
) -> None:
    _reports(NORTH_ORMESBY, 2)
    page = client_for(None).get(f"/tensions/public/{MIDDLESBROUGH}/").content.decode()
    assert "fewer than 5" in page
    table = page.split('id="public-table"')[1].split("</table>")[0]
    for small in range(1, 5):
        assert f">{small}<" not in table


@override_settings(SUPPRESSION_THRESHOLD=10)
def test_the_threshold_comes_from_settings(client_for: Callable[[Any], Client]) -> None:
    _reports(NORTH_ORMESBY, 7)
    _reports(NEWPORT, 8)
    rows = _csv(client_for(None))
    week = LAST_WEEK.isoformat()
    assert rows[(NORTH_ORMESBY, week)]["suppressed"] == "True"
    assert rows[(NEWPORT, week)]["suppressed"] == "True"
    assert rows[(MIDDLESBROUGH, week)]["reports"] == "15"


def test_the_current_week_is_not_published_until_it_is_over(
    client_for: Callable[[Any], Client],
) -> None:
    _reports(NORTH_ORMESBY, 9, week=this_week())
    rows = _csv(client_for(None))
    assert this_week().isoformat() not in {week for _code, week in rows}
    assert all(r["reports"] in ("0", "") for r in rows.values())


def test_synthetic_reports_are_labelled_on_the_public_page(
    client_for: Callable[[Any], Client],
) -> None:
    _reports(NORTH_ORMESBY, 6, synthetic=True)
    page = client_for(None).get(f"/tensions/public/{MIDDLESBROUGH}/").content.decode()
    assert "cohesion-synthetic-label" in page
    assert client_for(None).get(f"/tensions/public/{MIDDLESBROUGH}.json").json()["synthetic"]


def test_the_public_map_carries_no_count_that_is_suppressed(
    client_for: Callable[[Any], Client],
) -> None:
    _reports(NORTH_ORMESBY, 3)
    _reports(NEWPORT, 6)
    features = client_for(None).get(f"/tensions/public/{MIDDLESBROUGH}.geojson").json()["features"]
    north = next(f for f in features if f["id"] == NORTH_ORMESBY)["properties"]
    assert north["reports"] is None and north["suppressed"] is True
    assert "3" not in north["label"]


def test_the_page_says_which_small_counts_are_hidden_in_plain_numbers(
    client_for: Callable[[Any], Client],
) -> None:
    html = client_for(None).get(f"/tensions/public/{MIDDLESBROUGH}/").content.decode()
    assert "counts from 1 to 4 are shown as" in html
    assert "less one" not in html
