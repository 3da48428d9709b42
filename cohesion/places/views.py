from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.core.params import code_param, text_param
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level, RelationKind
from cohesion.places.models import Area
from cohesion.places.queries import (
    area_feature,
    area_summary,
    children_of,
    feature_collection,
    generation_summary,
    get_area,
    neighbours,
)

SEARCH_LIMIT = 50


def _as_of(area: Area) -> dt.date:
    """Children are shown as they were while the area's own generation was valid (today, if it still is)."""
    today = timezone.localdate()
    if area.generation.valid_to is not None and area.generation.valid_to < today:
        return area.generation.valid_to
    return today


def area_search(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    query = text_param(request.GET, "q")[:100]
    matches = (
        Area.objects.search(query)
        .select_related("generation", "parent")
        .order_by("level", "name", "code", "-generation__valid_from")
        if query
        else Area.objects.none()
    )
    # An unchanged ward appears once per boundary generation: show it once, newest first.
    results: list[Area] = []
    generations: dict[str, list[str]] = {}
    for area in matches[: SEARCH_LIMIT * 8]:
        if area.code not in generations:
            if len(results) == SEARCH_LIMIT:
                break
            results.append(area)
            generations[area.code] = []
        generations[area.code].append(area.generation.code)
    for area in results:
        area.generation_codes = generations[area.code]  # type: ignore[attr-defined]
    rows = [
        {
            **area_summary(a),
            "generation": a.generation.code,
            "generations": " ".join(generations[a.code]),
            "parent": a.parent.name if a.parent else "",
        }
        for a in results
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="places/search.html",
            context={"query": query, "results": results, "limit": SEARCH_LIMIT},
            data={"query": query, "results": rows},
            rows=rows,
            columns=["code", "name", "level", "generation", "generations", "parent"],
            filename="areas-search",
        ),
    )


def area_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    area = get_area(code, code_param(request.GET, "generation") or None)
    children = children_of(area, _as_of(area))
    within = [
        a
        for a in area.related(RelationKind.WITHIN).select_related("generation").order_by("level")
        if a.pk != area.parent_id
    ]
    near = neighbours(area) if area.level in (Level.WARD, Level.COUNCIL, Level.LSOA) else []
    other_generations = list(
        Area.objects.filter(code=area.code)
        .exclude(pk=area.pk)
        .select_related("generation")
        .order_by("-generation__valid_from")
    )
    data: dict[str, Any] = {
        **area_summary(area),
        "generation": generation_summary(area.generation),
        "parent": area_summary(area.parent) if area.parent else None,
        "children": [
            {"code": c.code, "name": c.name, "level": c.level, "population": c.population}
            for c in children
        ],
        "within": [area_summary(a) for a in within],
        "neighbours": [area_summary(a) for a in near],
        "population": area.population,
        "population_source": area.population_source or None,
        "centroid": [area.centroid_lon, area.centroid_lat]
        if area.centroid_lon is not None
        else None,
        "bbox": [area.min_lon, area.min_lat, area.max_lon, area.max_lat]
        if area.min_lon is not None
        else None,
        "other_generations": [a.generation.code for a in other_generations],
        "links": {
            "html": area.get_absolute_url(),
            "geojson": f"/areas/{area.code}.geojson",
            "children_geojson": f"/areas/{area.code}/children.geojson" if children else None,
        },
    }
    rows: list[dict[str, Any]] = [
        {"relationship": "self", **area_summary(area), "population": area.population}
    ]
    if area.parent:
        rows.append(
            {
                "relationship": "parent",
                **area_summary(area.parent),
                "population": area.parent.population,
            }
        )
    rows += [
        {"relationship": "within", **area_summary(a), "population": a.population} for a in within
    ]
    rows += [
        {"relationship": "child", **area_summary(c), "population": c.population} for c in children
    ]
    rows += [
        {"relationship": "neighbour", **area_summary(n), "population": n.population} for n in near
    ]
    context = {
        "area": area,
        "children": children,
        "within": within,
        "neighbours": near,
        "other_generations": other_generations,
        "children_have_boundaries": any(c.boundary for c in children),
        "level_label": Level(area.level).label,
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="places/area_detail.html",
            context=context,
            data=data,
            rows=rows,
            columns=["relationship", "code", "name", "level", "population"],
            filename=f"area-{area.code}",
            geojson=area_feature(area),
        ),
    )


def area_children_geojson(request: HttpRequest, code: str) -> HttpResponse:
    area = get_area(code, code_param(request.GET, "generation") or None)
    children = children_of(area, _as_of(area))
    return render_twin(
        request,
        "geojson",
        Twin(template="", context={}, data=None, geojson=feature_collection(children)),
    )


def council_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    councils = list(Area.objects.current(Level.COUNCIL).order_by("name"))
    rows = [{**area_summary(c), "population": c.population} for c in councils]
    return render_twin(
        request,
        fmt,
        Twin(
            template="places/council_list.html",
            context={"councils": councils, "title": _("Councils")},
            data={"councils": rows},
            rows=rows,
            filename="councils",
        ),
    )
