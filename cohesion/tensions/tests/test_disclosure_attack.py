"""The public weekly counts and the indicators they feed, attacked (Trust item 9).

What an anonymous visitor can read (``/tensions/public/<council>.json`` and the
weekly indicators in the API) is turned into the attacker's equations: a
council's count is the sum of its wards', and all reports are hate incidents
plus community tension. Zeros are published, so the attacker knows a hidden
count is at least 1. No hidden count may be narrowed below the threshold.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from cohesion.tensions.alerting import INDICATOR_CODES, run_early_warning
from cohesion.tensions.demo_reports import create_demo_reports
from cohesion.tensions.models import Report
from cohesion.tensions.tests.factories_assessment import (
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    this_week,
)
from cohesion.tensions.tests.factories_reports import ReportFactory
from cohesion.testing.disclosure_attack import Published, assert_no_hidden_cell_narrower_than

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")
LAST_WEEK = this_week() - dt.timedelta(weeks=1)
TEES_VALLEY = {
    "E06000005": "Darlington",
    "E06000001": "Hartlepool",
    "E06000002": "Middlesbrough",
    "E06000003": "Redcar and Cleveland",
    "E06000004": "Stockton-on-Tees",
}


def _reports(ward: str, count: int, **fields: Any) -> None:
    for i in range(count):
        when = dt.datetime.combine(LAST_WEEK + dt.timedelta(days=1), dt.time(10 + i), tzinfo=UK)
        ReportFactory(ward_code=ward, occurred_at=when, **fields)


def _attack_public_page(client: Client, council: str) -> tuple[int, int]:
    """Attack each week of a council's public counts; returns (hidden cells, shown non-zero cells)."""
    data = client.get(f"/tensions/public/{council}.json").json()
    threshold = data["suppression_threshold"]
    by_week: dict[str, dict[str, int | None]] = defaultdict(dict)
    for row in data["counts"]:
        by_week[row["week_start"]][row["ward_code"]] = row["reports"]
    # Every report of these tests has a current ward, so the council is exactly their sum.
    assert not Report.objects.filter(council_code=council, ward_code="").exists()
    hidden = shown = 0
    for cells in by_week.values():
        wards = [code for code in cells if code != council]
        published = Published(cells=cells, relations=[(council, wards)])
        hidden += assert_no_hidden_cell_narrower_than(published, threshold)
        shown += sum(1 for v in cells.values() if v)
    return hidden, shown


def test_hidden_wards_whose_share_of_the_total_equals_their_number_cannot_be_worked_out(
    client_for: Callable[[Any], Client],
) -> None:
    """Trust item 9: three hidden wards with 3 of the council's 9 reports were each exactly 1."""
    _reports(NORTH_ORMESBY, 1)
    _reports(NEWPORT, 1)
    _reports("E05009857", 1)  # Central
    _reports("E05009860", 6)  # Hemlington
    hidden, _shown = _attack_public_page(client_for(None), MIDDLESBROUGH)
    assert hidden >= 3


@pytest.mark.parametrize("council", list(TEES_VALLEY), ids=list(TEES_VALLEY.values()))
def test_no_hidden_count_of_the_demo_public_page_can_be_worked_out(
    council: str, client_for: Callable[[Any], Client]
) -> None:
    """Trust item 9: Darlington and Hartlepool weeks gave every hidden ward away as 1."""
    create_demo_reports(say=lambda _: None)
    hidden, shown = _attack_public_page(client_for(None), council)
    assert hidden > 0, "the attack had nothing to attack"
    if council == MIDDLESBROUGH:  # about 18 reports a week: wards of 5 or more are shown
        assert shown > 0


def _indicator_values(client: Client, code: str, council: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for query in (f"parent={council}", f"area={council}"):
        address: str | None = f"/api/v1/indicators/{code}/values/?{query}&limit=100"
        while address:
            page = client.get(address).json()
            rows += page["results"]
            address = page["next"]
    return rows


@pytest.mark.parametrize("council", ["E06000005", "E06000001", "E06000002"])
def test_total_minus_hate_cannot_reveal_a_hidden_community_tension_count(
    council: str, client_for: Callable[[Any], Client]
) -> None:
    """Trust item 9: across the published indicators, total - hate = community tension gave a hidden 4."""
    create_demo_reports(say=lambda _: None)
    run_early_warning([council], notify=False)
    client = client_for(None)
    cells: dict[str, dict[tuple[str, str], int | None]] = defaultdict(dict)
    for category, code in INDICATOR_CODES.items():
        for row in _indicator_values(client, code, council):
            value = None if row["value"] is None else int(row["value"])
            cells[row["period_start"]][(row["area_code"], str(category))] = value
    public = client.get(f"/tensions/public/{council}.json").json()
    hidden = 0
    for week_cells in cells.values():
        areas = sorted({area for area, _c in week_cells})
        wards = [a for a in areas if a != council]
        relations = [((a, "all"), [(a, "hate_incident"), (a, "tension")]) for a in areas]
        relations += [
            ((council, c), [(w, c) for w in wards]) for c in ("hate_incident", "tension", "all")
        ]
        published = Published(cells=week_cells, relations=relations)
        hidden += assert_no_hidden_cell_narrower_than(published, settings.SUPPRESSION_THRESHOLD)
    assert hidden > 0, "the attack had nothing to attack"
    # The public page hides exactly what the indicators hide, so together they tell no more.
    for row in public["counts"]:
        assert cells[row["week_start"]][(row["ward_code"], "all")] == row["reports"]


def test_a_council_on_the_nhs_rule_publishes_rounded_counts_that_resist_the_attack(
    client_for: Callable[[Any], Client], settings: Any
) -> None:
    """Trust item 9, NHS rule: counts 1-7 hidden, others rounded to 5, nothing worked back out."""
    settings.DISCLOSURE_NHS_RULE_COUNCILS = [MIDDLESBROUGH]
    _reports(NORTH_ORMESBY, 3)
    _reports(NEWPORT, 9)
    _reports("E05009857", 13)  # Central
    _reports("E05009860", 7)  # Hemlington
    data = client_for(None).get(f"/tensions/public/{MIDDLESBROUGH}.json").json()
    assert (data["disclosure_rule"], data["suppression_threshold"]) == ("nhs", 8)
    week = {
        r["ward_code"]: r["reports"]
        for r in data["counts"]
        if r["week_start"] == LAST_WEEK.isoformat()
    }
    assert week[NORTH_ORMESBY] is None and week["E05009860"] is None
    assert all(n is None or n % 5 == 0 for n in week.values())
    wards = [code for code in week if code != MIDDLESBROUGH]
    published = Published(
        cells=week, relations=[(MIDDLESBROUGH, wards)], rounding=5, smallest_shown=8
    )
    assert assert_no_hidden_cell_narrower_than(published, 8) >= 2
