"""Targets bound to indicators: reading their series and keeping their statuses up to date.

A target's status is computed by :func:`cohesion.plans.calculations.progress.target_status`
from the indicator's live series for the target's area, read through
:func:`cohesion.indicators.queries.series_for_areas` (plans never reads the
indicators tables itself). The result is stored on the target (``computed_*``)
so that overviews list hundreds of targets without recomputing them.

:func:`refresh_target_statuses` runs

- whenever indicator values are stored (``cohesion.indicators.signals.values_stored``,
  connected in :mod:`cohesion.plans.apps`), for the targets on that indicator
  and those areas;
- from the command line: ``cohesion refresh-targets`` (all targets, or some);
- when a target is created or edited.

Counts of events (police-recorded anti-social behaviour in a ward in one month)
and rates built on them (per 1,000 residents over 12 months) carry no interval
of their own; each is given the exact Poisson interval of its count
(:func:`~cohesion.indicators.calculations.intervals.poisson_interval`, scaled for a
rate) so that a change within the noise of the numbers is reported as such
rather than claimed as progress or deterioration.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cohesion.indicators.calculations.intervals import poisson_interval
from cohesion.indicators.choices import Unit
from cohesion.indicators.queries import (
    SeriesPoint,
    indicator_summary,
    priority_ranking,
    series_for_areas,
)
from cohesion.plans.calculations.progress import (
    Observation,
    Status,
    TargetStatus,
    target_status,
)
from cohesion.plans.models import CouncilTheme, Plan, PlanTheme, Target

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefreshResult:
    """How many targets were recomputed, and how many of them changed status."""

    refreshed: int
    changed: int
    failed: int


def observations(points: Iterable[SeriesPoint], unit: str) -> list[Observation]:
    """The published values of a series as observations, with Poisson intervals for counts.

    Missing and suppressed values are left out: a status is never computed
    from a number public pages would hide.
    """
    out = []
    for point in points:
        if point.value is None:
            continue
        lower, upper = point.lower, point.upper
        if lower is None:
            lower, upper = count_interval(point, unit) or (None, None)
        out.append(
            Observation(
                start=point.period_start,
                end=point.period_end,
                value=point.value,
                lower=lower,
                upper=upper,
                label=point.label,
            )
        )
    return out


def count_interval(point: SeriesPoint, unit: str) -> tuple[float, float] | None:
    """The exact Poisson interval of a count of events, or of a rate per 1,000 from its count.

    A rate's interval is its count's interval scaled by the same denominator
    (``value / numerator``, or ``1000 / denominator`` for a zero count). None
    when the value is not a whole count of events.
    """
    if point.value is None:
        return None
    if unit == Unit.COUNT:
        count = point.numerator if point.numerator is not None else point.value
        scale = 1.0
    elif unit == Unit.RATE_PER_1000 and point.numerator is not None:
        count = point.numerator
        if count > 0:
            scale = point.value / count
        elif point.denominator:
            scale = 1000.0 / point.denominator
        else:
            return None
    else:
        return None
    if count < 0 or not float(count).is_integer():
        return None
    low, high = poisson_interval(int(count))
    return low * scale, high * scale


def baseline_of(target: Target, series: list[Observation]) -> Observation:
    """The target's baseline as an observation, with the series' interval for that period if it has one."""
    held = next(
        (
            o
            for o in series
            if (o.start, o.end) == (target.baseline_start, target.baseline_end)
            and o.value == target.baseline_value
        ),
        None,
    )
    if held is not None:
        return held
    return Observation(
        start=target.baseline_start,
        end=target.baseline_end,
        value=target.baseline_value,
        lower=target.baseline_lower,
        upper=target.baseline_upper,
    )


def compute_status(
    target: Target,
    series: list[Observation],
    *,
    name: str = "",
    today: dt.date | None = None,
) -> TargetStatus:
    """The target's status from ``series`` (see :func:`target_status`); raises ValueError for a bad target."""
    return target_status(
        series,
        baseline=baseline_of(target, series),
        target_value=target.target_value,
        target_date=target.target_date,
        direction=target.direction,
        name=name or target.title,
        today=today or timezone.localdate(),
    )


def target_series(target: Target) -> list[Observation]:
    """The target's indicator series for its area, as observations (one query)."""
    summary = indicator_summary(target.indicator_code)
    unit = summary.unit if summary else ""
    points = series_for_areas(target.indicator_code, [target.area_code]).get(target.area_code, [])
    return observations(points, unit)


def refresh_target_statuses(
    *,
    targets: Iterable[Target] | None = None,
    indicator_code: str | None = None,
    area_codes: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> RefreshResult:
    """Recompute and store the status of targets: those given, or those on an indicator (and areas), or all.

    One query per indicator reads the series of every area concerned. A target
    that can no longer be judged (its indicator removed, its baseline edited
    out of the desired direction) keeps "not enough data" with the reason, and
    is counted as failed; the others are still refreshed.
    """
    if targets is None:
        queryset = Target.objects.all()
        if indicator_code is not None:
            queryset = queryset.filter(indicator_code=indicator_code)
        targets = list(queryset)
        if area_codes is not None:
            # Filtered here, not in SQL: a release may name tens of thousands of areas.
            wanted = set(area_codes)
            targets = [t for t in targets if t.area_code in wanted]
    else:
        targets = list(targets)
    by_indicator: dict[str, list[Target]] = defaultdict(list)
    for target in targets:
        by_indicator[target.indicator_code].append(target)
    now = timezone.now()
    today = today or timezone.localdate()
    refreshed = changed = failed = 0
    for code, group in by_indicator.items():
        summary = indicator_summary(code)
        unit = summary.unit if summary else ""
        points = series_for_areas(code, {t.area_code for t in group})
        for target in group:
            before = target.computed_status
            series = observations(points.get(target.area_code, []), unit)
            try:
                result = compute_status(target, series, today=today)
            except ValueError as error:
                failed += 1
                logger.warning("Target %s cannot be judged: %s", target.pk, error)
                store_failure(target, str(error), now)
                continue
            store_status(target, result, now)
            refreshed += 1
            changed += before != target.computed_status
    return RefreshResult(refreshed=refreshed, changed=changed, failed=failed)


def store_status(target: Target, result: TargetStatus, now: Any) -> None:
    """Keep a computed status on the target."""
    _store(
        target,
        now,
        computed_status=result.status.value,
        computed_explanation=result.explanation,
        computed_latest_value=result.latest.value if result.latest else None,
        computed_latest_end=result.latest.end if result.latest else None,
    )


def store_failure(target: Target, reason: str, now: Any) -> None:
    """Keep "not enough data" with the reason the target cannot be judged."""
    _store(
        target,
        now,
        computed_status=Status.NOT_ENOUGH_DATA.value,
        computed_explanation=reason,
        computed_latest_value=None,
        computed_latest_end=None,
    )


def _store(target: Target, now: Any, **fields: Any) -> None:
    fields["computed_at"] = now
    for name, value in fields.items():
        setattr(target, name, value)
    if target.pk:
        Target.objects.filter(pk=target.pk).update(**fields)


def on_values_stored(sender: Any, indicator_code: str, area_codes: Iterable[str], **_: Any) -> None:
    """Receiver of ``values_stored``: refresh the targets on the indicator and areas just stored."""
    with transaction.atomic():
        refresh_target_statuses(indicator_code=indicator_code, area_codes=list(area_codes))


def copy_council_themes(plan: Plan) -> list[PlanTheme]:
    """Give a new plan the council's active themes, each with its lead."""
    return PlanTheme.objects.bulk_create(
        [
            PlanTheme(
                plan=plan,
                council_theme=theme,
                name=theme.name,
                lead_organisation=theme.lead_organisation,
                lead_service=theme.lead_service,
                order=theme.order,
            )
            for theme in CouncilTheme.objects.filter(council_code=plan.council_code, is_active=True)
        ]
    )


def frozen_ranking(council: Any) -> dict[str, Any]:
    """The council's wards ranked for priority today, as the copy a new locality keeps."""
    return {
        "title": gettext(
            "%(council)s wards ranked for priority: deprivation and tension-related crime"
        )
        % {"council": council.name},
        "frozen_on": dt.date.today().isoformat(),
        **priority_ranking(council.code),
    }


# --------------------------------------------------------------------------- services an action delivers


@dataclass(frozen=True)
class ServiceOffer:
    """A service an action may name: its stable id, its name and the address of its page."""

    id: str
    name: str
    url: str


ServiceLookup = Callable[[str], Iterable[tuple[str, str, str]]]
_service_lookups: list[ServiceLookup] = []


def register_service_lookup(lookup: ServiceLookup) -> None:
    """Let another app (the directory) say which services an action in a council may name.

    ``lookup(council_code)`` returns (id, name, url) for each service. Plans never
    reads that app's tables: without a registered lookup, no service is offered.
    """
    if lookup not in _service_lookups:
        _service_lookups.append(lookup)


def services_offered(council_code: str) -> list[ServiceOffer]:
    """The services an action in ``council_code`` may name, by name (none when no lookup is registered)."""
    offers: dict[str, ServiceOffer] = {}
    for lookup in _service_lookups:
        for pk, name, url in lookup(council_code):
            offers.setdefault(str(pk), ServiceOffer(str(pk), name, url))
    return sorted(offers.values(), key=lambda o: (o.name.lower(), o.id))
