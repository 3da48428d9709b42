"""Factories for funding streams and grants.

The defaults: Middlesbrough's "Community cohesion small grants" (internal, ward
budgets), a public round open now with £10,000 and two eligibility questions,
and an application from a residents' group in North Ormesby.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from cohesion.places.queries import get_area
from cohesion.programme.choices import StreamKind
from cohesion.programme.models import Application, FundingStream, GrantRound, MonitoringReturn
from cohesion.programme.tests.factories import MIDDLESBROUGH, NORTH_ORMESBY

QUESTIONS = [
    {
        "question": {
            "en": "Is your group based in Middlesbrough?",
            "pl": "Czy Twoja grupa działa w Middlesbrough?",
            "ar": "هل مجموعتك موجودة في ميدلزبره؟",
        },
        "eligible": True,
    },
    {
        "question": {
            "en": "Is the project for profit?",
            "pl": "Czy projekt jest nastawiony na zysk?",
            "ar": "هل المشروع يهدف إلى الربح؟",
        },
        "eligible": False,
    },
]


class FundingStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStream

    council = factory.LazyFunction(lambda: get_area(MIDDLESBROUGH))
    name = "Community cohesion small grants"
    kind = StreamKind.INTERNAL
    amount = Decimal("50000")


class GrantRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantRound

    stream = factory.SubFactory(FundingStreamFactory)
    title = "Bringing neighbours together"
    budget = Decimal("10000")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    eligibility = factory.LazyFunction(lambda: [dict(q) for q in QUESTIONS])
    max_request = Decimal("5000")
    is_public = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(GrantRoundFactory)
    organisation_name = "Gresham Residents Together"
    contact_name = "Ewa Nowak"
    contact_email = "ewa@example.org"
    ward_codes = factory.LazyFunction(lambda: [NORTH_ORMESBY])
    ward_names = factory.LazyFunction(lambda: ["North Ormesby"])
    project_title = "Street lunch"
    summary = "A street lunch for new and old neighbours."
    amount_requested = Decimal("1500")
    eligibility_answers = factory.LazyFunction(lambda: {"0": True, "1": False})
    language = "en"


class MonitoringReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReturn

    application = factory.SubFactory(ApplicationFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
