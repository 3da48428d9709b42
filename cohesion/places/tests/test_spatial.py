import numpy as np
import pytest
from shapely.geometry import Point, box

from cohesion.places.spatial import (
    GeometryError,
    assign_points,
    build_area_index,
    polygon_from_geojson,
    touching_pairs,
)


@pytest.fixture
def two_squares():
    # West covers x in [0, 1], east covers x in [1, 2]; they share the edge x = 1.
    return build_area_index(["WEST", "EAST"], [box(0, 0, 1, 1), box(1, 0, 2, 1)])


def test_points_are_placed_in_the_square_that_holds_them(two_squares):
    codes = assign_points(two_squares, [0.5, 1.5, 3.0], [0.5, 0.5, 0.5])
    assert codes.tolist() == ["WEST", "EAST", None]


def test_a_point_on_a_shared_edge_goes_to_the_first_area_in_the_index(two_squares):
    # x = 1 is the edge both squares share; a vertex of both is on it too.
    assert assign_points(two_squares, [1.0, 1.0], [0.5, 1.0]).tolist() == ["WEST", "WEST"]
    flipped = build_area_index(["EAST", "WEST"], [box(1, 0, 2, 1), box(0, 0, 1, 1)])
    assert assign_points(flipped, [1.0], [0.5]).tolist() == ["EAST"]


def test_a_point_where_two_areas_overlap_goes_to_the_first_area_in_the_index():
    index = build_area_index(["A", "B"], [box(0, 0, 2, 1), box(1, 0, 3, 1)])
    assert assign_points(index, [1.5], [0.5]).tolist() == ["A"]


def test_a_few_points_and_many_points_are_placed_alike():
    # Fewer points than areas are looked up in the R-tree; more are swept. Both must agree,
    # on edges, corners and overlaps too: a 10 x 10 grid of unit squares plus one overlapping square.
    squares = [box(i, j, i + 1, j + 1) for i in range(10) for j in range(10)]
    squares.append(box(2.5, 2.5, 4.5, 4.5))
    index = build_area_index([f"S{k}" for k in range(len(squares))], squares)
    rng = np.random.default_rng(7)
    lons = np.concatenate([rng.uniform(-1, 11, 400), rng.integers(0, 11, 200) * 1.0])
    lats = np.concatenate([rng.uniform(-1, 11, 400), rng.uniform(0, 10, 200)])
    together = assign_points(index, lons, lats)
    one_at_a_time = [assign_points(index, [x], [y])[0] for x, y in zip(lons, lats, strict=True)]
    by_hand = [
        next((f"S{k}" for k, square in enumerate(squares) if square.intersects(Point(x, y))), None)
        for x, y in zip(lons, lats, strict=True)
    ]
    assert together.tolist() == one_at_a_time == by_hand
    assert 0 < sum(code is None for code in by_hand) < 200


def test_points_with_missing_coordinates_are_not_placed(two_squares):
    assert assign_points(two_squares, [np.nan, 0.5], [0.5, np.inf]).tolist() == [None, None]


def test_mismatched_coordinate_arrays_are_refused(two_squares):
    with pytest.raises(ValueError, match="same length"):
        assign_points(two_squares, [0.5, 0.5], [0.5])


def test_a_line_is_not_accepted_as_a_boundary():
    with pytest.raises(GeometryError, match="Polygon"):
        polygon_from_geojson({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})


def test_a_ring_collapsed_by_simplification_is_dropped_from_a_boundary():
    # As in the simplified England and Wales wards: one part of a multipolygon is a three-point ring.
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
            [[[2, 2], [2.5, 2.5], [2, 2]]],
        ],
    }
    geom = polygon_from_geojson(geometry)
    assert geom.is_valid
    assert geom.geom_type in ("Polygon", "MultiPolygon")
    assert geom.area == pytest.approx(1.0)


def test_a_polygon_with_no_area_is_refused():
    flat = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [2, 0], [0, 0]]]}
    with pytest.raises(GeometryError, match="no area"):
        polygon_from_geojson(flat)


def test_a_self_intersecting_polygon_is_repaired():
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    geom = polygon_from_geojson(bow_tie)
    assert geom.is_valid
    assert geom.area == pytest.approx(0.5)


def test_squares_sharing_an_edge_are_neighbours_but_corner_contacts_are_not():
    squares = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 1, 3, 2)]
    assert touching_pairs(squares) == [(0, 1)]
