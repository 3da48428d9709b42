"""Factories for reports and cases: a test names only the fields that matter to it."""

from __future__ import annotations

import factory
from django.utils import timezone

from cohesion.tensions.choices import Category, Channel, ReporterRole, Status
from cohesion.tensions.models import Report
from cohesion.tensions.models.reports import new_reference

MIDDLESBROUGH = "E06000002"
NORTH_ORMESBY = "E05009867"
NEWPORT = "E05009866"
DARLINGTON = "E06000005"


class ReportFactory(factory.django.DjangoModelFactory):
    """A new public hate-incident report from North Ormesby, Middlesbrough, with no consent to share."""

    class Meta:
        model = Report

    reference = factory.LazyFunction(new_reference)
    category = Category.HATE_INCIDENT
    motivations = factory.LazyFunction(lambda: ["race"])
    description = "Someone shouted abuse at me outside the shop."
    reporter_role = ReporterRole.VICTIM
    channel = Channel.PUBLIC_ONLINE
    status = Status.NEW
    ward_code = NORTH_ORMESBY
    ward_name = "North Ormesby"
    council_code = MIDDLESBROUGH
    council_name = "Middlesbrough"
    area_generation = "WD25"
    created_at = factory.LazyFunction(timezone.now)
