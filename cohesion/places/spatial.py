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
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree


class GeometryError(ValueError):
    """A boundary could not be read as a polygon."""


@dataclass(frozen=True)
class AreaIndex:
    """Prepared polygons of one generation, their bounding boxes and an R-tree over them.

    Preparing a polygon (GEOS ``PreparedGeometry``) indexes its edges, so each
    point-in-polygon test costs O(log edges) rather than O(edges) (GEOS
    ``IndexedPointInAreaLocator``). The R-tree (Guttman 1984; Sort-Tile-Recursive
    packing, Leutenegger et al. 1997) finds the few candidate polygons of a few
    points; many points are swept instead (see :func:`assign_point_positions`).
    """

    codes: np.ndarray
    geometries: np.ndarray
    # One row per polygon: min x, min y, max x, max y.
    bounds: np.ndarray
    tree: STRtree

    def __len__(self) -> int:
        return len(self.codes)


def polygon_from_geojson(geometry: dict[str, Any]) -> BaseGeometry:
    """A valid (multi)polygon from a GeoJSON geometry, repaired if it is not valid.

    Repair uses GEOS's "structure" method (``shapely.make_valid(method="structure")``,
    GEOS 3.10+): shells are unioned and holes subtracted, so parts of one area
    that overlap stay inside it, and rings that have collapsed to a line or a
    point (common after simplification, e.g. three-point rings in the
    simplified England and Wales wards) are dropped rather than kept as lines.
    """
    try:
        geom = shapely.geometry.shape(geometry)
    except (KeyError, TypeError, ValueError, AttributeError, GEOSException) as exc:
        raise GeometryError(f"not a GeoJSON geometry ({exc})") from exc
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeometryError(f"expected a Polygon or MultiPolygon, found {geom.geom_type}")
    if geom.is_empty:
        raise GeometryError("the polygon is empty")
    if not geom.is_valid:
        try:
            geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        except GEOSException as exc:
            raise GeometryError(f"the polygon cannot be repaired ({exc})") from exc
        if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise GeometryError("the polygon has no area once repaired")
    return geom


def build_area_index(codes: Sequence[str], geometries: Sequence[BaseGeometry]) -> AreaIndex:
    """An index over polygons; ``codes[i]`` names ``geometries[i]``."""
    if len(codes) != len(geometries):
        raise ValueError("codes and geometries must have the same length")
    if len(codes) == 0:
        raise ValueError("there are no boundaries to index")
    geoms = np.empty(len(geometries), dtype=object)
    geoms[:] = list(geometries)
    shapely.prepare(geoms)
    bounds = shapely.bounds(geoms)
    # GEOS builds a prepared polygon's edge index on its first test; do it now, so
    # the index is complete when built and is only read afterwards (it is shared
    # between threads by the assignment cache).
    shapely.intersects_xy(geoms, bounds[:, 0], bounds[:, 1])
    return AreaIndex(
        codes=np.asarray(codes, dtype=object), geometries=geoms, bounds=bounds, tree=STRtree(geoms)
    )


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
    """Like :func:`assign_points` but returns each point's position in the index (-1 for none).

    A point belongs to a polygon that it intersects (its interior or boundary).
    Where several do (a shared edge, or an overlap of simplified boundaries) the
    lowest position wins, whichever of the two methods below is used:

    - fewer points than polygons: each point's candidates come from the R-tree
      and are tested with ``STRtree.query(predicate="intersects")``;
    - otherwise a plane sweep over x (Preparata and Shamos, *Computational
      Geometry: An Introduction*, 1985, section 1.3): the points are sorted by
      longitude once, so those in a polygon's bounding box are one slice found
      by binary search and filtered by latitude, then tested against the
      prepared polygon with ``shapely.intersects_xy``, which needs no point
      geometries. Visiting polygons in index order and testing only points not
      yet placed gives each point the lowest position that holds it.
    """
    x = np.asarray(lons, dtype=float)
    y = np.asarray(lats, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(
            "longitudes and latitudes must be one-dimensional arrays of the same length"
        )
    result = np.full(len(x), -1, dtype=np.int64)
    which = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if len(which) == 0:
        return result
    if len(which) < len(index):
        result[which] = _positions_from_tree(index, x[which], y[which])
    else:
        result[which] = _positions_by_sweep(index, x[which], y[which])
    return result


def _positions_from_tree(index: AreaIndex, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    point_idx, area_idx = index.tree.query(shapely.points(x, y), predicate="intersects")
    lowest = np.full(len(x), len(index), dtype=np.int64)
    np.minimum.at(lowest, point_idx, area_idx)
    lowest[lowest == len(index)] = -1
    return lowest


def _positions_by_sweep(index: AreaIndex, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    found = np.full(len(xs), -1, dtype=np.int64)
    min_x, min_y, max_x, max_y = index.bounds.T
    starts = np.searchsorted(xs, min_x, side="left")
    stops = np.searchsorted(xs, max_x, side="right")
    for area in np.flatnonzero(stops > starts).tolist():
        start = int(starts[area])
        band = ys[start : stops[area]]
        candidates = np.flatnonzero((band >= min_y[area]) & (band <= max_y[area]))
        candidates += start
        candidates = candidates[found[candidates] < 0]
        if len(candidates) == 0:
            continue
        inside = shapely.intersects_xy(index.geometries[area], xs[candidates], ys[candidates])
        found[candidates[inside]] = area
    positions = np.empty_like(found)
    positions[order] = found
    return positions


def shares_edge(a: BaseGeometry, b: BaseGeometry) -> bool:
    """Whether two polygons are neighbours: they share a stretch of boundary (or overlap), not just a corner."""
    return bool(a.intersects(b) and a.intersection(b).length > 0)


def touching_pairs(geometries: Sequence[BaseGeometry]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of polygons that share a boundary or overlap: neighbours."""
    geoms = np.asarray(geometries, dtype=object)
    if len(geoms) == 0:
        return []
    tree = STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    pairs = zip(left[keep].tolist(), right[keep].tolist(), strict=True)
    return [(i, j) for i, j in pairs if shares_edge(geoms[i], geoms[j])]
