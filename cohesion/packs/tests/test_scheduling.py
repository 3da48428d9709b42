"""Scheduled packs: the quarterly report made on the first working day and emailed by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from cohesion.accounts.models import Organisation
from cohesion.packs import making
from cohesion.packs.choices import PackStatus
from cohesion.packs.models import Pack, PackSchedule, PackTemplate
from cohesion.packs.periods import first_working_day
from cohesion.packs.scheduling import period_due, run_schedules
from cohesion.packs.tests.helpers import NORTH_ORMESBY, TEST_TEMPLATE, record_value

pytestmark = pytest.mark.django_db


def test_the_first_working_day_skips_weekends_and_bank_holidays():
    # 1 June 2025 is a Sunday; 1 January 2024 is New Year's Day, a bank holiday.
    assert first_working_day(2025, 6) == dt.date(2025, 6, 2)
    assert first_working_day(2024, 1, frozenset({dt.date(2024, 1, 1)})) == dt.date(2024, 1, 2)


def test_a_quarterly_schedule_is_due_only_on_the_first_working_day_of_a_quarter():
    assert period_due("quarterly", dt.date(2025, 7, 1)).label == "2025 Q2"
    assert period_due("quarterly", dt.date(2025, 7, 2)) is None
    assert period_due("quarterly", dt.date(2025, 8, 1)) is None
    assert period_due("monthly", dt.date(2025, 9, 1)).label == "August 2025"


@pytest.fixture
def schedule(alice, amir, cllr_hussain, nadia):
    council = Organisation.objects.get(name="Middlesbrough Council")
    making.template_for(council, "ward-briefing")
    PackTemplate.objects.update(sections=TEST_TEMPLATE)
    for person in (alice, amir, cllr_hussain, nadia):
        person.email = f"{person.username}@example.org"
        person.save()
    return PackSchedule.objects.create(
        organisation=council, kind="ward-briefing", area_code=NORTH_ORMESBY, roles=["viewer"]
    )


def test_the_scheduled_pack_is_issued_and_emailed_to_viewers_covering_the_ward_once(schedule):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    result = run_schedules(dt.date(2025, 7, 1))
    [pack] = result.made
    assert (pack.status, pack.period_label, pack.made_by) == (PackStatus.ISSUED, "2025 Q2", None)
    [message] = mail.outbox
    assert sorted(message.bcc) == ["amir@example.org", "cllr.hussain@example.org"]
    assert message.attachments[0][0].endswith(".pdf")
    assert message.attachments[0][1].startswith(b"%PDF")
    from cohesion.audit.models import AuditEvent

    [sent] = AuditEvent.objects.filter(action="export", object_id=str(pack.pk))
    assert sent.changes["emailed_to"] == ["amir@example.org", "cllr.hussain@example.org"]
    run_schedules(dt.date(2025, 7, 1))
    assert Pack.objects.count() == 1 and len(mail.outbox) == 1


def test_a_schedule_with_no_data_records_why_and_sends_nothing(schedule):
    result = run_schedules(dt.date(2025, 7, 1))
    assert "There is no data for North Ormesby in 2025 Q2" in result.failed[schedule.pk]
    schedule.refresh_from_db()
    assert "no data" in schedule.last_error
    assert not mail.outbox and not Pack.objects.exists()


def test_a_scheduled_pack_is_made_as_the_schedules_own_council(schedule, amir):
    """Two councils cover North Ormesby and Amir belongs to both: each schedule's pack is its own council's."""
    from cohesion.accounts.choices import OrganisationKind
    from cohesion.accounts.models import Membership

    middlesbrough = schedule.organisation
    shared = Organisation.objects.create(
        name="A Tees Valley Shared Service", kind=OrganisationKind.COUNCIL
    )
    shared.areas.set(middlesbrough.areas.all())
    Membership.objects.create(user=amir, organisation=shared, role="viewer")
    PackTemplate.objects.filter(organisation=shared, kind="ward-briefing").update(
        sections=[{"key": "test-values", "heading": "Shared service figures"}]
    )
    PackSchedule.objects.create(
        organisation=shared, kind="ward-briefing", area_code=NORTH_ORMESBY, roles=["viewer"]
    )
    record_value(NORTH_ORMESBY, "ESOL learners", 12)

    made = run_schedules(dt.date(2025, 7, 1)).made

    by_council = {pack.organisation.name: pack for pack in made}
    assert sorted(by_council) == ["A Tees Valley Shared Service", "Middlesbrough Council"]
    assert by_council["Middlesbrough Council"].outline == TEST_TEMPLATE
    assert by_council["A Tees Valley Shared Service"].outline[0]["heading"] == (
        "Shared service figures"
    )
    sent = sorted(sorted(message.bcc) for message in mail.outbox)
    assert sent == [["amir@example.org"], ["amir@example.org", "cllr.hussain@example.org"]]


def test_a_schedule_for_an_area_its_council_does_not_cover_records_why(schedule):
    from cohesion.packs.tests.helpers import DARLINGTON
    from cohesion.places.models import Area

    ward = Area.objects.current("ward").filter(parent__code=DARLINGTON).order_by("code").first()
    schedule.area_code = ward.code
    schedule.save()
    result = run_schedules(dt.date(2025, 7, 1))
    assert result.failed[schedule.pk] == f"Middlesbrough Council does not cover {ward.name}."
    assert not Pack.objects.exists()
