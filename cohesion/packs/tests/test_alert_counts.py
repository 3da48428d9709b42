"""Counts behind early-warning alerts in a ward briefing, for each audience."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cohesion.packs.contents import SECTION_BUILDERS, Audience, PackContext
from cohesion.packs.sections.common import HIDDEN
from cohesion.packs.tests.reports import (
    CENTRAL,
    HEMLINGTON,
    MIDDLESBROUGH,
    QUARTER,
    make_quarter_of_reports,
)
from cohesion.places.queries import get_area
from cohesion.tensions.alerting import disclose_weekly_counts, weekly_report_counts
from cohesion.tensions.tests.factories_assessment import AlertFactory

pytestmark = pytest.mark.django_db

WEEK_OF_ONE = dt.date(2025, 7, 21)  # one hate incident in Central that week
WEEK_OF_SEVEN = dt.date(2025, 7, 28)  # seven in Hemlington


def _alerts(ward: str, audience: Audience, user: Any) -> list[list[Any]]:
    ctx = PackContext(
        kind="ward-briefing",
        area_code=ward,
        period_start=QUARTER[0],
        period_end=QUARTER[1],
        audience=audience,
        user=user,
    )
    return SECTION_BUILDERS["ward-alerts"](ctx).tables[0].rows


@pytest.fixture
def flagged() -> None:
    make_quarter_of_reports()
    AlertFactory(
        area=get_area(CENTRAL), category="hate_incident", week_start=WEEK_OF_ONE, observed=1
    )
    AlertFactory(
        area=get_area(HEMLINGTON), category="hate_incident", week_start=WEEK_OF_SEVEN, observed=7
    )


@pytest.mark.parametrize("audience", [Audience("public"), Audience("restricted", "A panel")])
def test_a_small_count_behind_an_alert_is_hidden_in_every_audience(
    audience: Audience, flagged: None, alice: Any
) -> None:
    (row,) = _alerts(CENTRAL, audience, alice)
    assert row[4] == HIDDEN and row[5] == HIDDEN


@pytest.mark.parametrize("audience", [Audience("public"), Audience("restricted", "A panel")])
def test_a_count_behind_an_alert_is_shown_when_disclosure_control_allows_it(
    audience: Audience, flagged: None, alice: Any
) -> None:
    (row,) = _alerts(HEMLINGTON, audience, alice)
    assert row[4] == 7
    assert row[5] == HIDDEN  # the threshold would give the weeks before away


def test_a_public_pack_shows_the_count_the_public_early_warning_page_shows(
    flagged: None, alice: Any
) -> None:
    counts = weekly_report_counts([MIDDLESBROUGH], first_week=WEEK_OF_ONE, last_week=WEEK_OF_SEVEN)
    public_page = disclose_weekly_counts(counts, MIDDLESBROUGH)
    for ward, week in ((CENTRAL, WEEK_OF_ONE), (HEMLINGTON, WEEK_OF_SEVEN)):
        shown = public_page.value(ward, "hate_incident", week)
        (row,) = _alerts(ward, Audience("public"), alice)
        assert row[4] == (HIDDEN if shown is None else shown)
