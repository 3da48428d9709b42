"""Keeping the directory true: owners propose, coordinators review, the public reports mistakes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership
from cohesion.accounts.models import Organisation as Partner
from cohesion.audit.models import AuditEvent
from cohesion.core.append_only import AppendOnlyError
from cohesion.directory import maintaining
from cohesion.directory.choices import PublicationState
from cohesion.directory.models import (
    ChangeStatus,
    EntryEvent,
    EventKind,
    MistakeReport,
    MistakeStatus,
    ProposedChange,
    Service,
    StaleReminder,
)
from cohesion.directory.tests.factories_upkeep import mistake, owned_service, proposal
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db


def _form_data(service: Service, **changes):
    """What the edit form posts: the service's current values with ``changes``."""
    return maintaining.values_of(service) | changes


@pytest.fixture
def owned():
    return owned_service(name="Conversation café")


# --------------------------------------------------------------------------- owners propose


def test_an_owners_edit_waits_for_review_and_the_public_page_does_not_change(
    client_for, carol, owned
):
    client = client_for(carol)
    response = client.post(
        reverse("directory-manage-service-edit", args=[owned.pk]),
        _form_data(owned, name="Conversation café (Tuesdays)", days=["TU"]),
    )
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.name == "Conversation café"
    public = client_for(None).get(reverse("directory-service", args=[owned.pk]))
    assert "Conversation café (Tuesdays)" not in public.content.decode()
    change = ProposedChange.objects.get(service=owned)
    assert change.status == ChangeStatus.PENDING
    assert change.values["name"] == "Conversation café (Tuesdays)"
    assert change.values["days"] == ["TU"]
    page = client.get(reverse("directory-manage-service", args=[owned.pk]))
    assert "waiting for a coordinator" in page.content.decode()


def test_a_second_edit_while_one_waits_replaces_it(carol, owned):
    proposal(owned, carol, name="First try")
    proposal(owned, carol, name="Second try")
    waiting = ProposedChange.objects.filter(service=owned, status=ChangeStatus.PENDING)
    assert [c.values["name"] for c in waiting] == ["Second try"]


def test_an_edit_that_changes_nothing_is_refused_with_a_message(client_for, carol, owned):
    response = client_for(carol).post(
        reverse("directory-manage-service-edit", args=[owned.pk]), _form_data(owned)
    )
    assert response.status_code == 400
    assert "You have not changed anything" in response.content.decode()
    assert not ProposedChange.objects.exists()


def test_an_owner_adds_a_service_that_stays_unpublished_until_approved(
    client_for, carol, alice, owned
):
    data = _form_data(owned, name="Homework club", description="Help with homework.")
    data |= {"minimum_age": "8", "maximum_age": "12", "needs": ["youth"], "languages": ["en"]}
    data |= {"days": ["MO", "WE"], "opens_at": "16:00", "closes_at": "17:30"}
    response = client_for(carol).post(
        reverse("directory-manage-service-add", args=[owned.organisation.pk]), data
    )
    assert response.status_code == 302
    added = Service.objects.get(name="Homework club")
    assert added.state == PublicationState.IN_REVIEW
    assert not Service.objects.published().filter(pk=added.pk).exists()
    assert client_for(None).get(reverse("directory-service", args=[added.pk])).status_code == 404

    maintaining.approve(ProposedChange.objects.get(service=added), actor=alice)
    added.refresh_from_db()
    assert added.state == PublicationState.PUBLISHED
    assert (added.minimum_age, added.maximum_age) == (8, 12)
    assert [a.taxonomy_term.code for a in added.attributes.all()] == ["youth"]
    schedule = added.schedules.get()
    assert (schedule.byday, schedule.opens_at) == ("MO,WE", dt.time(16, 0))


def test_bad_input_on_the_service_form_gets_clear_errors_and_nothing_is_saved(
    client_for, carol, owned
):
    data = _form_data(owned, name="", minimum_age="12", maximum_age="8", cost="paid")
    data |= {"opens_at": "10:00", "location": "new"}
    response = client_for(carol).post(
        reverse("directory-manage-service-edit", args=[owned.pk]), data
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The oldest age must be the same as or above the youngest." in page
    assert "Enter the charge in pounds" in page
    assert "Enter both the start and the end time, or neither." in page
    assert "Enter the postcode of the new place." in page
    assert not ProposedChange.objects.exists()


# --------------------------------------------------------------------------- coordinators review


def test_a_coordinator_sees_before_and_after_then_approves_and_the_public_page_changes(
    client_for, carol, alice, owned
):
    change = proposal(owned, carol, name="Conversation café (Tuesdays)", cost="paid", amount="2.50")
    client = client_for(alice)
    queue = client.get(reverse("directory-review-queue", args=["E06000002"]))
    assert "Conversation café (Tuesdays)" in queue.content.decode()
    page = client.get(reverse("directory-review-change", args=[change.pk])).content.decode()
    assert "Conversation café</del>" in page
    assert "Conversation café (Tuesdays)</ins>" in page
    assert "2.50</ins>" in page

    response = client.post(
        reverse("directory-review-change", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.name == "Conversation café (Tuesdays)"
    assert owned.last_checked == timezone.localdate()
    assert [str(c.amount) for c in owned.cost_options.all()] == ["2.50"]
    public = client_for(None).get(reverse("directory-service", args=[owned.pk]))
    assert "Conversation café (Tuesdays)" in public.content.decode()
    approved = EntryEvent.objects.get(entry_id=owned.pk, kind=EventKind.APPROVED)
    assert approved.actor == alice
    assert {
        "field": "name",
        "before": "Conversation café",
        "after": "Conversation café (Tuesdays)",
    }.items() <= next(c for c in approved.changes if c["field"] == "name").items()


def test_approving_twice_changes_nothing_the_second_time(client_for, carol, alice, owned):
    change = proposal(owned, carol, name="Renamed")
    maintaining.approve(change, actor=alice)
    events = EntryEvent.objects.filter(entry_id=owned.pk).count()
    response = client_for(alice).post(
        reverse("directory-review-change", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 409
    assert "already been decided" in response.content.decode()
    with pytest.raises(maintaining.ChangeError, match="already been decided"):
        maintaining.approve(change, actor=alice)
    assert EntryEvent.objects.filter(entry_id=owned.pk).count() == events


def test_a_change_to_a_service_deleted_meanwhile_cannot_be_approved_but_can_be_sent_back(
    client_for, carol, alice, owned
):
    change = proposal(owned, carol, name="Renamed")
    owned.delete()
    change.refresh_from_db()
    client = client_for(alice)
    response = client.post(
        reverse("directory-review-change", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 409
    assert "deleted after this change was proposed" in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    client.post(
        reverse("directory-review-change", args=[change.pk]),
        {"decision": "send_back", "reason": "The service has closed."},
    )
    change.refresh_from_db()
    assert change.status == ChangeStatus.SENT_BACK


def test_a_change_sent_back_shows_the_owner_the_reason_and_publishes_nothing(
    client_for, carol, alice, owned
):
    change = proposal(owned, carol, name="Renamed")
    client_for(alice).post(
        reverse("directory-review-change", args=[change.pk]),
        {"decision": "send_back", "reason": "Please keep the name residents know."},
    )
    owned.refresh_from_db()
    assert owned.name == "Conversation café"
    for address in (
        reverse("directory-manage-service", args=[owned.pk]),
        reverse("directory-manage"),
    ):
        assert "Please keep the name residents know." in (
            client_for(carol).get(address).content.decode()
        )


def test_a_send_back_leaves_the_owners_list_once_they_send_a_new_change(
    carol, alice, client_for, owned
):
    maintaining.send_back(proposal(owned, carol, name="Renamed"), actor=alice, reason="Too vague.")
    proposal(owned, carol, name="Conversation café, North Ormesby")
    page = client_for(carol).get(reverse("directory-manage")).content.decode()
    assert "Too vague." not in page
    assert "Conversation café, North Ormesby" in page


def test_sending_back_without_a_reason_is_refused(client_for, carol, alice, owned):
    change = proposal(owned, carol, name="Renamed")
    response = client_for(alice).post(
        reverse("directory-review-change", args=[change.pk]), {"decision": "send_back"}
    )
    assert response.status_code == 400
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


def test_an_owner_sees_their_pending_change_but_cannot_approve_it(client_for, carol, owned):
    change = proposal(owned, carol, name="Renamed")
    client = client_for(carol)
    assert client.get(reverse("directory-review-change", args=[change.pk])).status_code == 200
    response = client.post(
        reverse("directory-review-change", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    owned.refresh_from_db()
    assert owned.name == "Conversation café"


# --------------------------------------------------------------------------- hostile cases


def test_an_owner_of_another_organisation_gets_404_for_a_service_by_its_id(client_for, carol):
    theirs = owned_service(partner="Middlesbrough Council")
    client = client_for(carol)
    for name in (
        "directory-manage-service",
        "directory-manage-service-edit",
        "directory-manage-service-confirm",
    ):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("directory-manage-service-edit", args=[theirs.pk]),
        _form_data(theirs, name="Taken over"),
    )
    assert response.status_code == 404
    assert not ProposedChange.objects.exists()
    add = reverse("directory-manage-service-add", args=[theirs.organisation.pk])
    assert client.get(add).status_code == 404


def test_a_coordinator_of_another_council_gets_404_and_changes_nothing(
    client_for, carol, dave, owned
):
    Membership.objects.filter(user=dave).update(role=Role.COORDINATOR)
    change = proposal(owned, carol, name="Renamed")
    report = mistake(owned, email="resident@example.org")
    client = client_for(dave)
    assert client.get(reverse("directory-review-queue", args=["E06000002"])).status_code == 404
    assert client.get(reverse("directory-review-change", args=[change.pk])).status_code == 404
    assert client.get(reverse("directory-review-mistake", args=[report.pk])).status_code == 404
    response = client.post(
        reverse("directory-review-change", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


# --------------------------------------------------------------------------- last checked


def test_an_owner_confirms_an_entry_is_still_correct(client_for, carol, owned):
    owned.last_checked = dt.date(2020, 1, 1)
    owned.save()
    modified = Service.objects.get(pk=owned.pk).last_modified
    response = client_for(carol).post(reverse("directory-manage-service-confirm", args=[owned.pk]))
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.last_checked == timezone.localdate()
    assert owned.last_modified == modified  # the details did not change
    event = EntryEvent.objects.get(entry_id=owned.pk, kind=EventKind.CONFIRMED)
    assert event.actor == carol and event.changes[0]["before"] == "01 Jan 2020"


def test_an_owner_confirms_their_organisations_details_but_not_another_organisations(
    client_for, carol, owned
):
    theirs = owned_service(partner="Middlesbrough Council").organisation
    client = client_for(carol)
    mine = owned.organisation
    response = client.post(reverse("directory-manage-organisation-confirm", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.last_checked == timezone.localdate()
    assert EntryEvent.objects.filter(entry_id=mine.pk, kind=EventKind.CONFIRMED).exists()
    refused = client.post(reverse("directory-manage-organisation-confirm", args=[theirs.pk]))
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.last_checked is None


@override_settings(COHESION_DIRECTORY_STALE_AFTER_DAYS=30)
def test_stale_entries_are_listed_for_owners_and_coordinators(client_for, carol, alice):
    today = timezone.localdate()
    old = owned_service(name="Old entry", last_checked=today - dt.timedelta(days=31))
    owned_service(name="Fresh entry", last_checked=today - dt.timedelta(days=29))
    assert list(maintaining.stale(Service.objects.all()).filter(name__endswith="entry")) == [old]
    queue = client_for(alice).get(reverse("directory-review-queue", args=["E06000002"]))
    stale_list = queue.content.decode().split('id="stale"')[1]
    assert "Old entry" in stale_list and "Fresh entry" not in stale_list
    assert "Needs checking" in client_for(carol).get(reverse("directory-manage")).content.decode()


def test_stale_owners_are_reminded_once_per_period(carol):
    carol.email = "carol@example.org"
    carol.save()
    today = timezone.localdate()
    stale_one = owned_service(name="Stale café", last_checked=today - dt.timedelta(days=200))
    owned_service(name="Fresh café", last_checked=today)
    call_command("remind_stale_directory")
    call_command("remind_stale_directory")
    to_carol = [m for m in mail.outbox if "carol@example.org" in m.to]
    assert len(to_carol) == 1
    assert "Stale café" in to_carol[0].body and "Fresh café" not in to_carol[0].body
    assert StaleReminder.objects.filter(recipient="carol@example.org").count() == 1
    assert str(stale_one.pk) in StaleReminder.objects.get(recipient="carol@example.org").services
    # A period later, still stale: reminded again.
    later = today + dt.timedelta(days=183)
    from cohesion.directory.reminders import remind_stale_directory

    remind_stale_directory(today=later)
    assert len([m for m in mail.outbox if "Stale café" in m.body]) == 2


# --------------------------------------------------------------------------- the public's reports


def test_the_public_reports_a_mistake_without_signing_in(client_for, carol, alice, owned):
    client = client_for(None)
    page = client.get(reverse("directory-service", args=[owned.pk])).content.decode()
    assert reverse("directory-report-mistake", args=[owned.pk]) in page
    form = reverse("directory-report-mistake", args=[owned.pk])
    assert client.get(form).status_code == 200
    response = client.post(
        form,
        {
            "what_is_wrong": "It moved to  Wednesdays.",
            "email": "res@example.org",
            "needs_interpreter": "on",
            "interpreter_language": "Kurdish Sorani",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("directory-report-mistake-sent", args=[owned.pk])
    assert "Thank you" in client.get(response["Location"]).content.decode()
    report = MistakeReport.objects.get()
    assert (report.what_is_wrong, report.email) == ("It moved to Wednesdays.", "res@example.org")
    assert report.interpreter_language == "Kurdish Sorani"
    assert report.submitter_hash and report.council_code == "E06000002"
    detail = reverse("directory-review-mistake", args=[report.pk])
    assert (
        detail
        in client_for(alice)
        .get(reverse("directory-review-queue", args=["E06000002"]))
        .content.decode()
    )
    assert detail in client_for(carol).get(reverse("directory-manage")).content.decode()
    assert "Kurdish Sorani" in client_for(alice).get(detail).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_is_wrong": ""}, "Tell us what is wrong."),
        ({"what_is_wrong": "  a "}, "Tell us what is wrong."),
        ({"what_is_wrong": "x" * 2001}, "Ensure this value has at most 2000 characters"),
        ({"what_is_wrong": "Times wrong", "email": "not-an-email"}, "Enter a valid email"),
        ({"what_is_wrong": "Times wrong", "website": "spam.example"}, "must be left empty"),
        (
            {"what_is_wrong": "Times wrong", "needs_interpreter": "on", "email": "a@example.org"},
            "Write which language you need an interpreter for",
        ),
        (
            {"what_is_wrong": "Times wrong", "interpreter_language": "Polish"},
            "Give your email address so that someone can contact you with an interpreter",
        ),
    ],
)
def test_malformed_public_reports_are_refused_with_a_message_and_not_stored(
    client, owned, data, message
):
    response = client.post(reverse("directory-report-mistake", args=[owned.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MistakeReport.objects.exists()


@override_settings(DIRECTORY_MISTAKE_REPORTS_PER_HOUR=2)
def test_the_hourly_limit_refuses_a_flood_and_keeps_what_was_typed(client, owned):
    form = reverse("directory-report-mistake", args=[owned.pk])
    for _ in range(2):
        assert client.post(form, {"what_is_wrong": "Wrong times"}).status_code == 302
    response = client.post(form, {"what_is_wrong": "Third report"})
    assert response.status_code == 429
    assert "Third report" in response.content.decode()
    assert MistakeReport.objects.count() == 2


def test_a_report_on_an_unpublished_service_cannot_be_made(client, owned):
    Service.objects.filter(pk=owned.pk).update(state=PublicationState.DRAFT)
    response = client.post(
        reverse("directory-report-mistake", args=[owned.pk]), {"what_is_wrong": "Wrong"}
    )
    assert response.status_code == 404


def test_reading_a_report_with_the_reporters_email_is_audited_and_it_can_be_closed(
    client_for, carol, owned
):
    report = mistake(owned, email="res@example.org")
    client = client_for(carol)
    page = client.get(reverse("directory-review-mistake", args=[report.pk]))
    assert "res@example.org" in page.content.decode()
    assert AuditEvent.objects.filter(
        actor=carol, object_type="directory.MistakeReport", object_id=str(report.pk)
    ).exists()
    assert client.post(reverse("directory-review-mistake", args=[report.pk]), {}).status_code == 400
    client.post(reverse("directory-review-mistake", args=[report.pk]), {"note": "Times corrected."})
    report.refresh_from_db()
    assert (report.status, report.closing_note, report.closed_by) == (
        MistakeStatus.CLOSED,
        "Times corrected.",
        carol,
    )
    assert EntryEvent.objects.filter(entry_id=owned.pk, kind=EventKind.CLOSED).exists()


# --------------------------------------------------------------------------- history


def test_the_history_records_each_step_and_is_shown_to_owners(client_for, carol, alice, owned):
    change = proposal(owned, carol, name="Renamed")
    maintaining.approve(change, actor=alice)
    maintaining.confirm(owned, actor=carol)
    mistake(owned)
    kinds = list(
        EntryEvent.objects.filter(entry_id=owned.pk).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == [
        EventKind.PROPOSED,
        EventKind.APPROVED,
        EventKind.CONFIRMED,
        EventKind.REPORTED,
    ]
    page = client_for(carol).get(reverse("directory-manage-service", args=[owned.pk]))
    history = page.content.decode().split('id="history-list"')[1]
    assert "Change approved" in history and "Renamed</ins>" in history


def test_the_history_is_append_only(carol, owned):
    event = maintaining.record_event(owned, EventKind.CONFIRMED, actor=carol)
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        EntryEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(AppendOnlyError):
        event.delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {EntryEvent._meta.db_table} SET note = 'x'")  # noqa: S608


def test_an_import_is_recorded_in_each_services_history(owned):
    import json

    from cohesion.directory.interchange import feed_services, import_feed

    feed = [s for s in feed_services("E06000002") if s["id"] == str(owned.pk)]
    import_feed(json.dumps(feed).encode(), council_code="E06000002", source="Partner feed")
    event = EntryEvent.objects.get(entry_id=owned.pk, kind=EventKind.IMPORTED)
    assert event.note == "Partner feed"


# --------------------------------------------------------------------------- who may open what


@pytest.fixture
def objects(carol):
    service = owned_service()
    return {
        "service": service,
        "change": proposal(service, carol, name="Renamed"),
        "report": mistake(service, email="res@example.org"),
    }


def _to(name: str, key: str):
    return lambda o: reverse(name, args=[o[key].pk])


def _of_service(name: str):
    return _to(name, "service")


OWNERS = {"alice": 200, "erin": 200, "carol": 200}  # the hub's officer; the council's coordinators
CASES = [
    Case("dashboard", "/directory/manage/", {ANONYMOUS: 302}, default=200),
    Case(
        "review queue",
        "/directory/review/E06000002/",
        {ANONYMOUS: 302, "alice": 200, "erin": 200},
    ),
    Case("manage a service", _of_service("directory-manage-service"), {ANONYMOUS: 302, **OWNERS}),
    Case("edit form", _of_service("directory-manage-service-edit"), {ANONYMOUS: 302, **OWNERS}),
    Case(
        "edit without data",
        _of_service("directory-manage-service-edit"),
        {ANONYMOUS: 302, "alice": 400, "erin": 400, "carol": 400},
        method="post",
    ),
    Case(
        "confirm page", _of_service("directory-manage-service-confirm"), {ANONYMOUS: 302, **OWNERS}
    ),
    Case(
        "add a service",
        lambda o: reverse("directory-manage-service-add", args=[o["service"].organisation_id]),
        {ANONYMOUS: 302, **OWNERS},
    ),
    Case(
        "confirm the organisation",
        lambda o: reverse(
            "directory-manage-organisation-confirm", args=[o["service"].organisation_id]
        ),
        {ANONYMOUS: 302, "alice": 302, "erin": 302, "carol": 302},
        method="post",
    ),
    Case("a proposed change", _to("directory-review-change", "change"), {ANONYMOUS: 302, **OWNERS}),
    Case(
        "decide without data",
        _to("directory-review-change", "change"),
        {ANONYMOUS: 302, "alice": 400, "erin": 400, "carol": 403},
        method="post",
    ),
    Case("a public report", _to("directory-review-mistake", "report"), {ANONYMOUS: 302, **OWNERS}),
    Case(
        "report a mistake",
        _of_service("directory-report-mistake"),
        {},
        default=200,
    ),
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case, persona, objects, client_for):
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)


def test_the_hub_officer_is_an_owner_and_the_analyst_is_not(carol, amir):
    hub = Partner.objects.get(name="North Ormesby Community Hub")
    assert hub.pk in maintaining_owner_ids(carol)
    assert hub.pk not in maintaining_owner_ids(amir)


def maintaining_owner_ids(user):
    from cohesion.directory.permissions import owner_partner_ids

    return owner_partner_ids(user)


# --------------------------------------------------------------------------- applying each group


def test_approving_applies_languages_needs_the_place_and_the_session_and_keeps_the_rest(
    carol, alice, owned
):
    from cohesion.directory.models import Location, Schedule
    from cohesion.directory.tests.factories import ScheduleFactory

    hall = Location.objects.get(organisation=owned.organisation, name="Hub hall")
    monthly = ScheduleFactory(service=owned, freq="MONTHLY", byday="1SA")
    change = proposal(
        owned,
        carol,
        languages=["ar", "en"],
        needs=["esol"],
        location=str(hall.pk),
        days=["TU", "TH"],
        opens_at="18:00",
        closes_at="19:30",
        term_time="term_time",
    )
    maintaining.approve(change, actor=alice)
    owned.refresh_from_db()
    assert sorted(owned.languages.values_list("code", flat=True)) == ["ar", "en"]
    assert [a.taxonomy_term.code for a in owned.attributes.all()] == ["esol"]
    assert [at.location for at in owned.at_locations.all()] == [hall]
    weekly = Schedule.objects.get(service=owned, freq="WEEKLY")
    assert (weekly.byday, weekly.opens_at, weekly.term_time) == ("TU,TH", dt.time(18), "term_time")
    assert Schedule.objects.filter(pk=monthly.pk).exists()  # a session the form does not edit

    # A later change to the name alone leaves every other group as it was.
    maintaining.approve(proposal(owned, carol, name="Evening ESOL"), actor=alice)
    assert sorted(owned.languages.values_list("code", flat=True)) == ["ar", "en"]
    assert Schedule.objects.get(service=owned, freq="WEEKLY").pk == weekly.pk


def test_a_new_place_is_made_when_the_change_is_approved(carol, alice, owned):
    change = proposal(
        owned,
        carol,
        location="new",
        new_location_name="St Alban's church hall",
        new_location_address="1 Example Street",
        new_location_town="Middlesbrough",
        new_location_postcode="ts3 6aa",
    )
    assert not owned.at_locations.exists()  # nothing made before the review
    maintaining.approve(change, actor=alice)
    place = owned.at_locations.get().location
    assert place.name == "St Alban's church hall"
    assert place.organisation == owned.organisation
    assert place.addresses.get().postal_code == "TS3 6AA"


def test_the_command_line_offers_remind_stale_directory():
    from cohesion.cli import _verbs

    assert _verbs()["remind-stale-directory"] == ("cohesion.directory", "remind_stale_directory")


@pytest.mark.parametrize(("persona", "shown"), [("carol", True), ("alice", True), ("amir", False)])
def test_the_menu_offers_directory_entries_to_owners_and_coordinators(
    client_for, request, persona, shown
):
    page = client_for(request.getfixturevalue(persona)).get(reverse("directory-search"))
    assert ('href="/directory/manage/"' in page.content.decode()) is shown


def test_the_review_queue_answers_in_the_same_number_of_queries_for_more_changes(
    client_for, carol, alice, django_assert_max_num_queries
):
    client = client_for(alice)
    address = reverse("directory-review-queue", args=["E06000002"])
    for number in range(2):
        service = owned_service()
        proposal(service, carol, name=f"Renamed {number}")
        mistake(service)
    client.get(address)
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as few:
        client.get(address)
    for number in range(5):
        service = owned_service()
        proposal(service, carol, name=f"More {number}")
        mistake(service)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(address)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ar", ["ما الخطأ؟", 'dir="rtl"', "إرسال"]),
        ("pl", ["Co jest nie tak?", "Wyślij"]),
        ("cy", ["Beth sy’n anghywir?", "Anfon"]),
    ],
)
def test_the_report_a_mistake_form_speaks_the_sites_languages(client, owned, language, words):
    page = client.get(
        reverse("directory-report-mistake", args=[owned.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert all(word in page for word in words)
