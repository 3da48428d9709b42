"""Reminders about grant monitoring returns due soon.

``cohesion remind-grant-returns``, run once a day, finds the returns not yet
received that are due within :data:`LEAD_DAYS` days (or already late) and
emails each grant holder (the contact on the application) the returns they
owe, and each of the council's grant coordinators the list for their
council. A return is reminded about at most once a day
(``MonitoringReturn.reminded_on``), so running the job twice in a day sends
nothing twice. Emails hold project titles, references, due dates and
addresses only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.core.mail import email_list
from cohesion.programme.access import grant_councils
from cohesion.programme.models import MonitoringReturn

LEAD_DAYS = 14


@dataclass
class ReturnReminderResult:
    returns: int = 0
    holder_emails: int = 0
    officer_emails: int = 0


def returns_needing_reminders(today: dt.date) -> list[MonitoringReturn]:
    return list(
        MonitoringReturn.objects.filter(
            submitted_on__isnull=True, due_on__lte=today + dt.timedelta(days=LEAD_DAYS)
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("application__round")
        .order_by("due_on", "pk")
    )


def _line(item: MonitoringReturn, today: dt.date) -> str:
    state = "OVERDUE since" if item.due_on < today else "due"
    application = item.application
    return (
        f"- {application.project_title} ({application.reference}), {state} {item.due_on:%d %b %Y}"
    )


def _coordinators() -> list[tuple[Any, frozenset[str]]]:
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__organisation__kind=OrganisationKind.COUNCIL,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    found = []
    for person in people:
        councils = grant_councils(person, Role.COORDINATOR, council_wide=True)
        if councils:
            found.append((person, councils))
    return found


def send_return_reminders(today: dt.date | None = None) -> ReturnReminderResult:
    """Email grant holders and the council's coordinators about returns due; mark them reminded today."""
    today = today or timezone.localdate()
    due = returns_needing_reminders(today)
    result = ReturnReminderResult(returns=len(due))
    by_holder: dict[str, list[MonitoringReturn]] = defaultdict(list)
    for item in due:
        by_holder[item.application.contact_email.casefold()].append(item)
    for email, theirs in by_holder.items():
        body = (
            f"Hello {theirs[0].application.contact_name},\n\n"
            "A monitoring return for your grant is due soon. Please send the council what "
            "you have spent, what you have done and what has changed:\n\n"
            + "\n".join(_line(r, today) for r in theirs)
            + "\n\nReply to this email with your return, or contact the grants team.\n"
        )
        send_mail(
            subject=f"{settings.SERVICE_NAME}: grant monitoring return due",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
        result.holder_emails += 1
    url = settings.SITE_URL + reverse("programme-grant-returns")
    for person, councils in _coordinators():
        theirs = [r for r in due if r.council_code in councils]
        if not theirs:
            continue
        email_list(
            person,
            f"{len(theirs)} grant monitoring return(s) due",
            f"{len(theirs)} grant monitoring return(s) are due within {LEAD_DAYS} days or late:",
            [*(_line(r, today) for r in theirs), url],
            "Sign in to Cohesion to record them when they arrive.",
        )
        result.officer_emails += 1
    MonitoringReturn.objects.filter(pk__in=[r.pk for r in due]).update(reminded_on=today)
    return result
