import csv
import datetime as dt

import pytest

from cohesion.places.assignment import AssignmentError, assign_point_to_area, assign_points_to_areas
from cohesion.places.choices import Level

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def output_areas(shared_data):
    with open(shared_data / "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv") as handle:
        return list(csv.DictReader(handle))


def test_every_output_area_centroid_falls_in_the_ward_ons_gives_it(output_areas):
    # The lookup assigns each output area by its population-weighted centroid (snapped ones were moved inside).
    rows = [r for r in output_areas if r["snapped"] == "0"]
    codes = assign_points_to_areas(
        [float(r["pwc_lon"]) for r in rows],
        [float(r["pwc_lat"]) for r in rows],
        Level.WARD,
        dt.date(2025, 6, 1),
    )
    mismatches = [
        (r["oa21cd"], r["wd25cd"], c) for r, c in zip(rows, codes, strict=True) if c != r["wd25cd"]
    ]
    assert len(rows) > 2200
    assert mismatches == []


def test_a_point_in_north_ormesby_is_placed_in_north_ormesby_ward(output_areas):
    row = next(r for r in output_areas if r["wd25nm"] == "North Ormesby" and r["snapped"] == "0")
    ward = assign_point_to_area(
        float(row["pwc_lon"]), float(row["pwc_lat"]), Level.WARD, dt.date(2025, 6, 1)
    )
    assert ward.name == "North Ormesby"
    assert ward.generation.code == "WD25"


def test_a_point_is_placed_in_the_boundaries_valid_on_its_date(output_areas):
    row = next(r for r in output_areas if r["wd25nm"] == "North Ormesby" and r["snapped"] == "0")
    lon, lat = float(row["pwc_lon"]), float(row["pwc_lat"])
    assert assign_point_to_area(lon, lat, Level.WARD, dt.date(2021, 9, 1)).generation.code == "WD21"
    assert assign_point_to_area(lon, lat, Level.WARD, dt.date(2023, 9, 1)).generation.code == "WD22"
    assert assign_point_to_area(lon, lat, Level.LSOA, dt.date(2023, 9, 1)).code == row["lsoa21cd"]


def test_a_point_outside_every_ward_gets_a_clear_message():
    with pytest.raises(AssignmentError, match="not inside any ward"):
        assign_point_to_area(
            -0.1276, 51.5072, Level.WARD, dt.date(2025, 6, 1)
        )  # London, not loaded


def test_coordinates_that_are_not_degrees_are_refused():
    with pytest.raises(AssignmentError, match="not a longitude and latitude"):
        assign_point_to_area(450000, 520000, Level.WARD)


def test_a_date_before_any_boundaries_says_so():
    with pytest.raises(AssignmentError, match="No ward boundaries are loaded for"):
        assign_point_to_area(-1.23, 54.57, Level.WARD, dt.date(1990, 1, 1))


def test_an_unknown_level_is_refused():
    with pytest.raises(AssignmentError, match="Unknown level"):
        assign_point_to_area(-1.23, 54.57, "parish")


def test_many_points_at_once_return_none_where_outside():
    codes = assign_points_to_areas([-1.2346, 0.0], [54.5760, 0.0], Level.COUNCIL)
    assert codes[0] == "E06000002"
    assert codes[1] is None
