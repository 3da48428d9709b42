"""The programme's routes attacked from outside: other councils, bad input, text that would run
in a browser, a spreadsheet or a calendar, and hidden counts worked out from public totals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cohesion.places.models import Area
from cohesion.programme.models import Event
from cohesion.programme.tests.factories import (
    DARLINGTON,
    MIDDLESBROUGH,
    EventFactory,
    OutcomeFactory,
)
from cohesion.programme.tests.test_pages import form_data

pytestmark = pytest.mark.django_db

DAY_ONE = dt.datetime(2026, 9, 7, 10, 0, tzinfo=dt.UTC)
DAY_TWO = dt.datetime(2026, 9, 14, 10, 0, tzinfo=dt.UTC)


def _totals(client, **period: str) -> dict:
    url = reverse("programme-totals-twin", args=[MIDDLESBROUGH, "json"])
    return client.get(url, period).json()


def test_a_hidden_attendance_cannot_be_worked_out_from_two_periods(client):
    """Any period is widened to whole quarters, each released once: no two answers differ by a session."""
    OutcomeFactory(event__starts_at=DAY_ONE, attendance=3)
    OutcomeFactory(event__starts_at=DAY_TWO, attendance=40)
    alone = _totals(client, start="2026-09-07", end="2026-09-07")
    both = _totals(client, start="2026-09-01", end="2026-09-30")
    later = _totals(client, start="2026-09-08", end="2026-09-30")
    assert alone["overall"] == both["overall"] == later["overall"]
    assert (alone["start"], alone["end"]) == ("2026-07-01", "2026-09-30")
    assert later["overall"]["attendance"] == 43
    # Grouped by month or by week's kind, the three residents are never shown on their own.
    for by in ("month", "kind", "ward", "quarter"):
        shown = [g["attendance"] for g in _totals(client, start="2026-07-01", by=by)["groups"]]
        assert 3 not in shown, by
    # A year is the sum of its quarters as shown: it tells nothing the quarters do not.
    year = _totals(client, start="2026-01-01", end="2026-12-31")
    assert year["overall"]["attendance"] == 43


def test_a_totals_period_ending_before_it_starts_is_explained(client):
    url = reverse("programme-totals", args=[MIDDLESBROUGH])
    response = client.get(url, {"start": "2026-09-30", "end": "2026-09-01"})
    assert response.status_code == 400


def test_bad_totals_input_is_refused_or_ignored_not_an_error(client):
    url = reverse("programme-totals", args=[MIDDLESBROUGH])
    for query in (
        {"start": "2026-02-30"},
        {"start": "9999999-01-01"},
        {"by": "organiser"},
        {"by": "<script>"},
        {"start": "x" * 10000},
    ):
        response = client.get(url, query)
        assert response.status_code in (200, 400), query
        assert b"<script>" not in response.content
    assert client.get(reverse("programme-totals", args=["E05001234"])).status_code == 404
    assert client.get("/events/%3Cb%3Ex%3C%2Fb%3E/totals/").status_code == 404


def test_an_officer_cannot_move_an_event_into_another_council(client, carol, alice):
    """The hub works in Middlesbrough: its event cannot be re-filed under Darlington."""
    event = EventFactory(title="Holiday activity session")
    darlington = Area.objects.current("council").get(code=DARLINGTON)
    darlington_ward = Area.objects.current("ward").filter(parent=darlington).first()
    for person in (carol, alice):
        client.force_login(person)
        response = client.post(
            reverse("programme-event-edit", args=[event.pk]),
            form_data(council=darlington.pk, ward=darlington_ward.pk),
        )
        assert response.status_code == 200  # the form again, with its errors
        response = client.post(
            reverse("programme-event-edit", args=[event.pk]),
            form_data(council=darlington.pk, ward=""),
        )
        assert response.status_code == 200
    event.refresh_from_db()
    assert event.council_code == MIDDLESBROUGH


def test_fields_not_on_the_event_form_are_not_set(client, carol):
    client.force_login(carol)
    response = client.post(
        reverse("programme-event-add"),
        form_data(synthetic="on", created_by="1", council_code=DARLINGTON, id="999999"),
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Holiday Activity Fund session")
    assert event.synthetic is False and event.created_by == carol
    assert event.council_code == MIDDLESBROUGH and event.pk != 999999


def test_another_councils_officer_cannot_read_change_or_record_outcomes(client, dave):
    event = EventFactory(starts_at=DAY_ONE, is_public=False)
    client.force_login(dave)
    for name in ("programme-event", "programme-event-edit", "programme-outcome-add"):
        url = reverse(name, args=[event.pk])
        assert client.get(url).status_code == 404, name
        posted = client.post(url, {"session_on": "2026-09-07", "attendance": 5})
        assert posted.status_code in (404, 405), name
    json_url = reverse("programme-event-twin", args=[event.pk, "json"])
    assert client.get(json_url).status_code == 404
    assert event.outcomes.count() == 0
    # Nor is a private event on any public page or feed.
    client.logout()
    for url in (
        reverse("programme-public-council", args=[MIDDLESBROUGH]),
        reverse("programme-public-council-twin", args=[MIDDLESBROUGH, "json"]),
        reverse("programme-public-ics", args=[MIDDLESBROUGH]),
    ):
        assert event.title.encode() not in client.get(url).content, url


def test_text_from_partners_cannot_run_on_public_pages_spreadsheets_or_calendars(client):
    EventFactory(
        title='=HYPERLINK("http://evil.example","x")<script>alert(1)</script>',
        description="Line one\r\nBEGIN:VEVENT\r\nSUMMARY:injected\u202e",
        venue="@SUM(1+1)",
    )
    page = client.get(reverse("programme-public-council", args=[MIDDLESBROUGH])).content
    assert b"<script>alert(1)</script>" not in page
    csv_text = client.get(
        reverse("programme-public-council-twin", args=[MIDDLESBROUGH, "csv"])
    ).content.decode()
    for line in csv_text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "@", "+")), cell
    ics = client.get(reverse("programme-public-ics", args=[MIDDLESBROUGH])).content.decode()
    assert ics.count("\r\nBEGIN:VEVENT\r\n") == 1
    assert "\r\nSUMMARY:injected" not in ics


def test_the_public_events_pages_refuse_writes(client):
    for url in (
        reverse("programme-public-index"),
        reverse("programme-public-council", args=[MIDDLESBROUGH]),
        reverse("programme-totals", args=[MIDDLESBROUGH]),
    ):
        assert client.post(url).status_code in (403, 405), url
