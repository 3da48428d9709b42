"""Point-in-polygon assignment, vectorised over many points at once.

Pure functions over shapely geometries and numpy arrays; the database layer
(:mod:`cohesion.places.assignment`) builds an :class:`AreaIndex` once per
generation and reuses it.

A point on a shared edge lies in both neighbours; we give it to the area that
comes first in the index (the order areas were given), so the answer is
deterministic. A point in no area gets ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree


class GeometryError(ValueError):
    """A boundary could not be read as a polygon."""


@dataclass(frozen=True)
class AreaIndex:
    """Polygons of one generation with an R-tree over them (Guttman 1984; Sort-Tile-Recursive packing, Leutenegger et al. 1997)."""

    codes: np.ndarray
    geometries: np.ndarray
    tree: STRtree

    def __len__(self) -> int:
        return len(self.codes)


def polygon_from_geojson(geometry: dict[str, Any]) -> BaseGeometry:
    """A valid (multi)polygon from a GeoJSON geometry, repaired if self-intersecting."""
    try:
        geom = shapely.geometry.shape(geometry)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GeometryError(f"not a GeoJSON geometry ({exc})") from exc
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeometryError(f"expected a Polygon or MultiPolygon, found {geom.geom_type}")
    if geom.is_empty:
        raise GeometryError("the polygon is empty")
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def build_area_index(codes: Sequence[str], geometries: Sequence[BaseGeometry]) -> AreaIndex:
    """An index over polygons; ``codes[i]`` names ``geometries[i]``."""
    if len(codes) != len(geometries):
        raise ValueError("codes and geometries must have the same length")
    if len(codes) == 0:
        raise ValueError("there are no boundaries to index")
    geoms = np.asarray(geometries, dtype=object)
    shapely.prepare(geoms)
    return AreaIndex(codes=np.asarray(codes, dtype=object), geometries=geoms, tree=STRtree(geoms))


def assign_points(index: AreaIndex, lons: Any, lats: Any) -> np.ndarray:
    """The code of the area containing each point, or ``None`` where a point lies in none.

    ``lons`` and ``lats`` are equal-length arrays of WGS 84 degrees. Points with a
    missing coordinate are not placed. Returns an object array of codes.
    """
    positions = assign_point_positions(index, lons, lats)
    out = np.full(len(positions), None, dtype=object)
    found = positions >= 0
    out[found] = index.codes[positions[found]]
    return out


def assign_point_positions(index: AreaIndex, lons: Any, lats: Any) -> np.ndarray:
    """Like :func:`assign_points` but returns each point's position in the index (-1 for none)."""
    x = np.asarray(lons, dtype=float)
    y = np.asarray(lats, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(
            "longitudes and latitudes must be one-dimensional arrays of the same length"
        )
    result = np.full(len(x), -1, dtype=np.int64)
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return result
    which = np.flatnonzero(finite)
    points = shapely.points(x[which], y[which])
    point_idx, area_idx = index.tree.query(points, predicate="within")
    if len(point_idx) == 0:
        return result
    # Lowest area position wins for points on a shared edge: sort by (point, area).
    order = np.lexsort((area_idx, point_idx))
    point_idx, area_idx = point_idx[order], area_idx[order]
    first = np.ones(len(point_idx), dtype=bool)
    first[1:] = point_idx[1:] != point_idx[:-1]
    result[which[point_idx[first]]] = area_idx[first]
    return result


def touching_pairs(geometries: Sequence[BaseGeometry]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of polygons that share a boundary or overlap: neighbours."""
    geoms = np.asarray(geometries, dtype=object)
    if len(geoms) == 0:
        return []
    tree = STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    pairs = zip(left[keep].tolist(), right[keep].tolist(), strict=True)
    # Corner-only contacts are not neighbours: require a shared edge of some length.
    return [
        (i, j)
        for i, j in pairs
        if geoms[i].intersection(geoms[j]).length > 0 or geoms[i].overlaps(geoms[j])
    ]
