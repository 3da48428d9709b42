"""Factories for events and outcomes.

The defaults are the demo's shape: a youth session of the North Ormesby
Community Hub in North Ormesby ward, Middlesbrough, for ages 5 to 16, on a
date well in the future so that it shows as upcoming.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from cohesion.places.queries import get_area
from cohesion.plans.tests.factories import (
    COUNCIL,
    DARLINGTON,
    HUB,
    MIDDLESBROUGH,
    NEWPORT,
    NORTH_ORMESBY,
    POLICE,
    organisation,
)
from cohesion.programme.choices import EventKind
from cohesion.programme.models import Event, Outcome

__all__ = [
    "COUNCIL",
    "DARLINGTON",
    "HUB",
    "MIDDLESBROUGH",
    "NEWPORT",
    "NORTH_ORMESBY",
    "POLICE",
    "EventFactory",
    "OutcomeFactory",
    "organisation",
]

START = dt.datetime(2030, 7, 29, 10, 0, tzinfo=dt.UTC)


class EventFactory(factory.django.DjangoModelFactory):
    """A public youth session of the hub in North Ormesby, 10:00 to 13:00."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    council = factory.LazyFunction(lambda: get_area(MIDDLESBROUGH))
    ward = factory.LazyFunction(lambda: get_area(NORTH_ORMESBY))
    kind = EventKind.YOUTH
    title = "Holiday activity session"
    venue = "North Ormesby Community Hub"
    starts_at = START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    organiser = factory.LazyFunction(lambda: organisation(HUB))
    age_from = 5
    age_to = 16
    languages = factory.LazyFunction(lambda: ["English", "Arabic"])
    is_public = True

    @factory.post_generation
    def partners(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.partners.set([organisation(name) for name in extracted])


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    event = factory.SubFactory(
        EventFactory, starts_at=dt.datetime(2026, 9, 7, 10, 0, tzinfo=dt.UTC), is_public=False
    )
    session_on = factory.LazyAttribute(lambda o: o.event.starts_at.date())
    attendance = 24
    languages_spoken = factory.LazyFunction(lambda: ["Arabic", "Kurdish", "Tigrinya"])
