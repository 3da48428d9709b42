"""The retention job and the reminder emails, as commands and as tasks."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cohesion.audit.models import AuditEvent
from cohesion.tensions.models import Report, ReporterContact, ReportEvent
from cohesion.tensions.reminders import send_reminders
from cohesion.tensions.report_tasks import purge_contact_details_task, send_reminders_task
from cohesion.tensions.retention import purge_contact_details
from cohesion.tensions.tests.factories_reports import ReportFactory


def _contact(days_old: int, now: dt.datetime) -> ReporterContact:
    report = ReportFactory(created_at=now - dt.timedelta(days=days_old))
    return ReporterContact.objects.create(
        report=report, email="someone@example.org", created_at=now - dt.timedelta(days=days_old)
    )


@pytest.mark.django_db
@override_settings(CONTACT_RETENTION_DAYS=30)
def test_the_retention_job_removes_only_contact_details_older_than_the_period() -> None:
    now = timezone.now()
    old, recent = _contact(31, now), _contact(29, now)
    out = StringIO()
    call_command("purge_contact_details", stdout=out)
    assert "1 reporter contact record(s) older than 30 days removed" in out.getvalue()
    assert list(ReporterContact.objects.values_list("pk", flat=True)) == [recent.pk]
    # The report stays, and says what happened to the contact details.
    assert Report.objects.filter(pk=old.report_id).exists()
    event = ReportEvent.objects.get(report_id=old.report_id, kind="contact_removed")
    assert event.actor_username == "retention job"
    assert AuditEvent.objects.filter(action="delete", actor_username="retention job").exists()


@pytest.mark.django_db
@override_settings(CONTACT_RETENTION_DAYS=30)
def test_a_dry_run_of_the_retention_job_removes_nothing() -> None:
    now = timezone.now()
    _contact(40, now)
    assert purge_contact_details(dry_run=True).removed == 1
    assert ReporterContact.objects.count() == 1


@pytest.mark.django_db
@override_settings(CONTACT_RETENTION_DAYS=30)
def test_the_retention_task_does_the_same_work_through_the_task_framework() -> None:
    now = timezone.now()
    _contact(45, now)
    result = purge_contact_details_task.enqueue()  # the immediate backend in tests
    assert result.return_value == 1
    assert not ReporterContact.objects.exists()


def test_the_retention_period_must_be_at_least_a_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        purge_contact_details(days=0)


@pytest.mark.django_db
def test_overdue_reports_are_emailed_to_the_assigned_officer_without_what_was_reported(
    nadia: Any,
) -> None:
    nadia.email = "nadia@middlesbrough.example"
    nadia.save()
    now = timezone.now()
    report = ReportFactory(
        assigned_officer=nadia,
        description="Very private details of the incident",
        first_contact_due=now - dt.timedelta(hours=2),
    )
    result = send_reminders(now)
    assert (result.reports, result.emails) == (1, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@middlesbrough.example"]
    assert report.reference in message.body and "OVERDUE" in message.body
    assert "Very private" not in message.body
    report.refresh_from_db()
    assert report.last_reminded_at == now
    assert ReportEvent.objects.filter(report=report, kind="reminder").count() == 1


@pytest.mark.django_db
def test_an_unassigned_report_goes_to_the_councils_coordinators_once_a_day(alice: Any) -> None:
    alice.email = "alice@middlesbrough.example"
    alice.save()
    now = timezone.now()
    ReportFactory(first_contact_due=now + dt.timedelta(hours=1))  # due soon
    ReportFactory(first_contact_due=now + dt.timedelta(days=3))  # not yet
    ReportFactory(
        first_contact_due=now - dt.timedelta(hours=1), status="closed", closure_reason="resolved"
    )
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "1 report(s) due or overdue; 1 email(s) sent." in out.getvalue()
    assert mail.outbox[0].to == ["alice@middlesbrough.example"]
    # Run again an hour later: already reminded today, so no new email.
    assert send_reminders(now + dt.timedelta(hours=1)).emails == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reports_nobody_can_be_emailed_about_are_named() -> None:
    now = timezone.now()
    report = ReportFactory(first_contact_due=now - dt.timedelta(hours=1))
    result = send_reminders(now)
    assert result.unreachable == [report.reference]  # the personas have no email addresses
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_reminder_task_sends_through_the_task_framework(erin: Any) -> None:
    erin.email = "erin@middlesbrough.example"
    erin.save()
    ReportFactory(first_contact_due=timezone.now() - dt.timedelta(minutes=5))
    result = send_reminders_task.enqueue()
    assert result.return_value == {"reports": 1, "emails": 1, "unreachable": 0}
    assert mail.outbox[0].to == ["erin@middlesbrough.example"]
