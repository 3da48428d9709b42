"""A wave's results: the dashboard, its map, downloads, the methods note and wave-on-wave change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.accounts.permissions import get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, view_or_export
from cohesion.core.params import text_param
from cohesion.core.twins import Twin, json_response, render_twin
from cohesion.places.models import Area
from cohesion.surveys.calculations.precision import is_small_base, rounded_estimate
from cohesion.surveys.choices import DomainKind, Statistic, WeightingStatus
from cohesion.surveys.comments import theme_table
from cohesion.surveys.comparators import all_comparators
from cohesion.surveys.exports import xlsx_response
from cohesion.surveys.methods import methods_note
from cohesion.surveys.models import Wave
from cohesion.surveys.permissions import MANAGE, VIEW
from cohesion.surveys.results import (
    ROW_COLUMNS,
    change_rows,
    compared_questions,
    estimate_rows,
    question_results,
    shown,
)
from cohesion.surveys.specs import wave_questions

# Sequential blues for the ward map (GOV.UK palette, light to dark) and their breaks.
MAP_COLOURS = ["#d2e2f1", "#a5c6e4", "#5694ca", "#2b6ba8", "#003078"]
# The map opens on the headline cohesion measure.
DEFAULT_MAP_QUESTION = "get_on_well_local"


def _wave(request: HttpRequest, pk: int, action: str = VIEW) -> Wave:
    return get_for_user(
        Wave.objects.select_related(
            "survey", "survey__council", "questionnaire_version__questionnaire"
        ),
        request.user,
        action,
        pk=pk,
    )


def _weighting_summary(wave: Wave) -> dict[str, Any]:
    report = wave.weighting_report or {}
    return {
        "status": wave.weighting_status,
        "message": wave.weighting_message,
        "method": report.get("method"),
        "responses": report.get("n"),
        "iterations": report.get("iterations"),
        "design_effect": report.get("design_effect"),
        "effective_sample_size": report.get("effective_sample_size"),
        "efficiency_percent": report.get("efficiency_percent"),
        "margins": [
            {
                "name": m["name"],
                "source": m["source"],
                "categories": [
                    {
                        k: c[k]
                        for k in (
                            "code",
                            "label",
                            "sample_n",
                            "sample_pct",
                            "target_pct",
                            "achieved_pct",
                        )
                    }
                    for c in m["categories"]
                ],
            }
            for m in report.get("margins", [])
        ],
    }


def _breaks(values: list[float]) -> list[float]:
    """Quantile breaks of the ward values: up to five classes, fewer when there are few wards."""
    import numpy as np

    classes = min(len(MAP_COLOURS), len(set(values)))
    if classes < 2:
        return []
    qs = np.quantile(np.asarray(values), [i / classes for i in range(1, classes)])
    return sorted({round(float(q), 2) for q in qs})


def _supported_breaks(
    values: list[float], breaks: list[float], intervals: list[tuple[float | None, float | None]]
) -> list[float]:
    """``breaks`` less those that would split wards whose estimates differ by less than their
    typical 95% interval (the indicators' rule: ``classes_the_intervals_support``)."""
    from cohesion.indicators.charts import (
        ColourClass,
        classes_the_intervals_support,
        typical_interval_width,
    )

    if not values or not breaks:
        return breaks
    bounds = [min(values), *breaks, max(values)]
    classes = [ColourClass("", bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    kept = classes_the_intervals_support(classes, typical_interval_width(intervals))
    return [c.high for c in kept[:-1]]


def _bin(value: float, breaks: list[float]) -> int:
    return sum(1 for b in breaks if value > b)


def _map_question(wave: Wave, requested: str | None) -> str | None:
    codes = [q.code for q in wave_questions(wave) if q.has_headline and not q.is_demographic]
    if requested in codes:
        return requested
    if DEFAULT_MAP_QUESTION in codes:
        return DEFAULT_MAP_QUESTION
    return codes[0] if codes else None


def _ward_map(wave: Wave, question_code: str | None) -> dict[str, Any]:
    """The ward values and legend for the map and its table alternative."""
    if question_code is None:
        return {"rows": [], "legend": []}
    estimates = {
        e.domain_code: e
        for e in wave.estimates.filter(
            question_code=question_code, statistic=Statistic.HEADLINE, domain_kind=DomainKind.WARD
        )
    }
    shown_estimates = [e for e in estimates.values() if not e.suppressed and e.estimate is not None]
    values = [float(e.estimate) for e in shown_estimates if e.estimate is not None]
    breaks = _supported_breaks(
        values, _breaks(values), [(e.lower, e.upper) for e in shown_estimates]
    )
    bounds = [min(values, default=0.0), *breaks, max(values, default=0.0)]
    legend = []
    for i in range(len(breaks) + 1 if values else 0):
        colour = MAP_COLOURS[round(i * (len(MAP_COLOURS) - 1) / max(len(breaks), 1))]
        legend.append({"colour": colour, "low": bounds[i], "high": bounds[i + 1]})
    rows = []
    for ward in wave.wards():
        e = estimates.get(ward.code)
        value = shown(e, "estimate")
        base = None if e is None or e.suppressed else e.base
        rows.append(
            {
                "code": ward.code,
                "name": ward.name,
                "estimate": rounded_estimate(value, base),
                "lower": rounded_estimate(shown(e, "lower"), base),
                "upper": rounded_estimate(shown(e, "upper"), base),
                "base": base,
                "small_base": None if base is None else is_small_base(base),
                "suppressed": bool(e and e.suppressed),
                "colour": legend[_bin(value, breaks)]["colour"]
                if value is not None and legend
                else None,
            }
        )
    return {"rows": rows, "legend": legend}


@login_required
def wave_results(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    wave = _wave(request, pk)
    survey = wave.survey
    weighted = wave.weighting_status == WeightingStatus.WEIGHTED
    results = question_results(wave, with_charts=fmt in (None, "html")) if weighted else []
    map_question = _map_question(wave, text_param(request.GET, "question"))
    ward_map = _ward_map(wave, map_question) if weighted else {"rows": [], "legend": []}
    rows = estimate_rows(wave) if fmt in ("csv", "json") else []
    record(view_or_export(fmt), wave, changes={"format": fmt or "html"})
    previous = wave.previous()
    later = survey.waves.filter(period_start__gt=wave.period_start).order_by("period_start")
    can_manage = Wave.objects.restrict(request.user, MANAGE).filter(pk=wave.pk).exists()
    # Theme counts of residents' comments: exact only for those who may read the comments.
    themes = (
        theme_table(wave, exact=can_manage)
        if wave.asks_comment or wave.comment_themes.exists()
        else None
    )
    note = methods_note(wave)
    data = {
        "survey": {"id": survey.pk, "title": survey.title, "council": survey.council.code},
        "wave": {
            "id": wave.pk,
            "name": wave.name,
            "period_start": wave.period_start,
            "period_end": wave.period_end,
        },
        "synthetic": survey.is_synthetic,
        "suppression_threshold": survey.threshold,
        "weighting": _weighting_summary(wave),
        "methods": note,
        "estimates": rows,
        "england_comparators": [c.as_dict() for c in all_comparators()],
        "comment_themes": themes.as_data() if themes is not None else None,
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/results.html",
            context={
                "wave": wave,
                "survey": survey,
                "weighted": weighted,
                "results": results,
                "map_question": map_question,
                "map_questions": [
                    (q.code, q.headline or q.code)
                    for q in wave_questions(wave)
                    if q.has_headline and not q.is_demographic
                ],
                "ward_map": ward_map,
                "previous": previous,
                "later_waves": list(later),
                "methods": note,
                "report": wave.weighting_report,
                "can_manage": can_manage,
                "themes": themes,
                "group_labels": dict(DomainKind.choices),
            },
            data=data,
            rows=rows,
            columns=ROW_COLUMNS,
            filename=f"survey-{survey.pk}-wave-{wave.pk}-estimates",
        ),
    )


@login_required
def wave_results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    if wave.weighting_status != WeightingStatus.WEIGHTED:
        raise Http404("This wave has no results yet.")
    record(AuditAction.EXPORT, wave, changes={"format": "xlsx"})
    return xlsx_response(wave, f"survey-{wave.survey.pk}-wave-{wave.pk}-estimates")


@login_required
def wave_map_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """The wave's ward polygons with one question's headline (for the map)."""
    wave = _wave(request, pk)
    question = _map_question(wave, text_param(request.GET, "question"))
    record(AuditAction.EXPORT, wave, changes={"format": "geojson", "question": question})
    rows = (
        {r["code"]: r for r in _ward_map(wave, question)["rows"]}
        if wave.weighting_status == WeightingStatus.WEIGHTED
        else {}
    )
    features = []
    for ward in Area.objects.filter(pk__in=[w.pk for w in wave.wards()]).only(
        "code", "name", "boundary"
    ):
        row = rows.get(ward.code, {})
        features.append(  # "label" and "colour" are what cohesion/static/js/area-map.js draws
            {
                "type": "Feature",
                "id": ward.code,
                "geometry": ward.geometry,
                "properties": {
                    "code": ward.code,
                    "name": ward.name,
                    "estimate": row.get("estimate"),
                    "lower": row.get("lower"),
                    "upper": row.get("upper"),
                    "base": row.get("base", 0),
                    "colour": row.get("colour") or NO_ESTIMATE_COLOUR,
                    "suppressed": row.get("suppressed", False),
                    "label": _map_label(ward.name, row),
                },
            }
        )
    return json_response(
        {"type": "FeatureCollection", "features": features}, content_type="application/geo+json"
    )


NO_ESTIMATE_COLOUR = "#f3f2f1"


def _map_label(name: str, row: dict[str, Any]) -> str:
    """What a ward's polygon says when pointed at or focused: the estimate with its interval and base."""
    if row.get("estimate") is None:
        return _("%(ward)s: too few responses") % {"ward": name}
    return _(
        "%(ward)s: %(estimate).1f%% (95%% interval %(lower).1f–%(upper).1f%%, base %(base)s)"
    ) % {
        "ward": name,
        "estimate": row["estimate"],
        "lower": row["lower"],
        "upper": row["upper"],
        "base": row.get("base", 0),
    }


@login_required
def wave_compare(
    request: HttpRequest, pk: int, other_pk: int, fmt: str | None = None
) -> HttpResponse:
    """Change from wave ``other_pk`` (earlier) to wave ``pk`` (later) of the same survey."""
    later = _wave(request, pk)
    earlier = _wave(request, other_pk)
    if earlier.survey_id != later.survey_id or earlier.pk == later.pk:
        raise Http404("Waves can only be compared with another wave of the same survey.")
    if earlier.period_start > later.period_start:
        earlier, later = later, earlier
    rows = change_rows(earlier, later)
    record(view_or_export(fmt), later, changes={"format": fmt or "html", "since": earlier.pk})
    questions = compared_questions(earlier, later) if fmt in (None, "html") else []
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/compare.html",
            context={
                "earlier": earlier,
                "later": later,
                "survey": later.survey,
                "questions": questions,
            },
            data={
                "survey": later.survey.title,
                "synthetic": later.survey.is_synthetic,
                "earlier": {"id": earlier.pk, "name": earlier.name},
                "later": {"id": later.pk, "name": later.name},
                "changes": rows,
            },
            rows=rows,
            filename=f"survey-{later.survey.pk}-change-{earlier.pk}-to-{later.pk}",
        ),
    )


@login_required
@require_POST
def wave_publish(request: HttpRequest, pk: int) -> HttpResponse:
    from cohesion.surveys.publishing import PublishError, publish_wave

    wave = _wave(request, pk, MANAGE)
    try:
        stored = publish_wave(wave)
    except (PublishError, ValueError) as error:
        messages.error(request, _("Not published: %(reason)s") % {"reason": error})
    else:
        record(AuditAction.EXPORT, wave, changes={"published_values": stored})
        messages.success(
            request, _("Published %(count)s values to the indicators.") % {"count": stored}
        )
    return redirect("surveys-wave-results", wave.pk)
