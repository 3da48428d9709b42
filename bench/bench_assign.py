"""Point-to-ward assignment for all 7,590 wards of England and Wales: Cohesion against geopandas.

A million points (``--quick``: 100,000), seeded, are placed in the May 2025
wards. Nine in ten fall where people live: a ward is drawn with probability
proportional to its Census 2021 population and the point is drawn uniformly
within that ward's bounding box, so it often lands in a neighbour. One in ten is
drawn uniformly over the bounding box of England and Wales, so many land in
the sea or in Scotland and belong to no ward.

Cohesion builds its index with ``build_area_index`` and places the points with
``assign_points`` (pure functions, no database). geopandas builds a
GeoDataFrame of the wards with its spatial index, then makes point geometries
and calls ``geopandas.sjoin(predicate="within")`` (which itself indexes the
points and asks which points each ward contains). Both start from the same
repaired polygons (fresh copies for every run, so neither reuses the other's
prepared geometries) and from longitude and latitude arrays, and both end with
one ward code per point. A point matched by more than one ward (simplified
boundaries overlap slightly) goes, on both sides, to the ward that comes first
in the index; points on a boundary line itself would be given a ward by
Cohesion and none by "within", and the run reports how many answers differ.

Run: ``.venv/bin/python bench/bench_assign.py`` (``--quick`` for 100,000 points).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from cohesion.places.spatial import assign_points, build_area_index, polygon_from_geojson

WARDS_FILE = Path("boundaries/ew_wards_wd25_bgc_simplified.geojson.gz")
POPULATION_FILE = Path("census2021_ew/ew_wd25_census2021_pct_from_oa.csv")
POINTS = 1_000_000
QUICK_POINTS = 100_000
SHARE_UNIFORM = 0.1


def default_data_dir() -> Path:
    configured = os.environ.get("COHESION_DATA_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def load_wards(data_dir: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ward codes, their repaired polygons (as Cohesion stores them) and Census 2021 populations."""
    with gzip.open(data_dir / WARDS_FILE, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    codes = np.array([f["properties"]["WD25CD"] for f in features], dtype=object)
    polygons = np.empty(len(features), dtype=object)
    polygons[:] = [polygon_from_geojson(f["geometry"]) for f in features]
    census = pd.read_csv(data_dir / POPULATION_FILE, usecols=["wd25cd", "population"])
    population = (
        census.set_index("wd25cd")["population"].reindex(codes).fillna(0).to_numpy(dtype=float)
    )
    return codes, polygons, population


def make_points(
    polygons: np.ndarray, population: np.ndarray, size: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Seeded longitudes and latitudes: mostly near where people live, some anywhere."""
    rng = np.random.default_rng(seed)
    bounds = shapely.bounds(polygons)
    near_people = size - int(size * SHARE_UNIFORM)
    ward = rng.choice(len(polygons), size=near_people, p=population / population.sum())
    lons = rng.uniform(bounds[ward, 0], bounds[ward, 2])
    lats = rng.uniform(bounds[ward, 1], bounds[ward, 3])
    west, south = bounds[:, :2].min(axis=0)
    east, north = bounds[:, 2:].max(axis=0)
    anywhere = size - near_people
    lons = np.concatenate([lons, rng.uniform(west, east, anywhere)])
    lats = np.concatenate([lats, rng.uniform(south, north, anywhere)])
    order = rng.permutation(size)
    return lons[order], lats[order]


def fresh_copies(polygons: np.ndarray) -> np.ndarray:
    """New, unprepared geometry objects equal to ``polygons``."""
    copies: np.ndarray = shapely.from_wkb(shapely.to_wkb(polygons))
    return copies


def run_cohesion(
    codes: np.ndarray, polygons: np.ndarray, lons: np.ndarray, lats: np.ndarray
) -> tuple[float, float, np.ndarray]:
    start = time.perf_counter()
    index = build_area_index(codes.tolist(), polygons)
    built = time.perf_counter()
    result = assign_points(index, lons, lats)
    return built - start, time.perf_counter() - built, result


def run_geopandas(
    codes: np.ndarray, polygons: np.ndarray, lons: np.ndarray, lats: np.ndarray
) -> tuple[float, float, np.ndarray]:
    import geopandas

    start = time.perf_counter()
    wards = geopandas.GeoDataFrame({"code": codes}, geometry=polygons, crs="EPSG:4326")
    wards.sindex  # noqa: B018 - builds the index now, so it counts as set-up
    built = time.perf_counter()
    points = geopandas.GeoDataFrame(geometry=geopandas.points_from_xy(lons, lats), crs="EPSG:4326")
    joined = geopandas.sjoin(points, wards, how="inner", predicate="within")
    # First match by ward position for a point matched more than once (overlaps).
    point = joined.index.to_numpy()
    ward = joined["index_right"].to_numpy()
    order = np.lexsort((ward, point))
    point, ward = point[order], ward[order]
    first = np.ones(len(point), dtype=bool)
    first[1:] = point[1:] != point[:-1]
    result = np.full(len(lons), None, dtype=object)
    result[point[first]] = codes[ward[first]]
    return built - start, time.perf_counter() - built, result


def timed(
    function: Callable[..., tuple[float, float, np.ndarray]],
    codes: np.ndarray,
    polygons: np.ndarray,
    lons: np.ndarray,
    lats: np.ndarray,
    repeats: int,
) -> tuple[float, float, np.ndarray]:
    """Median build and assignment seconds over ``repeats`` runs, each on fresh polygons, and the last result."""
    builds, assigns = [], []
    result: np.ndarray = np.empty(0, dtype=object)
    for _ in range(repeats):
        copies = fresh_copies(polygons)
        build, assign, result = function(codes, copies, lons, lats)
        builds.append(build)
        assigns.append(assign)
    return statistics.median(builds), statistics.median(assigns), result


def row(label: str, build: float, assign: float, points: int) -> str:
    return f"{label:<48}{build:>10.4f}{assign:>10.3f}{points / assign:>14,.0f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_POINTS:,} points")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each implementation; the median is shown"
    )
    parser.add_argument("--seed", type=int, default=20250501)
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    args = parser.parse_args(argv)

    size = QUICK_POINTS if args.quick else POINTS
    codes, polygons, population = load_wards(args.data_dir)
    lons, lats = make_points(polygons, population, size, args.seed)
    import geopandas  # imported before timing so neither side pays for module loading

    ours_build, ours_assign, ours = timed(run_cohesion, codes, polygons, lons, lats, args.repeats)
    gpd_build, gpd_assign, theirs = timed(run_geopandas, codes, polygons, lons, lats, args.repeats)

    differing = int(np.count_nonzero(ours != theirs))
    placed = int(np.count_nonzero(ours != np.array(None)))
    print(
        f"Point to ward assignment: {size:,} seeded points, {len(codes):,} May 2025 wards of "
        f"England and Wales (simplified boundaries)"
    )
    print(
        f"{placed:,} points ({placed / size:.1%}) fall in a ward. "
        f"Median of {args.repeats} runs each{' (--quick)' if args.quick else ''}."
    )
    print()
    print(f"{'implementation':<48}{'build s':>10}{'assign s':>10}{'points/s':>14}")
    print(row("Cohesion build_area_index + assign_points", ours_build, ours_assign, size))
    print(
        row(
            f'geopandas {geopandas.__version__} sjoin(predicate="within")',
            gpd_build,
            gpd_assign,
            size,
        )
    )
    print(f"{'speed-up, assignment (geopandas / Cohesion)':<48}{gpd_assign / ours_assign:>19.1f}x")
    print(f"{'differing assignments':<48}{differing:>20,}")
    if differing:
        raise SystemExit(f"{differing} points were placed differently by the two implementations.")


if __name__ == "__main__":
    main()
