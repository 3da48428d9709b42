"""Adding and changing events with clash warnings, outcomes, bad input and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cohesion.places.queries import get_area
from cohesion.programme.models import Event, Outcome
from cohesion.programme.tests.factories import (
    COUNCIL,
    HUB,
    MIDDLESBROUGH,
    NORTH_ORMESBY,
    EventFactory,
    OutcomeFactory,
    organisation,
)

pytestmark = pytest.mark.django_db

DARLINGTON_WARD_NAME = "Bank Top & Lascelles"


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "council": get_area(MIDDLESBROUGH).pk,
        "kind": "youth",
        "title": "Holiday Activity Fund session",
        "starts_at": "2030-07-29T11:00",
        "ends_at": "2030-07-29T14:00",
        "venue": "St Alban's Church Hall",
        "ward": get_area(NORTH_ORMESBY).pk,
        "organiser": organisation(HUB).pk,
        "age_from": "8",
        "age_to": "14",
        "languages_text": "English, Arabic, arabic, Polish",
    }
    data.update(changes)
    return data


def test_a_partner_adds_its_own_session(client, carol):
    client.force_login(carol)
    response = client.post(reverse("programme-event-add"), form_data())
    assert response.status_code == 302
    event = Event.objects.get(title="Holiday Activity Fund session")
    assert event.organiser.name == HUB
    assert event.ward_code == NORTH_ORMESBY
    assert event.languages == ["English", "Arabic", "Polish"]
    assert event.created_by == carol


def test_a_clash_is_shown_before_saving_and_saved_only_when_confirmed(client, carol):
    feast = EventFactory(title="Feast of Fun", organiser=organisation(COUNCIL))
    client.force_login(carol)
    response = client.post(reverse("programme-event-add"), form_data())
    assert response.status_code == 200
    assert not Event.objects.filter(title="Holiday Activity Fund session").exists()
    page = response.content.decode()
    assert "This may clash with another partner" in page
    assert "Feast of Fun" in page and reverse("programme-event", args=[feast.pk]) in page
    assert 'type="checkbox" name="save_anyway"' in page
    response = client.post(reverse("programme-event-add"), form_data(save_anyway="on"))
    assert response.status_code == 302
    assert Event.objects.filter(title="Holiday Activity Fund session").count() == 1


def test_the_same_session_in_another_ward_is_saved_without_a_warning(client, carol):
    EventFactory(title="Feast of Fun", organiser=organisation(COUNCIL))
    client.force_login(carol)
    newport = get_area("E05009866")
    response = client.post(reverse("programme-event-add"), form_data(ward=newport.pk))
    assert response.status_code == 302


def test_an_event_ending_before_it_starts_is_refused_and_nothing_saved(client, carol):
    client.force_login(carol)
    response = client.post(reverse("programme-event-add"), form_data(ends_at="2030-07-29T09:00"))
    assert response.status_code == 200
    assert "The event must end after it starts." in response.content.decode()
    assert not Event.objects.filter(title="Holiday Activity Fund session").exists()


def test_a_session_in_another_councils_ward_is_refused(client, alice):
    from cohesion.places.models import Area

    darlington_ward = Area.objects.filter(parent__code="E06000005", level="ward").first()
    client.force_login(alice)
    response = client.post(
        reverse("programme-event-add"),
        form_data(ward=darlington_ward.pk, organiser=organisation(COUNCIL).pk),
    )
    assert response.status_code == 200
    assert "Choose a ward of the council the event is in." in response.content.decode()
    assert not Event.objects.filter(title="Holiday Activity Fund session").exists()


def test_a_partner_cannot_put_an_event_under_another_organisation(client, carol):
    client.force_login(carol)
    response = client.post(
        reverse("programme-event-add"), form_data(organiser=organisation(COUNCIL).pk)
    )
    assert response.status_code == 200
    assert not Event.objects.filter(title="Holiday Activity Fund session").exists()


def test_who_may_see_and_change_a_private_event(client, alice, amir, bob, carol, dave, erin):
    event = EventFactory(is_public=False)
    page, edit = (
        reverse("programme-event", args=[event.pk]),
        reverse("programme-event-edit", args=[event.pk]),
    )
    expected = {
        # The hub's own officer and the council's coordinator and administrator change it.
        carol: (200, 200),
        alice: (200, 200),
        erin: (200, 200),
        # Partners working in Middlesbrough read it but may not change another's event.
        amir: (200, 403),
        bob: (200, 403),
        # Another council's officer learns nothing.
        dave: (404, 404),
    }
    for person, (view, change) in expected.items():
        client.force_login(person)
        assert client.get(page).status_code == view, person.username
        assert client.get(edit).status_code == change, person.username


def test_a_read_only_member_cannot_record_an_outcome(client, amir):
    event = EventFactory(starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC))
    client.force_login(amir)
    response = client.post(
        reverse("programme-outcome-add", args=[event.pk]),
        {"session_on": "2026-09-07", "attendance": "20"},
    )
    assert response.status_code == 403
    assert not Outcome.objects.exists()


def test_an_outcome_is_recorded_for_a_session_and_negative_attendance_refused(client, carol):
    event = EventFactory(starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC), repeat_weeks=4)
    client.force_login(carol)
    url = reverse("programme-outcome-add", args=[event.pk])
    response = client.post(url, {"session_on": "2026-09-14", "attendance": "-3"})
    assert response.status_code == 200
    assert "Enter 0 or more." in response.content.decode()
    assert not Outcome.objects.exists()
    response = client.post(url, {"session_on": "2026-09-15", "attendance": "3"})
    assert "Choose the date of one of this event" in response.content.decode()
    response = client.post(
        url,
        {
            "session_on": "2026-09-14",
            "attendance": "31",
            "group_families": "12",
            "languages_text": "Arabic, Polish",
            "referrals": "4",
            "feedback": "Good turnout.",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(event=event)
    assert (outcome.attendance, outcome.attendance_by_group) == (31, {"families": 12})
    assert outcome.languages_spoken == ["Arabic", "Polish"]


def test_counts_by_group_above_the_total_are_refused(client, carol):
    event = EventFactory(starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC))
    client.force_login(carol)
    response = client.post(
        reverse("programme-outcome-add", args=[event.pk]),
        {"session_on": "2026-09-07", "attendance": "10", "group_women": "11"},
    )
    assert response.status_code == 200
    assert "add up to more than the total" in response.content.decode()
    assert not Outcome.objects.exists()


def test_the_calendar_lists_events_for_partners_and_not_for_another_council(client, bob, dave):
    event = EventFactory(is_public=False, title="Partners-only planning session")
    client.force_login(bob)
    assert event.title in client.get(reverse("programme-event-list")).content.decode()
    rows = client.get(reverse("programme-event-list-twin", args=["json"])).json()["events"]
    assert [r["id"] for r in rows] == [event.pk]
    client.force_login(dave)
    assert event.title not in client.get(reverse("programme-event-list")).content.decode()


def test_a_listening_session_links_to_a_trigger_event_the_officer_can_see(client, alice):
    from cohesion.tensions.tests.factories_assessment import TriggerEventFactory

    trigger = TriggerEventFactory()
    client.force_login(alice)
    response = client.post(
        reverse("programme-event-add"),
        form_data(
            kind="listening",
            title="Listening session",
            organiser=organisation(COUNCIL).pk,
            trigger_event=str(trigger.pk),
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Listening session")
    assert event.trigger_event_id == trigger.pk and event.trigger_event_label
    response = client.post(
        reverse("programme-event-add"),
        form_data(title="Another", organiser=organisation(COUNCIL).pk, trigger_event="999999"),
    )
    assert "There is no trigger event 999999 that you can see." in response.content.decode()


def test_outcome_factory_makes_a_past_session():
    outcome = OutcomeFactory()
    assert outcome.session_on == dt.date(2026, 9, 7)


def test_the_form_offers_only_councils_organisers_and_partners_where_the_person_works(
    client, carol
):
    client.force_login(carol)
    page = client.get(reverse("programme-event-add")).content.decode()
    assert "Middlesbrough (E06000002)" in page
    assert "Darlington" not in page
    assert "Cleveland Police" in page  # a partner working in Middlesbrough
