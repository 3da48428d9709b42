"""Where a location is: its ward, from its coordinates, through the places app."""

from __future__ import annotations

from cohesion.directory.models import Location
from cohesion.places.assignment import AssignmentError, assign_points_to_areas


def assign_wards(locations: list[Location]) -> int:
    """Set ``ward_code`` from the coordinates of each location that has them; returns how many changed.

    Points outside every loaded ward (or with no wards loaded) keep an empty code.
    """
    points = [
        (loc, lon, lat)
        for loc in locations
        if (lon := loc.longitude) is not None and (lat := loc.latitude) is not None
    ]
    if not points:
        return 0
    placed = [loc for loc, _lon, _lat in points]
    try:
        codes = assign_points_to_areas([p[1] for p in points], [p[2] for p in points])
    except AssignmentError:
        return 0
    changed = []
    for location, code in zip(placed, codes, strict=True):
        new = code or ""
        if location.ward_code != new:
            location.ward_code = new
            changed.append(location)
    Location.objects.bulk_update(changed, ["ward_code"])
    return len(changed)
