"""The demo's volunteer and community interpreter register (synthetic), part of the programme step.

Every person here is made up and labelled so (``synthetic=True``, shown as
"Synthetic demo" wherever they appear); their emails are at example.org and
their phone numbers in Ofcom's range for drama. Middlesbrough Council keeps a
register of community interpreters covering every language of the demo's
sessions but English (over 20), and the North Ormesby Community Hub a small one
of its own. Each volunteer has an enhanced DBS check and interpreter training;
a few checks expire within the reminder period and one has expired. Interpreters
have hours logged at the term's past sessions in the languages spoken there,
and there are a few bookings: two booked for upcoming sessions, one home visit
the hub asked for and nobody has filled yet, one cancelled.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cohesion.accounts.models import Organisation
from cohesion.places.models import Area
from cohesion.programme.choices import Accreditation, BookingStatus, CheckKind, VolunteerRole
from cohesion.programme.models import (
    Event,
    HoursLogged,
    InterpreterBooking,
    Outcome,
    Volunteer,
    VolunteerCheck,
)
from cohesion.programme.register import reminder_days

FIRST_NAMES = (
    "Amina", "Bashir", "Dawit", "Elif", "Farah", "Goran", "Hana", "Idris", "Jana", "Kamal",
    "Leyla", "Marek", "Nadia", "Omid", "Priya", "Rahel", "Samir", "Tomasz", "Ula", "Viktor",
    "Wafa", "Yusuf", "Zara", "Aziz", "Beata", "Chen", "Dorota", "Emre",
)  # fmt: skip
FAMILY_NAMES = (
    "Abdi", "Begum", "Costa", "Demir", "Ekwueme", "Farouk", "Gashi", "Haile", "Ivanova",
    "Jamil", "Kowalski", "Lungu", "Mahmoud", "Nowak", "Osman", "Popescu", "Rahimi", "Said",
)  # fmt: skip


def _phone(n: int) -> str:
    return f"07700 900{n:03d}"


def run_register(
    council: Area,
    organisations: dict[str, Organisation],
    languages: tuple[str, ...],
    today: dt.date,
    council_name: str,
    hub_name: str,
) -> str:
    """Make the synthetic register (replacing the last one) and say what it holds, in one line."""
    rng = random.Random(29)
    council_org, hub = organisations[council_name], organisations[hub_name]
    InterpreterBooking.objects.filter(synthetic=True, council_code=council.code).delete()
    Volunteer.objects.filter(synthetic=True, organisation__in=[council_org, hub]).delete()
    spoken = [lang for lang in languages if lang != "English"]
    volunteers: list[Volunteer] = []
    for n, language in enumerate(spoken):
        second = spoken[(n * 7 + 3) % len(spoken)]
        volunteers.append(
            _volunteer(
                council_org if n % 6 else hub,
                n,
                ["English", language, *([second] if n % 3 == 0 and second != language else [])],
                rng,
            )
        )
    # One who stopped volunteering last year: the retention job will clear them in time.
    stopped = _volunteer(council_org, len(spoken), ["English", "Polish"], rng)
    Volunteer.objects.filter(pk=stopped.pk).update(
        active=False, inactive_since=today - dt.timedelta(days=300)
    )
    checks = []
    for n, volunteer in enumerate(volunteers):
        if n in (2, 5, 9, 14):  # expiring within the reminder period
            expires = today + dt.timedelta(days=4 + n)
        elif n == 11:  # already expired
            expires = today - dt.timedelta(days=6)
        else:
            expires = today + dt.timedelta(days=120 + 37 * n)
        checks.append(
            VolunteerCheck(
                volunteer=volunteer,
                kind=CheckKind.ENHANCED_DBS,
                checked_on=expires - dt.timedelta(days=3 * 365),
                expires_on=expires,
            )
        )
        checks.append(
            VolunteerCheck(
                volunteer=volunteer,
                kind=CheckKind.TRAINING,
                checked_on=today - dt.timedelta(days=200 + 5 * n),
            )
        )
    VolunteerCheck.objects.bulk_create(checks)
    hours = _hours(council, volunteers, today, rng)
    bookings = _bookings(council, council_org, hub, volunteers, today)
    soon = sum(
        1
        for c in checks
        if c.expires_on is not None
        and today <= c.expires_on <= today + dt.timedelta(days=reminder_days())
    )
    expired = sum(1 for c in checks if c.expires_on is not None and c.expires_on < today)
    covered = {lang for v in volunteers for lang in v.languages if lang != "English"}
    booked = sum(1 for b in bookings if b.status == BookingStatus.CONFIRMED)
    return (
        f"  Volunteer register (synthetic): {len(volunteers) + 1} volunteers interpreting "
        f"{len(covered)} languages; {soon} checks expiring within {reminder_days()} days and {expired} expired; "
        f"{sum((h.hours for h in hours), Decimal(0))} hours logged at {len({(h.event_id, h.session_on) for h in hours})} "
        f"sessions; {len(bookings)} interpreter bookings ({booked} booked)"
    )


def _volunteer(
    organisation: Organisation, n: int, languages: list[str], rng: random.Random
) -> Volunteer:
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    family = FAMILY_NAMES[(n * 5) % len(FAMILY_NAMES)]
    volunteer = Volunteer(
        organisation=organisation,
        name=f"{first} {family}",
        email=f"{first.lower()}.{family.lower()}@example.org" if n % 4 else "",
        phone=_phone(100 + n),
        languages=languages,
        accreditation=(Accreditation.LEVEL_2, Accreditation.LEVEL_1, Accreditation.NONE)[n % 3],
        availability=rng.choice(
            ["Weekday mornings", "Weekday afternoons", "Evenings and weekends", "Fridays"]
        ),
        synthetic=True,
    )
    volunteer.full_clean()
    volunteer.save()
    return volunteer


def _hours(
    council: Area, volunteers: list[Volunteer], today: dt.date, rng: random.Random
) -> list[HoursLogged]:
    """Interpreters at the term's past sessions, in the languages spoken there."""
    logged: list[HoursLogged] = []
    outcomes = Outcome.objects.filter(
        event__council_code=council.code, event__synthetic=True, session_on__lte=today
    ).select_related("event")
    for outcome in outcomes.order_by("session_on", "pk"):
        needed = [lang for lang in outcome.languages_spoken if lang != "English"]
        for language in needed[: max(outcome.interpreters_used, 1)]:
            interpreters = [v for v in volunteers if v.speaks(language)]
            if not interpreters:
                continue
            logged.append(
                HoursLogged(
                    volunteer=rng.choice(interpreters),
                    event=outcome.event,
                    session_on=outcome.session_on,
                    hours=Decimal(outcome.event.duration.seconds // 1800) / 2,
                    role=VolunteerRole.INTERPRETER,
                )
            )
    seen: set[tuple[int, int, dt.date]] = set()
    unique = []
    for h in logged:
        key = (h.volunteer.pk, h.event.pk, h.session_on)
        if key not in seen:
            seen.add(key)
            unique.append(h)
    HoursLogged.objects.bulk_create(unique)
    return unique


def _bookings(
    council: Area,
    council_org: Organisation,
    hub: Organisation,
    volunteers: list[Volunteer],
    today: dt.date,
) -> list[InterpreterBooking]:
    upcoming = list(
        Event.objects.filter(
            council_code=council.code, synthetic=True, starts_at__gt=timezone.now()
        ).order_by("starts_at")
    )

    def speaker(language: str, organisation: Organisation) -> Volunteer | None:
        return next(
            (v for v in volunteers if v.organisation_id == organisation.pk and v.speaks(language)),
            None,
        )

    made: list[InterpreterBooking] = []

    def book(**fields: Any) -> None:
        booking = InterpreterBooking(council_code=council.code, synthetic=True, **fields)
        booking.full_clean()
        booking.save()
        made.append(booking)

    for event, language, status in zip(
        upcoming[:3],
        ("Kurdish (Sorani)", "Farsi", "Polish"),
        (BookingStatus.CONFIRMED, BookingStatus.CONFIRMED, BookingStatus.CANCELLED),
        strict=False,
    ):
        volunteer = speaker(language, council_org) if status == BookingStatus.CONFIRMED else None
        book(
            organisation=council_org,
            language=language,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            event=event,
            volunteer=volunteer,
            status=BookingStatus.REQUESTED
            if status == BookingStatus.CONFIRMED and volunteer is None
            else status,
            requesting_organisation=event.organiser,
        )
    visit = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=3), dt.time(14)))
    book(
        organisation=council_org,
        language="Tigrinya",
        starts_at=visit,
        ends_at=visit + dt.timedelta(hours=1),
        ward_code="E05009867",
        requesting_organisation=hub,
    )
    return made
