"""The retention job: reporters' contact details are deleted after CONTACT_RETENTION_DAYS.

Run daily with ``cohesion purge-contact-details`` (from cron or a scheduler),
or enqueue :data:`cohesion.tensions.report_tasks.purge_contact_details_task`
for the task worker. The report itself stays, with a line in its history
saying the contact details were removed and why; the audit log records the
deletion too. The same run forgets the hourly-limit windows of senders who
have sent nothing for an hour (:func:`forget_old_sender_windows`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.tensions.choices import EventKind
from cohesion.tensions.models import ReporterContact, ReportEvent, SenderWindow

BATCH = 500


@dataclass(frozen=True)
class RetentionResult:
    removed: int
    cutoff: dt.datetime


def purge_contact_details(
    now: dt.datetime | None = None, days: int | None = None, *, dry_run: bool = False
) -> RetentionResult:
    """Delete contact details older than ``days`` (default CONTACT_RETENTION_DAYS). Returns how many."""
    now = now or timezone.now()
    days = settings.CONTACT_RETENTION_DAYS if days is None else days
    if days < 1:
        raise ValueError(f"The retention period must be at least one day; got {days}.")
    cutoff = now - dt.timedelta(days=days)
    if not dry_run:
        forget_old_sender_windows(now)
    expired = ReporterContact.objects.filter(created_at__lt=cutoff).order_by("pk")
    if dry_run:
        return RetentionResult(expired.count(), cutoff)
    removed = 0
    while True:
        batch = list(expired.values_list("pk", "report_id")[:BATCH])
        if not batch:
            break
        with transaction.atomic():
            for _contact_pk, report_pk in batch:
                ReportEvent.objects.create(
                    report_id=report_pk,
                    at=now,
                    kind=EventKind.CONTACT_REMOVED,
                    actor_username="retention job",
                    reason=f"Contact details are kept for {days} days.",
                )
            ReporterContact.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
            record(
                AuditAction.DELETE,
                username="retention job",
                object_repr=f"{len(batch)} reporters' contact details older than {days} days",
                changes={"contact_ids": [pk for pk, _ in batch]},
            )
        removed += len(batch)
    return RetentionResult(removed, cutoff)


def forget_old_sender_windows(now: dt.datetime | None = None) -> int:
    """Delete hourly-limit windows that ended over an hour ago (they hold a hashed address, and no use)."""
    now = now or timezone.now()
    removed, _by_model = SenderWindow.objects.filter(
        started_at__lt=now - dt.timedelta(hours=2)
    ).delete()
    return removed
