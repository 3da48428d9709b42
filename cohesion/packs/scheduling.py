"""Scheduled packs: made, issued and emailed on the first working day of each period.

Run daily (``cohesion send-scheduled-packs`` from cron, or the task
:data:`cohesion.packs.tasks.send_scheduled_packs_task`). On the first working day
of a quarter (or month), each active schedule makes the pack for the period just
ended, issues it, and emails it as a PDF to the members of the council with the
schedule's roles whose scope covers the area. A schedule that cannot be made (no
data, a missing section) records why and emails nobody; the next run tries again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from cohesion.accounts.models import Membership
from cohesion.accounts.permissions import membership_scope
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.packs import making, renderers
from cohesion.packs.choices import Cadence
from cohesion.packs.contents import Audience
from cohesion.packs.models import Pack, PackSchedule
from cohesion.packs.periods import Period, first_working_day, parse_period


@dataclass
class ScheduleResult:
    made: list[Pack] = field(default_factory=list)
    emails: int = 0
    failed: dict[int, str] = field(default_factory=dict)


def period_due(cadence: str, today: date) -> Period | None:
    """The period a schedule makes today, or None if today is not its first working day."""
    if cadence == Cadence.QUARTERLY and today.month % 3 != 1:
        return None
    if today != first_working_day(today.year, today.month):
        return None
    last = date(today.year, today.month, 1) - timedelta(days=1)
    if cadence == Cadence.QUARTERLY:
        return parse_period(f"{last.year}-Q{(last.month - 1) // 3 + 1}")
    return parse_period(f"{last.year}-{last.month:02d}")


def recipients(schedule: PackSchedule, council_code: str) -> list[str]:
    """Email addresses of the council's members with the schedule's roles who cover the area."""
    addresses = set()
    members = Membership.objects.active().filter(
        organisation=schedule.organisation, role__in=schedule.roles
    )
    for membership in members.select_related("user", "organisation"):
        if membership.user.email and membership_scope(membership).covers(
            council_code, schedule.area_code
        ):
            addresses.add(membership.user.email)
    return sorted(addresses)


def run_schedules(today: date | None = None) -> ScheduleResult:
    """Make, issue and email every pack due today."""
    today = today or timezone.localdate()
    result = ScheduleResult()
    for schedule in PackSchedule.objects.filter(active=True).select_related("organisation"):
        period = period_due(schedule.cadence, today)
        if period is None or schedule.last_period_end == period.end:
            continue
        try:
            pack = making.make_pack(
                None,
                schedule.kind,
                schedule.area_code,
                period,
                audience=Audience(schedule.audience_kind, schedule.audience_name),
                organisation=schedule.organisation,
            )
        except making.PackError as error:
            schedule.last_error = str(error)
            schedule.save(update_fields=["last_error"])
            result.failed[schedule.pk] = str(error)
            continue
        pack = making.issue(pack, None)
        result.made.append(pack)
        schedule.last_period_end, schedule.last_error = period.end, ""
        schedule.save(update_fields=["last_period_end", "last_error"])
        to = recipients(schedule, pack.council_code)
        if to:
            message = EmailMessage(
                subject=f"{settings.SERVICE_NAME}: {pack.title}",
                body=f"{pack.title}, issued {pack.issued_at:%-d %B %Y}, is attached.\n",
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[settings.DEFAULT_FROM_EMAIL],
                bcc=to,
            )
            message.attach(
                renderers.file_name(pack, "pdf"), renderers.pdf_bytes(pack), "application/pdf"
            )
            message.send()
            result.emails += 1
            # Sending a pack is a download on each recipient's behalf: the audit log says to whom.
            record(
                AuditAction.EXPORT,
                pack,
                organisation=schedule.organisation,
                username="scheduled packs",
                changes={"emailed_to": sorted(to), "format": "pdf"},
            )
    return result
