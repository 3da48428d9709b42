"""Which area holds a point, in the boundaries valid on a date."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Sequence

import numpy as np
from django.utils import timezone

from cohesion.places.choices import Level
from cohesion.places.models import Area, Generation
from cohesion.places.spatial import AreaIndex, assign_points, build_area_index, polygon_from_geojson


class AssignmentError(ValueError):
    """A point could not be placed in an area; the message says why."""


_cache: dict[tuple[int, int, int], AreaIndex] = {}
_cache_lock = threading.Lock()


def _generation_for(level: str, on_date: dt.date) -> Generation:
    if level not in Level.values:
        raise AssignmentError(f"Unknown level {level!r}; choose one of {', '.join(Level.values)}.")
    generation = (
        Generation.objects.filter(level=level, has_boundaries=True)
        .valid_on(on_date)
        .order_by("-valid_from")
        .first()
    )
    if generation is None:
        raise AssignmentError(
            f"No {Level(level).label.lower()} boundaries are loaded for {on_date:%d %B %Y}."
        )
    return generation


def area_index(generation: Generation) -> AreaIndex:
    """The spatial index of a generation, built once per process and rebuilt when areas are added."""
    count = generation.areas.exclude(boundary="").count()
    key = (generation.pk, count, generation.sources.count())
    with _cache_lock:
        index = _cache.get(key)
    if index is None:
        rows = list(
            generation.areas.exclude(boundary="").order_by("code").values_list("code", "boundary")
        )
        index = build_area_index(
            [code for code, _ in rows], [polygon_from_geojson(json.loads(b)) for _, b in rows]
        )
        with _cache_lock:
            for stale in [k for k in _cache if k[0] == generation.pk]:
                del _cache[stale]
            _cache[key] = index
    return index


def assign_points_to_areas(
    lons: Sequence[float] | np.ndarray,
    lats: Sequence[float] | np.ndarray,
    level: str = Level.WARD,
    on_date: dt.date | None = None,
) -> np.ndarray:
    """Codes of the areas holding each point (``None`` for points in none), vectorised."""
    generation = _generation_for(level, on_date or timezone.localdate())
    return assign_points(area_index(generation), lons, lats)


def assign_point_to_area(
    lon: float, lat: float, level: str = Level.WARD, on_date: dt.date | None = None
) -> Area:
    """The area of ``level`` holding the point, in the generation valid on ``on_date`` (today by default)."""
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise AssignmentError(f"({lon}, {lat}) is not a longitude and latitude in degrees.")
    on_date = on_date or timezone.localdate()
    generation = _generation_for(level, on_date)
    code = assign_points(area_index(generation), [lon], [lat])[0]
    if code is None:
        raise AssignmentError(
            f"The point ({lon:.5f}, {lat:.5f}) is not inside any {Level(level).label.lower()} "
            f"of {generation.name} loaded in Cohesion."
        )
    return generation.areas.get(code=code)
