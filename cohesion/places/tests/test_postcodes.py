import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cohesion.places.loaders import PlacesLoadError
from cohesion.places.models import Area, Postcode, PostcodeFile
from cohesion.places.postcodes import (
    PostcodeLookupError,
    compact_postcode,
    display_postcode,
    find_postcode,
    is_postcode,
    load_postcodes,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "onspd_sample_tees_valley.csv"
MIDDLESBROUGH = "E06000002"
NORTH_ORMESBY = "E05009867"


def test_postcodes_are_compared_without_spaces_and_shown_with_one():
    assert compact_postcode(" ts1  2nx ") == "TS12NX"
    assert display_postcode("TS12NX") == "TS1 2NX"
    assert display_postcode("TS181LS") == "TS18 1LS"
    assert is_postcode("sw1a 1aa") and is_postcode("GIR 0AA")
    assert (
        not is_postcode("TS1") and not is_postcode("North Ormesby") and not is_postcode("TS1 2N!")
    )


def test_loading_the_sample_keeps_live_postcodes_of_the_councils_whose_wards_are_loaded():
    report = load_postcodes(SAMPLE)
    # Tees Valley's wards are loaded, so Leeds is left out; the terminated postcode too.
    assert report.loaded == 10
    assert report.outside == 1
    assert report.terminated == 1
    assert not Postcode.objects.filter(compact__in=["LS11UR", "TS19ZX"]).exists()
    north_ormesby = Postcode.objects.get(compact="TS36AL")
    assert north_ormesby.postcode == "TS3 6AL"
    assert north_ormesby.ward_code == NORTH_ORMESBY
    assert north_ormesby.council_code == MIDDLESBROUGH
    assert north_ormesby.lsoa_code == "E01012059"
    assert north_ormesby.introduced == dt.date(1980, 1, 1)
    assert north_ormesby.lat == pytest.approx(54.573351)
    assert north_ormesby.lon == pytest.approx(-1.210792)
    assert north_ormesby.source.sha256 and north_ormesby.source.name == SAMPLE.name


def test_every_loaded_point_lies_in_the_ward_the_file_names():
    from cohesion.places.assignment import assign_points_to_areas

    load_postcodes(SAMPLE)
    rows = list(Postcode.objects.exclude(lat=None).values_list("lon", "lat", "ward_code"))
    codes = assign_points_to_areas([r[0] for r in rows], [r[1] for r in rows])
    assert list(codes) == [r[2] for r in rows]


def test_a_postcode_without_a_grid_reference_is_kept_without_coordinates():
    load_postcodes(SAMPLE)
    nogrid = Postcode.objects.get(compact="TS36ZX")
    assert nogrid.lat is None and nogrid.lon is None
    with pytest.raises(PostcodeLookupError, match="has no location"):
        find_postcode("ts3 6zx")


def test_loading_the_same_file_twice_changes_nothing():
    load_postcodes(SAMPLE)
    before = Postcode.objects.count(), PostcodeFile.objects.count()
    report = load_postcodes(SAMPLE)
    assert report.skipped_file
    assert (Postcode.objects.count(), PostcodeFile.objects.count()) == before


def test_a_newer_file_brings_postcodes_up_to_date_in_place(tmp_path):
    load_postcodes(SAMPLE)
    newer = tmp_path / "ONSPD_NEWER.csv"
    newer.write_text(SAMPLE.read_text().replace("54.573351,-1.210792", "54.573400,-1.210800"))
    load_postcodes(newer)
    moved = Postcode.objects.get(compact="TS36AL")
    assert moved.lat == pytest.approx(54.5734)
    assert moved.source.name == "ONSPD_NEWER.csv"
    assert Postcode.objects.filter(compact="TS36AL").count() == 1


def test_terminated_postcodes_are_loaded_when_asked():
    load_postcodes(SAMPLE, include_terminated=True)
    assert Postcode.objects.get(compact="TS19ZX").terminated == dt.date(2019, 6, 1)


def test_councils_can_be_named_or_all_taken():
    report = load_postcodes(SAMPLE, councils=["e06000004"])
    assert report.loaded == 1
    assert list(Postcode.objects.values_list("compact", flat=True)) == ["TS181LS"]
    Postcode.objects.all().delete()
    PostcodeFile.objects.all().delete()
    assert load_postcodes(SAMPLE, councils=None).loaded == 11


def test_the_zipped_directory_as_ons_publishes_it_is_read(tmp_path):
    archive = tmp_path / "ONSPD_TEST_2025.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Documents/ONSPD User Guide.csv", "not,the,data\n")
        zf.writestr("Data/multi_csv/ONSPD_TEST_UK_TS.csv", SAMPLE.read_text())
        zf.write(SAMPLE, "Data/ONSPD_TEST_UK.csv")
    assert load_postcodes(archive).loaded == 10


def test_a_gzipped_file_in_the_2025_column_names_is_read(tmp_path):
    text = SAMPLE.read_text().replace("oslaua", "lad25cd").replace("osward", "wd25cd")
    text = text.replace("pcds", "PCDS").replace("lsoa21", "lsoa21cd")
    path = tmp_path / "onspd_2025.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    load_postcodes(path)
    assert Postcode.objects.get(compact="TS15HB").ward_code == "E05009866"


def test_a_bad_row_names_its_line_and_nothing_is_saved(tmp_path):
    text = (
        SAMPLE.read_text()
        .replace("TS3 6EB,198001", "TS3 6E!,198001")
        .replace("54.560240,-1.253638", "north,-1.253638")
    )
    path = tmp_path / "broken.csv"
    path.write_text(text)
    with pytest.raises(PlacesLoadError) as caught:
        load_postcodes(path)
    message = str(caught.value)
    assert "2 rows cannot be read, so nothing was loaded" in message
    assert "row 7: “TS3 6E!” is not a UK postcode" in message
    assert "row 8:" in message
    assert not Postcode.objects.exists() and not PostcodeFile.objects.exists()


def test_a_file_that_is_not_a_postcode_directory_says_which_columns_it_lacks(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,address\nA,B\n")
    with pytest.raises(PlacesLoadError, match="no column for postcode: one of pcds"):
        load_postcodes(path)


def test_the_command_line_verb_loads_and_reports(tmp_path):
    out = io.StringIO()
    call_command("load_postcodes", str(SAMPLE), "--no-progress", stdout=out)
    assert "10 postcodes loaded" in out.getvalue()
    assert "1 terminated postcodes left out" in out.getvalue()
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_postcodes", str(tmp_path / "missing.csv"), "--no-progress")
    with pytest.raises(CommandError, match="not both"):
        call_command("load_postcodes", str(SAMPLE), "--all-councils", "--council", MIDDLESBROUGH)


def test_finding_a_postcode_explains_each_way_it_can_fail():
    with pytest.raises(PostcodeLookupError, match="not set up here yet"):
        find_postcode("TS3 6AL")
    load_postcodes(SAMPLE)
    assert find_postcode("ts36al").ward_code == NORTH_ORMESBY
    with pytest.raises(PostcodeLookupError, match="is not a postcode"):
        find_postcode("Newport")
    with pytest.raises(PostcodeLookupError, match="do not know the postcode TS9 9ZZ"):
        find_postcode("TS99ZZ")


def test_finding_a_loaded_postcode_is_one_query(django_assert_num_queries):
    load_postcodes(SAMPLE)
    with django_assert_num_queries(1):
        assert find_postcode("TS3 6AL").ward_code == NORTH_ORMESBY


def test_the_sample_wards_are_real_may_2025_wards():
    codes = {"E05009857", "E05009866", NORTH_ORMESBY, "E05009862", "E05009855"}
    assert Area.objects.filter(generation__code="WD25", code__in=codes).count() == 5
