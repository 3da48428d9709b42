"""Signpost or refer a case's person to a service, recorded on the case and counted for the service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
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


# --------------------------------------------------------------------------- counts per service

PERIOD_MONTHS = (3, 6, 12)
DEFAULT_PERIOD_MONTHS = 6
ALL = "all"


@dataclass
class SignpostCountRow:
    """One service's signposts and referrals in each month of the period (None: hidden)."""

    service_id: Any
    name: str
    organisation: str
    months: list[int | None]
    signposted: int | None
    referred: int | None
    total: int | None


@dataclass
class SignpostCounts:
    """Signposts and referrals to a council's services, per service and month."""

    months: list[dt.date]  # the first day of each month, oldest first
    rows: list[SignpostCountRow]
    totals: SignpostCountRow
    disclosure_controlled: bool
    rule: str = ""
    threshold: int | None = None


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """The first day of each of the ``months`` calendar months ending with this one."""
    year, month = today.year, today.month
    starts = []
    for _step in range(months):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def signpost_counts_by_service(
    council_code: str, months: int, today: dt.date, *, exact: bool
) -> SignpostCounts:
    """Signposts and referrals to the council's services in the last ``months`` calendar months.

    ``exact`` for the council's directory coordinators; everyone else sees the
    counts through disclosure control (:class:`cohesion.core.disclosure.LinkedCounts`):
    for each service, its months add up to its total and its signposts and
    referrals do too; each month's and each kind's total over the services is
    linked in the same way, so no hidden count can be worked out from the rest.
    """
    starts = month_starts(today, months)
    found = (
        Signpost.objects.filter(service__council_code=council_code, created_at__date__gte=starts[0])
        .annotate(month=TruncMonth("created_at"))
        .values("service_id", "service__name", "service__organisation__name", "month", "kind")
        .annotate(n=Count("id"))
    )
    index = {start: i for i, start in enumerate(starts)}
    cells: dict[Any, dict[Any, int]] = {}
    names: dict[Any, tuple[str, str]] = {}
    for group in found:
        month = group["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        service = group["service_id"]
        names[service] = (group["service__name"], group["service__organisation__name"])
        counts = cells.setdefault(service, {})
        counts[index[month]] = counts.get(index[month], 0) + group["n"]
        counts[group["kind"]] = counts.get(group["kind"], 0) + group["n"]
    services = sorted(names, key=lambda s: (names[s][0].lower(), str(s)))
    kinds = [SignpostKind.SIGNPOST, SignpostKind.REFERRAL]
    columns = [*range(len(starts)), *kinds, ALL]

    def raw(service: Any, column: Any) -> int:
        counts = cells.get(service, {})
        if column == ALL:
            return sum(counts.get(k, 0) for k in kinds)
        return counts.get(column, 0)

    values = {(s, c): raw(s, c) for s in services for c in columns}
    for c in columns:
        values[(ALL, c)] = sum(values[(s, c)] for s in services)
    shown: dict[Any, int | None] = dict(values)
    rule_name, threshold = "", None
    if not exact:
        from cohesion.core.disclosure import LinkedCounts, rule_for_council

        rule = rule_for_council(council_code)
        linked = LinkedCounts()
        for key, value in values.items():
            linked.add(key, value)
        for s in [*services, ALL]:
            linked.total((s, ALL), [(s, i) for i in range(len(starts))])
            linked.total((s, ALL), [(s, k) for k in kinds])
        for c in columns:
            linked.total((ALL, c), [(s, c) for s in services])
        disclosed = linked.protect(rule)
        shown = {key: disclosed.value(key) for key in values}
        rule_name, threshold = rule.name, rule.threshold

    def row(s: Any, name: str, organisation: str) -> SignpostCountRow:
        return SignpostCountRow(
            service_id=s,
            name=name,
            organisation=organisation,
            months=[shown[(s, i)] for i in range(len(starts))],
            signposted=shown[(s, SignpostKind.SIGNPOST)],
            referred=shown[(s, SignpostKind.REFERRAL)],
            total=shown[(s, ALL)],
        )

    return SignpostCounts(
        months=starts,
        rows=[row(s, *names[s]) for s in services],
        totals=row(ALL, "", ""),
        disclosure_controlled=not exact,
        rule=rule_name,
        threshold=threshold,
    )
