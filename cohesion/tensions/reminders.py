"""Reminders to case owners about responses that are due soon or overdue.

``cohesion send-reminders`` (or the task
:data:`cohesion.tensions.report_tasks.send_reminders_task`) emails, once per
person, a list of the open reports they answer for whose first or senior
contact is due within REPORT_REMINDER_LEAD_HOURS or already late. A report's
owner is its assigned officer; an unassigned report goes to the coordinators
of the council whose area it is in. A report is reminded about at most once
every REPORT_REMINDER_INTERVAL_HOURS. Emails hold references, categories and
deadlines only, never what was reported or who reported it: email is not a
safe place for special-category data. Nobody is emailed about a report they
cannot open.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Membership
from cohesion.accounts.permissions import may, membership_scope
from cohesion.core.mail import email_list
from cohesion.tensions.choices import EventKind
from cohesion.tensions.models import Report, ReportEvent


@dataclass
class ReminderResult:
    reports: int = 0
    emails: int = 0
    unreachable: list[str] = field(default_factory=list)  # references nobody could be emailed about


def reports_needing_reminders(now: dt.datetime) -> list[Report]:
    lead = now + dt.timedelta(hours=settings.REPORT_REMINDER_LEAD_HOURS)
    quiet_since = now - dt.timedelta(hours=settings.REPORT_REMINDER_INTERVAL_HOURS)
    return list(
        Report.objects.open()
        .filter(
            Q(first_contact_at__isnull=True, first_contact_due__lte=lead)
            | Q(senior_contact_at__isnull=True, senior_contact_due__lte=lead)
        )
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=quiet_since))
        .exclude(synthetic=True)
        .select_related("assigned_officer")
        .order_by("first_contact_due")
    )


def _coordinators() -> list[tuple[Any, Any]]:
    """(user, scope) of every active council coordinator and above."""
    members = (
        Membership.objects.active()
        .filter(organisation__kind=OrganisationKind.COUNCIL)
        .select_related("user", "organisation")
        .prefetch_related("areas", "organisation__areas")
    )
    return [(m.user, membership_scope(m)) for m in members if m.has_role(Role.COORDINATOR)]


def owners_of(report: Report, coordinators: list[tuple[Any, Any]]) -> list[Any]:
    """Who answers for the report: its officer, else the coordinators of its area.

    Only people who can open the case are ever told about it (asked of
    ``Report.objects.restrict``): an officer who has lost access, or was given
    the case wrongly, is passed over for the coordinators.
    """
    officer = report.assigned_officer
    if officer is not None and may(Report.objects, officer, "view", report):
        return [officer]
    return [
        user
        for user, scope in coordinators
        if scope.covers(report.council_code, report.ward_code)
        and may(Report.objects, user, "view", report)
    ]


def _line(report: Report, now: dt.datetime) -> str:
    due = []
    if report.first_contact_at is None and report.first_contact_due:
        state = "OVERDUE" if report.first_contact_due < now else "due"
        due.append(
            f"first contact {state} {timezone.localtime(report.first_contact_due):%d %b %H:%M}"
        )
    if report.senior_contact_at is None and report.senior_contact_due:
        state = "OVERDUE" if report.senior_contact_due < now else "due"
        due.append(
            f"senior contact {state} {timezone.localtime(report.senior_contact_due):%d %b %H:%M}"
        )
    url = settings.SITE_URL + reverse("tensions-report-detail", args=[report.reference])
    return f"- {report.reference} ({report.get_category_display()}, {report.area_label or 'area not known'}): {'; '.join(due)}\n  {url}"


def send_reminders(now: dt.datetime | None = None) -> ReminderResult:
    """Email each owner their due and overdue reports; mark those reports reminded."""
    now = now or timezone.now()
    reports = reports_needing_reminders(now)
    result = ReminderResult(reports=len(reports))
    if not reports:
        return result
    coordinators = _coordinators()
    by_person: dict[Any, list[Report]] = defaultdict(list)
    for report in reports:
        owners = [u for u in owners_of(report, coordinators) if u.email]
        if not owners:
            result.unreachable.append(report.reference)
        for user in owners:
            by_person[user].append(report)
    for user, theirs in by_person.items():
        email_list(
            user,
            f"{len(theirs)} report(s) need a response",
            f"{len(theirs)} report(s) you answer for need a response:",
            (_line(r, now) for r in theirs),
            "Sign in to Cohesion to read them and record contact.",
        )
        result.emails += 1
    reminded = {r.pk for people in by_person.values() for r in people}
    with transaction.atomic():
        Report.objects.filter(pk__in=reminded).update(last_reminded_at=now)
        ReportEvent.objects.bulk_create(
            [
                ReportEvent(
                    report_id=pk, at=now, kind=EventKind.REMINDER, actor_username="reminders"
                )
                for pk in sorted(reminded)
            ]
        )
    return result
