"""``/service_at_locations?postcode=...&proximity=...``: services near a postcode, or covering it.

With ``proximity`` (metres), the services at locations within that distance of
the postcode's centroid, nearest first; without it, those whose service areas
cover the postcode's ward or council (or that state no service area), as the
HSDS 3.0 API reference describes the two parameters.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from cohesion.core.params import BadParameter
from cohesion.directory.calculations.distance import bounding_box, distance_km
from cohesion.directory.models import ServiceArea


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
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, proximity / 1000)
    candidates = rows.filter(
        location__latitude__range=(min_lat, max_lat),
        location__longitude__range=(min_lon, max_lon),
    ).values_list("id", "location__latitude", "location__longitude")
    measured = ((distance_km(lat, lon, la, lo) * 1000, str(pk)) for pk, la, lo in candidates)
    distances = sorted((metres, pk) for metres, pk in measured if metres <= proximity)
    if not distances:
        return rows.none()
    order = Case(
        *[When(id=pk, then=Value(rank)) for rank, (_d, pk) in enumerate(distances)],
        output_field=IntegerField(),
    )
    return rows.filter(id__in=[pk for _d, pk in distances]).order_by(order, "id")


__all__ = ["near_postcode"]
