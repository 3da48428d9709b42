import datetime as dt
import shutil

import pytest

from cohesion.places.choices import Level, RelationKind
from cohesion.places.loaders import LoadReport, PlacesLoadError, load_places, load_release
from cohesion.places.models import Area, AreaRelation, Generation, GenerationSource
from cohesion.places.releases import AreaFile, Release
from cohesion.testing.statistics import planner_row_count

pytestmark = pytest.mark.django_db

MIDDLESBROUGH = "E06000002"


def test_tees_valley_has_103_wards_in_may_2025_and_middlesbrough_has_20():
    wd25 = Generation.objects.get(code="WD25")
    assert wd25.areas.count() == 103
    assert wd25.areas.filter(parent__code=MIDDLESBROUGH).count() == 20


def test_every_generation_records_its_dates_and_source_file():
    for code in ("WD21", "WD22", "WD24", "WD25", "LSOA11", "LSOA21", "OA21", "LAD24"):
        generation = Generation.objects.get(code=code)
        source = generation.sources.first()
        assert source is not None, code
        assert source.licence == "Open Government Licence v3.0"
        assert len(source.sha256) == 64
    assert Generation.objects.get(code="WD21").valid_to == dt.date(2022, 5, 4)
    assert Generation.objects.get(code="WD25").valid_to is None


def test_output_areas_roll_up_to_middlesbroughs_census_2021_population():
    middlesbrough = Area.objects.get(generation__code="LAD24", code=MIDDLESBROUGH)
    assert middlesbrough.population == 143_925
    wards = Area.objects.filter(generation__code="WD25", parent=middlesbrough)
    assert sum(w.population for w in wards) == 143_925


def test_loading_the_same_files_again_changes_nothing(shared_data):
    before = Area.objects.count(), AreaRelation.objects.count(), GenerationSource.objects.count()
    report = load_places(shared_data)
    assert sum(report.generations.values()) == 0
    assert report.relations == 0
    assert (
        Area.objects.count(),
        AreaRelation.objects.count(),
        GenerationSource.objects.count(),
    ) == before


def test_wards_of_older_generations_are_kept_beside_the_new_ones():
    north_ormesby = Area.objects.filter(name="North Ormesby", level=Level.WARD)
    generations = set(north_ormesby.values_list("generation__code", flat=True))
    assert {"WD21", "WD22", "WD24", "WD25"} <= generations


def test_wards_without_a_parent_column_get_their_council_from_where_they_lie():
    # WD22 boundaries carry no council code; the loader places each ward by its interior point.
    wd22 = Area.objects.filter(generation__code="WD22")
    assert not wd22.filter(parent__isnull=True).exists()
    assert wd22.filter(parent__code=MIDDLESBROUGH).count() == 20


def test_councils_link_to_region_combined_authority_police_force_and_safety_partnership():
    middlesbrough = Area.objects.get(generation__code="LAD24", code=MIDDLESBROUGH)
    related = {a.level: a.name for a in middlesbrough.related(RelationKind.WITHIN)}
    assert related[Level.COMBINED_AUTHORITY] == "Tees Valley"
    assert related[Level.POLICE_FORCE_AREA] == "Cleveland"
    assert related[Level.REGION] == "North East"
    assert related[Level.COMMUNITY_SAFETY_PARTNERSHIP] == "Middlesbrough"
    assert middlesbrough.parent.code == "E12000001"


def test_2011_lsoas_point_to_their_2021_successors_with_change_codes():
    links = AreaRelation.objects.filter(kind=RelationKind.SUCCESSOR)
    assert links.filter(change_code="U").count() > 300
    assert set(links.values_list("change_code", flat=True)) <= {"U", "S", "M", "X"}


def test_output_areas_hang_from_lsoas_which_hang_from_wards():
    oa = (
        Area.objects.filter(generation__code="OA21")
        .select_related("parent__parent__parent")
        .first()
    )
    assert oa.parent.level == Level.LSOA
    assert oa.parent.parent.level == Level.WARD
    assert oa.parent.parent.parent.level == Level.COUNCIL


def _release(path: str, code: str = "TEST99") -> Release:
    return Release(
        code=code,
        level=Level.WARD,
        name="Test wards",
        valid_from=dt.date(2030, 1, 1),
        valid_to=None,
        files=(AreaFile(path, "WD25CD", "WD25NM", parent_key="LAD25CD"),),
        parent_level=Level.COUNCIL,
    )


def test_a_malformed_boundary_file_is_refused_and_nothing_is_saved(tmp_path):
    (tmp_path / "broken.geojson").write_text('{"type": "FeatureCollection", "features": [')
    before = Area.objects.count()
    with pytest.raises(PlacesLoadError, match="not valid GeoJSON"):
        load_release(
            tmp_path,
            _release("broken.geojson"),
            scope=None,
            report=LoadReport(),
            progress=lambda *a: None,
        )
    assert Area.objects.count() == before
    assert not GenerationSource.objects.filter(path="broken.geojson").exists()


def test_a_missing_boundary_file_gets_a_clear_message(tmp_path):
    with pytest.raises(PlacesLoadError, match="no such file"):
        load_release(
            tmp_path,
            _release("absent.geojson"),
            scope=None,
            report=LoadReport(),
            progress=lambda *a: None,
        )


def test_a_feature_with_a_broken_geometry_stops_the_whole_file(tmp_path, shared_data):
    good = shared_data / "boundaries/drkane_geo-lookups/ward_tees_valley_E47000006.geojson"
    text = good.read_text()
    # Break the last feature's geometry: the first 102 valid features must not be saved either.
    cut = text.rfind('"geometry"')
    broken = text[:cut] + '"geometry": {"type": "Point", "coordinates": [0, 0]}}]}'
    (tmp_path / "wards.geojson").write_text(broken)
    before = Area.objects.count()
    with pytest.raises(PlacesLoadError, match="unusable boundary"):
        load_release(
            tmp_path,
            _release("wards.geojson"),
            scope=None,
            report=LoadReport(),
            progress=lambda *a: None,
        )
    assert Area.objects.count() == before


def _load_tees_valley_wards_as_wd30(tmp_path, shared_data):
    """Load May 2025's Tees Valley ward file again, as if it were a new release WD30."""
    shutil.copy(
        shared_data / "boundaries/drkane_geo-lookups/ward_tees_valley_E47000006.geojson",
        tmp_path / "w.geojson",
    )
    load_release(
        tmp_path,
        _release("w.geojson", code="WD30"),
        scope=None,
        report=LoadReport(),
        progress=lambda *a: None,
    )


def test_a_new_release_is_a_new_generation_and_leaves_the_old_one_alone(tmp_path, shared_data):
    before = Generation.objects.get(code="WD25").areas.count()
    _load_tees_valley_wards_as_wd30(tmp_path, shared_data)
    assert Generation.objects.get(code="WD30").areas.count() == 103
    assert Generation.objects.get(code="WD25").areas.count() == before


def test_after_loading_places_the_database_planner_counts_every_area(tmp_path, shared_data):
    _load_tees_valley_wards_as_wd30(tmp_path, shared_data)
    load_places(shared_data, only=["WD25"])
    assert planner_row_count(Area) == Area.objects.count()
    assert planner_row_count(Generation) == Generation.objects.count()


def test_asking_for_an_unknown_generation_says_which_exist(shared_data):
    with pytest.raises(PlacesLoadError, match="Unknown generation WD99"):
        load_places(shared_data, only=["WD99"])
