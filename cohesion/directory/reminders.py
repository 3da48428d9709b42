"""Reminders to owners about directory entries nobody has confirmed for six months.

``cohesion remind-stale-directory`` (or the task
:data:`cohesion.directory.tasks.remind_stale_directory_task`), run once a day
like ``cohesion send-action-reminders``, emails the officers (and above) of
each partner organisation that maintains stale published services a list of
them, with the link to confirm or change each. An organisation is reminded at
most once per stale period (``COHESION_DIRECTORY_STALE_AFTER_DAYS``): every
email sent is recorded as a :class:`~cohesion.directory.models.StaleReminder`,
so running the job twice sends nothing twice. Emails hold service names,
dates and addresses only.
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
from cohesion.accounts.models import Membership
from cohesion.core.mail import email_list
from cohesion.directory.maintaining import stale, stale_after_days
from cohesion.directory.models import Organisation, Service, StaleReminder


@dataclass
class StaleReminderResult:
    services: int = 0
    organisations: int = 0
    emails: int = 0
    unreachable: list[str] = field(default_factory=list)  # organisations nobody could be told of


def _officers(organisation: Organisation) -> list[Membership]:
    if organisation.partner_id is None:
        return []
    members = (
        Membership.objects.active()
        .filter(organisation_id=organisation.partner_id)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    return [m for m in members if m.has_role(Role.OFFICER)]


def _line(service: Service) -> str:
    checked = f"{service.last_checked:%d %b %Y}" if service.last_checked else "never"
    url = settings.SITE_URL + reverse("directory-manage-service", args=[service.pk])
    return f"- {service.name} (last checked {checked})\n  {url}"


def remind_stale_directory(today: dt.date | None = None) -> StaleReminderResult:
    """Email each owner organisation's officers its stale entries, once per stale period."""
    today = today or timezone.localdate()
    quiet_since = today - dt.timedelta(days=stale_after_days())
    services = list(stale(Service.objects.all(), today))
    result = StaleReminderResult(services=len(services))
    by_organisation: dict[Organisation, list[Service]] = defaultdict(list)
    for service in services:
        by_organisation[service.organisation].append(service)
    reminded = set(
        StaleReminder.objects.filter(
            organisation__in=list(by_organisation), sent_on__gt=quiet_since
        ).values_list("organisation_id", flat=True)
    )
    for organisation, theirs in by_organisation.items():
        if organisation.pk in reminded:
            continue
        officers = _officers(organisation)
        if not officers:
            result.unreachable.append(organisation.name)
            continue
        result.organisations += 1
        for membership in officers:
            person = membership.user
            # Recorded with the email in one transaction: a failed send is not marked sent.
            with transaction.atomic():
                StaleReminder.objects.create(
                    organisation=organisation,
                    recipient=person.email,
                    sent_on=today,
                    services=[str(s.pk) for s in theirs],
                )
                email_list(
                    person,
                    f"{len(theirs)} directory entr{'y' if len(theirs) == 1 else 'ies'} to check",
                    f"These entries of {organisation.name} in the directory have not been "
                    f"checked for {stale_after_days()} days or more:",
                    (_line(s) for s in theirs),
                    "Open each one, then confirm it is still correct or change the details.",
                )
            result.emails += 1
    return result
