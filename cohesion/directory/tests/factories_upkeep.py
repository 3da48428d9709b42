"""Records for keeping the directory true: an owned service, a proposed change, a public report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cohesion.accounts.models import Organisation as Partner
from cohesion.directory import maintaining
from cohesion.directory.models import MistakeReport, ProposedChange, Service
from cohesion.directory.tests.factories import LocationFactory, OrganisationFactory, ServiceFactory

HUB = "North Ormesby Community Hub"  # carol is its officer


def owned_service(partner: str = HUB, **fields: Any) -> Service:
    """A published Middlesbrough service whose listing the partner ``partner`` maintains."""
    organisation = OrganisationFactory(partner=Partner.objects.get(name=partner))
    LocationFactory(organisation=organisation, name="Hub hall")
    fields.setdefault("last_checked", timezone.localdate() - dt.timedelta(days=10))
    return ServiceFactory(organisation=organisation, **fields)


def proposal(service: Service, actor: Any, **changes: Any) -> ProposedChange:
    """An owner's proposed change to ``service``: its current values with ``changes``."""
    values = maintaining.values_of(service) | changes
    form = maintaining.form_for(service, service.organisation, values)
    assert form.is_valid(), form.errors
    return maintaining.propose(
        form, organisation=service.organisation, service=service, actor=actor
    )


def mistake(service: Service, **fields: Any) -> MistakeReport:
    fields.setdefault("what_is_wrong", "The Tuesday session moved to Wednesday.")
    return maintaining.report_mistake(service, **fields)
