"""The partnership calendar's list: filters in the address (no JavaScript needed), pages,
downloads of the same filters, a fixed cost per page, nothing outside the person's councils."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from cohesion.places.queries import get_area
from cohesion.programme.choices import EventKind
from cohesion.programme.tests.factories import (
    COUNCIL,
    DARLINGTON,
    NEWPORT,
    START,
    EventFactory,
    organisation,
)
from cohesion.testing.lists import queries_for, table_links

pytestmark = pytest.mark.django_db

CALENDAR = "/programme/"


def _ids(response: Any) -> set[int]:
    return {int(pk) for pk in table_links(response, "event-table", r"/programme/events/(\d+)/")}


@pytest.fixture
def mixed() -> dict[str, Any]:
    """Events that each differ in one way from the one every filter finds."""
    return {
        "match": EventFactory(),
        "other kind": EventFactory(kind=EventKind.TRAINING),
        "other ward": EventFactory(ward=get_area(NEWPORT)),
        "other organiser": EventFactory(organiser=organisation(COUNCIL)),
        "partners only": EventFactory(is_public=False),
        "later": EventFactory(starts_at=START + dt.timedelta(days=40)),
    }


EVERY_FILTER = {
    "kind": "youth",
    "ward": "E05009867",
    "public": "yes",
    "starts_from": "2030-07-01",
    "starts_to": "2030-07-31",
}


def test_every_event_filter_together_finds_the_one_event_that_meets_them_all(
    client_for: Any, alice: Any, mixed: dict[str, Any]
) -> None:
    params = {**EVERY_FILTER, "organiser": str(mixed["match"].organiser_id)}
    response = client_for(alice).get(CALENDAR, params)
    assert response.status_code == 200
    assert _ids(response) == {mixed["match"].pk}
    assert 'id="event-count">1 found' in response.content.decode()


@pytest.mark.parametrize(
    "name, left_out",
    [
        ("kind", "other kind"),
        ("ward", "other ward"),
        ("organiser", "other organiser"),
        ("public", "partners only"),
        ("starts_to", "later"),
    ],
)
def test_each_event_filter_alone_leaves_out_only_the_event_that_differs(
    client_for: Any, alice: Any, mixed: dict[str, Any], name: str, left_out: str
) -> None:
    params = {**EVERY_FILTER, "organiser": str(mixed["match"].organiser_id)}
    found = _ids(client_for(alice).get(CALENDAR, {name: params[name]}))
    assert found == {e.pk for key, e in mixed.items() if key != left_out}


def test_past_events_show_latest_first_and_upcoming_soonest_first(
    client_for: Any, alice: Any
) -> None:
    old = EventFactory(starts_at=dt.datetime(2025, 5, 1, 10, tzinfo=dt.UTC))
    older = EventFactory(starts_at=dt.datetime(2025, 4, 1, 10, tzinfo=dt.UTC))
    soon = EventFactory(starts_at=START)
    sooner = EventFactory(starts_at=START - dt.timedelta(days=7))
    client = client_for(alice)
    pattern = r"/programme/events/(\d+)/"
    assert table_links(client.get(CALENDAR), "event-table", pattern) == [
        str(sooner.pk),
        str(soon.pk),
    ]
    assert table_links(client.get(CALENDAR, {"when": "past"}), "event-table", pattern) == [
        str(old.pk),
        str(older.pk),
    ]
    everything = client.get(CALENDAR, {"when": "all", "sort": "latest"})
    assert table_links(everything, "event-table", pattern) == [
        str(e.pk) for e in (soon, sooner, old, older)
    ]


def test_another_councils_officer_sees_none_of_the_events(client_for: Any, dave: Any) -> None:
    EventFactory()
    theirs = EventFactory(council=get_area(DARLINGTON), ward=None)
    assert _ids(client_for(dave).get(CALENDAR, {"when": "all"})) == {theirs.pk}


def test_pages_of_events_keep_the_filters_in_their_links(client_for: Any, alice: Any) -> None:
    for day in range(52):
        EventFactory(starts_at=START + dt.timedelta(days=day))
    EventFactory(kind=EventKind.TRAINING)
    client = client_for(alice)
    first = client.get(CALENDAR, {"kind": "youth"})
    html = first.content.decode()
    assert len(_ids(first)) == 50 and "Page 1 of 2" in html
    assert 'href="?kind=youth&amp;page=2"' in html
    assert 'href="/programme.xlsx?kind=youth"' in html
    assert len(_ids(client.get(CALENDAR, {"kind": "youth", "page": "2"}))) == 2


def test_the_event_downloads_hold_what_the_filters_find(client_for: Any, alice: Any) -> None:
    EventFactory(kind=EventKind.TRAINING, title="Hate crime awareness")
    EventFactory()
    client = client_for(alice)
    data = json.loads(client.get("/programme.json", {"kind": "training"}).content)
    assert data["count"] == 1 and data["events"][0]["title"] == "Hate crime awareness"
    body = client.get("/programme.csv", {"kind": "training"}).content.decode()
    assert "Hate crime awareness" in body and "Holiday activity" not in body


@pytest.mark.parametrize("params", [{"when": "all"}, {"when": "past", "public": "no"}])
def test_a_page_of_events_costs_the_same_queries_however_many_it_lists(
    client_for: Any, alice: Any, params: dict[str, str]
) -> None:
    client = client_for(alice)
    EventFactory(is_public=False, starts_at=dt.datetime(2025, 5, 1, 10, tzinfo=dt.UTC))
    client.get(CALENDAR)
    few = queries_for(client, CALENDAR, params)
    for day in range(30):
        EventFactory(
            is_public=False,
            starts_at=dt.datetime(2025, 5, 2, 10, tzinfo=dt.UTC) + dt.timedelta(days=day),
            ward=get_area(NEWPORT) if day % 2 else None,
            partners=[COUNCIL],
        )
    assert queries_for(client, CALENDAR, params) == few
