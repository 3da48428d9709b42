"""The volunteer and interpreter register: checks, who sees a volunteer, bookings, hours,
the register's filters and twins, audit, reminders and retention."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cohesion.audit.models import AuditEvent
from cohesion.places.queries import get_area
from cohesion.programme.choices import BookingStatus
from cohesion.programme.models import (
    CheckReminder,
    HoursLogged,
    InterpreterBooking,
    Volunteer,
    VolunteerCheck,
)
from cohesion.programme.models.volunteers import REMOVED_NAME
from cohesion.programme.register import available_interpreters
from cohesion.programme.tests.factories import HUB, NORTH_ORMESBY, EventFactory, organisation
from cohesion.programme.tests.factories_volunteers import (
    BookingFactory,
    HoursFactory,
    VolunteerCheckFactory,
    VolunteerFactory,
)
from cohesion.programme.volunteer_reminders import remind_volunteer_checks
from cohesion.programme.volunteer_retention import purge_volunteer_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- checks ---------------------------------------------------------------------------------


def test_a_check_that_expires_before_it_was_made_is_refused_by_the_model():
    check = VolunteerCheckFactory.build(
        volunteer=VolunteerFactory(),
        checked_on=dt.date(2026, 5, 1),
        expires_on=dt.date(2026, 4, 30),
    )
    with pytest.raises(ValidationError) as refused:
        check.full_clean()
    assert refused.value.message_dict["expires_on"] == [
        "The expiry date cannot be before the date of the check."
    ]


def test_the_database_refuses_a_check_that_expires_before_it_was_made():
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerCheckFactory(checked_on=dt.date(2026, 5, 1), expires_on=dt.date(2026, 4, 1))


def test_the_check_form_says_what_is_wrong_and_saves_nothing(client, alice):
    volunteer = VolunteerFactory()
    client.force_login(alice)
    response = client.post(
        reverse("programme-volunteer-check-add", args=[volunteer.pk]),
        {"kind": "enhanced_dbs", "checked_on": "2026-05-01", "expires_on": "2026-04-30"},
    )
    assert response.status_code == 200
    assert "The expiry date cannot be before the date of the check." in response.text
    assert not VolunteerCheck.objects.exists()
    response = client.post(
        reverse("programme-volunteer-check-add", args=[volunteer.pk]),
        {"kind": "enhanced_dbs", "checked_on": "2026-05-01", "expires_on": "2029-05-01"},
    )
    assert response.status_code == 302
    assert volunteer.checks.get().expires_on == dt.date(2029, 5, 1)


# --- who sees a volunteer -------------------------------------------------------------------


def test_the_coordinating_organisations_officers_see_the_volunteer_and_nobody_else(
    client_for, alice, erin, nadia, amir, bob, carol, dave, cllr_hussain
):
    volunteer = VolunteerFactory(name="Hana Haile", email="hana@example.org")
    url = reverse("programme-volunteer", args=[volunteer.pk])
    for person in (alice, erin, nadia):
        page = client_for(person).get(url)
        assert page.status_code == 200, person.username
        assert "Hana Haile" in page.text and "hana@example.org" in page.text
    # A viewer of the same council, the other partners and another council learn nothing.
    for person in (amir, cllr_hussain, bob, carol, dave):
        assert client_for(person).get(url).status_code == 404, person.username
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/sign-in/" in anonymous["Location"]


def test_the_register_and_its_csv_show_only_what_the_viewer_may_see(client_for, alice, carol):
    VolunteerFactory(name="Hana Haile", email="hana@example.org")
    VolunteerFactory(name="Marek Nowak", organisation=organisation(HUB), languages=["Polish"])
    alice_rows = _csv(client_for(alice).get(reverse("programme-volunteer-list-twin", args=["csv"])))
    assert [r["name"] for r in alice_rows] == ["Hana Haile"]
    assert alice_rows[0]["email"] == "hana@example.org"
    carol_csv = client_for(carol).get(reverse("programme-volunteer-list-twin", args=["csv"]))
    assert [r["name"] for r in _csv(carol_csv)] == ["Marek Nowak"]
    assert "Hana" not in carol_csv.text
    assert "no-store" in carol_csv["Cache-Control"]


def test_opening_a_volunteers_record_is_audited_as_a_view_by_its_reader(client_for, alice):
    volunteer = VolunteerFactory()
    client = client_for(alice)
    before = AuditEvent.objects.count()
    assert client.get(reverse("programme-volunteer", args=[volunteer.pk])).status_code == 200
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.actor, event.object_id) == ("view", alice, str(volunteer.pk))
    assert volunteer.name not in event.object_repr  # the log names the record, not the person


def test_listing_the_register_is_audited_with_the_records_listed(client_for, alice):
    volunteer = VolunteerFactory()
    client = client_for(alice)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client.get(reverse("programme-volunteer-list-twin", args=["json"]))
    event = AuditEvent.objects.get(id__gt=last, actor=alice)
    assert event.action == "export"
    assert event.changes["ids"] == [str(volunteer.pk)]


# --- the register's filters -----------------------------------------------------------------


def test_the_register_filters_by_language_accreditation_and_checks_expiring_soon(client_for, alice):
    today = timezone.localdate()
    arabic = VolunteerFactory(name="Amina Abdi", languages=["Arabic"], accreditation="level_1")
    polish = VolunteerFactory(name="Tomasz Nowak", languages=["Polish"], accreditation="none")
    VolunteerCheckFactory(volunteer=arabic, expires_on=today + dt.timedelta(days=10))
    VolunteerCheckFactory(volunteer=polish, expires_on=today + dt.timedelta(days=200))
    VolunteerFactory(name="Gone Away", languages=["Arabic"], active=False)
    client = client_for(alice)

    def names(**query: object) -> list[str]:
        response = client.get(reverse("programme-volunteer-list-twin", args=["json"]), query)
        return [row["name"] for row in response.json()["volunteers"]]

    assert names() == ["Amina Abdi", "Tomasz Nowak"]
    assert names(language="arabic") == ["Amina Abdi"]
    assert names(language="Arabic", include_inactive="on") == ["Amina Abdi", "Gone Away"]
    assert names(accreditation="none") == ["Tomasz Nowak"]
    assert names(expiring_within=30) == ["Amina Abdi"]
    assert names(expiring_within=365) == ["Amina Abdi", "Tomasz Nowak"]
    page = client.get(reverse("programme-volunteer-list"), {"expiring_within": "-1"})
    assert "Enter 0 or more." in page.text
    # A check that never expires does not hide the one that soon does.
    VolunteerCheckFactory(volunteer=arabic, kind="training", expires_on=None)
    page = client.get(reverse("programme-volunteer-list"), {"language": "Arabic"}).text
    assert (today + dt.timedelta(days=10)).strftime("%-d %b %Y") in page and "Soon" in page


def test_adding_a_volunteer_offers_only_the_registers_the_officer_keeps(client, carol):
    client.force_login(carol)
    hub = organisation(HUB)
    response = client.post(
        reverse("programme-volunteer-add"),
        {"organisation": organisation("Middlesbrough Council").pk, "name": "Zara Said"},
    )
    assert response.status_code == 200
    assert "Choose one of the options offered." in response.text
    assert "Enter at least one language the volunteer speaks." in response.text
    assert not Volunteer.objects.exists()
    response = client.post(
        reverse("programme-volunteer-add"),
        {
            "organisation": hub.pk,
            "name": "Zara Said",
            "languages_text": "Somali, Arabic",
            "accreditation": "level_1",
            "active": "on",
        },
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert (volunteer.organisation, volunteer.languages) == (hub, ["Somali", "Arabic"])


def test_a_viewer_cannot_add_a_volunteer(client, amir):
    client.force_login(amir)
    assert client.get(reverse("programme-volunteer-add")).status_code == 403


# --- interpreter bookings -------------------------------------------------------------------


def test_a_partner_requests_an_interpreter_and_sees_only_whether_one_is_booked(
    client_for, carol, alice
):
    interpreter = VolunteerFactory(name="Hana Haile", languages=["Tigrinya"])
    VolunteerFactory(name="Dawit Abdi", languages=["Amharic"])
    hub = client_for(carol)
    ward = get_area(NORTH_ORMESBY)
    response = hub.post(
        reverse("programme-booking-add"),
        {
            "organisation": organisation("Middlesbrough Council").pk,
            "language": "Tigrinya",
            "ward": ward.pk,
            "starts_at": "2030-08-05T14:00",
            "ends_at": "2030-08-05T15:00",
        },
    )
    assert response.status_code == 302, response.text
    booking = InterpreterBooking.objects.get()
    assert (booking.ward_code, booking.council_code, booking.status) == (
        NORTH_ORMESBY,
        "E06000002",
        BookingStatus.REQUESTED,
    )
    assert booking.requesting_organisation == organisation(HUB)
    assert "Not yet" in hub.get(booking.get_absolute_url()).text

    # The council's coordinator sees who is free and speaks the language, and books them.
    coordinator = client_for(alice)
    page = coordinator.get(booking.get_absolute_url())
    assert "Hana Haile" in page.text and "Dawit Abdi" not in page.text
    assert (
        coordinator.post(booking.get_absolute_url(), {"volunteer": interpreter.pk}).status_code
        == 302
    )
    booking.refresh_from_db()
    assert (booking.status, booking.volunteer) == (BookingStatus.CONFIRMED, interpreter)

    # The hub learns it is booked, never by whom, on the page or in the twins.
    page = hub.get(booking.get_absolute_url())
    assert "Booked" in page.text and "Hana Haile" not in page.text
    rows = hub.get(reverse("programme-booking-list-twin", args=["json"])).json()["bookings"]
    assert [(r["booked"], r["interpreter"]) for r in rows] == [(True, None)]
    assert "Hana" not in hub.get(reverse("programme-booking-list-twin", args=["csv"])).text
    # And it may not assign anyone itself.
    assert hub.post(booking.get_absolute_url(), {"volunteer": interpreter.pk}).status_code == 403


def test_the_partner_that_asked_cancels_its_booking_and_nobody_fills_it_after(
    client_for, carol, alice
):
    interpreter = VolunteerFactory(name="Hana Haile", languages=["Tigrinya"])
    booking = BookingFactory(language="Tigrinya")
    hub = client_for(carol)
    assert "Cancel the booking" in hub.get(booking.get_absolute_url()).text
    assert hub.post(booking.get_absolute_url(), {"cancel": "1"}).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert AuditEvent.objects.filter(
        object_id=str(booking.pk), changes={"status": "cancelled"}
    ).exists()
    # A coordinator's direct POST cannot book an interpreter on the cancelled request.
    refused = client_for(alice).post(booking.get_absolute_url(), {"volunteer": interpreter.pk})
    assert refused.status_code == 400
    assert "This booking was cancelled" in refused.text
    booking.refresh_from_db()
    assert (booking.status, booking.volunteer) == (BookingStatus.CANCELLED, None)
    assert "Cancel the booking" not in hub.get(booking.get_absolute_url()).text


def test_an_interpreter_already_booked_at_the_time_is_not_offered():
    busy = VolunteerFactory(name="Busy Interpreter")
    free = VolunteerFactory(name="Free Interpreter")
    BookingFactory(volunteer=busy, status=BookingStatus.CONFIRMED)
    later = BookingFactory(starts_at=dt.datetime(2030, 8, 5, 14, 30, tzinfo=dt.UTC))
    assert available_interpreters(later) == [free]


def test_a_home_visit_booking_holds_no_field_for_the_resident():
    names = {f.name for f in InterpreterBooking._meta.get_fields()}
    assert not names & {"name", "address", "resident", "postcode", "notes", "phone", "email"}


def test_an_interpreter_who_does_not_speak_the_language_cannot_be_booked():
    booking = BookingFactory(language="Somali", volunteer=VolunteerFactory(languages=["Polish"]))
    with pytest.raises(ValidationError) as refused:
        booking.full_clean()
    assert "does not speak Somali" in str(refused.value)


# --- hours ----------------------------------------------------------------------------------


def test_hours_are_logged_from_an_event_page_for_one_of_its_sessions(client, alice):
    event = EventFactory(starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC), repeat_weeks=3)
    volunteer = VolunteerFactory()
    client.force_login(alice)
    page = client.get(reverse("programme-event", args=[event.pk]))
    assert reverse("programme-event-hours-add", args=[event.pk]) in page.text
    url = reverse("programme-event-hours-add", args=[event.pk])
    response = client.post(
        url,
        {
            "volunteer": volunteer.pk,
            "session_on": "2026-09-08",
            "hours": "2",
            "role": "interpreter",
        },
    )
    assert "Choose the date of one of this event" in response.text
    response = client.post(
        url,
        {
            "volunteer": volunteer.pk,
            "session_on": "2026-09-14",
            "hours": "30",
            "role": "interpreter",
        },
    )
    assert "Enter at most 24 hours." in response.text
    assert not HoursLogged.objects.exists()
    response = client.post(
        url,
        {
            "volunteer": volunteer.pk,
            "session_on": "2026-09-14",
            "hours": "2.5",
            "role": "interpreter",
        },
    )
    assert response.status_code == 302
    assert HoursLogged.objects.get().hours == Decimal("2.5")
    response = client.post(
        url,
        {
            "volunteer": volunteer.pk,
            "session_on": "2026-09-14",
            "hours": "1",
            "role": "interpreter",
        },
    )
    assert "already logged" in response.text
    assert HoursLogged.objects.count() == 1


def test_a_partner_who_keeps_no_register_of_those_volunteers_cannot_name_them(client, carol):
    event = EventFactory(starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC))
    council_volunteer = VolunteerFactory()
    client.force_login(carol)
    response = client.post(
        reverse("programme-event-hours-add", args=[event.pk]),
        {
            "volunteer": council_volunteer.pk,
            "session_on": "2026-09-07",
            "hours": "2",
            "role": "helper",
        },
    )
    assert response.status_code == 200
    assert "Choose one of the options offered." in response.text
    assert not HoursLogged.objects.exists()


# --- reminders ------------------------------------------------------------------------------


def test_expiring_checks_are_reminded_once_and_never_twice(alice, erin, amir):
    for person in (alice, erin, amir):
        person.email = f"{person.username}@example.org"
        person.save()
    volunteer = VolunteerFactory(name="Hana Haile")
    VolunteerCheckFactory(volunteer=volunteer, expires_on=TODAY + dt.timedelta(days=20))
    VolunteerCheckFactory(
        volunteer=volunteer, kind="reference", expires_on=TODAY + dt.timedelta(days=90)
    )
    first = remind_volunteer_checks(today=TODAY)
    # Middlesbrough's officers and above (not its viewer) each get one email.
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "erin@example.org"]
    assert (first.checks, first.organisations, first.emails) == (1, 1, 2)
    assert f"Volunteer {volunteer.pk}: Enhanced DBS check" in mail.outbox[0].body
    assert "Hana" not in mail.outbox[0].body
    again = remind_volunteer_checks(today=TODAY)
    tomorrow = remind_volunteer_checks(today=TODAY + dt.timedelta(days=1))
    assert again.emails == tomorrow.emails == 0
    assert len(mail.outbox) == 2
    assert CheckReminder.objects.count() == 2


@override_settings(VOLUNTEER_CHECK_REMINDER_DAYS=100)
def test_the_reminder_period_is_a_setting(alice):
    alice.email = "alice@example.org"
    alice.save()
    VolunteerCheckFactory(expires_on=TODAY + dt.timedelta(days=90))
    assert remind_volunteer_checks(today=TODAY).emails == 1


def test_the_reminder_command_runs(alice, capsys):
    from django.core.management import call_command

    alice.email = "alice@example.org"
    alice.save()
    VolunteerCheckFactory(expires_on=timezone.localdate() + dt.timedelta(days=3))
    call_command("remind_volunteer_checks")
    call_command("remind_volunteer_checks")
    assert len(mail.outbox) == 1
    assert "0 email(s) sent" in capsys.readouterr().out


# --- retention ------------------------------------------------------------------------------


@override_settings(VOLUNTEER_RETENTION_DAYS=365)
def test_inactive_volunteers_personal_data_is_removed_after_the_retention_period():
    gone = VolunteerFactory(name="Long Gone", email="gone@example.org", phone="07700 900001")
    VolunteerCheckFactory(volunteer=gone)
    HoursFactory(volunteer=gone)
    Volunteer.objects.filter(pk=gone.pk).update(
        active=False, inactive_since=TODAY - dt.timedelta(days=400)
    )
    recent = VolunteerFactory(name="Recently Stopped", active=False)
    Volunteer.objects.filter(pk=recent.pk).update(inactive_since=TODAY - dt.timedelta(days=30))
    active = VolunteerFactory(name="Still Here")
    assert purge_volunteer_data(today=TODAY, dry_run=True).removed == 1
    assert Volunteer.objects.get(pk=gone.pk).name == "Long Gone"
    assert purge_volunteer_data(today=TODAY).removed == 1
    gone.refresh_from_db()
    assert (gone.name, gone.email, gone.phone, gone.availability) == (REMOVED_NAME, "", "", "")
    assert gone.personal_data_removed_on == TODAY
    assert not gone.checks.exists() and gone.hours.count() == 1
    assert Volunteer.objects.get(pk=recent.pk).name == "Recently Stopped"
    assert Volunteer.objects.get(pk=active.pk).name == "Still Here"
    assert AuditEvent.objects.filter(action="delete", actor_username="retention job").exists()
    assert purge_volunteer_data(today=TODAY).removed == 0


def test_marking_a_volunteer_inactive_starts_the_retention_clock_and_coming_back_stops_it():
    volunteer = VolunteerFactory()
    volunteer.active = False
    volunteer.save()
    assert volunteer.inactive_since == timezone.localdate()
    volunteer.active = True
    volunteer.save()
    assert volunteer.inactive_since is None


def test_the_api_names_the_interpreter_only_to_the_registers_keepers(client_for, alice, carol):
    interpreter = VolunteerFactory(name="Hana Haile")
    BookingFactory(volunteer=interpreter, status=BookingStatus.CONFIRMED)
    url = "/api/v1/programme/interpreter-bookings/"
    [keeper_row] = client_for(alice).get(url).json()["results"]
    [hub_row] = client_for(carol).get(url).json()["results"]
    assert (keeper_row["booked"], keeper_row["interpreter"]) == (True, "Hana Haile")
    assert (hub_row["booked"], hub_row["interpreter"]) == (True, None)
    assert client_for(carol).get("/api/v1/programme/volunteers/").json()["results"] == []
    names = [
        v["name"] for v in client_for(alice).get("/api/v1/programme/volunteers/").json()["results"]
    ]
    assert names == ["Hana Haile"]


def test_the_booking_form_offers_only_registers_working_where_the_partner_works(client, carol):
    VolunteerFactory(organisation=organisation("Darlington Borough Council"))
    VolunteerFactory(languages=["Somali"])
    client.force_login(carol)
    page = client.get(reverse("programme-booking-add")).text
    assert "Middlesbrough Council" in page and "Darlington Borough Council" not in page
    assert "Somali" in page  # the languages the registers offered can provide
