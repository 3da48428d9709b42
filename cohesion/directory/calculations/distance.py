"""Distances between points given in WGS 84 latitude and longitude.

Great-circle distance by the haversine formula (R. W. Sinnott, "Virtues of the
haversine", Sky and Telescope 68(2):159, 1984) on a sphere of the mean Earth
radius R1 = 6,371.0088 km (H. Moritz, "Geodetic Reference System 1980",
Journal of Geodesy 74:128-133, 2000; IUGG mean radius of the GRS 80
ellipsoid). Over the few kilometres of a directory search the spherical
answer is within 0.5 % of the ellipsoidal one, far below the uncertainty of
where a postcode's or ward's point stands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

EARTH_RADIUS_KM = 6371.0088

# A 20-minute walk at 4.8 km/h, the walking speed the Department for Transport
# assumes in its journey time statistics ("Journey time statistics: notes and
# definitions", DfT, 2019 onwards): 1.6 km, about a mile.
WALKING_SPEED_KMH = 4.8
WALKING_MINUTES = 20
WALKING_DISTANCE_KM = WALKING_SPEED_KMH * WALKING_MINUTES / 60


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points (degrees)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distances_km(
    lat: float, lon: float, lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Distances in kilometres from one point to many, vectorised (same formula)."""
    phi1 = np.radians(lat)
    phi2 = np.radians(np.asarray(lats, dtype=float))
    dphi = phi2 - phi1
    dlambda = np.radians(np.asarray(lons, dtype=float) - lon)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def distance_matrix_km(
    lats_a: Sequence[float] | np.ndarray,
    lons_a: Sequence[float] | np.ndarray,
    lats_b: Sequence[float] | np.ndarray,
    lons_b: Sequence[float] | np.ndarray,
) -> np.ndarray:
    """Distances in kilometres from every point of A (rows) to every point of B (columns)."""
    phi1 = np.radians(np.asarray(lats_a, dtype=float))[:, None]
    phi2 = np.radians(np.asarray(lats_b, dtype=float))[None, :]
    dlambda = np.radians(
        np.asarray(lons_b, dtype=float)[None, :] - np.asarray(lons_a, dtype=float)[:, None]
    )
    h = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) of a box that holds every point within ``km``.

    Used to let the database discard far points with an index before the exact
    distance is computed: a degree of latitude is R·π/180 km everywhere, a
    degree of longitude shrinks by cos(latitude), taken at the box's edge
    nearest the pole so the box never cuts the circle.
    """
    if km < 0:
        raise ValueError("a distance cannot be negative")
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    far_lat = min(89.9, abs(lat) + dlat)
    dlon = min(180.0, math.degrees(km / (EARTH_RADIUS_KM * math.cos(math.radians(far_lat)))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def walking_minutes(km: float) -> int:
    """Minutes to walk ``km`` at the DfT walking speed, rounded up."""
    # Rounded to the second first, so 1.6 km is 20 minutes and not 20.000000000000004.
    return math.ceil(round(km / WALKING_SPEED_KMH * 3600) / 60)
