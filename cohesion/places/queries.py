"""Read-only questions about places, for views, the API and other apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from cohesion.places.choices import Level
from cohesion.places.models import Area, Generation
from cohesion.places.spatial import polygon_from_geojson, shares_edge


def get_area(code: str, generation_code: str | None = None, on_date: dt.date | None = None) -> Area:
    """The area with this GSS code: in the named generation, or the one valid on the date, or the latest.

    Raises Http404 with a plain message when the code is not known.
    """
    code = code.strip().upper()
    qs = Area.objects.filter(code=code).select_related("generation", "parent", "parent__generation")
    if generation_code:
        area = qs.filter(generation__code=generation_code.upper()).first()
        if area is None:
            raise Http404(f"No area {code} in generation {generation_code}.")
        return area
    on_date = on_date or timezone.localdate()
    current = qs.filter(generation__valid_from__lte=on_date).filter(
        Q(generation__valid_to__isnull=True) | Q(generation__valid_to__gte=on_date)
    )
    area = (
        current.order_by("-generation__valid_from").first()
        or qs.order_by("-generation__valid_from").first()
    )
    if area is None:
        raise Http404(f"No area has the code {code}.")
    return area


def councils_of_wards(ward_codes: Any) -> set[str]:
    """The GSS codes of the councils holding these wards (in any generation)."""
    codes = set(ward_codes or ())
    if not codes:
        return set()
    return set(
        Area.objects.filter(code__in=codes, parent__isnull=False).values_list(
            "parent__code", flat=True
        )
    )


# The level shown beneath each kind of area, most useful first.
CHILD_LEVELS = (Level.WARD, Level.LSOA, Level.OUTPUT_AREA, Level.MSOA, Level.COUNCIL)


def children_of(area: Area, on_date: dt.date | None = None) -> list[Area]:
    """The areas directly beneath ``area`` in boundaries valid on the date: wards of a council, LSOAs of a ward..."""
    children = (
        Area.objects.current(on_date=on_date).filter(parent=area).select_related("generation")
    )
    levels = set(children.values_list("level", flat=True))
    for level in CHILD_LEVELS:
        if level in levels:
            return list(children.filter(level=level).order_by("name"))
    return []


def neighbours(area: Area) -> list[Area]:
    """Areas of the same generation that share a boundary with ``area``."""
    if not area.boundary or area.min_lon is None:
        return []
    candidates = list(
        Area.objects.filter(
            generation=area.generation,
            min_lon__lte=area.max_lon,
            max_lon__gte=area.min_lon,
            min_lat__lte=area.max_lat,
            max_lat__gte=area.min_lat,
        )
        .exclude(pk=area.pk)
        .exclude(boundary="")
        .select_related("parent")
    )
    shape = polygon_from_geojson(area.geometry or {})
    found = []
    for other in candidates:
        other_shape = polygon_from_geojson(other.geometry or {})
        if shares_edge(shape, other_shape):
            found.append(other)
    return sorted(found, key=lambda a: a.name)


def area_summary(area: Area) -> dict[str, Any]:
    return {"code": area.code, "name": area.name, "level": area.level}


def generation_summary(generation: Generation) -> dict[str, Any]:
    return {
        "code": generation.code,
        "name": generation.name,
        "valid_from": generation.valid_from,
        "valid_to": generation.valid_to,
    }


def area_feature(area: Area) -> dict[str, Any]:
    """A GeoJSON Feature for an area (geometry may be null when no boundary is held)."""
    return {
        "type": "Feature",
        "id": area.code,
        "geometry": area.geometry,
        "properties": {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "generation": area.generation.code,
            "population": area.population,
            "url": area.get_absolute_url(),
        },
    }


def feature_collection(areas: list[Area]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [area_feature(a) for a in areas]}


def area_names(codes: Iterable[str]) -> dict[str, str]:
    """Code -> name for the areas with these GSS codes, in one query (the newest name when a code
    appears in several boundary generations)."""
    codes = {c for c in codes if c}
    names: dict[str, str] = {}
    for code, name in (
        Area.objects.filter(code__in=codes).order_by("code", "pk").values_list("code", "name")
    ):
        names[code] = name
    return names
