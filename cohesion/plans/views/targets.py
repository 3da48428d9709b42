"""A plan's targets: binding one to an indicator, its page with the series chart, and a status set by hand.

Every target is fetched through ``get_for_user`` on its plan's access rules
(404 for outsiders, 403 for readers who try to change it); every page and
change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.permissions import CHANGE, VIEW, get_for_user, may
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, view_or_export
from cohesion.audit.owners import councils_covering
from cohesion.core.twins import Twin, render_twin
from cohesion.indicators.queries import (
    IndicatorSummary,
    area_names,
    format_value,
    indicator_summaries,
    series_for_areas,
)
from cohesion.plans.calculations.progress import Status
from cohesion.plans.charts import target_chart_svg
from cohesion.plans.forms_targets import TargetForm, TargetStatusForm
from cohesion.plans.models import Plan, Target
from cohesion.plans.services import baseline_of, observations, refresh_target_statuses

SERIES_COLUMNS = ["period", "period_start", "period_end", "value", "lower", "upper"]


def _audit(action: str, target: Target, **extra: Any) -> None:
    record(action, target, owners=councils_covering(target.plan.council_code), **extra)


def _form_status(request: HttpRequest) -> int:
    """400 when a posted form is shown again with its errors (a refused write), else 200."""
    return 400 if request.method == "POST" else 200


def _targets() -> Any:
    return Target.objects.select_related("plan", "plan__council", "theme", "objective")


def target_context(target: Target) -> dict[str, Any]:
    """What the target page shows: figures, status, chart and the series as a table."""
    return target_panels([target])[0]


def target_panels(targets: Iterable[Target]) -> list[dict[str, Any]]:
    """:func:`target_context` for several targets (a locality page's), in a constant number of queries.

    One query names the indicators, one the areas, and one per distinct
    indicator reads every area's series. Render each with ``{% include
    "plans/targets/_target.html" with target=panel.target chart=panel.chart
    computed_label=panel.computed_label manual_label=panel.manual_label %}``.
    """
    targets = list(targets)
    summaries = indicator_summaries({t.indicator_code for t in targets})
    names = area_names({t.area_code for t in targets})
    points: dict[str, dict[str, list[Any]]] = {}
    for code in {t.indicator_code for t in targets}:
        points[code] = series_for_areas(
            code, {t.area_code for t in targets if t.indicator_code == code}
        )
    return [
        _panel(
            target,
            summaries.get(target.indicator_code),
            names[target.area_code],
            points[target.indicator_code].get(target.area_code, []),
        )
        for target in targets
    ]


def _panel(
    target: Target, summary: IndicatorSummary | None, name: str, points: list[Any]
) -> dict[str, Any]:
    unit = summary.unit if summary else ""
    series = observations(points, unit)
    baseline = baseline_of(target, series)
    chart = target_chart_svg(
        series,
        baseline=baseline,
        target_value=target.target_value,
        target_date=target.target_date,
        title=target.title,
    )
    rows = [
        {
            "period": o.period_name,
            "period_start": o.start,
            "period_end": o.end,
            "value": o.value,
            "lower": o.lower,
            "upper": o.upper,
            "shown": format_value(o.value, unit),
            "interval": (
                f"{format_value(o.lower, unit)} – {format_value(o.upper, unit)}"
                if o.lower is not None and o.upper is not None
                else ""
            ),
        }
        for o in series
    ]
    return {
        "target": target,
        "indicator": summary,
        "area_name": name,
        "unit": unit,
        "baseline_shown": format_value(target.baseline_value, unit),
        "target_shown": format_value(target.target_value, unit),
        "computed_label": Status(target.computed_status).label,
        "manual_label": Status(target.manual_status).label if target.manual_status else "",
        "chart": chart,
        "rows": rows,
    }


def target_data(target: Target, context: dict[str, Any]) -> dict[str, Any]:
    """The target as its ``.json`` twin gives it."""
    return {
        "id": target.pk,
        "plan": {"id": target.plan_id, "title": target.plan.title},
        "title": target.title,
        "theme": target.theme.name if target.theme else None,
        "indicator_code": target.indicator_code,
        "indicator_title": context["indicator"].title if context["indicator"] else None,
        "unit": context["unit"],
        "area_code": target.area_code,
        "area_name": context["area_name"],
        "baseline": {
            "value": target.baseline_value,
            "period_start": target.baseline_start,
            "period_end": target.baseline_end,
            "lower": target.baseline_lower,
            "upper": target.baseline_upper,
        },
        "target_value": target.target_value,
        "target_date": target.target_date,
        "direction": target.direction,
        "computed_status": target.computed_status,
        "computed_status_label": context["computed_label"],
        "computed_explanation": target.computed_explanation,
        "computed_at": target.computed_at,
        "manual_status": target.manual_status or None,
        "manual_reason": target.manual_reason or None,
        "shown_status": target.shown_status,
        "series": [{k: row[k] for k in SERIES_COLUMNS} for row in context["rows"]],
    }


@login_required
def target_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    user = request.user
    target = get_for_user(_targets(), user, VIEW, pk=pk)
    _audit(view_or_export(fmt), target)
    context = target_context(target)
    context["can_change"] = may(Target.objects, user, CHANGE, target)
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/targets/detail.html",
            context=context,
            data=target_data(target, context),
            rows=[{k: row[k] for k in SERIES_COLUMNS} for row in context["rows"]],
            columns=SERIES_COLUMNS,
            filename=f"target-{target.pk}",
        ),
    )


def _save_target(request: HttpRequest, plan: Plan, target: Target | None) -> HttpResponse:
    form = TargetForm(request.POST or None, plan=plan, instance=target)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            refresh_target_statuses(targets=[saved])
            _audit(
                AuditAction.CREATE if target is None else AuditAction.UPDATE,
                saved,
                changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
            )
        messages.success(
            request,
            _("Target saved. Its status is: %(status)s.")
            % {"status": Status(saved.computed_status).label},
        )
        return redirect(reverse("plans-target-detail", args=[saved.pk]))
    return render(
        request,
        "plans/targets/form.html",
        {"form": form, "plan": plan, "target": target},
        status=_form_status(request),
    )


@login_required
def target_add(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_for_user(Plan.objects.select_related("council"), request.user, CHANGE, pk=plan_pk)
    return _save_target(request, plan, None)


@login_required
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_for_user(_targets(), request.user, CHANGE, pk=pk)
    if request.method != "POST":
        _audit(AuditAction.VIEW, target)
    return _save_target(request, target.plan, target)


@login_required
def target_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_for_user(_targets(), user, CHANGE, pk=pk)
    initial = {"manual_status": target.manual_status, "manual_reason": target.manual_reason}
    form = TargetStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data["manual_status"]
        reason = form.cleaned_data["manual_reason"].strip() if status else ""
        with transaction.atomic():
            before = {"manual_status": target.manual_status, "manual_reason": target.manual_reason}
            target.manual_status, target.manual_reason = status, reason
            target.manual_set_by = user if status else None
            target.manual_set_at = timezone.now() if status else None
            target.save(
                update_fields=[
                    "manual_status",
                    "manual_reason",
                    "manual_set_by",
                    "manual_set_at",
                    "updated_at",
                ]
            )
            _audit(
                AuditAction.UPDATE,
                target,
                changes={
                    "before": before,
                    "after": {"manual_status": status, "manual_reason": reason},
                },
            )
        messages.success(
            request,
            _("The status is now set by hand, with your reason.")
            if status
            else _("The target now reports the status computed from the data."),
        )
        return redirect(reverse("plans-target-detail", args=[target.pk]))
    if request.method != "POST":
        _audit(AuditAction.VIEW, target)
    context = {**target_context(target), "form": form}
    return render(request, "plans/targets/status_form.html", context, status=_form_status(request))
