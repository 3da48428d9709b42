"""Public query functions other apps (the packs) read the tensions data through.

Each returns plain rows, never querysets, so a reader cannot reach past what
is returned into the case records. The counting rules are those of the early
warning and the public counts (:func:`cohesion.tensions.alerting.report_records`):
a report is dated when the incident happened, or when it was reported if that
is not known, and reports closed as duplicates or "not relevant" are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from cohesion.tensions.alerting import NOT_COUNTED_CLOSURES
from cohesion.tensions.choices import LinkKind

__all__ = [
    "AlertRow",
    "AssessmentRow",
    "ReferralRow",
    "ReportRow",
    "TriggerEventRow",
    "alerts_between",
    "assessments_between",
    "counted_reports",
    "referrals_of",
    "repeat_links_of",
    "trigger_events_between",
]


@dataclass(frozen=True)
class ReportRow:
    """One counted report, as much of it as an aggregate needs (no description, no person)."""

    pk: int
    day: dt.date
    category: str
    motivations: tuple[str, ...]
    channel: str
    ward_code: str
    council_code: str
    status: str
    closure_reason: str
    created_at: dt.datetime
    first_contact_at: dt.datetime | None
    senior_contact_at: dt.datetime | None
    assigned_organisation: str
    entered_by_organisation: str


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _padded_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Moments a day either side of the period, so that no local day is cut by the time zone."""
    tz = timezone.get_default_timezone()
    low = dt.datetime.combine(start - dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=2), dt.time.min, tzinfo=tz)
    return low, high


def counted_reports(council_codes: Sequence[str], start: dt.date, end: dt.date) -> list[ReportRow]:
    """Every counted report of the councils dated between ``start`` and ``end`` (local days, inclusive)."""
    from cohesion.tensions.models import Report

    low, high = _padded_range(start, end)
    rows = (
        Report.objects.filter(council_code__in=list(council_codes))
        .exclude(closure_reason__in=NOT_COUNTED_CLOSURES)
        .filter(
            Q(occurred_at__gte=low, occurred_at__lt=high)
            | Q(occurred_at__isnull=True, created_at__gte=low, created_at__lt=high)
        )
        .values_list(
            "pk",
            "occurred_at",
            "created_at",
            "category",
            "motivations",
            "channel",
            "ward_code",
            "council_code",
            "status",
            "closure_reason",
            "first_contact_at",
            "senior_contact_at",
            "assigned_organisation__name",
            "entered_by_organisation__name",
        )
        .order_by("pk")
    )
    found = []
    for (
        pk,
        occurred,
        created,
        category,
        motivations,
        channel,
        ward,
        council,
        status,
        closure,
        first,
        senior,
        assigned,
        entered_by,
    ) in rows:
        day = _local_day(occurred or created)
        if not start <= day <= end:
            continue
        found.append(
            ReportRow(
                pk=pk,
                day=day,
                category=category,
                motivations=tuple(motivations or ()),
                channel=channel,
                ward_code=ward,
                council_code=council,
                status=status,
                closure_reason=closure,
                created_at=created,
                first_contact_at=first,
                senior_contact_at=senior,
                assigned_organisation=assigned or "",
                entered_by_organisation=entered_by or "",
            )
        )
    return found


def repeat_links_of(report_pks: Sequence[int]) -> dict[str, set[int]]:
    """Which of the reports are linked to another as a repeat victim or a repeat location.

    A report counts once for each kind, whichever end of the link it is on.
    """
    from cohesion.tensions.models import ReportLink

    wanted = set(report_pks)
    found: dict[str, set[int]] = {
        LinkKind.REPEAT_VICTIM: set(),
        LinkKind.REPEAT_LOCATION: set(),
    }
    for kind, one, other in ReportLink.objects.filter(
        Q(report_id__in=wanted) | Q(to_report_id__in=wanted),
        kind__in=list(found),
    ).values_list("kind", "report_id", "to_report_id"):
        found[kind] |= {one, other} & wanted
    return found


@dataclass(frozen=True)
class ReferralRow:
    report_pk: int
    organisation: str
    referred_on: dt.date


def referrals_of(report_pks: Sequence[int]) -> list[ReferralRow]:
    """The referrals made of the reports, to which organisation and when."""
    from cohesion.tensions.models import Referral

    return [
        ReferralRow(report_pk=pk, organisation=name, referred_on=_local_day(at))
        for pk, name, at in Referral.objects.filter(report_id__in=list(report_pks))
        .order_by("referred_at", "pk")
        .values_list("report_id", "organisation__name", "referred_at")
    ]


@dataclass(frozen=True)
class AssessmentRow:
    week_start: dt.date
    level: str
    order: int
    colour: str


def assessments_between(area_code: str, start: dt.date, end: dt.date) -> list[AssessmentRow]:
    """The weekly tension assessments of one area for the weeks starting between the dates."""
    from cohesion.tensions.models.assessment import TensionAssessment

    first = start - dt.timedelta(days=start.weekday())
    return [
        AssessmentRow(week_start=week, level=name, order=order, colour=colour)
        for week, name, order, colour in TensionAssessment.objects.filter(
            area_code=area_code, week_start__gte=first, week_start__lte=end
        )
        .order_by("week_start")
        .values_list("week_start", "level__name", "level__order", "level__colour")
    ]


@dataclass(frozen=True)
class AlertRow:
    week_start: dt.date
    source: str
    category: str
    method: str
    observed: int
    threshold: float


def alerts_between(area_code: str, start: dt.date, end: dt.date) -> list[AlertRow]:
    """Early-warning alerts raised for one area for weeks starting between the dates."""
    from cohesion.tensions.models.alerts import Alert

    return [
        AlertRow(*row)
        for row in Alert.objects.filter(
            area_code=area_code, week_start__gte=start, week_start__lte=end
        )
        .order_by("week_start", "source", "category", "method")
        .values_list("week_start", "source", "category", "method", "observed", "threshold")
    ]


@dataclass(frozen=True)
class TriggerEventRow:
    starts_on: dt.date
    ends_on: dt.date | None
    title: str
    kind: str
    expected_risk: str
    area_code: str


def trigger_events_between(
    area_codes: Sequence[str], start: dt.date, end: dt.date
) -> list[TriggerEventRow]:
    """Trigger events in the areas (a ward and its council, say) that fall on any day between the dates."""
    from cohesion.tensions.models.events import TriggerEvent

    rows = (
        TriggerEvent.objects.filter(area_code__in=list(area_codes), starts_on__lte=end)
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
        .order_by("starts_on", "title")
        .values_list("starts_on", "ends_on", "title", "kind", "expected_risk__name", "area_code")
    )
    return [TriggerEventRow(*row) for row in rows]
