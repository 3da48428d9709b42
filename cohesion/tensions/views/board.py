"""The tension board, early-warning charts and the public weekly counts.

Who may see what is decided by the models' ``restrict``/``scope``
(cohesion/tensions/models/assessment.py and alerts.py); these views only ask.
A council or ward the person may not see does not exist for them (404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.accounts.permissions import VIEW
from cohesion.audit.log import record, record_many, view_or_export
from cohesion.core.lists import choices_from, list_context, page_of
from cohesion.core.params import int_param, text_param, week_param
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.places.queries import area_names, children_of, get_area
from cohesion.tensions import alerting
from cohesion.tensions.access import sees_every_report
from cohesion.tensions.assessments import board_rows
from cohesion.tensions.charts import series_chart_svg
from cohesion.tensions.forms.lists import AlertFilterForm, category_choices
from cohesion.tensions.models.alerts import Alert, AreaFollow, Method
from cohesion.tensions.models.assessment import (
    TensionAssessment,
    TensionLevel,
    area_codes,
    monday_of,
)
from cohesion.tensions.models.events import Rumour, TriggerEvent

NOT_ASSESSED_COLOUR = "#f3f2f1"  # GOV.UK light grey


def _week_param(request: HttpRequest, default: dt.date) -> dt.date:
    """The Monday of the ``week`` query parameter (any date in the week), or ``default``."""
    return week_param(request.GET, "week", default)


def council_or_404(code: str) -> Area:
    area = get_area(code)
    if area.level != Level.COUNCIL:
        raise Http404(_("No council has that code."))
    return area


def visible_wards(user: Any, council: Area, action: str = VIEW) -> tuple[list[Area], bool]:
    """The council's current wards whose assessments ``user`` may see, and whether they cover the whole council.

    Raises Http404 when they may see none of it.
    """
    scope = TensionAssessment.objects.scope(user, action)
    wards = children_of(council)
    if scope.covers(council.code):
        return wards, True
    mine = [w for w in wards if w.code in scope.wards]
    if not mine:
        raise Http404(_("No such council."))
    return mine, False


# --------------------------------------------------------------------------- the board


def _scoped(model: Any, user: Any) -> bool:
    scope = model.objects.scope(user, VIEW)
    return bool(scope.everywhere or scope.councils or scope.wards)


def page_links(user: Any) -> dict[str, bool]:
    """Which of the board's related pages this person may open (the same tests those pages make)."""
    return {
        "trigger_events": _scoped(TriggerEvent, user),
        "rumours": _scoped(Rumour, user),
        "alerts": _scoped(Alert, user),
        "levels": TensionLevel.objects.restrict(user, VIEW).exists(),
    }


@login_required
def board_index(request: HttpRequest) -> HttpResponse:
    """The councils whose board the person may see; straight to the board when there is one."""
    scope = TensionAssessment.objects.scope(request.user, VIEW)
    councils = Area.objects.current(Level.COUNCIL).filter(children__isnull=False).distinct()
    if not scope.everywhere:
        ward_parents = Area.objects.current(Level.WARD).filter(code__in=scope.wards)
        councils = councils.filter(
            code__in=set(scope.councils) | set(ward_parents.values_list("parent__code", flat=True))
        )
    councils = councils.order_by("name")
    if len(councils) == 1:
        return redirect("tensions-board", council_code=councils[0].code)
    return render(
        request,
        "tensions/board/index.html",
        {"councils": councils, "links": page_links(request.user)},
    )


@login_required
def board(request: HttpRequest, council_code: str, fmt: str | None = None) -> HttpResponse:
    council = council_or_404(council_code)
    wards, whole = visible_wards(request.user, council)
    week = _week_param(request, monday_of(timezone.localdate()))
    rows = board_rows(council, wards, week, include_council=whole, user=request.user)
    levels = list(TensionLevel.objects.for_council(council.code))
    data_rows = [row.as_data() for row in rows]
    ward_by_code = {w.code: w for w in wards}
    features = []
    for row in rows:
        area = ward_by_code.get(row.code)
        if area is None or not area.boundary:
            continue
        features.append(
            {
                "type": "Feature",
                "id": row.code,
                "geometry": area.geometry,
                "properties": {
                    **row.as_data(),
                    "fill": row.level.colour if row.level else NOT_ASSESSED_COLOUR,
                    "label": f"{row.name}: {row.level.name if row.level else _('not assessed')}",
                    "url": reverse("tensions-area", args=[row.code]),
                },
            }
        )
    record(
        view_or_export(fmt),
        council,
        actor=request.user,
        object_repr=f"Tension board {council.code} week of {week}",
        changes={"format": fmt or "html"},
    )
    context = {
        "council": council,
        "rows": rows,
        "whole_council": whole,
        "week": week,
        "previous_week": week - dt.timedelta(weeks=1),
        "next_week": week + dt.timedelta(weeks=1)
        if week < monday_of(timezone.localdate())
        else None,
        "levels": levels,
        "not_assessed_colour": NOT_ASSESSED_COLOUR,
        "has_map": bool(features),
        "any_synthetic": any(r["synthetic"] for r in data_rows),
        "can_add": TensionAssessment.objects.scope(request.user, "add").covers(council.code)
        or bool(TensionAssessment.objects.scope(request.user, "add").wards),
        "links": page_links(request.user),
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/board.html",
            context=context,
            data={
                "council": {"code": council.code, "name": council.name},
                "week_start": week,
                "levels": [
                    {"order": lv.order, "name": lv.name, "colour": lv.colour} for lv in levels
                ],
                "areas": data_rows,
            },
            rows=[{"week_start": week, **r} for r in data_rows],
            columns=[
                "week_start",
                "code",
                "name",
                "level",
                "tension_level",
                "tension_level_order",
                "assessed_week",
                "previous_level",
                "change_since_last_week",
                "open_reports",
                "alerts_this_week",
                "synthetic",
            ],
            filename=f"tension-board-{council.code}-{week}",
            geojson={"type": "FeatureCollection", "features": features},
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


# --------------------------------------------------------------------------- follow


def _alert_area(request: HttpRequest, code: str, not_a_ward: str) -> tuple[Area, str, str]:
    """The ward or council whose alerts the user may see, with its council's and its own code; else 404."""
    area = get_area(code)
    try:
        council_code, area_code = area_codes(area)
    except Exception:
        raise Http404(not_a_ward) from None
    if not Alert.objects.scope(request.user, VIEW).covers(council_code, area_code):
        raise Http404(_("No such area."))
    return area, council_code, area_code


@login_required
@require_POST
def follow(request: HttpRequest, code: str) -> HttpResponse:
    """Follow (or, with ``follow=0``, stop following) a ward or council's early-warning alerts."""
    area, _council, area_code = _alert_area(
        request, code, _("Only wards and councils can be followed.")
    )
    if request.POST.get("follow", "1") == "0":
        AreaFollow.objects.restrict(request.user, "delete").filter(area_code=area_code).delete()
        messages.success(request, _("You no longer follow %(area)s.") % {"area": area.name})
    else:
        AreaFollow.objects.get_or_create(
            user=request.user, area_code=area_code, defaults={"area": area}
        )
        note = (
            ""
            if getattr(request.user, "email", "")
            else " " + _("Add an email address to your account to receive alerts.")
        )
        messages.success(
            request,
            _("You follow %(area)s and will be emailed its alerts.") % {"area": area.name} + note,
        )
    return redirect("tensions-area", code=area_code)


# --------------------------------------------------------------------------- early warning


def _council_choices(alerts: Any) -> list[tuple[str, str]]:
    """The councils of the alerts the person may see, by name (two queries)."""
    names = area_names(alerts.order_by().values_list("council_code", flat=True).distinct())
    return sorted(names.items(), key=lambda pair: pair[1])


@login_required
def alert_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    scope = Alert.objects.scope(request.user, VIEW)
    if not (scope.everywhere or scope.councils or scope.wards):
        raise Http404(_("No such page."))
    visible = Alert.objects.restrict(request.user, VIEW)
    form = AlertFilterForm(
        request.GET,
        councils=_council_choices(visible),
        areas=choices_from(visible, "area_code", "area__name"),
        categories=category_choices(visible, alerting.category_label),
    )
    listed = page_of(request, form.filtered(visible, request.user).select_related("area"), fmt)
    alerts = listed.shown
    record_many(view_or_export(fmt), alerts, "early-warning alerts", actor=request.user, fmt=fmt)
    alerting.hide_report_figures(request.user, alerts)
    for a in alerts:
        a.expected = alerting.expected_false_alarms(a.source, a.method, a.alpha)
        a.expected_percent = None if a.expected is None else 100 * a.expected.rate
    rows = [
        {
            "source": a.source,
            "week_start": a.week_start,
            "area_code": a.area_code,
            "area_name": a.area.name,
            "council_code": a.council_code,
            "category": a.category,
            "method": a.method,
            "observed": a.observed,
            "threshold": None if a.threshold is None else round(a.threshold, 3),
            "alpha": a.alpha,
            # From the committed calibration: None where this setting was not calibrated.
            "expected_false_alarm_rate": a.expected and a.expected.rate,
            "expected_false_alerts_per_area_quarter": a.expected and a.expected.per_area_quarter,
            "notified": a.notified_at is not None,
        }
        for a in alerts
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/alert_list.html",
            context=list_context(form, listed, alerts=alerts),
            data={"count": listed.total, "shown": len(rows), "alerts": rows},
            rows=rows,
            columns=list(rows[0]) if rows else ["week_start", "area_code", "category", "method"],
            filename="early-warning-alerts",
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


POLICE_MONTHS = 24  # months of police.uk series shown on an area's early-warning page


def _alert_periods(
    alerts: Any,
) -> tuple[dict[str, set[dt.date]], dict[tuple[str, dt.date], list[str]]]:
    """From stored alerts, in one query: category -> flagged periods, and (category, period) -> methods."""
    flagged: dict[str, set[dt.date]] = {}
    methods: dict[tuple[str, dt.date], list[str]] = {}
    for category, start, method in alerts.values_list("category", "week_start", "method"):
        flagged.setdefault(category, set()).add(start)
        methods.setdefault((category, start), []).append(method)
    return flagged, methods


def _shown_series(
    views: list[alerting.SeriesView],
    first: dt.date,
    methods_by_period: dict[tuple[str, dt.date], list[str]],
    *,
    chart_title: Callable[[str], str],
    threshold_label: str,
    monthly: bool = False,
) -> list[dict[str, Any]]:
    """Each series from ``first`` on: its chart, and its rows with the methods that flagged each period."""
    shown: list[dict[str, Any]] = []
    for view in views:
        start = view.weeks.index(first) if first in view.weeks else 0
        trimmed = alerting.SeriesView(
            area_code=view.area_code,
            category=view.category,
            method=view.method,
            weeks=view.weeks[start:],
            counts=view.counts[start:],
            thresholds=view.thresholds[start:],
            flagged=view.flagged[start:],
            note=view.note,
        )
        shown.append(
            {
                "series": trimmed,
                "svg": series_chart_svg(
                    trimmed.weeks,
                    trimmed.counts,
                    trimmed.thresholds,
                    trimmed.flagged,
                    title=chart_title(trimmed.label),
                    threshold_label=threshold_label,
                    monthly=monthly,
                ),
                "table": [
                    {
                        **row,
                        "methods": ", ".join(sorted(raised)),
                        "method_labels": [str(Method(m).label) for m in sorted(raised)],
                    }
                    for row in trimmed.rows()
                    for raised in [methods_by_period.get((trimmed.category, row["week_start"]), [])]
                ],
            }
        )
    return shown


@login_required
def early_warning_area(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    """Each series of an area: weekly counts, a method's threshold and the flagged weeks, as SVG and a table."""
    area, council_code, area_code = _alert_area(request, code, _("No such area."))
    # Without a choice, each source's chart shows the threshold of the method its run uses.
    chosen = text_param(request.GET, "method", "")
    chosen = chosen if chosen in alerting.METHODS else ""
    method = chosen or alerting.DEFAULT_METHODS[0]
    police_method = chosen or alerting.POLICE_DEFAULT_METHODS[0]
    weeks = int_param(request.GET, "weeks", default=26, minimum=8, maximum=104)
    this_week = monday_of(timezone.localdate())
    first_week = this_week - dt.timedelta(weeks=weeks - 1)
    options = alerting.DEFAULT_SETTINGS
    # Count a longer history than is shown, so the first weeks shown have a baseline
    # (years of it for the improved Farrington method).
    lookback = (
        options.farrington_history if method == alerting.FARRINGTON else options.count_baseline + 1
    )
    history_start = first_week - dt.timedelta(weeks=lookback)
    began = alerting.recording_began([council_code])
    if began is not None:
        # As the early-warning run: weeks before recording began are not quiet weeks.
        history_start = min(max(history_start, monday_of(began)), this_week)
    counts = alerting.weekly_report_counts(
        [council_code], first_week=history_start, last_week=this_week
    )
    method_label = str(Method(method).label)
    stored = Alert.objects.restrict(request.user, VIEW).filter(area_code=area_code)
    flagged, methods = _alert_periods(stored.filter(source="reports", week_start__gte=first_week))
    views = alerting.series_views(counts, area_code, method, flagged, options)
    if not sees_every_report(request.user, council_code):
        # Counts of cases this person may not open: as the public sees them.
        views = alerting.disclosed_series_views(views, counts, council_code, first_week)
    shown = _shown_series(
        views,
        first_week,
        methods,
        chart_title=lambda label: (
            _("%(area)s: %(label)s, weekly reports") % {"area": area.name, "label": label}
        ),
        threshold_label=_("Threshold (%(method)s)") % {"method": method_label},
    )
    # police.uk recorded crime, by month, where the indicators module holds it for this area.
    police: list[dict[str, Any]] = []
    police_counts = alerting.police_monthly_counts([council_code])
    if not police_counts.empty and area_code in police_counts.index.get_level_values("area"):
        months = list(pd.to_datetime(police_counts.columns).date)
        first_month = months[max(0, len(months) - POLICE_MONTHS)]
        flagged, methods = _alert_periods(
            stored.filter(source="police_uk", week_start__gte=first_month)
        )
        police = _shown_series(
            alerting.series_views(
                police_counts, area_code, police_method, flagged, alerting.POLICE_SETTINGS
            ),
            first_month,
            methods,
            chart_title=lambda label: (
                _("%(area)s: %(label)s, police.uk records per month")
                % {"area": area.name, "label": label}
            ),
            threshold_label=_("Threshold (%(method)s)") % {"method": Method(police_method).label},
            monthly=True,
        )
    rows = [row for item in (*shown, *police) for row in item["table"]]
    following = AreaFollow.objects.restrict(request.user, VIEW).filter(area_code=area_code).exists()
    record(
        view_or_export(fmt),
        area,
        actor=request.user,
        object_repr=f"Early warning for {area.name} ({area.code})",
        changes={"format": fmt or "html", "method": method},
    )
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/early_warning_area.html",
            context={
                "area": area,
                "council_code": council_code,
                "series": shown,
                "police": police,
                "method": method,
                "methods": [(m, str(Method(m).label)) for m in alerting.METHODS],
                "weeks": weeks,
                "following": following,
                "any_synthetic": _any_synthetic_reports(council_code),
            },
            data={
                "area": {"code": area.code, "name": area.name},
                "method": method,
                "series": [
                    {"category": item["series"].category, "weeks": _data_rows(item["table"])}
                    for item in shown
                ],
                "police_uk_monthly": [
                    {"category": item["series"].category, "months": _data_rows(item["table"])}
                    for item in police
                ],
            },
            rows=_data_rows(rows),
            columns=[
                "area_code",
                "category",
                "week_start",
                "count",
                "method",
                "threshold",
                "flagged",
                "methods",
            ],
            filename=f"early-warning-{area.code}-{method}",
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


def _data_rows(table: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A series' table rows for the twins: method codes, not their labels in the reader's language."""
    return [{k: v for k, v in row.items() if k != "method_labels"} for row in table]


def _any_synthetic_reports(council_code: str) -> bool:
    from cohesion.tensions.models import Report

    return Report.objects.filter(council_code=council_code, synthetic=True).exists()


# --------------------------------------------------------------------------- public page

PUBLIC_WEEKS = 8


def public_index(request: HttpRequest) -> HttpResponse:
    councils = (
        Area.objects.current(Level.COUNCIL)
        .filter(code__in=alerting.councils_with_reports())
        .order_by("name")
    )
    return render(request, "tensions/board/public_index.html", {"councils": councils})


def public_counts(request: HttpRequest, council_code: str, fmt: str | None = None) -> HttpResponse:
    """Reports per ward and week for the last eight complete weeks, small numbers suppressed.

    Anyone may read it. The counts go through the council's disclosure rule
    (:func:`cohesion.tensions.alerting.disclose_weekly_counts`): small counts
    are shown as "fewer than N", and further counts are hidden wherever a
    hidden one could otherwise be worked out from the council total or from
    the hate-incident and community-tension series published beside them.
    """
    council = council_or_404(council_code)
    last_week = monday_of(timezone.localdate()) - dt.timedelta(weeks=1)
    first_week = last_week - dt.timedelta(weeks=PUBLIC_WEEKS - 1)
    counts = alerting.weekly_report_counts(
        [council.code], first_week=first_week, last_week=last_week
    )
    disclosed = alerting.disclose_weekly_counts(counts, council.code)
    threshold = disclosed.threshold
    wards = children_of(council)
    weeks: list[dt.date] = [ts.date() for ts in counts.columns]
    hidden = _("fewer than %(n)s") % {"n": threshold}

    def cell(area: str, week: dt.date) -> dict[str, Any]:
        if (area, alerting.ALL_CATEGORIES) not in disclosed.shown.index:
            return {"value": 0, "suppressed": False}
        return {
            "value": disclosed.value(area, alerting.ALL_CATEGORIES, week),
            "suppressed": disclosed.is_hidden(area, alerting.ALL_CATEGORIES, week),
        }

    table: list[dict[str, Any]] = [
        {"code": ward.code, "name": ward.name, "cells": [cell(ward.code, w) for w in weeks]}
        for ward in wards
    ]
    total_cells = [cell(council.code, w) for w in weeks]
    latest = len(weeks) - 1
    features = []
    for i, ward in enumerate(wards):
        if not ward.boundary:
            continue
        latest_cell = table[i]["cells"][latest]
        value, is_hidden = latest_cell["value"], latest_cell["suppressed"]
        features.append(
            {
                "type": "Feature",
                "id": ward.code,
                "geometry": ward.geometry,
                "properties": {
                    "code": ward.code,
                    "name": ward.name,
                    "reports": value,
                    "suppressed": is_hidden,
                    "fill": _public_band(value, is_hidden, threshold)[1],
                    "label": f"{ward.name}: {hidden if is_hidden else value}",
                },
            }
        )
    rows = [
        {
            "ward_code": row["code"],
            "ward_name": row["name"],
            "week_start": weeks[j],
            "reports": cell["value"],
            "suppressed": cell["suppressed"],
        }
        for row in table
        for j, cell in enumerate(row["cells"])
    ] + [
        {
            "ward_code": council.code,
            "ward_name": f"{council.name} (all)",
            "week_start": weeks[j],
            "reports": cell["value"],
            "suppressed": cell["suppressed"],
        }
        for j, cell in enumerate(total_cells)
    ]
    synthetic = _any_synthetic_reports(council.code)
    bands = [
        _public_band(v, s, threshold)
        for v, s in ((0, False), (None, True), (threshold, False), (threshold * 2, False))
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/public_counts.html",
            context={
                "council": council,
                "weeks": weeks,
                "table": table,
                "total_cells": total_cells,
                "threshold": threshold,
                "largest_hidden": threshold - 1,
                "hidden_label": hidden,
                "latest_week": weeks[latest],
                "has_map": bool(features),
                "bands": bands,
                "synthetic": synthetic,
            },
            data={
                "council": {"code": council.code, "name": council.name},
                "suppression_threshold": threshold,
                "disclosure_rule": disclosed.rule,
                "synthetic": synthetic,
                "weeks": weeks,
                "counts": rows,
            },
            rows=rows,
            columns=["ward_code", "ward_name", "week_start", "reports", "suppressed"],
            filename=f"tension-reports-{council.code}-{weeks[0]}-{weeks[-1]}",
            geojson={"type": "FeatureCollection", "features": features},
        ),
    )


def _public_band(value: int | None, suppressed: bool, threshold: int) -> tuple[str, str]:
    """(label, colour) for the public map's legend: none, fewer than N, N to 2N-1, 2N or more."""
    if suppressed:
        return _("Fewer than %(n)s") % {"n": threshold}, "#bbd4ea"
    if not value:
        return _("None"), "#ffffff"
    if value < 2 * threshold:
        return f"{threshold}–{2 * threshold - 1}", "#5694ca"
    return _("%(n)s or more") % {"n": 2 * threshold}, "#003078"


def week_label(week: dt.date) -> str:
    return date_format(week, "j M")
