"""Factories for localities, plans, themes, objectives, targets, meetings and actions.

The defaults are the demo's shape: Middlesbrough's Newport locality, managed by
nadia, with the council, Cleveland Police and the North Ormesby Community Hub as
partners.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from cohesion.accounts.models import Organisation
from cohesion.places.queries import get_area
from cohesion.plans.choices import ActionStatus, MeetingKind, PlanKind, TargetDirection
from cohesion.plans.models import Action, Locality, Meeting, Objective, Plan, PlanTheme, Target

MIDDLESBROUGH = "E06000002"
DARLINGTON = "E06000005"
NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"
COUNCIL = "Middlesbrough Council"
POLICE = "Cleveland Police"
HUB = "North Ormesby Community Hub"


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


class LocalityFactory(factory.django.DjangoModelFactory):
    """Newport, managed by nadia, with the council, police and the hub as partners."""

    class Meta:
        model = Locality
        skip_postgeneration_save = True

    council = factory.LazyFunction(lambda: get_area(MIDDLESBROUGH))
    name = "Newport"
    slug = factory.Sequence(lambda n: f"newport-{n}")
    manager = factory.LazyFunction(lambda: user("nadia"))

    @factory.post_generation
    def wards(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.wards.set(extracted if extracted is not None else [get_area(NEWPORT)])

    @factory.post_generation
    def partners(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            names = extracted if extracted is not None else (COUNCIL, POLICE, HUB)
            self.partners.set([organisation(name) for name in names])


class PlanFactory(factory.django.DjangoModelFactory):
    """Newport's locality action plan for 2026–27; wards, partners and manager copied from its locality."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    kind = PlanKind.LOCALITY
    locality = factory.SubFactory(LocalityFactory)
    council = factory.SelfAttribute("locality.council")
    manager = factory.SelfAttribute("locality.manager")
    title = factory.LazyAttribute(
        lambda o: f"{o.locality.name} locality action plan" if o.locality else "Council strategy"
    )
    starts_on = dt.date(2026, 4, 1)
    ends_on = dt.date(2027, 3, 31)

    @factory.post_generation
    def wards(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            default = list(self.locality.wards.all()) if self.locality else []
            self.wards.set(extracted if extracted is not None else default)

    @factory.post_generation
    def partners(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            default = (
                list(self.locality.partners.all()) if self.locality else [organisation(COUNCIL)]
            )
            self.partners.set(extracted if extracted is not None else default)


class PlanThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTheme

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Making people feel safe {n}")
    lead_organisation = factory.LazyFunction(lambda: organisation(POLICE))
    our_part = "More patrols at the times residents tell us they feel least safe."
    your_part = "Tell us where and when you feel unsafe."


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    theme = factory.SubFactory(PlanThemeFactory)
    title = "Fewer residents feel unsafe after dark"


class TargetFactory(factory.django.DjangoModelFactory):
    """Anti-social behaviour in Newport down from 60 to 45 a month by March 2027."""

    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    title = "Reduce anti-social behaviour"
    indicator_code = "crime-month-anti-social-behaviour"
    area_code = NEWPORT
    baseline_value = 60.0
    baseline_start = dt.date(2025, 4, 1)
    baseline_end = dt.date(2025, 4, 30)
    target_value = 45.0
    target_date = dt.date(2027, 3, 31)
    direction = TargetDirection.DECREASE


class ActionFactory(factory.django.DjangoModelFactory):
    """A police action in the plan, due at the end of June 2026."""

    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    council = factory.SelfAttribute("plan.council")
    title = factory.Sequence(lambda n: f"Weekly patrols on Newport Road ({n})")
    owner_organisation = factory.LazyFunction(lambda: organisation(POLICE))
    starts_on = dt.date(2026, 4, 1)
    due_on = dt.date(2026, 6, 30)
    status = ActionStatus.ON_TRACK


class MeetingFactory(factory.django.DjangoModelFactory):
    """The monthly review of a plan."""

    class Meta:
        model = Meeting

    kind = MeetingKind.PLAN_REVIEW
    plan = factory.SubFactory(PlanFactory)
    council = factory.SelfAttribute("plan.council")
    held_on = dt.date(2026, 11, 12)
    created_by = factory.LazyFunction(lambda: user("nadia"))
