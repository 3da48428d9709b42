"""Wards from output areas: Census counts summed from output areas, LSOA measures shared by residents.

The expected figures are computed here, with plain pandas, straight from the
shared files (the output-area -> ward lookup by population-weighted centroid,
the output-area Census tables, IMD 2025 and police.uk counts by LSOA), and
compared with what the loaders stored for all 20 wards of Middlesbrough.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest

from cohesion.indicators.calculations.aggregation import (
    LookupCoverageError,
    apportion_counts,
    apportioned_share_in_categories,
    apportioned_weighted_mean,
    apportionment_weights,
)
from cohesion.indicators.models import IndicatorValue

MIDDLESBROUGH = "E06000002"
HEMLINGTON = "E05009859"
STAINTON_AND_THORNTON = "E05009871"
LINTHORPE = "E05009862"
NEWPORT = "E05009866"
STRADDLING_LSOA = "E01032552"
CENSUS_DAY = dt.date(2021, 3, 21)
LOOKUP = "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv"


# --- the pure functions --------------------------------------------------------------------


def _small_geography():
    population = pd.Series({"o1": 60.0, "o2": 40.0, "o3": 50.0})
    oa_lsoa = pd.Series({"o1": "L1", "o2": "L1", "o3": "L2"})
    oa_ward = pd.Series({"o1": "W1", "o2": "W2", "o3": "W2"})
    return apportionment_weights(population, oa_lsoa, oa_ward)


def test_an_lsoa_straddling_two_wards_is_shared_by_the_residents_of_its_output_areas():
    weights = _small_geography()
    split = weights.set_index(["lsoa", "parent"])
    assert split.loc[("L1", "W1"), "population"] == 60
    assert split.loc[("L1", "W2"), "share"] == pytest.approx(0.4)
    counts = apportion_counts(pd.DataFrame({"crimes": [10.0, 5.0]}, index=["L1", "L2"]), weights)
    assert counts["crimes"].to_dict() == pytest.approx({"W1": 6.0, "W2": 9.0})
    assert counts["crimes"].sum() == 15.0


def test_a_ward_score_averages_the_scores_of_the_people_living_in_it():
    weights = _small_geography()
    mean = apportioned_weighted_mean(pd.Series({"L1": 30.0, "L2": 10.0}), weights)
    assert mean.at["W1", "value"] == 30.0
    # W2: 40 people in L1 at 30, 50 people in L2 at 10.
    assert mean.at["W2", "value"] == pytest.approx((40 * 30 + 50 * 10) / 90)
    assert mean.at["W2", "denominator"] == 90
    share = apportioned_share_in_categories(pd.Series({"L1": 1, "L2": 5}), [1], weights)
    assert share.at["W2", "denominator"] == pytest.approx(1.4)
    assert share.at["W2", "value"] == pytest.approx(0.4 / 1.4 * 100)


def test_an_output_area_the_lookup_does_not_place_in_a_ward_is_refused():
    population = pd.Series({"o1": 60.0, "o2": 40.0})
    with pytest.raises(LookupCoverageError, match=r"does not give a ward .* e\.g\. o2"):
        apportionment_weights(
            population, pd.Series({"o1": "L1", "o2": "L1"}), pd.Series({"o1": "W1"})
        )


def test_an_lsoa_with_no_output_areas_is_refused_rather_than_counted_as_zero():
    weights = _small_geography()
    with pytest.raises(LookupCoverageError, match="L9"):
        apportion_counts(pd.DataFrame({"crimes": [1.0]}, index=["L9"]), weights)
    with pytest.raises(LookupCoverageError, match="L9"):
        apportioned_weighted_mean(pd.Series({"L1": 3.0, "L9": 4.0}), weights)


def test_an_lsoa_whose_output_areas_hold_nobody_is_refused():
    with pytest.raises(LookupCoverageError, match="no residents"):
        apportionment_weights(
            pd.Series({"o1": 0.0}), pd.Series({"o1": "L1"}), pd.Series({"o1": "W1"})
        )


def test_the_loaders_geography_refuses_output_areas_the_ward_lookup_misses():
    from cohesion.indicators.loaders.geography import Geography

    geography = Geography(
        oa_population=pd.Series({"o1": 10.0, "o2": 20.0}),
        oa_lsoa=pd.Series({"o1": "L1", "o2": "L1"}),
        lsoa_ward=pd.Series({"L1": "W1"}),
        ward_council=pd.Series({"W1": "C1"}),
        oa_ward=pd.Series({"o1": "W1"}),
    )
    with pytest.raises(LookupCoverageError, match="o2"):
        geography.population("ward")
    geography.oa_ward = pd.Series({"o1": "W1", "o2": "W9"})
    assert geography.population("ward").to_dict() == {"W1": 10.0, "W9": 20.0}
    with pytest.raises(LookupCoverageError, match="W9"):
        geography.population("council")


# --- Middlesbrough's 20 wards against the shared files ---------------------------------------


@pytest.fixture(scope="module")
def oas(shared_data):
    table = pd.read_csv(shared_data / LOOKUP)
    return table[table["lad25cd"] == MIDDLESBROUGH]


def _stored(code, level="ward", start=None, end=None):
    qs = IndicatorValue.objects.filter(indicator__code=code, area_level=level)
    if start:
        qs = qs.filter(period_start=start, period_end=end or start)
    return {v.area_code: v for v in qs}


def test_the_lsoa_split_between_hemlington_and_stainton_is_912_and_732(oas):
    split = oas[oas["lsoa21cd"] == STRADDLING_LSOA].groupby("wd25cd")["population"].sum()
    assert split.to_dict() == {HEMLINGTON: 912, STAINTON_AND_THORNTON: 732}


@pytest.mark.django_db
def test_every_middlesbrough_ward_population_is_the_sum_of_its_output_areas(indicator_data, oas):
    expected = oas.groupby("wd25cd")["population"].sum()
    stored = _stored("population", start=CENSUS_DAY)
    wards = {code: v for code, v in stored.items() if code in set(expected.index)}
    assert len(expected) == 20
    assert {code: v.value for code, v in wards.items()} == expected.astype(float).to_dict()
    assert {v.aggregation for v in wards.values()} == {"output_areas"}
    assert stored[HEMLINGTON].value == 6_565
    assert stored[STAINTON_AND_THORNTON].value == 3_669
    assert stored[LINTHORPE].value == 6_712
    assert stored[NEWPORT].value == 10_774
    assert sum(v.value for v in wards.values()) == 143_925


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code, numerator, prefix",
    [
        ("born-outside-uk", ["country_of_birth_3a-002"], "country_of_birth_3a-"),
        (
            "ethnic-minority",
            [f"ethnic_group_tb_6a-00{i}" for i in (1, 2, 3, 5)],
            "ethnic_group_tb_6a-",
        ),
        (
            "economic-inactivity",
            ["economic_activity_status_4a-003"],
            "economic_activity_status_4a-",
        ),
        ("non-uk-passport", ["passports_all_4a-002"], "passports_all_4a-"),
    ],
)
def test_every_middlesbrough_ward_census_share_is_summed_from_its_output_areas(
    indicator_data, oas, shared_data, code, numerator, prefix
):
    pct = pd.read_csv(shared_data / "census2021/tees_valley_oa21_census2021_pct.csv").set_index(
        "oa21cd"
    )
    people = oas.set_index("oa21cd")
    pct = pct.reindex(people.index).fillna(0.0)
    categories = [c for c in pct.columns if c.startswith(prefix)]
    top = (pct[numerator].sum(axis=1) / 100 * people["population"]).groupby(people["wd25cd"]).sum()
    bottom = (
        (pct[categories].sum(axis=1) / 100 * people["population"]).groupby(people["wd25cd"]).sum()
    )
    expected = (top / bottom * 100).round(1)
    stored = _stored(code, start=CENSUS_DAY)
    assert len(expected) == 20
    for ward, share in expected.items():
        assert round(stored[ward].value, 1) == share, ward
        assert stored[ward].aggregation == "output_areas"


@pytest.mark.django_db
def test_every_middlesbrough_ward_deprivation_score_averages_its_residents_lsoa_scores(
    indicator_data, oas, shared_data
):
    imd = pd.read_csv(shared_data / "imd/imd2025_tees_valley_lsoa21.csv").set_index("lsoa21_code")
    people = oas.assign(score=oas["lsoa21cd"].map(imd["IMD_score"]))
    expected = people.groupby("wd25cd").apply(
        lambda ward: np.average(ward["score"], weights=ward["population"]), include_groups=False
    )
    stored = _stored("imd-score", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert len(expected) == 20
    for ward, score in expected.items():
        assert stored[ward].value == pytest.approx(score, abs=1e-9), ward
        assert stored[ward].aggregation == "lsoa_apportioned"
    # Counting all 1,644 residents of E01032552 (score 33.7) in Stainton & Thornton gave 19.0;
    # leaving them all out would give 10.7. The 732 of them who live there give 15.3.
    assert round(stored[STAINTON_AND_THORNTON].value, 1) == 15.3
    assert stored[STAINTON_AND_THORNTON].denominator == 3_669


@pytest.mark.django_db
def test_ward_crime_counts_share_each_lsoas_count_by_residents_and_keep_the_council_total(
    indicator_data, oas, shared_data
):
    crime = pd.read_csv(
        shared_data / "crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv"
    )
    window = crime[(crime["month"] >= "2024-12") & (crime["month"] <= "2025-11")]
    by_lsoa = window.groupby("lsoa21cd")["count"].sum()
    share = oas.groupby(["lsoa21cd", "wd25cd"])["population"].sum() / oas.groupby("lsoa21cd")[
        "population"
    ].sum().reindex(oas.groupby(["lsoa21cd", "wd25cd"])["population"].sum().index, level=0)
    pieces = share.reset_index(name="share")
    pieces["crimes"] = pieces["lsoa21cd"].map(by_lsoa).fillna(0.0) * pieces["share"]
    expected = pieces.groupby("wd25cd")["crimes"].sum()
    stored = _stored("crime-all", start=dt.date(2024, 12, 1), end=dt.date(2025, 11, 30))
    residents = oas.groupby("wd25cd")["population"].sum()
    for ward, count in expected.items():
        assert stored[ward].numerator == pytest.approx(count), ward
        assert stored[ward].denominator == residents[ward]
        assert stored[ward].aggregation == "lsoa_apportioned"
    council = _stored("crime-all", "council", dt.date(2024, 12, 1), dt.date(2025, 11, 30))
    assert expected.sum() == pytest.approx(council[MIDDLESBROUGH].numerator)


# --- the method is shown with every value ---------------------------------------------------------


@pytest.mark.django_db
def test_the_method_is_in_the_area_twins_and_on_the_ward_profile(indicator_data, client):
    data = json.loads(client.get(f"/areas/{STAINTON_AND_THORNTON}/indicators.json").content)
    methods = {v["indicator"]: v["aggregation_method"] for v in data["values"]}
    assert methods["population"] == "Output areas"
    assert methods["imd-score"] == "LSOA apportioned by OA population"
    assert methods["crime-all"] == "LSOA apportioned by OA population"
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/areas/{STAINTON_AND_THORNTON}/indicators.csv").content.decode()
            )
        )
    )
    assert {row["aggregation"] for row in rows} == {"output_areas", "lsoa_apportioned"}
    body = client.get(f"/areas/{STAINTON_AND_THORNTON}/indicators/").content.decode()
    assert 'data-aggregation="lsoa_apportioned"' in body
    assert "LSOA apportioned by OA population" in body


@pytest.mark.django_db
def test_the_indicator_page_and_ward_map_say_how_each_level_was_built(indicator_data, client):
    body = client.get("/indicators/imd-score/").content.decode()
    assert 'data-level="ward" data-aggregation="lsoa_apportioned"' in body
    assert 'data-level="region" data-aggregation="lsoa_best_fit"' in body
    data = json.loads(client.get("/indicators/imd-score.json").content)
    by_level = {(r["level"], r["aggregation"]) for r in data["aggregation_by_level"]}
    assert ("ward", "lsoa_apportioned") in by_level
    assert ("council", "as_published") in by_level
    crime_map = client.get(f"/indicators/crime-all/map/{MIDDLESBROUGH}/").content.decode()
    assert "LSOA apportioned by OA population" in crime_map
    wards = json.loads(client.get(f"/indicators/crime-all/map/{MIDDLESBROUGH}.json").content)
    assert {w["aggregation_method"] for w in wards["wards"]} == {
        "LSOA apportioned by OA population"
    }
