"""The rumour log and the early-warning alerts: filters in the address (no JavaScript needed),
pages, downloads of the same filters, a fixed cost per page, and nothing beyond the person's scope."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from cohesion.places.queries import get_area
from cohesion.tensions.models.events import Rumour
from cohesion.tensions.tests.factories_assessment import (
    DARLINGTON,
    NEWPORT,
    NORTH_ORMESBY,
    AlertFactory,
    RumourFactory,
)
from cohesion.testing.lists import queries_for, table_links

pytestmark = pytest.mark.django_db

RUMOURS = "/tensions/rumours/"
ALERTS = "/tensions/early-warning/"


def _rumours(response: Any) -> set[int]:
    return {int(pk) for pk in table_links(response, "rumour-table", r"/tensions/rumours/(\d+)/")}


@pytest.fixture
def mixed(alice: Any, nadia: Any) -> dict[str, Rumour]:
    """North Ormesby rumours that each differ from the one every filter finds in one way."""
    wanted = {
        "what": "Flats on the estate are to house asylum seekers",
        "heard_on": dt.date(2026, 3, 10),
        "where_heard": Rumour.Source.SCHOOL,
        "reach": Rumour.Reach.STREET,
        "status": Rumour.Status.CHECKING,
        "owner": nadia,
    }
    return {
        "match": RumourFactory(**wanted),
        "other ward": RumourFactory(**{**wanted, "area": get_area(NEWPORT)}),
        "other words": RumourFactory(**{**wanted, "what": "The mosque is to close"}),
        "other source": RumourFactory(**{**wanted, "where_heard": Rumour.Source.STREET}),
        "other reach": RumourFactory(**{**wanted, "reach": Rumour.Reach.TOWN}),
        "other status": RumourFactory(**{**wanted, "status": Rumour.Status.NEW}),
        "other owner": RumourFactory(**{**wanted, "owner": alice}),
        "earlier": RumourFactory(**{**wanted, "heard_on": dt.date(2026, 2, 1)}),
    }


EVERY_FILTER = {
    "q": "asylum",
    "area": NORTH_ORMESBY,
    "status": "checking",
    "where_heard": "school",
    "reach": "street",
    "mine": "on",
    "heard_from": "2026-03-01",
    "heard_to": "2026-03-31",
}


def test_every_rumour_filter_together_finds_the_one_rumour_that_meets_them_all(
    client_for: Any, nadia: Any, mixed: dict[str, Rumour]
) -> None:
    response = client_for(nadia).get(RUMOURS, EVERY_FILTER)
    assert response.status_code == 200
    assert _rumours(response) == {mixed["match"].pk}
    html = response.content.decode()
    assert 'id="rumour-count">1 found' in html
    assert 'href="/tensions/rumours/">Clear filters' in html


@pytest.mark.parametrize(
    "name, left_out",
    [
        ("q", "other words"),
        ("area", "other ward"),
        ("status", "other status"),
        ("where_heard", "other source"),
        ("reach", "other reach"),
        ("mine", "other owner"),
        ("heard_from", "earlier"),
    ],
)
def test_each_rumour_filter_alone_leaves_out_only_the_rumour_that_differs(
    client_for: Any, nadia: Any, mixed: dict[str, Rumour], name: str, left_out: str
) -> None:
    found = _rumours(client_for(nadia).get(RUMOURS, {name: EVERY_FILTER[name]}))
    assert found == {r.pk for key, r in mixed.items() if key != left_out}


def test_closed_rumours_show_only_when_asked_for(client_for: Any, alice: Any) -> None:
    open_one = RumourFactory()
    closed = RumourFactory(status=Rumour.Status.CLOSED)
    client = client_for(alice)
    assert _rumours(client.get(RUMOURS)) == {open_one.pk}
    assert _rumours(client.get(RUMOURS, {"closed": "on"})) == {open_one.pk, closed.pk}
    assert _rumours(client.get(RUMOURS, {"status": "closed"})) == {closed.pk}


def test_the_rumour_log_sorts_by_when_it_was_heard(client_for: Any, alice: Any) -> None:
    late = RumourFactory(heard_on=dt.date(2026, 3, 20))
    early = RumourFactory(heard_on=dt.date(2026, 3, 1))
    client = client_for(alice)
    pattern = r"/tensions/rumours/(\d+)/"
    newest = table_links(client.get(RUMOURS), "rumour-table", pattern)
    oldest = table_links(client.get(RUMOURS, {"sort": "oldest"}), "rumour-table", pattern)
    assert newest == [str(late.pk), str(early.pk)]
    assert oldest == [str(early.pk), str(late.pk)]


def test_a_filter_never_reaches_a_rumour_in_another_council(client_for: Any, dave: Any) -> None:
    RumourFactory()
    mine = RumourFactory(area=get_area(DARLINGTON))
    client = client_for(dave)
    assert _rumours(client.get(RUMOURS)) == {mine.pk}
    refused = client.get(RUMOURS, {"area": NORTH_ORMESBY})
    assert "Select a valid choice" in refused.content.decode()
    assert _rumours(refused) == {mine.pk}


def test_pages_of_rumours_keep_the_filters_in_their_links(client_for: Any, alice: Any) -> None:
    for _ in range(52):
        RumourFactory(reach=Rumour.Reach.TOWN)
    RumourFactory(reach=Rumour.Reach.FEW)
    client = client_for(alice)
    first = client.get(RUMOURS, {"reach": "town"})
    html = first.content.decode()
    assert len(_rumours(first)) == 50
    assert "Page 1 of 2" in html
    assert 'href="?reach=town&amp;page=2"' in html
    assert 'href="/tensions/rumours.csv?reach=town"' in html
    second = client.get(RUMOURS, {"reach": "town", "page": "2"})
    assert len(_rumours(second)) == 2
    assert "(showing 51 to 52)" in second.content.decode()


def test_the_rumour_downloads_hold_what_the_filters_find(client_for: Any, alice: Any) -> None:
    wanted = RumourFactory(what="A march is planned for Saturday")
    RumourFactory(what="The school is closing")
    client = client_for(alice)
    data = json.loads(client.get("/tensions/rumours.json", {"q": "march"}).content)
    assert (data["count"], [r["what"] for r in data["rumours"]]) == (1, [wanted.what])
    body = client.get("/tensions/rumours.csv", {"q": "march"}).content.decode()
    assert "A march is planned" in body and "school" not in body
    assert body.splitlines()[0].startswith("heard_on,area_code")


@pytest.mark.parametrize(
    "params", [{}, {"q": "asylum", "sort": "area"}, {"closed": "on", "reach": "street"}]
)
def test_a_page_of_rumours_costs_the_same_queries_however_many_it_lists(
    client_for: Any, alice: Any, nadia: Any, params: dict[str, str]
) -> None:
    client = client_for(alice)
    RumourFactory(what="asylum", reach="street", owner=nadia)
    client.get(RUMOURS)  # warm the per-process caches
    few = queries_for(client, RUMOURS, params)
    for i in range(30):
        area = get_area(NEWPORT if i % 2 else NORTH_ORMESBY)
        RumourFactory(what="asylum", reach="street", owner=nadia, area=area)
    assert queries_for(client, RUMOURS, params) == few


# --------------------------------------------------------------------------- alerts


def _alerts(response: Any) -> list[str]:
    return table_links(response, "alert-table", r"/tensions/early-warning/(E\d+)/\?method=(\w+)")


def test_alerts_are_narrowed_by_method_source_area_series_and_period(
    client_for: Any, amir: Any
) -> None:
    AlertFactory(method="C1", week_start=dt.date(2026, 3, 2))
    AlertFactory(method="C2", week_start=dt.date(2026, 3, 2))
    AlertFactory(method="C1", week_start=dt.date(2026, 1, 5))
    AlertFactory(method="C1", week_start=dt.date(2026, 3, 2), area=get_area(NEWPORT))
    AlertFactory(method="C1", week_start=dt.date(2026, 3, 2), category="race")
    client = client_for(amir)
    response = client.get(
        ALERTS,
        {
            "method": "C1",
            "source": "reports",
            "council": "e06000002",
            "area": NORTH_ORMESBY,
            "category": "all",
            "week_from": "2026-02-01",
            "week_to": "2026-03-31",
        },
    )
    assert response.status_code == 200
    assert _alerts(response) == [(NORTH_ORMESBY, "C1")]
    assert len(_alerts(client.get(ALERTS))) == 5
    assert len(_alerts(client.get(ALERTS, {"method": "C1"}))) == 4


def test_alerts_sort_latest_or_earliest_period_first(client_for: Any, amir: Any) -> None:
    AlertFactory(week_start=dt.date(2026, 1, 5), area=get_area(NEWPORT))
    AlertFactory(week_start=dt.date(2026, 3, 2))
    client = client_for(amir)
    assert [a for a, _m in _alerts(client.get(ALERTS))] == [NORTH_ORMESBY, NEWPORT]
    assert [a for a, _m in _alerts(client.get(ALERTS, {"sort": "oldest"}))] == [
        NEWPORT,
        NORTH_ORMESBY,
    ]


def test_no_alert_order_gives_away_hidden_counts() -> None:
    from cohesion.tensions.forms.lists import AlertFilterForm

    orders = " ".join(str(term) for sort in AlertFilterForm.sorts for term in sort.order)
    assert "observed" not in orders and "threshold" not in orders


def test_the_alert_downloads_hold_what_the_filters_find(client_for: Any, amir: Any) -> None:
    AlertFactory(method="C1")
    AlertFactory(method="C3")
    data = json.loads(
        client_for(amir).get("/tensions/early-warning.json", {"method": "C3"}).content
    )
    assert data["count"] == 1 and [a["method"] for a in data["alerts"]] == ["C3"]


def test_a_page_of_alerts_costs_the_same_queries_however_many_it_lists(
    client_for: Any, amir: Any
) -> None:
    client = client_for(amir)
    AlertFactory()
    client.get(ALERTS)
    few = queries_for(client, ALERTS, {"method": "C1"})
    for week in range(30):
        AlertFactory(
            week_start=dt.date(2025, 1, 6) + dt.timedelta(weeks=week),
            area=get_area(NEWPORT if week % 2 else NORTH_ORMESBY),
        )
    assert queries_for(client, ALERTS, {"method": "C1"}) == few
