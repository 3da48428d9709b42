"""Reminders to coordinating organisations about volunteers' checks about to expire.

``cohesion remind-volunteer-checks``, run once a day like
``cohesion remind-stale-directory``, emails the officers (and above) of each
organisation that keeps a volunteer register a list of its active volunteers'
checks expiring within ``VOLUNTEER_CHECK_REMINDER_DAYS`` (30 by default), or
already expired, with a link to each volunteer's record. Every email sent is
recorded, one :class:`~cohesion.programme.models.CheckReminder` per check and
recipient, so running the job again (the same day or later) never sends the
same reminder twice; a check whose expiry date is corrected is reminded again.
Emails name no volunteer: they give the volunteer's number, the kind of check
and its date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.core.mail import email_list
from cohesion.programme.models import CheckReminder, VolunteerCheck
from cohesion.programme.register import reminder_days


@dataclass
class CheckReminderResult:
    checks: int = 0
    organisations: int = 0
    emails: int = 0
    unreachable: list[str] = field(default_factory=list)  # registers nobody could be told of


def _officers(organisation_id: int) -> list[Membership]:
    members = (
        Membership.objects.active()
        .filter(organisation_id=organisation_id)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    return [m for m in members if m.has_role(Role.OFFICER)]


def _line(check: VolunteerCheck) -> str:
    url = settings.SITE_URL + reverse("programme-volunteer", args=[check.volunteer_id])
    return (
        f"- Volunteer {check.volunteer_id}: {check.get_kind_display()} "
        f"expires {check.expires_on:%d %b %Y}\n  {url}"
    )


def expiring_checks(today: dt.date, days: int) -> list[VolunteerCheck]:
    """Active volunteers' checks expiring on or before ``today + days`` (expired ones included)."""
    return list(
        VolunteerCheck.objects.filter(
            volunteer__active=True,
            volunteer__personal_data_removed_on__isnull=True,
            expires_on__isnull=False,
            expires_on__lte=today + dt.timedelta(days=days),
        )
        .select_related("volunteer")
        .order_by("expires_on", "pk")
    )


def remind_volunteer_checks(
    today: dt.date | None = None, days: int | None = None
) -> CheckReminderResult:
    """Email each register's officers its expiring checks not yet reminded to them."""
    today = today or timezone.localdate()
    days = reminder_days() if days is None else days
    checks = expiring_checks(today, days)
    result = CheckReminderResult(checks=len(checks))
    by_organisation: dict[int, list[VolunteerCheck]] = defaultdict(list)
    for check in checks:
        by_organisation[check.volunteer.organisation_id].append(check)
    sent = set(
        CheckReminder.objects.filter(check_record__in=checks).values_list(
            "check_record_id", "expires_on", "recipient"
        )
    )
    names = dict(
        Organisation.objects.filter(pk__in=list(by_organisation)).values_list("pk", "name")
    )
    for organisation_id, theirs in by_organisation.items():
        officers = _officers(organisation_id)
        if not officers:
            result.unreachable.append(names.get(organisation_id, str(organisation_id)))
            continue
        reminded_any = False
        for membership in officers:
            person = membership.user
            new = [c for c in theirs if (c.pk, c.expires_on, person.email) not in sent]
            if not new:
                continue
            # Recorded with the email in one transaction: a failed send is not marked sent.
            with transaction.atomic():
                CheckReminder.objects.bulk_create(
                    [
                        CheckReminder(
                            check_record=c,
                            expires_on=c.expires_on or today,
                            recipient=person.email,
                            sent_on=today,
                        )
                        for c in new
                    ]
                )
                email_list(
                    person,
                    f"{len(new)} volunteer check{'' if len(new) == 1 else 's'} to renew",
                    f"These checks of volunteers on {names.get(organisation_id, '')}'s register "
                    f"expire within {days} days, or have expired:",
                    (_line(c) for c in new),
                    "Open each volunteer's record to record the renewed check.",
                )
            result.emails += 1
            reminded_any = True
        result.organisations += int(reminded_any)
    return result
