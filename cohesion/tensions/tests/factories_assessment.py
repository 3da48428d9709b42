"""Factories for tension assessments, trigger events, rumours, alerts and follows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from cohesion.places.queries import get_area
from cohesion.tensions.models.alerts import Alert
from cohesion.tensions.models.assessment import (
    PartnerIntelligence,
    TensionAssessment,
    TensionLevel,
    monday_of,
)
from cohesion.tensions.models.events import CommunityImpactAssessment, Rumour, TriggerEvent

NORTH_ORMESBY = "E05009867"
NEWPORT = "E05009866"
MIDDLESBROUGH = "E06000002"
DARLINGTON = "E06000005"


def this_week() -> dt.date:
    return monday_of(timezone.localdate())


def level(order: int) -> TensionLevel:
    """A level of the default scale seeded by migration 0003 (1 Low ... 5 Critical)."""
    return TensionLevel.objects.default_scale().get(order=order)


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


class TensionAssessmentFactory(factory.django.DjangoModelFactory):
    """Alice's assessment of North Ormesby this week: 2 Moderate."""

    class Meta:
        model = TensionAssessment

    area = factory.LazyFunction(lambda: get_area(NORTH_ORMESBY))
    week_start = factory.LazyFunction(this_week)
    level = factory.LazyFunction(lambda: level(2))
    rationale = "Two reports of abuse near the shops; partners report no wider concern."
    author = factory.LazyFunction(lambda: user("alice"))


class PartnerIntelligenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerIntelligence

    area = factory.LazyFunction(lambda: get_area(NORTH_ORMESBY))
    week_start = factory.LazyFunction(this_week)
    organisation = factory.LazyFunction(lambda: user("bob").memberships.get().organisation)
    summary = "Neighbourhood team heard talk of a gathering on Saturday."
    author = factory.LazyFunction(lambda: user("bob"))


class TriggerEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TriggerEvent

    area = factory.LazyFunction(lambda: get_area(MIDDLESBROUGH))
    title = "Anniversary of the 2024 disorder"
    kind = TriggerEvent.Kind.ANNIVERSARY
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    expected_risk = factory.LazyFunction(lambda: level(3))
    created_by = factory.LazyFunction(lambda: user("alice"))


class RumourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rumour

    area = factory.LazyFunction(lambda: get_area(NORTH_ORMESBY))
    what = "A house on the estate is to be used for asylum seekers."
    heard_on = factory.LazyFunction(timezone.localdate)
    where_heard = Rumour.Source.SOCIAL_MEDIA
    reach = Rumour.Reach.NEIGHBOURHOOD
    created_by = factory.LazyFunction(lambda: user("alice"))


class CommunityImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityImpactAssessment
        skip_postgeneration_save = True

    area = factory.LazyFunction(lambda: get_area(NORTH_ORMESBY))
    communities_affected = "Muslim families near the mosque"
    impact = CommunityImpactAssessment.Impact.MEDIUM
    summary = "Families are wary of walking to prayers after dark."
    author = factory.LazyFunction(lambda: user("alice"))

    @factory.post_generation
    def report(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``report=r`` links one report, as most tests want."""
        if create and extracted is not None:
            obj.reports.add(extracted)

    @factory.post_generation
    def reports(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.reports.add(*extracted)


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    area = factory.LazyFunction(lambda: get_area(NORTH_ORMESBY))
    category = "all"
    week_start = factory.LazyFunction(this_week)
    method = "C1"
    observed = 9
    threshold = 3.2
    alpha = 0.001
