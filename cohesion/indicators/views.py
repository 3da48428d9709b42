"""Indicator pages: the catalogue, area profiles, ward maps, priority ranking, neighbours and council uploads."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import get_for_user, user_scope
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.core.disclosure import threshold_rule
from cohesion.core.params import code_param, text_param
from cohesion.core.twins import Twin, render_twin
from cohesion.indicators import benchmarking
from cohesion.indicators.calculations.ranking import (
    HIGHER_IS_WORSE,
    IDENTITY_TOPICS,
    RankingError,
    rank_areas,
    rank_intervals,
    split_identity_measures,
)
from cohesion.indicators.charts import (
    classes_the_intervals_support,
    colour_for,
    quantile_classes,
    sparkline,
    swatch,
    typical_interval_width,
)
from cohesion.indicators.choices import DatasetKind, Polarity, Topic, UploadStatus
from cohesion.indicators.forms import UploadDecisionForm, UploadForm
from cohesion.indicators.imports import (
    AreaInfo,
    UploadError,
    check_rows,
    file_sha256,
    local_indicator_code,
    read_table,
)
from cohesion.indicators.loaders.national import CensusWardsEnglandWales
from cohesion.indicators.models import Dataset, Indicator, IndicatorValue, Upload
from cohesion.indicators.permissions import councils_for_uploads, may_upload
from cohesion.indicators.queries import (
    CENSUS_RANKING,
    DEFAULT_RANKING,
    Period,
    aggregation_methods,
    comparators_for,
    current_wards,
    format_value,
    get_indicator,
    latest_period,
    parse_period,
    period_key,
    period_text,
    periods_for,
    plausible_text,
    profile_lines,
    ranking_uncertainty,
    shown_value,
    value_row,
    values_at,
)
from cohesion.indicators.store import ValueRow, replace_values
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.places.queries import get_area

VALUE_COLUMNS = [
    "indicator",
    "title",
    "area_code",
    "area_level",
    "period_start",
    "period_end",
    "value",
    "unit",
    "numerator",
    "denominator",
    "lower",
    "upper",
    "suppressed",
    "aggregation",
    "aggregation_method",
    "dataset",
    "dataset_title",
]


def _council_or_404(code: str) -> Area:
    area = get_area(code)
    if area.level != Level.COUNCIL:
        raise Http404("That code is not a council.")
    return area


def _councils_with_wards() -> list[Area]:
    codes = set(Area.objects.current(Level.WARD).values_list("parent__code", flat=True))
    return list(Area.objects.current(Level.COUNCIL).filter(code__in=codes).order_by("name"))


# --- catalogue -------------------------------------------------------------------------


def indicator_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    indicators = list(
        Indicator.objects.annotate(values_held=Count("values")).order_by("display_order", "title")
    )
    by_topic: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_topic[indicator.topic].append(indicator)
    topics = [(Topic(t).label, by_topic[t]) for t in Topic.values if by_topic.get(t)]
    rows = [
        {
            "code": i.code,
            "title": i.title,
            "topic": i.topic,
            "unit": i.unit,
            "polarity": i.polarity,
            "levels": ",".join(i.levels or []),
            "values": i.values_held,  # type: ignore[attr-defined]
            "source": i.source,
        }
        for i in indicators
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="indicators/indicator_list.html",
            context={
                "topics": topics,
                "councils": _councils_with_wards(),
                "may_import": may_upload(request.user),
            },
            data={"indicators": rows},
            rows=rows,
            filename="indicators",
        ),
    )


def indicator_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    indicator = get_indicator(code)
    councils = _councils_with_wards()
    council_codes = [c.code for c in councils]
    regions = {c.parent.code: c.parent.name for c in councils if c.parent is not None}
    shown_codes = [*council_codes, *regions, "E92000001"]
    period = latest_period(indicator, shown_codes)
    held = values_at(indicator, shown_codes, period) if period else {}
    english = (
        [
            number
            for number, suppressed in IndicatorValue.objects.filter(
                indicator=indicator,
                area_level=Level.COUNCIL,
                area_code__startswith="E",
                period_start=period[0],
                period_end=period[1],
                value__isnull=False,
            ).values_list("value", "suppressed")
            if not suppressed
        ]
        if period
        else []
    )
    table: list[dict[str, Any]] = []
    for c in councils:
        value = held.get(c.code)
        number = shown_value(value)
        rank = None
        if number is not None and len(english) > 1:
            rank = 1 + sum(1 for other in english if other is not None and other > number)
        table.append(
            {
                "code": c.code,
                "name": c.name,
                "value": value,
                "shown": _display(value, indicator),
                "map": indicator.code in _ward_indicator_codes(c.code),
                "rank": rank,
            }
        )
    region_rows = [
        {"code": code, "name": name, "shown": _display(held.get(code), indicator)}
        for code, name in regions.items()
        if code in held
    ]
    england = held.get("E92000001")
    datasets = list(
        Dataset.objects.filter(values__indicator=indicator)
        .annotate(n=Count("values"))
        .order_by("-period_end")
    )
    methods = aggregation_methods(indicator)
    data = {
        "code": indicator.code,
        "title": indicator.title,
        "definition": indicator.definition,
        "citation": indicator.citation,
        "source": indicator.source,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "calculation": indicator.calculation,
        "levels": indicator.levels,
        "datasets": [_dataset_row(d) for d in datasets],
        "aggregation_by_level": methods,
        "period": period_text(period),
        "councils": [
            {
                "code": row["code"],
                "name": row["name"],
                "value": shown_value(row["value"]),
                "rank_in_england": row["rank"],
                "aggregation_method": _method(row["value"]),
            }
            for row in table
        ],
        "english_councils_ranked": len(english),
        "regions": [
            {"code": code, "value": shown_value(held.get(code))} for code in regions if code in held
        ],
        "england": shown_value(england),
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="indicators/indicator_detail.html",
            context={
                "indicator": indicator,
                "table": table,
                "region_rows": region_rows,
                "english_count": len(english),
                "england": _display(england, indicator),
                "period": period_text(period),
                "datasets": datasets,
                "methods": methods,
            },
            data=data,
            rows=data["councils"],
            filename=f"indicator-{indicator.code}",
        ),
    )


def _method(value: IndicatorValue | None) -> str | None:
    return None if value is None else str(value.get_aggregation_display())


def _display(value: IndicatorValue | None, indicator: Indicator) -> str:
    if value is None:
        return "–"
    if value.suppressed:
        return _("Suppressed")
    return format_value(value.value, indicator.unit)


def _ward_indicator_codes(council_code: str) -> set[str]:
    wards = [w.code for w in current_wards(council_code)]
    return set(
        IndicatorValue.objects.filter(area_code__in=wards)
        .values_list("indicator__code", flat=True)
        .distinct()
    )


def _dataset_row(dataset: Dataset) -> dict[str, Any]:
    return {
        "source": dataset.source,
        "title": dataset.title,
        "kind": dataset.kind,
        "publisher": dataset.publisher,
        "licence": dataset.licence,
        "upstream": dataset.upstream,
        "release_date": dataset.release_date,
        "period_start": dataset.period_start,
        "period_end": dataset.period_end,
        "geography_level": dataset.geography_level,
        "generation": dataset.generation_code,
        "files": dataset.file_path,
        "sha256": dataset.sha256,
        "values": dataset.values_count,
        "loaded_at": dataset.loaded_at,
    }


def dataset_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    datasets = list(Dataset.objects.restrict(request.user, "view").exclude(values_count=0))
    rows = [_dataset_row(d) for d in datasets]
    return render_twin(
        request,
        fmt,
        Twin(
            template="indicators/dataset_list.html",
            context={"datasets": datasets},
            data={"datasets": rows},
            rows=rows,
            filename="datasets",
        ),
    )


# --- area profiles ---------------------------------------------------------------------


def area_indicators(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    """An area's profile page; its twins are every indicator value held for the area (DESIGN.md)."""
    area = get_area(code, code_param(request.GET, "generation") or None)
    if fmt in ("json", "csv"):
        values = (
            IndicatorValue.objects.filter(area_code=area.code)
            .select_related("indicator", "dataset")
            .order_by("indicator__display_order", "indicator__code", "period_start", "period_end")
        )
        rows = [value_row(v) for v in values]
        return render_twin(
            request,
            fmt,
            Twin(
                template="",
                context={},
                data={
                    "area": {"code": area.code, "name": area.name, "level": area.level},
                    "suppression_threshold": threshold_rule().threshold,
                    "values": rows,
                },
                rows=rows,
                columns=VALUE_COLUMNS,
                filename=f"indicators-{area.code}",
            ),
        )
    if fmt is not None:
        raise Http404("This page has no such format.")
    neighbours = (
        benchmarking.neighbours_of(area.code)
        if area.level == Level.COUNCIL and area.code.startswith("E")
        else []
    )
    lines = profile_lines(area, [n.code for n in neighbours])
    for line in lines:
        line.spark = sparkline(  # type: ignore[attr-defined]
            [shown_value(v) for v in line.series],
            label=_("Trend from %(first)s to %(last)s")
            % {"first": line.series[0].period_label, "last": line.series[-1].period_label},
        )
    headline = [line for line in lines if line.indicator.headline]
    by_topic: dict[str, list[Any]] = defaultdict(list)
    for line in lines:
        by_topic[line.indicator.topic].append(line)
    topics = [(Topic(t).label, by_topic[t]) for t in Topic.values if by_topic.get(t)]
    comparators = comparators_for(area)
    map_council = (
        area if area.level == Level.COUNCIL else (area.parent if area.level == Level.WARD else None)
    )
    return render(
        request,
        "indicators/area_profile.html",
        {
            "area": area,
            "level_label": Level(area.level).label,
            "headline": headline,
            "topics": topics,
            "comparators": comparators,
            "neighbours": neighbours[:5],
            "neighbour_count": len(neighbours),
            "map_council": map_council,
            "has_wards": area.level == Level.COUNCIL and bool(current_wards(area.code)),
            # IMD 2025 and the modelled loneliness figures are English releases.
            "in_wales": area.code.startswith("W"),
            "no_residents": not lines and _ward_without_residents(area),
            "threshold": threshold_rule().threshold,
        },
    )


def _ward_without_residents(area: Area) -> bool:
    """A ward of the national tables that no output area's population-weighted centroid falls in.

    The national Census ward table is summed from whole output areas, so such a
    ward (most of the City of London's, a few elsewhere) has no residents and
    no values; its profile says why rather than showing blanks.
    """
    return (
        area.level == Level.WARD
        and Dataset.objects.filter(source=CensusWardsEnglandWales.key).exists()
    )


# --- choropleth -------------------------------------------------------------------------


def choropleth(
    request: HttpRequest, code: str, council: str, fmt: str | None = None
) -> HttpResponse:
    """One indicator across a council's wards: map, legend, table and downloads."""
    indicator = get_indicator(code)
    area = _council_or_404(council)
    wards = current_wards(area.code)
    if not wards:
        raise Http404("Cohesion holds no wards for this council.")
    ward_codes = [w.code for w in wards]
    periods = periods_for(indicator, ward_codes)
    if not periods:
        raise Http404("This indicator is not held for this council's wards.")
    period = parse_period(text_param(request.GET, "period")) or periods[0]
    if period not in periods:
        raise Http404("This indicator is not held for that period.")
    held = values_at(indicator, ward_codes, period)
    council_value = values_at(indicator, [area.code], period).get(area.code)
    numbers = [shown_value(held.get(w.code)) for w in wards]
    # No finer than the confidence intervals support (crime rates carry them).
    classes = classes_the_intervals_support(
        quantile_classes([n for n in numbers if n is not None]),
        typical_interval_width(
            [(v.lower, v.upper) for v in held.values() if v is not None and not v.suppressed]
        ),
    )
    reverse_polarity = indicator.polarity == Polarity.HIGHER_IS_BETTER
    rows: list[dict[str, Any]] = []
    for ward, number in zip(wards, numbers, strict=True):
        value = held.get(ward.code)
        colour = colour_for(number, classes)
        rows.append(
            {
                "code": ward.code,
                "name": ward.name,
                "value": number,
                "shown": _display(value, indicator),
                "suppressed": bool(value and value.suppressed),
                "numerator": None if value is None or value.suppressed else value.numerator,
                "denominator": value.denominator if value else None,
                "aggregation_method": _method(value),
                "colour": colour,
                "swatch": swatch(colour),
                "profile": reverse("indicators-area-profile", args=[ward.code]),
            }
        )
    ranked = sorted(
        [r for r in rows if r["value"] is not None],
        key=lambda r: r["value"],
        reverse=not reverse_polarity,
    )
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    legend = [
        {
            "swatch": swatch(c.colour),
            "colour": c.colour,
            "low": format_value(c.low, indicator.unit),
            "high": format_value(c.high, indicator.unit),
        }
        for c in classes
    ]
    features = [
        {
            "type": "Feature",
            "id": ward.code,
            "geometry": ward.geometry,
            "properties": {
                "code": ward.code,
                "name": ward.name,
                "value": row["value"],
                "label": f"{ward.name}: {row['shown']}",
                "colour": row["colour"],
                "url": row["profile"],
            },
        }
        for ward, row in zip(wards, rows, strict=True)
    ]
    csv_rows = [
        {
            k: r.get(k)
            for k in (
                "code",
                "name",
                "value",
                "suppressed",
                "numerator",
                "denominator",
                "rank",
                "aggregation_method",
            )
        }
        for r in rows
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="indicators/choropleth.html",
            context={
                "indicator": indicator,
                "council": area,
                "rows": rows,
                "legend": legend,
                "period": period,
                "period_label": period_text(period),
                "periods": [(period_key(p), period_text(p)) for p in periods],
                "selected_period": period_key(period),
                "council_value": _display(council_value, indicator),
                "ward_methods": sorted(
                    {r["aggregation_method"] for r in rows if r["aggregation_method"]}
                ),
                "geojson_url": reverse(
                    "indicators-choropleth-twin", args=[indicator.code, area.code, "geojson"]
                )
                + f"?period={period_key(period)}",
            },
            data={
                "indicator": indicator.code,
                "title": indicator.title,
                "unit": indicator.unit,
                "council": {"code": area.code, "name": area.name},
                "period_start": period[0],
                "period_end": period[1],
                "wards": csv_rows,
                "legend": [{k: v for k, v in item.items() if k != "swatch"} for item in legend],
            },
            rows=csv_rows,
            filename=f"{indicator.code}-{area.code}-wards",
            geojson={"type": "FeatureCollection", "features": features},
        ),
    )


# --- priority ranking ---------------------------------------------------------------------


def ranking_start(request: HttpRequest) -> HttpResponse:
    council = code_param(request.GET, "council", upper=True)
    if council:
        return redirect("indicators-ranking", council=council)
    return render(request, "indicators/ranking_start.html", {"councils": _councils_with_wards()})


def _parse_weight(text: str | None) -> float:
    if text is None or text == "":
        return 1.0
    try:
        weight = float(text)
    except ValueError:
        raise ValueError(_("Weights must be numbers.")) from None
    if not math.isfinite(weight) or weight < 0:
        raise ValueError(_("Weights must be zero or more."))
    return weight


def identity_caveat() -> str:
    """Shown with a ranking that counts ethnicity or migration measures (on the page and in downloads)."""
    return _(
        "This ranking counts ethnicity or migration measures because an officer chose to include "
        "them. They describe who lives in a ward, not a need or a harm: read a higher priority "
        "from them as a prompt to understand the place, never as a judgement about the people "
        "who live there."
    )


def ranking(request: HttpRequest, council: str, fmt: str | None = None) -> HttpResponse:
    """Every ward of a council ranked on chosen measures, each measure's rank beside the composite."""
    area = _council_or_404(council)
    wards = current_wards(area.code)
    if not wards:
        raise Http404("Cohesion holds no wards for this council.")
    ward_codes = [w.code for w in wards]
    available = list(
        Indicator.objects.filter(values__area_code__in=ward_codes)
        .distinct()
        .order_by("display_order", "title")
    )
    by_code = {i.code: i for i in available}
    params: QueryDict = request.GET
    ticked = (
        [c for c in params.getlist("indicator") if c in by_code]
        or [c for c in DEFAULT_RANKING if c in by_code]
        or [c for c in CENSUS_RANKING if c in by_code]
    )
    # Ethnicity and migration measures count only when the officer opts in (calculations.ranking).
    include_identity = params.get("include_identity") == "1"
    chosen, left_out = split_identity_measures(
        ticked, {c: by_code[c].topic for c in ticked}, include=include_identity
    )
    caveat = (
        identity_caveat()
        if include_identity and any(by_code[c].topic in IDENTITY_TOPICS for c in chosen)
        else ""
    )
    chosen_wards = [c for c in params.getlist("ward") if c in ward_codes] or ward_codes
    errors: list[str] = []
    weights: dict[str, float] = {}
    directions: dict[str, str] = {}
    for code in chosen:
        try:
            weights[code] = _parse_weight(params.get(f"weight_{code}"))
        except ValueError as error:
            errors.append(f"{by_code[code].title}: {error}")
            weights[code] = 1.0
        default = (
            Polarity.HIGHER_IS_BETTER
            if by_code[code].polarity == Polarity.HIGHER_IS_BETTER
            else HIGHER_IS_WORSE
        )
        direction = params.get(f"direction_{code}", default)
        directions[code] = (
            direction if direction in (HIGHER_IS_WORSE, Polarity.HIGHER_IS_BETTER) else default
        )
    for indicator in available:
        indicator.form_weight = params.get(f"weight_{indicator.code}") or "1"  # type: ignore[attr-defined]
        indicator.form_direction = directions.get(  # type: ignore[attr-defined]
            indicator.code,
            Polarity.HIGHER_IS_BETTER
            if indicator.polarity == Polarity.HIGHER_IS_BETTER
            else HIGHER_IS_WORSE,
        )
    measures: list[dict[str, Any]] = []
    columns: dict[str, pd.Series] = {}
    held_by_measure: dict[str, dict[str, Any]] = {}
    for code in chosen:
        indicator = by_code[code]
        period = latest_period(indicator, chosen_wards)
        held = values_at(indicator, chosen_wards, period) if period else {}
        held_by_measure[code] = held
        columns[code] = pd.Series({w: shown_value(held.get(w)) for w in chosen_wards}, dtype=float)
        measures.append(
            {
                "code": code,
                "title": indicator.title,
                "short_title": indicator.short_title or indicator.title,
                "unit": indicator.unit,
                "period": period_text(period),
                "period_start": period[0] if period else None,
                "period_end": period[1] if period else None,
                "weight": weights[code],
                "direction": directions[code],
            }
        )
    names = {w.code: w for w in wards}
    result_rows: list[dict[str, Any]] = []
    if chosen and not errors:
        try:
            result = rank_areas(pd.DataFrame(columns), directions, weights)
        except RankingError as error:
            errors.append(str(error))
            result = None
        if result is not None:
            frame = pd.DataFrame(columns)
            plausible = rank_intervals(
                frame,
                directions,
                weights,
                **ranking_uncertainty(
                    held_by_measure, {m["code"]: m["unit"] for m in measures}, list(frame.index)
                ),
            )
            scores = [s for s in result["composite_score"] if pd.notna(s)]
            worst = max(scores) if scores else 0.0
            classes = quantile_classes([worst - s for s in scores])
            for code, row in result.iterrows():
                ward = names[str(code)]
                score = row["composite_score"]
                entry: dict[str, Any] = {
                    "code": ward.code,
                    "name": ward.name,
                    "composite_rank": _int(row["composite_rank"]),
                    "rank_low": _int(plausible.at[code, "rank_low"]),
                    "rank_high": _int(plausible.at[code, "rank_high"]),
                    "plausibly": plausible_text(
                        plausible.at[code, "rank_low"], plausible.at[code, "rank_high"]
                    ),
                    "composite_score": None if pd.isna(score) else round(float(score), 3),
                    "measures_used": int(row["measures_used"]),
                    "colour": colour_for(None if pd.isna(score) else worst - float(score), classes),
                    "profile": reverse("indicators-area-profile", args=[ward.code]),
                    "cells": [],
                }
                for measure in measures:
                    code_m = measure["code"]
                    value = row[code_m]
                    rank = row[f"rank_{code_m}"]
                    entry[f"{code_m}_value"] = None if pd.isna(value) else float(value)
                    entry[f"{code_m}_rank"] = None if pd.isna(rank) else float(rank)
                    entry["cells"].append(
                        {
                            "shown": format_value(
                                None if pd.isna(value) else float(value), measure["unit"]
                            ),
                            "rank": None if pd.isna(rank) else _rank_text(float(rank)),
                        }
                    )
                entry["swatch"] = swatch(entry["colour"])
                result_rows.append(entry)
    csv_columns = [
        "composite_rank",
        "code",
        "name",
        "composite_score",
        "measures_used",
        "rank_low",
        "rank_high",
    ]
    for measure in measures:
        csv_columns += [f"{measure['code']}_value", f"{measure['code']}_rank"]
    query = request.GET.urlencode()
    features = [
        {
            "type": "Feature",
            "id": row["code"],
            "geometry": names[row["code"]].geometry,
            "properties": {
                "code": row["code"],
                "name": row["name"],
                "value": row["composite_rank"],
                "label": _("%(name)s: priority rank %(rank)s")
                % {"name": row["name"], "rank": row["composite_rank"]},
                "colour": row["colour"],
                "url": row["profile"],
            },
        }
        for row in result_rows
    ]
    if caveat:
        csv_columns.append("caveat")
        for row in result_rows:
            row["caveat"] = caveat
    data = {
        "council": {"code": area.code, "name": area.name},
        "method": "weighted mean of ranks (1 = highest priority on each measure)",
        "caveat": caveat or None,
        "left_out": left_out,
        "measures": measures,
        "wards": [
            {
                k: v
                for k, v in row.items()
                if k not in ("cells", "swatch", "colour", "plausibly", "caveat")
            }
            for row in result_rows
        ],
        "errors": errors,
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="indicators/ranking.html",
            context={
                "council": area,
                "wards": wards,
                "chosen_wards": set(chosen_wards),
                "available": available,
                "chosen": ticked,
                "left_out": [by_code[c].title for c in left_out],
                "include_identity": include_identity,
                "caveat": caveat,
                "measures": measures,
                "rows": result_rows,
                "errors": errors,
                "query": query,
                "geojson_url": reverse("indicators-ranking-twin", args=[area.code, "geojson"])
                + (f"?{query}" if query else ""),
                "default_ranking": list(DEFAULT_RANKING),
                "in_wales": area.code.startswith("W"),
            },
            data=data,
            rows=[{k: row.get(k) for k in csv_columns} for row in result_rows],
            columns=csv_columns,
            filename=f"ranking-{area.code}",
            geojson={"type": "FeatureCollection", "features": features},
        ),
    )


def _int(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def _rank_text(rank: float) -> str:
    return f"{rank:g}"


# --- neighbours ------------------------------------------------------------------------


def neighbours(request: HttpRequest, council: str, fmt: str | None = None) -> HttpResponse:
    """A council's statistical nearest neighbours, with the variables and distances that make them alike."""
    area = _council_or_404(council)
    table = benchmarking.neighbour_table()
    if area.code not in table.index:
        raise Http404("Cohesion holds too few measures for this council to find its neighbours.")
    found = benchmarking.neighbours_of(area.code, table)
    own = {name: float(table.at[area.code, name]) for name in benchmarking.VARIABLES}
    variables = [
        {"name": name, "label": label} for name, (_, label) in benchmarking.VARIABLES.items()
    ]
    rows = [
        {
            "rank": position,
            "code": n.code,
            "name": n.name,
            "distance": round(n.distance, 4),
            **{name: round(n.values[name], 3) for name in benchmarking.VARIABLES},
        }
        for position, n in enumerate(found, start=1)
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="indicators/neighbours.html",
            context={
                "council": area,
                "variables": variables,
                "own": [own[v["name"]] for v in variables],
                "neighbours": [(n, [n.values[v["name"]] for v in variables]) for n in found],
                "compared": table.shape[0],
            },
            data={
                "council": {"code": area.code, "name": area.name, **own},
                "method": "Euclidean distance between z-scores across English councils",
                "variables": variables,
                "councils_compared": int(table.shape[0]),
                "neighbours": rows,
            },
            rows=rows,
            filename=f"neighbours-{area.code}",
        ),
    )


# --- council uploads ---------------------------------------------------------------------


def _local_indicators(organisations: Iterable[Any]) -> Any:
    prefixes = [f"local-{slugify(o.name)}-" for o in organisations]
    qs = Indicator.objects.none()
    for prefix in prefixes:
        qs = qs | Indicator.objects.filter(code__startswith=prefix)
    return qs.order_by("title")


def _area_info(codes: Iterable[str]) -> dict[str, AreaInfo]:
    today = dt.date.today()
    found: dict[str, AreaInfo] = {}
    for area in (
        Area.objects.filter(code__in=list(codes))
        .filter(generation__valid_from__lte=today)
        .select_related("parent", "parent__parent", "parent__parent__parent")
        .order_by("generation__valid_from")
    ):
        chain = [area, *area.ancestors()]
        council = next((a.code for a in chain if a.level == Level.COUNCIL), None)
        ward = next((a.code for a in chain if a.level == Level.WARD), None)
        found[area.code] = AreaInfo(level=area.level, council=council, ward=ward)
    return found


def _code_for_new_indicator(organisation_name: str, title: str) -> tuple[str, Indicator | None]:
    """The code for a council's new indicator, and the indicator already holding it if the title is the same.

    An upload never silently joins an indicator of another title: when the plain
    code is taken by another title a hashed code is used, and ("", None) is
    returned if even that is taken.
    """
    for distinguish in (False, True):
        code = local_indicator_code(organisation_name, title, distinguish=distinguish)
        held = Indicator.objects.filter(code=code).first()
        if (
            held is None
            or " ".join(held.title.split()).casefold() == " ".join(title.split()).casefold()
        ):
            return code, held
    return "", None


@login_required
def upload_new(request: HttpRequest) -> HttpResponse:
    """Upload a council's own figures; they are checked and previewed before anything is stored."""
    organisations = councils_for_uploads(request.user)
    if not organisations:
        raise PermissionDenied("Only officers of a council may upload figures.")
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        local_indicators=_local_indicators(organisations),
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        upload_file = form.cleaned_data["file"]
        content = upload_file.read()
        existing = form.cleaned_data.get("existing")
        title = existing.title if existing else form.cleaned_data["title"].strip()
        code, indicator = existing.code if existing else "", existing
        if existing is None:
            code, indicator = _code_for_new_indicator(organisation.name, title)
        try:
            if code == "":
                raise UploadError(
                    _(
                        "Another indicator already has a title this close to “%(title)s”. "
                        "Choose it under “Add to one of your council's indicators”, or change the title."
                    )
                    % {"title": title}
                )
            rows = read_table(upload_file.name, content)
            scope = user_scope(
                request.user, min_role=Role.OFFICER, kinds=(OrganisationKind.COUNCIL,)
            )
            held: dict[str, list[Period]] = defaultdict(list)
            if indicator is not None:
                for area_code, start, end in IndicatorValue.objects.filter(
                    indicator=indicator
                ).values_list("area_code", "period_start", "period_end"):
                    held[area_code].append((start, end))
            checked = check_rows(
                rows,
                area_info=_area_info,
                may_act_in=lambda info: scope.covers(info.council, info.ward),
                held_periods=held,
            )
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            upload = Upload.objects.create(
                organisation=organisation,
                uploaded_by=request.user,  # type: ignore[misc]  # signed in: login_required
                file_name=upload_file.name[:255],
                sha256=file_sha256(content),
                indicator=indicator,
                indicator_code=code,
                indicator_title=title,
                unit=existing.unit if existing else form.cleaned_data["unit"],
                polarity=existing.polarity if existing else form.cleaned_data["polarity"],
                rows=checked,
            )
            record(AuditAction.CREATE, upload, organisation=organisation)
            return redirect(upload)
    # A POST that reaches here was refused: the form is shown again with its errors.
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/upload_new.html", {"form": form}, status=status)


@login_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The checked rows of an upload, with row-level errors; import all, import the clean rows, or discard."""
    upload = get_for_user(
        Upload.objects.select_related("organisation", "uploaded_by"), request.user, "view", pk=pk
    )
    form = UploadDecisionForm(request.POST or None)
    if request.method == "POST":
        upload = get_for_user(Upload.objects.all(), request.user, "change", pk=pk)
        if upload.status != UploadStatus.PENDING:
            messages.info(request, _("This upload has already been dealt with."))
            return redirect(upload)
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            if decision == "discard":
                upload.status = UploadStatus.DISCARDED
                upload.save(update_fields=["status"])
                record(AuditAction.UPDATE, upload, changes={"status": "discarded"})
                messages.success(request, _("The upload was discarded. Nothing was imported."))
                return redirect("indicators-home")
            if decision == "import_all" and upload.error_rows:
                form.add_error(
                    "decision",
                    _(
                        "Some rows have errors: correct the file and upload it again, or import only the clean rows."
                    ),
                )
            elif not upload.clean_rows:
                form.add_error(
                    "decision", _("No row is free of errors, so there is nothing to import.")
                )
            else:
                count = _import_upload(upload)
                messages.success(request, _("%(count)s values were imported.") % {"count": count})
                return redirect("indicators-indicator-detail", code=upload.indicator_code)
    return render(
        request,
        "indicators/upload_detail.html",
        {
            "upload": upload,
            "form": form,
            "errors": upload.error_rows,
            "clean": upload.clean_rows,
            "pending": upload.status == UploadStatus.PENDING,
        },
    )


def _import_upload(upload: Upload) -> int:
    """Store the clean rows of an upload as a new dataset, in one transaction."""
    with transaction.atomic():
        locked = Upload.objects.select_for_update().get(pk=upload.pk)
        if locked.status != UploadStatus.PENDING:
            return 0
        indicator = locked.indicator or Indicator.objects.filter(code=locked.indicator_code).first()
        if indicator is None:
            indicator = Indicator.objects.create(
                code=locked.indicator_code,
                title=locked.indicator_title,
                definition=_("Figures supplied by %(org)s.") % {"org": locked.organisation.name},
                source=locked.organisation.name,
                topic=Topic.LOCAL,
                unit=locked.unit,
                polarity=locked.polarity,
                levels=sorted({r["area_level"] for r in locked.clean_rows}),
            )
        dataset, _created = Dataset.objects.get_or_create(
            source=f"upload-{locked.organisation_id}",
            sha256=locked.sha256,
            defaults={
                "kind": DatasetKind.UPLOAD,
                "title": f"{locked.file_name} ({locked.organisation.name})",
                "publisher": locked.organisation.name,
                "file_path": locked.file_name,
                "organisation": locked.organisation,
            },
        )
        rows = [
            ValueRow(
                area_code=r["area_code"],
                area_level=r["area_level"],
                period_start=dt.date.fromisoformat(r["period_start"]),
                period_end=dt.date.fromisoformat(r["period_end"]),
                value=r["value"],
            )
            for r in locked.clean_rows
        ]
        count = replace_values(dataset, indicator, rows)
        locked.status = UploadStatus.IMPORTED
        locked.indicator = indicator
        locked.dataset = dataset
        locked.imported_rows = count
        locked.save(update_fields=["status", "indicator", "dataset", "imported_rows"])
        record(AuditAction.UPDATE, locked, changes={"status": "imported", "rows": count})
    return count
