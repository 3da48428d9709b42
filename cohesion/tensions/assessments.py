"""Reading and writing tension assessments: history on every save, the board, and the evidence.

Views call these functions so that the rules hold wherever an assessment is
saved (the web form, the demo, an import): every save appends a revision and
an audit event in the same transaction, and the board's "current level" and
"change since last week" are computed in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from cohesion.accounts.permissions import VIEW
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.tensions.models.assessment import (
    AssessmentRevision,
    PartnerIntelligence,
    TensionAssessment,
    TensionLevel,
    monday_of,
)

__all__ = [
    "BoardRow",
    "PoliceCount",
    "board_rows",
    "levels_at",
    "monday_of",
    "police_uk_evidence",
    "save_assessment",
]


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


@transaction.atomic
def save_assessment(assessment: TensionAssessment, *, by: Any, created: bool) -> AssessmentRevision:
    """Record a revision (and an audit event) for an assessment whose fields and links are already saved.

    Call inside the same request after ``form.save()``; the revision holds the
    whole assessment as saved and the fields that changed since the last one.
    """
    previous = assessment.revisions.order_by("-number").first()
    content = assessment.snapshot()
    content["linked_reports"] = sorted(
        assessment.linked_reports.values_list("reference", flat=True)
    )
    changes = _diff(previous.content if previous else {}, content)
    revision = AssessmentRevision.objects.create(
        assessment=assessment,
        number=(previous.number + 1) if previous else 1,
        by=by if getattr(by, "is_authenticated", False) else None,
        level=assessment.level,
        content=content,
        changes=changes,
    )
    record(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        assessment,
        actor=by,
        changes={k: v for k, v in changes.items() if k != "rationale"}
        | ({"rationale": "changed"} if "rationale" in changes else {}),
    )
    return revision


def levels_at(area_codes: Sequence[str], week: dt.date) -> dict[str, TensionAssessment]:
    """The assessment in force for each area in ``week``: the latest one for that week or before."""
    found: dict[str, TensionAssessment] = {}
    rows = (
        TensionAssessment.objects.filter(area_code__in=list(area_codes), week_start__lte=week)
        .select_related("level")
        .order_by("area_code", "-week_start")
    )
    for assessment in rows:
        found.setdefault(assessment.area_code, assessment)
    return found


@dataclass(frozen=True)
class BoardRow:
    """One ward (or the council) on the tension board."""

    code: str
    name: str
    is_council: bool
    current: TensionAssessment | None
    previous: TensionAssessment | None
    open_reports: int
    alerts: int
    week: dt.date

    @property
    def level(self) -> TensionLevel | None:
        return self.current.level if self.current else None

    @property
    def change(self) -> int | None:
        """Steps up (+) or down (-) the scale since last week; None when there is nothing to compare."""
        if self.current is None or self.previous is None:
            return None
        return self.current.level.order - self.previous.level.order

    @property
    def steps(self) -> int | None:
        """How many steps the level moved, either way."""
        return None if self.change is None else abs(self.change)

    @property
    def is_stale(self) -> bool:
        """The level shown comes from an earlier week: nobody has assessed this week yet."""
        return self.current is not None and self.current.week_start != self.week

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "level": "council" if self.is_council else "ward",
            "tension_level": self.level.name if self.level else None,
            "tension_level_order": self.level.order if self.level else None,
            "colour": self.level.colour if self.level else None,
            "assessed_week": self.current.week_start if self.current else None,
            "previous_level": self.previous.level.name if self.previous else None,
            "change_since_last_week": self.change,
            "open_reports": self.open_reports,
            "alerts_this_week": self.alerts,
            "synthetic": bool(self.current and self.current.synthetic),
        }


def board_rows(
    council: Any, wards: Sequence[Any], week: dt.date, *, include_council: bool, user: Any
) -> list[BoardRow]:
    """The board for ``week``: each ward's level in force, last week's, open reports and this week's alerts.

    Open reports are those ``user`` may open (``Report.objects.restrict``), so
    a viewer or a police officer is never told of cases they cannot see.
    """
    from cohesion.tensions.models import Report
    from cohesion.tensions.models.alerts import Alert

    codes = [w.code for w in wards] + ([council.code] if include_council else [])
    now = levels_at(codes, week)
    before = levels_at(codes, week - dt.timedelta(weeks=1))
    reports = Report.objects.restrict(user, VIEW).open()
    open_counts = dict(
        reports.filter(ward_code__in=[w.code for w in wards])
        .values_list("ward_code")
        .annotate(n=Count("id"))
        .values_list("ward_code", "n")
    )
    if include_council:
        open_counts[council.code] = reports.filter(council_code=council.code).count()
    alert_counts = dict(
        Alert.objects.filter(area_code__in=codes, week_start=week)
        .values_list("area_code")
        .annotate(n=Count("id"))
        .values_list("area_code", "n")
    )
    rows = []
    for area in ([council] if include_council else []) + list(wards):
        row = BoardRow(
            code=area.code,
            name=area.name,
            is_council=area is council,
            current=now.get(area.code),
            previous=before.get(area.code),
            open_reports=int(open_counts.get(area.code, 0)),
            alerts=int(alert_counts.get(area.code, 0)),
            week=week,
        )
        rows.append(row)
    return rows


def intelligence_for(user: Any, area_code: str, week: dt.date) -> Any:
    """Partner intelligence about an area for a week that ``user`` may read."""
    return (
        PartnerIntelligence.objects.restrict(user, "view")
        .filter(area_code=area_code, week_start=week)
        .select_related("organisation", "author")
    )


# --------------------------------------------------------------------------- police.uk evidence


@dataclass(frozen=True)
class PoliceCount:
    """A police.uk measure for an area, as held by the indicators module."""

    indicator: str
    title: str
    period: str
    count: float | None
    rate: float | None
    suppressed: bool


# The police.uk crime types that bear most on tension: public order offences
# (the nearest proxy for hate crime police.uk offers, which has no hate flag)
# and anti-social behaviour. Indicator codes of the indicators module.
POLICE_UK_INDICATORS = ("crime-public-order", "crime-anti-social-behaviour")


def police_uk_evidence(area_code: str, week: dt.date) -> list[PoliceCount] | None:
    """police.uk public order and anti-social behaviour for the area, in the period nearest the week.

    police.uk publishes street-level crime by month, and the indicators module
    holds it as 12-month totals (and rates per 1,000 residents) ending each
    month; there is no weekly figure. So the evidence shown for a week is the
    latest 12 months ending on or before the week's Sunday. Read through the
    indicators module's public functions (cohesion.indicators.queries); None
    means nothing is loaded for the area up to that week, and the page says so.
    Suppressed counts (below SUPPRESSION_THRESHOLD) stay suppressed.
    """
    from django.http import Http404

    try:
        from cohesion.indicators import queries
    except ImportError:
        return None
    week_end = week + dt.timedelta(days=6)
    found = []
    for code in POLICE_UK_INDICATORS:
        try:
            indicator = queries.get_indicator(code)
        except Http404:
            continue
        periods = [p for p in queries.periods_for(indicator, [area_code]) if p[1] <= week_end]
        if not periods:
            continue
        value = queries.values_at(indicator, [area_code], periods[0]).get(area_code)
        if value is None:
            continue
        found.append(
            PoliceCount(
                indicator=code,
                title=indicator.short_title or indicator.title,
                period=value.period_label,
                count=None if value.suppressed else value.numerator,
                rate=queries.shown_value(value),
                suppressed=bool(value.suppressed),
            )
        )
    return found or None


def reports_for_linking(user: Any, council_code: str, area_code: str, week: dt.date) -> Any:
    """Reports ``user`` may view in the area around ``week`` (two weeks either side), to link as evidence."""
    from cohesion.tensions.models import Report

    start = week - dt.timedelta(weeks=2)
    end = week + dt.timedelta(weeks=3)
    in_area = Q(council_code=council_code) if area_code == council_code else Q(ward_code=area_code)
    return (
        Report.objects.restrict(user, "view")
        .filter(in_area)
        .filter(
            Q(occurred_at__date__gte=start, occurred_at__date__lt=end)
            | Q(occurred_at__isnull=True, created_at__date__gte=start, created_at__date__lt=end)
        )
        .order_by("-created_at")
    )
