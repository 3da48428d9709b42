"""Reading and filling the volunteer and interpreter register: filters, rows and who is free.

Everything here takes querysets already restricted to what the person may see
(:mod:`cohesion.programme.access`); nothing widens them. A register is small (a
few hundred people at most), so languages, kept as a list on each volunteer,
are matched in Python, the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils import timezone

from cohesion.programme.choices import BookingStatus
from cohesion.programme.models import HoursLogged, InterpreterBooking, Volunteer, VolunteerCheck


def reminder_days() -> int:
    """How far ahead expiring checks are flagged and reminded (``VOLUNTEER_CHECK_REMINDER_DAYS``)."""
    return int(settings.VOLUNTEER_CHECK_REMINDER_DAYS)


def with_checks(volunteers: Any) -> list[Volunteer]:
    """``volunteers`` with their checks (soonest expiry first) and ``total_hours``."""
    shown = list(
        volunteers.select_related("organisation").prefetch_related(
            Prefetch("checks", queryset=VolunteerCheck.objects.order_by("expires_on", "pk"))
        )
    )
    totals = dict(
        HoursLogged.objects.filter(volunteer__in=[v.pk for v in shown])
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .values_list("volunteer", "total")
    )
    for volunteer in shown:
        volunteer.total_hours = totals.get(volunteer.pk) or Decimal(0)  # type: ignore[attr-defined]
        volunteer.next_expiry = next_expiry(volunteer)  # type: ignore[attr-defined]
    return shown


def next_expiry(volunteer: Volunteer) -> dt.date | None:
    """The soonest expiry date among a volunteer's checks (None if none expires)."""
    dates = [c.expires_on for c in volunteer.checks.all() if c.expires_on is not None]
    return min(dates) if dates else None


def filter_register(
    volunteers: Any,
    *,
    language: str = "",
    accreditation: str = "",
    expiring_within: int | None = None,
    include_inactive: bool = False,
    today: dt.date | None = None,
) -> list[Volunteer]:
    """The volunteers matching the register's filters: a language they speak, an accreditation,
    a check expiring within so many days (or already expired)."""
    today = today or timezone.localdate()
    if not include_inactive:
        volunteers = volunteers.filter(active=True)
    if accreditation:
        volunteers = volunteers.filter(accreditation=accreditation)
    if expiring_within is not None:
        expiring = VolunteerCheck.objects.filter(
            expires_on__lte=today + dt.timedelta(days=expiring_within)
        )
        volunteers = volunteers.filter(pk__in=expiring.values("volunteer"))
    shown = with_checks(volunteers)
    if language:
        shown = [v for v in shown if v.speaks(language)]
    return shown


def volunteer_row(volunteer: Volunteer) -> dict[str, Any]:
    """A volunteer as one row of the register's twins (only for those who may see the register)."""
    return {
        "id": volunteer.pk,
        "name": volunteer.name,
        "email": volunteer.email,
        "phone": volunteer.phone,
        "languages": "; ".join(volunteer.languages),
        "accreditation": volunteer.accreditation,
        "availability": volunteer.availability,
        "active": volunteer.active,
        "organisation": volunteer.organisation.name,
        "next_check_expiry": getattr(volunteer, "next_expiry", None) or next_expiry(volunteer),
        "hours": getattr(volunteer, "total_hours", None) or Decimal(0),
        "synthetic": volunteer.synthetic,
    }


VOLUNTEER_COLUMNS = [
    "id",
    "name",
    "email",
    "phone",
    "languages",
    "accreditation",
    "availability",
    "active",
    "organisation",
    "next_check_expiry",
    "hours",
    "synthetic",
]


def overlapping(
    bookings: Any, starts_at: dt.datetime, ends_at: dt.datetime, exclude: int | None = None
) -> Any:
    """Confirmed bookings (of a queryset) that overlap the time from ``starts_at`` to ``ends_at``."""
    found = bookings.filter(
        status=BookingStatus.CONFIRMED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return found.exclude(pk=exclude) if exclude else found


def available_interpreters(booking: InterpreterBooking) -> list[Volunteer]:
    """The active volunteers of the booking's register who speak its language and are not already
    booked at an overlapping time, accredited interpreters first."""
    busy = set(
        overlapping(
            InterpreterBooking.objects.filter(organisation=booking.organisation_id),
            booking.starts_at,
            booking.ends_at,
            exclude=booking.pk,
        ).values_list("volunteer_id", flat=True)
    )
    candidates = Volunteer.objects.filter(organisation=booking.organisation_id, active=True)
    rank = {"level_2": 0, "level_1": 1, "none": 2}
    found = [v for v in candidates.speaking(booking.language) if v.pk not in busy]
    return sorted(found, key=lambda v: (rank.get(v.accreditation, 3), v.name, v.pk))


def booking_row(booking: InterpreterBooking, *, with_interpreter: bool) -> dict[str, Any]:
    """A booking as one row of the bookings' twins; the interpreter only for the register's keepers."""
    return {
        "id": booking.pk,
        "language": booking.language,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "for": booking.event.title if booking.event is not None else "home visit",
        "event": booking.event_id,
        "ward": booking.ward_code,
        "council": booking.council_code,
        "register": booking.organisation.name,
        "requested_by": booking.requesting_organisation.name
        if booking.requesting_organisation is not None
        else "",
        "status": booking.status,
        "booked": booking.booked,
        "interpreter": (booking.volunteer.name if booking.volunteer is not None else "")
        if with_interpreter
        else None,
        "synthetic": booking.synthetic,
    }


BOOKING_COLUMNS = [
    "id",
    "language",
    "starts_at",
    "ends_at",
    "for",
    "event",
    "ward",
    "council",
    "register",
    "requested_by",
    "status",
    "booked",
    "interpreter",
    "synthetic",
]


def languages_on_registers(organisation_ids: Iterable[int]) -> list[str]:
    """The languages the active volunteers of these registers speak (names only, no people)."""
    seen: dict[str, str] = {}
    for languages in Volunteer.objects.filter(
        organisation__in=list(organisation_ids), active=True
    ).values_list("languages", flat=True):
        for language in languages:
            seen.setdefault(language.strip().casefold(), language.strip())
    return sorted(seen.values(), key=str.casefold)


class TooManyRequests(Exception):
    """More interpreter requests from one connection in an hour than the limit allows."""


def ask_for_interpreter(
    event: Any, language: str, *, submitter_hash: str = "", now: dt.datetime | None = None
) -> Any:
    """Keep a resident's request for an interpreter in ``language`` at ``event``.

    Raises :class:`TooManyRequests` (nothing saved) past
    ``PROGRAMME_INTERPRETER_REQUESTS_PER_HOUR`` from one connection.
    """
    from cohesion.programme.models import InterpreterRequest

    now = now or timezone.now()
    if submitter_hash:
        recent = InterpreterRequest.objects.filter(
            submitter_hash=submitter_hash, created_at__gte=now - dt.timedelta(hours=1)
        ).count()
        if recent >= settings.PROGRAMME_INTERPRETER_REQUESTS_PER_HOUR:
            raise TooManyRequests
    return InterpreterRequest.objects.create(
        event=event, language=" ".join(language.split())[:60], submitter_hash=submitter_hash
    )


def languages_asked_for(event: Any) -> list[tuple[str, int]]:
    """The languages residents asked an interpreter for at ``event``, most asked first."""
    from collections import Counter

    from cohesion.core.text import identifier_key

    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for language in event.interpreter_requests.values_list("language", flat=True):
        key = identifier_key(language)
        spelling.setdefault(key, language)
        counts[key] += 1
    return [(spelling[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
