"""Every council of England and Wales: ward profiles, maps and rankings for Bradford and Cardiff.

The national wards and their values are loaded once for this module (about a
minute) and removed after its last test. Expected figures are computed here
with plain pandas straight from the shared files: the national Census ward
table (summed from output areas) and, for deprivation, IMD 2025 LSOA scores
given whole to their best-fit ward and weighted by LSOA residents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohesion.indicators.choices import Aggregation
from cohesion.indicators.loaders.base import load_indicators
from cohesion.indicators.loaders.national import NATIONAL_LOADERS
from cohesion.indicators.models import Dataset, IndicatorValue
from cohesion.indicators.queries import CENSUS_RANKING
from cohesion.indicators.tests.conftest import _outside_any_event_loop
from cohesion.places.loaders import load_england_wales_wards
from cohesion.places.models import Area, GenerationSource
from cohesion.places.releases import EW_WARDS_FILE

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

BRADFORD = "E08000032"
BRADFORD_MOOR = "E05001346"
CARDIFF = "W06000015"
CATHAYS = "W05001274"
NORTH_ORMESBY = "E05009867"  # Middlesbrough, held in detail from output areas
ALDGATE = "E05009289"  # City of London: no output area's centroid falls in it
WARD_CENSUS = "census2021_ew/ew_wd25_census2021_pct_from_oa.csv"
LSOA_WARD = "lookups/ew_lsoa21_to_wd25_bestfit_by_pwc.csv"
LSOA_CENSUS = "census2021_ew/ew_lsoa21_census2021_pct_from_oa.csv.gz"
IMD = "imd/imd2025_england_lsoa21_full.csv.gz"


@pytest.fixture(scope="module")
def national(indicator_data: Any, django_db_blocker: Any, shared_data: Path) -> Iterator[list[Any]]:
    with django_db_blocker.unblock(), _outside_any_event_loop():
        tees_valley = set(
            Area.objects.filter(generation__code="WD25").values_list("code", flat=True)
        )
        load_england_wales_wards(shared_data)
        results = load_indicators(shared_data, national=True)
    yield results
    with django_db_blocker.unblock(), _outside_any_event_loop():
        Dataset.objects.filter(source__in=[c.key for c in NATIONAL_LOADERS]).delete()
        Area.objects.filter(generation__code="WD25").exclude(code__in=tees_valley).delete()
        GenerationSource.objects.filter(path=EW_WARDS_FILE.path).delete()


@pytest.fixture(scope="module")
def ward_census(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / WARD_CENSUS, index_col="wd25cd")


@pytest.fixture(scope="module")
def ward_imd(shared_data: Path) -> pd.Series:
    """IMD 2025 score of every ward: its best-fit LSOAs' scores weighted by their residents."""
    lookup = pd.read_csv(shared_data / LSOA_WARD, usecols=["lsoa21cd", "wd25cd"])
    residents = pd.read_csv(shared_data / LSOA_CENSUS, usecols=["lsoa21cd", "population"])
    scores = pd.read_csv(shared_data / IMD, usecols=["lsoa21_code", "IMD_score"])
    table = scores.merge(lookup, left_on="lsoa21_code", right_on="lsoa21cd").merge(
        residents, on="lsoa21cd"
    )
    table["weighted"] = table["IMD_score"] * table["population"]
    sums = table.groupby("wd25cd")[["weighted", "population"]].sum()
    return sums["weighted"] / sums["population"]


def _values(code: str) -> dict[str, IndicatorValue]:
    return {
        v.indicator.code: v
        for v in IndicatorValue.objects.filter(area_code=code).select_related("indicator")
    }


def test_bradford_moor_holds_census_values_summed_from_output_areas(national, ward_census):
    held = _values(BRADFORD_MOOR)
    row = ward_census.loc[BRADFORD_MOOR]
    assert held["population"].value == row["population"] == 20_516
    born = row["country_of_birth_3a-002"] / (
        row["country_of_birth_3a-001"] + row["country_of_birth_3a-002"]
    )
    assert held["born-outside-uk"].value == pytest.approx(100 * born) == 37.2
    english = row["english_proficiency_4a-003"] / sum(
        row[f"english_proficiency_4a-00{i}"] for i in (1, 2, 3)
    )
    assert held["english-proficiency-low"].value == pytest.approx(100 * english)
    assert held["population"].aggregation == Aggregation.OUTPUT_AREAS


def test_bradford_moor_holds_imd_2025_from_its_best_fit_lsoas_weighted_by_residents(
    national, ward_imd
):
    held = _values(BRADFORD_MOOR)
    assert (
        held["imd-score"].value
        == pytest.approx(ward_imd[BRADFORD_MOOR])
        == pytest.approx(57.37, abs=0.005)
    )
    assert held["imd-score"].aggregation == Aggregation.LSOA_BEST_FIT
    # Nine of its ten LSOAs are in England's most deprived tenth.
    assert held["imd-most-deprived-decile"].value == pytest.approx(90.0)
    assert 0 < held["loneliness"].value < 100


def test_cathays_holds_census_values_and_no_deprivation_because_imd_covers_england_only(
    national, ward_census, client_for
):
    held = _values(CATHAYS)
    assert held["population"].value == ward_census.at[CATHAYS, "population"] == 21_815
    assert held["arrived-last-2-years"].value == pytest.approx(11.6)
    assert not {"imd-score", "imd-most-deprived-decile", "loneliness"} & set(held)
    page = client_for(None).get(f"/areas/{CATHAYS}/indicators/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="england-only"' in text
    assert "Welsh Index of Multiple Deprivation" in text
    assert "21,815" in text


def test_the_bradford_moor_profile_page_shows_census_and_deprivation_beside_its_council(
    national, client_for
):
    page = client_for(None).get(f"/areas/{BRADFORD_MOOR}/indicators/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "57.4" in text  # IMD 2025 score
    assert "20,516" in text
    assert "wards of Bradford" in text  # ranks among its 30 sibling wards
    assert 'id="england-only"' not in text


def test_a_ward_profile_takes_as_many_queries_nationally_as_in_middlesbrough(national, client_for):
    client = client_for(None)
    counts = {}
    for ward in (NORTH_ORMESBY, BRADFORD_MOOR):
        for url in (f"/areas/{ward}/indicators/", f"/areas/{ward}/"):
            client.get(url)  # warm any per-process caches first
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[(ward, url.count("indicators"))] = len(captured)
    assert counts[(BRADFORD_MOOR, 1)] == counts[(NORTH_ORMESBY, 1)]
    # The place page of a Tees Valley ward also lists its LSOAs: one query more at most.
    assert counts[(BRADFORD_MOOR, 0)] <= counts[(NORTH_ORMESBY, 0)]


def test_bradford_moor_lists_the_wards_that_border_it(national, client_for):
    data = client_for(None).get(f"/areas/{BRADFORD_MOOR}.json").json()
    assert data["parent"]["code"] == BRADFORD
    neighbours = {n["name"] for n in data["neighbours"]}
    # Calverley & Farsley is across the boundary with Leeds.
    assert {"Bowling and Barkerend", "Eccleshill", "Calverley & Farsley"} <= neighbours


def test_the_bradford_ward_map_of_deprivation_holds_every_ward_with_its_method(
    national, client_for, ward_imd
):
    data = client_for(None).get(f"/indicators/imd-score/map/{BRADFORD}.json").json()
    wards = {w["code"]: w for w in data["wards"]}
    assert len(wards) == 30
    assert all(w["value"] is not None for w in wards.values())
    assert {w["aggregation_method"] for w in wards.values()} == {"LSOA best fit"}
    for code, ward in wards.items():
        assert ward["value"] == pytest.approx(ward_imd[code])


def test_bradford_wards_rank_for_priority_on_deprivation(national, client_for, ward_imd):
    data = client_for(None).get(f"/indicators/ranking/{BRADFORD}.json").json()
    assert [m["code"] for m in data["measures"]] == ["imd-score"]
    assert len(data["wards"]) == 30
    first = next(w for w in data["wards"] if w["composite_rank"] == 1)
    bradford = [w["code"] for w in data["wards"]]
    assert first["code"] == ward_imd[bradford].idxmax()
    assert first["name"] == "Manningham"


def test_cardiff_wards_rank_on_census_measures_and_the_page_says_why(national, client_for):
    client = client_for(None)
    data = client.get(f"/indicators/ranking/{CARDIFF}.json").json()
    assert [m["code"] for m in data["measures"]] == list(CENSUS_RANKING)
    assert len(data["wards"]) == 28
    assert all(w["composite_rank"] is not None for w in data["wards"])
    page = client.get(f"/indicators/ranking/{CARDIFF}/").content.decode()
    assert 'id="england-only"' in page


def test_a_ward_that_holds_no_output_area_says_so_rather_than_showing_zeros(national, client_for):
    assert not IndicatorValue.objects.filter(area_code=ALDGATE).exists()
    text = client_for(None).get(f"/areas/{ALDGATE}/indicators/").content.decode()
    assert 'id="no-residents"' in text
    assert any("Aldgate (E05009289)" in w for r in national for w in r.warnings)


def test_loading_the_national_values_again_changes_nothing(national, shared_data):
    before = IndicatorValue.objects.count()
    again = load_indicators(shared_data, national=True)
    assert all(r.skipped for r in again)
    assert IndicatorValue.objects.count() == before
