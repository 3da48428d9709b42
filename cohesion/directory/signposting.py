"""Signpost or refer a case's person to a service, recorded on the case and counted for the service."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.directory.models import Service, Signpost, SignpostKind
from cohesion.tensions.workflow import acting_organisation, add_note

# Kinds of incident and the needs whose services the person may want.
SUPPORT_NEEDS = (
    "hate-crime-support",
    "third-party-reporting",
    "advice-welfare-rights",
    "mental-health",
)


class SignpostError(ValueError):
    """The signpost cannot be recorded; the message says why."""


def services_for_case(report: Any) -> Any:
    """Published services of the case's council that the person can be pointed to."""
    return (
        Service.objects.published()
        .filter(council_code=report.council_code)
        .select_related("organisation")
        .order_by("name")
    )


@transaction.atomic
def signpost(
    report: Any, service: Service, *, actor: Any, kind: str, consent: bool, note: str = ""
) -> Signpost:
    """Record that the case's person was signposted or (with consent) referred to ``service``."""
    if kind == SignpostKind.REFERRAL and not consent:
        raise SignpostError(_("A referral needs the person's consent. Signpost them instead."))
    if not services_for_case(report).filter(pk=service.pk).exists():
        raise SignpostError(_("Choose a published service in this council's directory."))
    organisation = acting_organisation(actor, report)
    made = Signpost.objects.create(
        report=report,
        service=service,
        kind=kind,
        consent=consent,
        note=note.strip()[:500],
        by=actor,
        organisation_name=str(organisation or ""),
    )
    if kind == SignpostKind.REFERRAL:
        line = _("Referred to %(service)s (%(organisation)s), with the person's consent.")
    else:
        line = _("Signposted to %(service)s (%(organisation)s).")
    text = line % {"service": service.name, "organisation": service.organisation.name}
    add_note(report, actor=actor, text=f"{text} {made.note}".strip())
    record(
        AuditAction.CREATE, made, actor=actor, changes={"report": report.reference, "kind": kind}
    )
    return made


def signpost_counts(service_ids: list[Any]) -> dict[Any, int]:
    """How many times each service was signposted or referred to (for disclosure-controlled display)."""
    rows = (
        Signpost.objects.filter(service_id__in=service_ids)
        .values("service_id")
        .annotate(n=Count("id"))
    )
    return {row["service_id"]: row["n"] for row in rows}


# What the public report confirmation page lists: support after a hate incident, or
# general advice and wellbeing after any other incident.
HATE_INCIDENT_NEEDS = ("hate-crime-support", "third-party-reporting")
OTHER_INCIDENT_NEEDS = ("advice-welfare-rights", "mental-health")
CONFIRMATION_LIMIT = 6


def support_services(is_hate_incident: bool, council_code: str) -> list[Service]:
    """Published services for the kind of incident in the directory of the council the report
    was made to; none when the council is not known (another council's services are no help)."""
    if not council_code:
        return []
    needs = HATE_INCIDENT_NEEDS if is_hate_incident else OTHER_INCIDENT_NEEDS
    services = Service.objects.published().filter(
        attributes__taxonomy_term__code__in=needs, council_code=council_code
    )
    return list(
        services.select_related("organisation").distinct().order_by("name")[:CONFIRMATION_LIMIT]
    )
