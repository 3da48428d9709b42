"""``/service_at_locations?postcode=...&proximity=...``: services near a postcode, or covering it.

With ``proximity`` (metres), the services at locations within that distance of
the postcode's centroid, nearest first; without it, those whose service areas
cover the postcode's ward or council (or that state no service area), as the
HSDS 3.0 API reference describes the two parameters.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from cohesion.core.params import BadParameter
from cohesion.directory.models import ServiceArea

EARTH_RADIUS_METRES = 6_371_008.8  # IUGG mean radius (Moritz 2000, Geodetic Reference System 1980)
METRES_PER_DEGREE_LATITUDE = 111_320.0


def great_circle_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance along the Earth's surface by the haversine formula (Sinnott 1984, Sky & Telescope 68:159)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def near_postcode(rows: QuerySet[Any], text: str, proximity: int) -> QuerySet[Any]:
    from cohesion.places.postcodes import PostcodeLookupError, find_postcode

    try:
        postcode = find_postcode(text)
    except PostcodeLookupError as exc:
        raise BadParameter("postcode", str(exc)) from None
    if not proximity:
        covering = ServiceArea.objects.filter(
            area_code__in=[c for c in (postcode.ward_code, postcode.council_code) if c]
        )
        return rows.filter(
            Q(service__service_areas__isnull=True)
            | Q(service__id__in=covering.values("service_id"))
        ).distinct()
    lat, lon = float(postcode.lat or 0), float(postcode.lon or 0)
    dlat = proximity / METRES_PER_DEGREE_LATITUDE
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    candidates = rows.filter(
        location__latitude__range=(lat - dlat, lat + dlat),
        location__longitude__range=(lon - dlon, lon + dlon),
    ).values_list("id", "location__latitude", "location__longitude")
    distances = sorted(
        (great_circle_metres(lat, lon, la, lo), str(pk))
        for pk, la, lo in candidates
        if great_circle_metres(lat, lon, la, lo) <= proximity
    )
    if not distances:
        return rows.none()
    order = Case(
        *[When(id=pk, then=Value(rank)) for rank, (_d, pk) in enumerate(distances)],
        output_field=IntegerField(),
    )
    return rows.filter(id__in=[pk for _d, pk in distances]).order_by(order, "id")


__all__ = ["great_circle_metres", "near_postcode"]
