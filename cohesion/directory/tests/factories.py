"""Directory records with sensible defaults: a test names only the fields that matter to it."""

from __future__ import annotations

import datetime as dt

import factory

from cohesion.accounts.personas import MIDDLESBROUGH
from cohesion.directory import models
from cohesion.directory.choices import Frequency


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Community organisation {n}")
    description = "A community organisation in Middlesbrough."
    council_code = MIDDLESBROUGH


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A service for residents."
    council_code = factory.SelfAttribute("organisation.council_code")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Community centre {n}")
    latitude = 54.5705
    longitude = -1.2240
    council_code = factory.SelfAttribute("organisation.council_code")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "1 Example Street"
    city = "Middlesbrough"
    state_province = "Middlesbrough"
    postal_code = "TS1 1AA"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(
        LocationFactory, organisation=factory.SelfAttribute("..service.organisation")
    )


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Schedule

    service = factory.SubFactory(ServiceFactory)
    freq = Frequency.WEEKLY
    byday = "TU"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(12, 0)
