"""All 7,590 May 2025 wards of England and Wales, added to the Tees Valley ones on request."""

import datetime as dt
import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command
from shapely.geometry import shape

from cohesion.places.assignment import assign_point_to_area, assign_points_to_areas
from cohesion.places.choices import Level
from cohesion.places.loaders import load_england_wales_wards
from cohesion.places.models import Area, AreaRelation, Generation, GenerationSource
from cohesion.places.releases import EW_WARDS_FILE
from cohesion.places.spatial import polygon_from_geojson

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

NORTH_ORMESBY = "E05009867"
CATHAYS = "W05001274"  # Cardiff
ST_JAMESS = "E05013806"  # Westminster
SUMMER = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def national_features(shared_data):
    with gzip.open(shared_data / EW_WARDS_FILE.path, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return {f["properties"]["WD25CD"]: f for f in features}


@pytest.fixture
def wd25():
    return Generation.objects.get(code="WD25")


def test_england_and_wales_wards_fill_the_may_2025_generation_to_7590_with_councils_and_populations(
    shared_data, wd25, national_features
):
    assert wd25.areas.count() == 103
    report = load_england_wales_wards(shared_data)
    assert report.generations == {"WD25": 7590 - 103}
    assert wd25.areas.count() == 7590
    assert set(wd25.areas.values_list("code", flat=True)) == set(national_features)
    assert not wd25.areas.filter(boundary="").exists()
    # ew_wd25_census2021_pct_from_oa.csv: Cathays 21,815 residents, St James's 10,594.
    populations = dict(
        wd25.areas.filter(code__in=[CATHAYS, ST_JAMESS]).values_list("code", "population")
    )
    assert populations == {CATHAYS: 21_815, ST_JAMESS: 10_594}
    # Penistone East and Stocksbridge and Upper Don name the 2025 codes of Barnsley (E08000038)
    # and Sheffield (E08000039), which the 2024 councils do not have: they are placed by location.
    assert not wd25.areas.filter(parent=None).exists()
    recoded = dict(
        wd25.areas.filter(code__in=["E05016245", "E05016246"]).values_list("code", "parent__code")
    )
    assert recoded == {"E05016245": "E08000016", "E05016246": "E08000019"}
    assert any("found by location" in warning for warning in report.warnings)


def test_tees_valley_wards_keep_their_full_resolution_boundaries(
    shared_data, wd25, national_features
):
    tees_valley = dict(wd25.areas.values_list("code", "boundary"))
    load_england_wales_wards(shared_data)
    after = dict(wd25.areas.filter(code__in=tees_valley).values_list("code", "boundary"))
    assert after == tees_valley
    # The national file's copy is the simplified one: fewer points than what was kept.
    kept = shape(json.loads(after[NORTH_ORMESBY]))
    simplified = shape(national_features[NORTH_ORMESBY]["geometry"])
    assert kept.equals_exact(simplified, 0) is False
    assert len(kept.exterior.coords) > len(simplified.exterior.coords)


def test_loading_england_and_wales_twice_changes_nothing(shared_data, wd25):
    load_england_wales_wards(shared_data)
    before = (
        Area.objects.count(),
        AreaRelation.objects.count(),
        GenerationSource.objects.count(),
        wd25.areas.exclude(parent=None).count(),
    )
    report = load_england_wales_wards(shared_data)
    assert report.generations == {}
    assert report.skipped_files == [EW_WARDS_FILE.path]
    after = (
        Area.objects.count(),
        AreaRelation.objects.count(),
        GenerationSource.objects.count(),
        wd25.areas.exclude(parent=None).count(),
    )
    assert after == before


def test_points_in_cardiff_and_westminster_are_placed_in_their_wards(
    shared_data, national_features
):
    load_england_wales_wards(shared_data)
    for ward, name, council in [
        (CATHAYS, "Cathays", "W06000015"),
        (ST_JAMESS, "St James's", "E09000033"),
    ]:
        inside = shape(national_features[ward]["geometry"]).representative_point()
        area = assign_point_to_area(inside.x, inside.y, Level.WARD, SUMMER)
        assert (area.code, area.name, area.parent.code, area.generation.code) == (
            ward,
            name,
            council,
            "WD25",
        )


def test_points_across_england_and_wales_are_placed_in_the_ward_they_were_drawn_from(
    shared_data, wd25, national_features
):
    tees_valley = set(wd25.areas.values_list("code", flat=True))
    load_england_wales_wards(shared_data)
    codes = [c for c in sorted(national_features) if c not in tees_valley][::20]
    shapes = {c: polygon_from_geojson(f["geometry"]) for c, f in national_features.items()}
    points = [shapes[c].representative_point() for c in codes]
    placed = assign_points_to_areas(
        [p.x for p in points], [p.y for p in points], Level.WARD, SUMMER
    )
    assert len(codes) > 370
    assert None not in placed.tolist()
    # Simplified neighbours overlap a little; a point in an overlap goes to the lower code.
    elsewhere = [(c, p, got) for c, p, got in zip(codes, points, placed, strict=True) if got != c]
    assert len(elsewhere) <= 0.02 * len(codes)
    assert all(got < c and shapes[got].intersects(p) for c, p, got in elsewhere)


def test_the_command_line_adds_england_and_wales_and_says_how_many_wards(wd25):
    out = StringIO()
    call_command("load_places", "--england-wales", "--no-progress", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "WD25: 7487 areas added" in text
    assert "Places loaded." in text
    assert wd25.areas.count() == 7590
