"""Factories for the volunteer and interpreter register.

The defaults: an Arabic and Kurdish interpreter (level 2) on Middlesbrough
Council's register, with an enhanced DBS check made two years ago that expires
in a year; a request from the North Ormesby Community Hub to the council's
register for an Arabic interpreter at a home visit in North Ormesby, far in
the future.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from cohesion.programme.choices import Accreditation, CheckKind, VolunteerRole
from cohesion.programme.models import HoursLogged, InterpreterBooking, Volunteer, VolunteerCheck
from cohesion.programme.tests.factories import (
    COUNCIL,
    HUB,
    MIDDLESBROUGH,
    NORTH_ORMESBY,
    EventFactory,
    organisation,
)

BOOKED_AT = dt.datetime(2030, 8, 5, 14, 0, tzinfo=dt.UTC)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    organisation = factory.LazyFunction(lambda: organisation(COUNCIL))
    name = factory.Sequence(lambda n: f"Hana Haile {n}")
    email = "hana.haile@example.org"
    phone = "07700 900123"
    languages = factory.LazyFunction(lambda: ["English", "Arabic", "Kurdish (Sorani)"])
    accreditation = Accreditation.LEVEL_2
    availability = "Weekday mornings"


class VolunteerCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerCheck

    volunteer = factory.SubFactory(VolunteerFactory)
    kind = CheckKind.ENHANCED_DBS
    checked_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=730))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))


class HoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursLogged

    volunteer = factory.SubFactory(VolunteerFactory)
    event = factory.SubFactory(
        EventFactory, starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC), is_public=False
    )
    session_on = factory.LazyAttribute(lambda o: o.event.starts_at.date())
    hours = Decimal("3")
    role = VolunteerRole.INTERPRETER


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterpreterBooking

    organisation = factory.LazyFunction(lambda: organisation(COUNCIL))
    language = "Arabic"
    starts_at = BOOKED_AT
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    ward_code = NORTH_ORMESBY
    council_code = MIDDLESBROUGH
    requesting_organisation = factory.LazyFunction(lambda: organisation(HUB))


def make_volunteer_records() -> dict[str, object]:
    """Middlesbrough Council's interpreter, with a check, and the hub's request to its register."""
    volunteer = VolunteerFactory()
    VolunteerCheckFactory(volunteer=volunteer)
    return {"volunteer": volunteer, "interpreter_booking": BookingFactory()}
