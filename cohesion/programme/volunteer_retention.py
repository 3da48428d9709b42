"""The retention job for the volunteer register: inactive volunteers' personal data is removed.

A volunteer marked inactive keeps their record for ``VOLUNTEER_RETENTION_DAYS``
(two years by default) in case they come back; after that, ``cohesion
purge-volunteer-data`` (run daily) removes their name, contact details,
availability and checks, and marks the record as removed. What they gave stays,
anonymous: the hours logged and the bookings they filled, which feed the
programme's counts. The audit log records each run that removed anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.programme.models import Volunteer, VolunteerCheck
from cohesion.programme.models.volunteers import REMOVED_NAME


@dataclass(frozen=True)
class VolunteerRetentionResult:
    removed: int
    cutoff: dt.date


def purge_volunteer_data(
    today: dt.date | None = None, days: int | None = None, *, dry_run: bool = False
) -> VolunteerRetentionResult:
    """Remove the personal data of volunteers inactive for more than ``days``
    (default VOLUNTEER_RETENTION_DAYS). Returns how many records were cleared."""
    today = today or timezone.localdate()
    days = settings.VOLUNTEER_RETENTION_DAYS if days is None else days
    if days < 1:
        raise ValueError(f"The retention period must be at least one day; got {days}.")
    cutoff = today - dt.timedelta(days=days)
    expired = Volunteer.objects.filter(
        active=False, inactive_since__lt=cutoff, personal_data_removed_on__isnull=True
    )
    if dry_run:
        return VolunteerRetentionResult(expired.count(), cutoff)
    with transaction.atomic():
        ids = list(expired.select_for_update().values_list("pk", flat=True))
        if ids:
            VolunteerCheck.objects.filter(volunteer__in=ids).delete()
            Volunteer.objects.filter(pk__in=ids).update(
                name=REMOVED_NAME,
                email="",
                phone="",
                availability="",
                personal_data_removed_on=today,
            )
            record(
                AuditAction.DELETE,
                username="retention job",
                object_repr=f"{len(ids)} inactive volunteers' personal data, after {days} days",
                changes={"volunteer_ids": ids},
            )
    return VolunteerRetentionResult(len(ids), cutoff)
