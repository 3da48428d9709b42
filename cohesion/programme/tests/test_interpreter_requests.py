"""A resident asks for an interpreter at a public event; the organisers see the language and book one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from cohesion.programme.models import InterpreterRequest
from cohesion.programme.tests.factories import MIDDLESBROUGH, EventFactory

pytestmark = pytest.mark.django_db

SUMMER = dt.datetime(2030, 7, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def event():
    return EventFactory(title="Summer welcome café", starts_at=SUMMER)


def _url(event) -> str:
    return reverse("programme-public-interpreter", args=[MIDDLESBROUGH, event.pk])


def test_the_public_events_page_links_each_event_to_the_request_form(event):
    page = Client().get(reverse("programme-public-council", args=[MIDDLESBROUGH])).text
    assert _url(event) in page and "Need an interpreter?" in page


def test_a_resident_asks_without_signing_in_and_the_organisers_see_it(
    event, client_for, carol, amir
):
    anonymous = Client(REMOTE_ADDR="203.0.113.7")
    form = anonymous.get(_url(event), {"lang": "pl"})
    assert form.status_code == 200 and "Jakiego języka ma używać tłumacz?" in form.text
    sent = anonymous.post(_url(event), {"language": "  Tigrinya "})
    assert sent.status_code == 302
    assert "Dziękujemy" in anonymous.get(sent["Location"]).text
    anonymous.post(_url(event), {"language": "tigrinya"})
    Client(REMOTE_ADDR="203.0.113.8").post(_url(event), {"language": "Arabic"})
    assert InterpreterRequest.objects.filter(event=event).count() == 3

    page = client_for(carol).get(event.get_absolute_url()).text
    assert "Interpreters residents asked for" in page
    assert "Tigrinya</bdi>: 2 requests" in page and "Arabic</bdi>: 1 request" in page
    assert f"?event={event.pk}&amp;language=Tigrinya" in page
    twin = client_for(carol).get(reverse("programme-event-twin", args=[event.pk, "json"])).json()
    assert twin["interpreters_asked"] == [
        {"language": "Tigrinya", "requests": 2},
        {"language": "Arabic", "requests": 1},
    ]
    # A viewer sees the languages but is not offered a booking.
    viewer = client_for(amir).get(event.get_absolute_url()).text
    assert "Tigrinya" in viewer and "programme/interpreters/new" not in viewer


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"language": ""}, "Write the language you need an interpreter for."),
        ({"language": "\u200b \u202e"}, "Write the language you need an interpreter for."),
        ({"language": "x" * 61}, "Write the language in 60 characters or fewer."),
        ({"language": "Polish", "website": "spam.example"}, "must be left empty"),
    ],
)
def test_bad_requests_are_refused_with_a_message_and_nothing_kept(event, data, message):
    response = Client().post(_url(event), data)
    assert response.status_code == 400
    assert message in response.text
    assert not InterpreterRequest.objects.exists()


@override_settings(PROGRAMME_INTERPRETER_REQUESTS_PER_HOUR=2)
def test_a_flood_from_one_connection_is_refused_and_keeps_what_was_typed(event):
    anonymous = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        assert anonymous.post(_url(event), {"language": "Polish"}).status_code == 302
    refused = anonymous.post(_url(event), {"language": "Kurdish"})
    assert refused.status_code == 429 and 'value="Kurdish"' in refused.text
    assert InterpreterRequest.objects.count() == 2


def test_partners_only_past_and_other_councils_events_take_no_requests(event):
    hidden = EventFactory(is_public=False, starts_at=SUMMER)
    past = EventFactory(starts_at=dt.datetime(2020, 7, 1, 10, tzinfo=dt.UTC))
    for target in (hidden, past):
        assert Client().post(_url(target), {"language": "Polish"}).status_code == 404
    elsewhere = reverse("programme-public-interpreter", args=["E06000005", event.pk])
    assert Client().post(elsewhere, {"language": "Polish"}).status_code == 404
    assert not InterpreterRequest.objects.exists()
