import numpy as np
import pytest
from shapely.geometry import box

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
    # "within" excludes the boundary itself, so use a point just inside both after buffering the east square.
    index = build_area_index(["A", "B"], [box(0, 0, 2, 1), box(1, 0, 3, 1)])
    assert assign_points(index, [1.5], [0.5]).tolist() == ["A"]


def test_points_with_missing_coordinates_are_not_placed(two_squares):
    assert assign_points(two_squares, [np.nan, 0.5], [0.5, np.inf]).tolist() == [None, None]


def test_mismatched_coordinate_arrays_are_refused(two_squares):
    with pytest.raises(ValueError, match="same length"):
        assign_points(two_squares, [0.5, 0.5], [0.5])


def test_a_line_is_not_accepted_as_a_boundary():
    with pytest.raises(GeometryError, match="Polygon"):
        polygon_from_geojson({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})


def test_a_self_intersecting_polygon_is_repaired():
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    geom = polygon_from_geojson(bow_tie)
    assert geom.is_valid
    assert geom.area == pytest.approx(0.5)


def test_squares_sharing_an_edge_are_neighbours_but_corner_contacts_are_not():
    squares = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 1, 3, 2)]
    assert touching_pairs(squares) == [(0, 1)]
