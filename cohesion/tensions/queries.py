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
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from cohesion.core.start import StartItem
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
    "start_page_items",
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


# --------------------------------------------------------------------------- the start page

ALERT_WEEKS = 4  # alerts not yet acknowledged from this many weeks back appear on the start page


def start_page_items(user: Any) -> list[StartItem]:
    """What waits for ``user`` in the tensions app, from the records they may open.

    Cases: new, overdue and assigned to them, counted over
    ``Report.objects.restrict(user)`` and only for people who use case lists
    (officers and above): a viewer may not open cases, so gets no case counts
    at all rather than counts of records behind them. Alerts: those not yet
    acknowledged in the areas they follow and in all the areas they may see.
    Assessments: the wards they may assess that have none for this week.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    return [*_case_items(user), *_alert_items(user), *_assessment_items(user)]


def _case_items(user: Any) -> list[StartItem]:
    from django.db.models import Count

    from cohesion.accounts.permissions import VIEW
    from cohesion.tensions.access import may_use_case_lists
    from cohesion.tensions.choices import Status
    from cohesion.tensions.models import Report

    if not may_use_case_lists(user):
        return []
    now = timezone.now()
    overdue = Q(status__in=[s for s in Status.values if s != Status.CLOSED]) & (
        Q(first_contact_at__isnull=True, first_contact_due__lt=now)
        | Q(senior_contact_at__isnull=True, senior_contact_due__lt=now)
    )
    counts = Report.objects.restrict(user, VIEW).aggregate(
        new=Count("pk", filter=Q(status=Status.NEW)),
        overdue=Count("pk", filter=overdue),
        mine=Count("pk", filter=Q(assigned_officer_id=user.pk) & ~Q(status=Status.CLOSED)),
    )
    items = [
        StartItem(
            "cases",
            ngettext(
                "%(count)s new report to triage", "%(count)s new reports to triage", counts["new"]
            )
            % {"count": counts["new"]},
            reverse("tensions-queue-new"),
            count=counts["new"],
        ),
        StartItem(
            "cases",
            ngettext("%(count)s overdue report", "%(count)s overdue reports", counts["overdue"])
            % {"count": counts["overdue"]},
            reverse("tensions-queue-overdue"),
            count=counts["overdue"],
            urgent=counts["overdue"] > 0,
        ),
    ]
    if counts["mine"]:
        items.append(
            StartItem(
                "cases",
                ngettext(
                    "%(count)s open report assigned to you",
                    "%(count)s open reports assigned to you",
                    counts["mine"],
                )
                % {"count": counts["mine"]},
                reverse("tensions-report-list") + "?assigned=me&status=open&sort=due",
                count=counts["mine"],
            )
        )
    return items


def _alert_items(user: Any) -> list[StartItem]:
    from cohesion.accounts.permissions import VIEW
    from cohesion.tensions.models.alerts import Alert, AreaFollow

    since = timezone.localdate() - dt.timedelta(weeks=ALERT_WEEKS)
    recent = Alert.objects.restrict(user, VIEW).filter(
        acknowledged_at__isnull=True, week_start__gte=since
    )
    rows = list(recent.values_list("area_code", "council_code"))
    if not rows:
        return []
    items = []
    for follow in AreaFollow.objects.restrict(user, VIEW).select_related("area"):
        code = follow.area_code
        count = sum(1 for area, council in rows if code in (area, council))
        if count:
            items.append(
                StartItem(
                    "alerts",
                    ngettext(
                        "%(count)s alert in %(area)s, which you follow",
                        "%(count)s alerts in %(area)s, which you follow",
                        count,
                    )
                    % {"count": count, "area": follow.area.name},
                    reverse("tensions-early-warning-area", args=[code]),
                    count=count,
                    urgent=True,
                )
            )
    items.append(
        StartItem(
            "alerts",
            ngettext(
                "%(count)s alert not yet acknowledged in your areas in the last %(weeks)s weeks",
                "%(count)s alerts not yet acknowledged in your areas in the last %(weeks)s weeks",
                len(rows),
            )
            % {"count": len(rows), "weeks": ALERT_WEEKS},
            reverse("tensions-alert-list"),
            count=len(rows),
        )
    )
    return items


def _assessment_items(user: Any) -> list[StartItem]:
    from cohesion.accounts.permissions import ADD
    from cohesion.places.choices import Level
    from cohesion.places.models import Area
    from cohesion.tensions.models.assessment import TensionAssessment, monday_of

    scope = TensionAssessment.objects.scope(user, ADD)
    if not (scope.everywhere or scope.councils or scope.wards):
        return []
    wards = Area.objects.current(Level.WARD).filter(parent__isnull=False)
    if not scope.everywhere:
        wards = wards.filter(Q(parent__code__in=scope.councils) | Q(code__in=scope.wards))
    week = monday_of(timezone.localdate())
    done = set(
        TensionAssessment.objects.filter(week_start=week).values_list("area_code", flat=True)
    )
    by_council: dict[tuple[str, str], list[str]] = {}
    for code, council_code, council_name in wards.values_list(
        "code", "parent__code", "parent__name"
    ).order_by("parent__name", "name"):
        by_council.setdefault((council_code, council_name), []).append(code)
    items = []
    for (council_code, council_name), codes in by_council.items():
        to_do = [c for c in codes if c not in done]
        if not to_do:
            continue
        items.append(
            StartItem(
                "assessments",
                ngettext(
                    "%(count)s of %(total)s ward in %(council)s not yet assessed this week",
                    "%(count)s of %(total)s wards in %(council)s not yet assessed this week",
                    len(codes),
                )
                % {"count": len(to_do), "total": len(codes), "council": council_name},
                reverse("tensions-board", args=[council_code]),
                count=len(to_do),
            )
        )
    return items
