"""The schedules page: a council's coordinators see who receives each pack, its next and last run,
add a schedule and stop one; nobody else may."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.audit.models import AuditEvent
from cohesion.packs.choices import AudienceKind, Cadence, PackKind
from cohesion.packs.models import PackSchedule
from cohesion.packs.periods import next_run
from cohesion.packs.tests.helpers import MIDDLESBROUGH, NORTH_ORMESBY

pytestmark = pytest.mark.django_db
PAGE = "/packs/schedules/"


@pytest.fixture
def schedule():
    from cohesion.accounts.models import Organisation

    return PackSchedule.objects.create(
        organisation=Organisation.objects.get(name="Middlesbrough Council"),
        kind=PackKind.HATE_QUARTERLY,
        area_code=MIDDLESBROUGH,
        roles=["coordinator", "administrator"],
        last_period_end=dt.date(2026, 9, 30),
    )


def test_a_coordinator_sees_who_receives_each_pack_and_its_next_and_last_run(
    client, alice, schedule
):
    client.force_login(alice)
    page = client.get(PAGE).content.decode()
    assert "Quarterly hate-incident report: Middlesbrough" in page
    assert "Coordinator, Administrator" in page
    assert alice.email in page
    assert next_run(Cadence.QUARTERLY, dt.date.today()).strftime("%-d %B %Y") in page
    assert "Made the pack for the period ending 30 September 2026" in page


def test_a_coordinator_adds_a_schedule_and_it_is_audited(client, alice):
    client.force_login(alice)
    response = client.post(
        PAGE,
        {
            "kind": PackKind.WARD_BRIEFING,
            "area": NORTH_ORMESBY,
            "cadence": Cadence.MONTHLY,
            "audience_kind": AudienceKind.RESTRICTED,
            "audience_name": "Community Safety Scrutiny Panel",
            "roles": ["officer", "viewer"],
        },
    )
    assert response.status_code == 302
    schedule = PackSchedule.objects.get()
    assert (schedule.kind, schedule.area_code, schedule.cadence) == (
        PackKind.WARD_BRIEFING,
        NORTH_ORMESBY,
        Cadence.MONTHLY,
    )
    assert schedule.organisation.name == "Middlesbrough Council"
    assert schedule.roles == ["officer", "viewer"]
    assert AuditEvent.objects.filter(action="create", object_id=str(schedule.pk)).exists()


def test_a_restricted_schedule_without_a_panel_is_refused_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    response = client.post(
        PAGE,
        {
            "kind": PackKind.HATE_QUARTERLY,
            "area": MIDDLESBROUGH,
            "cadence": Cadence.QUARTERLY,
            "audience_kind": AudienceKind.RESTRICTED,
            "roles": ["coordinator"],
        },
    )
    assert response.status_code == 400
    assert "Name the panel a restricted pack is for." in response.content.decode()
    assert not PackSchedule.objects.exists()


def test_another_councils_area_is_not_offered_or_accepted(client, alice):
    client.force_login(alice)
    response = client.post(
        PAGE,
        {
            "kind": PackKind.HATE_QUARTERLY,
            "area": "E06000005",
            "cadence": Cadence.QUARTERLY,
            "audience_kind": AudienceKind.PUBLIC,
            "roles": ["coordinator"],
        },
    )
    assert response.status_code == 400
    assert not PackSchedule.objects.exists()


def test_a_coordinator_stops_a_schedule(client, alice, schedule):
    client.force_login(alice)
    response = client.post(f"/packs/schedules/{schedule.pk}/stop/")
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert not schedule.active
    assert AuditEvent.objects.filter(action="update", object_id=str(schedule.pk)).exists()
    assert "Stopped" in client.get(PAGE).content.decode()


@pytest.mark.parametrize("username", ["nadia", "amir", "cllr.hussain", "bob"])
def test_only_coordinators_open_the_schedules_page(client, username, schedule, django_user_model):
    client.force_login(django_user_model.objects.get(username=username))
    assert client.get(PAGE).status_code == 403


def test_a_read_only_member_cannot_stop_a_schedule(client, amir, schedule):
    client.force_login(amir)
    assert client.post(f"/packs/schedules/{schedule.pk}/stop/").status_code == 403
    schedule.refresh_from_db()
    assert schedule.active


def test_another_councils_officer_is_told_the_schedule_does_not_exist(client, dave, schedule):
    client.force_login(dave)
    assert client.post(f"/packs/schedules/{schedule.pk}/stop/").status_code == 404
    schedule.refresh_from_db()
    assert schedule.active


@pytest.mark.parametrize(
    ("cadence", "today", "expected"),
    [
        (Cadence.QUARTERLY, dt.date(2026, 12, 5), dt.date(2027, 1, 1)),
        (Cadence.QUARTERLY, dt.date(2026, 10, 1), dt.date(2026, 10, 1)),
        (Cadence.QUARTERLY, dt.date(2026, 10, 2), dt.date(2027, 1, 1)),
        (Cadence.QUARTERLY, dt.date(2026, 3, 31), dt.date(2026, 4, 1)),
        (Cadence.MONTHLY, dt.date(2026, 11, 3), dt.date(2026, 12, 1)),
        # 1 August 2026 is a Saturday: the first working day is Monday the 3rd.
        (Cadence.MONTHLY, dt.date(2026, 7, 20), dt.date(2026, 8, 3)),
    ],
)
def test_the_next_run_is_the_next_first_working_day_of_the_period(cadence, today, expected):
    assert next_run(cadence, today) == expected
