"""Loaders over the real files: values pinned to published figures and to independent calculations."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from cohesion.indicators.calculations.segregation import segregation_by_parent
from cohesion.indicators.loaders.base import (
    IndicatorLoadError,
    Loader,
    fingerprint,
    get_loader,
    load_indicators,
    register,
    registered,
    run_loader,
)
from cohesion.indicators.loaders.geography import geography_from_places
from cohesion.indicators.models import Dataset, IndicatorValue
from cohesion.testing.statistics import planner_row_count

MIDDLESBROUGH = "E06000002"
CENSUS_DAY = dt.date(2021, 3, 21)
pytestmark = pytest.mark.django_db


def _value(code, area, start=None, end=None):
    qs = IndicatorValue.objects.filter(indicator__code=code, area_code=area)
    if start:
        qs = qs.filter(period_start=start, period_end=end or start)
    return qs.order_by("-period_end").first()


def test_middlesbroughs_census_population_rolled_up_from_output_areas_is_143925(indicator_data):
    assert _value("population", MIDDLESBROUGH, CENSUS_DAY).value == 143_925


def test_middlesbrough_had_664_people_on_asylum_support_on_30_september_2024(indicator_data):
    day = dt.date(2024, 9, 30)
    assert _value("asylum-support", MIDDLESBROUGH, day).value == 664
    per_thousand = _value("asylum-support-rate", MIDDLESBROUGH, day)
    assert per_thousand.numerator == 664
    assert per_thousand.denominator == 143_925
    assert per_thousand.value == pytest.approx(664 / 143_925 * 1000)
    assert per_thousand.value == pytest.approx(4.6135, abs=1e-4)


def test_the_bangladeshi_white_british_index_across_england_and_wales_matches_the_mlid_vignette(
    indicator_data,
):
    value = _value("segregation-2011-bangladeshi-vs-white-british", "K04000001")
    assert round(value.value, 3) == 0.852


def test_ward_and_council_segregation_from_the_database_equals_the_engine_on_the_raw_files(
    indicator_data, shared_data
):
    pct = pd.read_csv(shared_data / "census2021/tees_valley_oa21_census2021_pct.csv").set_index(
        "oa21cd"
    )
    oas = pd.read_csv(shared_data / "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv").set_index(
        "oa21cd"
    )
    groups = {f"g{i}": f"ethnic_group_tb_6a-00{i}" for i in range(1, 6)}
    table = pd.DataFrame(
        {
            g: pct[column] / 100 * oas["population"].reindex(pct.index)
            for g, column in groups.items()
        }
    )
    # Each output area in the ward holding its population-weighted centroid.
    table["ward"] = oas["wd25cd"].reindex(pct.index)
    table["council"] = oas["lad25cd"].reindex(pct.index)
    for parent, level in (("ward", "ward"), ("council", "council")):
        engine = segregation_by_parent(table, parent, list(groups))
        stored = dict(
            IndicatorValue.objects.filter(
                indicator__code="segregation-dissimilarity-asian",
                area_level=level,
                period_start=CENSUS_DAY,
            ).values_list("area_code", "value")
        )
        assert set(stored) == set(engine.index)
        np.testing.assert_allclose(
            [stored[c] for c in engine.index], engine["dissimilarity_g1"], rtol=1e-12
        )
        multigroup = dict(
            IndicatorValue.objects.filter(
                indicator__code="segregation-information-theory", area_level=level
            ).values_list("area_code", "value")
        )
        np.testing.assert_allclose(
            [multigroup[c] for c in engine.index], engine["information_theory_h"], rtol=1e-12
        )


def test_the_council_deprivation_score_is_mhclgs_and_the_ward_score_weights_lsoas_by_residents(
    indicator_data, shared_data
):
    assert (
        _value("imd-score", MIDDLESBROUGH, dt.date(2025, 1, 1), dt.date(2025, 12, 31)).value
        == 40.037
    )
    assert _value(
        "imd-score", MIDDLESBROUGH, dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    ).value == pytest.approx(40.460, abs=1e-3)
    imd = pd.read_csv(shared_data / "imd/imd2025_tees_valley_lsoa21.csv").set_index("lsoa21_code")
    oas = pd.read_csv(shared_data / "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv")
    # Newport's residents are those of its output areas; each carries its LSOA's score.
    in_newport = oas[oas["wd25cd"] == "E05009866"]
    expected = np.average(
        imd.loc[in_newport["lsoa21cd"], "IMD_score"], weights=in_newport["population"]
    )
    stored = _value("imd-score", "E05009866")
    assert stored.value == pytest.approx(expected)
    assert stored.denominator == in_newport["population"].sum() == 10_774
    assert stored.aggregation == "lsoa_apportioned"


def test_crime_rates_sum_twelve_months_of_police_records_over_the_councils_lsoas(
    indicator_data, shared_data
):
    crime = pd.read_csv(
        shared_data / "crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv"
    )
    lookup = pd.read_csv(shared_data / "lookups/lookup_lsoa21_ward24_ltla24.csv")
    middlesbrough = set(lookup.loc[lookup["ltla24_code"] == MIDDLESBROUGH, "lsoa21_code"])
    window = crime[(crime["month"] >= "2024-12") & (crime["month"] <= "2025-11")]
    public_order = window[
        (window["crime_type"] == "Public order") & window["lsoa21cd"].isin(middlesbrough)
    ]
    value = _value("crime-public-order", MIDDLESBROUGH, dt.date(2024, 12, 1), dt.date(2025, 11, 30))
    assert value.numerator == public_order["count"].sum()
    assert value.value == pytest.approx(public_order["count"].sum() / 143_925 * 1000)


def test_crime_rates_carry_the_exact_poisson_interval_of_their_count(indicator_data, client):
    from scipy.stats import chi2

    value = _value("crime-public-order", MIDDLESBROUGH, dt.date(2024, 12, 1), dt.date(2025, 11, 30))
    k, per = value.numerator, 1000 / value.denominator
    # Garwood's limits, computed here from scipy's chi-squared quantiles.
    assert value.lower == pytest.approx(chi2.ppf(0.025, 2 * k) / 2 * per)
    assert value.upper == pytest.approx(chi2.ppf(0.975, 2 * k + 2) / 2 * per)
    assert value.lower < value.value < value.upper

    # A ward's profile shows the interval and marks differences only where intervals separate.
    body = client.get("/areas/E05009867/indicators/").content.decode()
    assert "95% interval" in body
    assert 'data-difference="higher"' in body or 'data-difference="lower"' in body
    assert 'data-difference="similar"' in body


def test_monthly_crime_counts_for_a_council_and_a_ward_are_the_police_records_of_that_month(
    indicator_data, shared_data
):
    from cohesion.indicators.queries import monthly_series

    crime = pd.read_csv(
        shared_data / "crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv"
    )
    lookup = pd.read_csv(shared_data / "lookups/lookup_lsoa21_ward24_ltla24.csv")
    middlesbrough = set(lookup.loc[lookup["ltla24_code"] == MIDDLESBROUGH, "lsoa21_code"])
    # Each LSOA's count shared by the residents of its output areas in Newport.
    oas = pd.read_csv(shared_data / "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv")
    residents = oas.groupby("lsoa21cd")["population"].sum()
    newport_share = (
        oas[oas["wd25cd"] == "E05009866"].groupby("lsoa21cd")["population"].sum() / residents
    ).dropna()
    in_month = crime[crime["month"] == "2025-07"]
    public_order = in_month[in_month["crime_type"] == "Public order"]

    table = monthly_series(
        ["crime-month-public-order", "crime-month-all"], [MIDDLESBROUGH, "E05009866"]
    )
    july = pd.Timestamp("2025-07-01")
    assert table.at[(MIDDLESBROUGH, "crime-month-public-order"), july] == (
        public_order.loc[public_order["lsoa21cd"].isin(middlesbrough), "count"].sum()
    )
    newport_july = public_order[public_order["lsoa21cd"].isin(newport_share.index)]
    assert table.at[("E05009866", "crime-month-public-order"), july] == pytest.approx(
        (newport_july["count"] * newport_july["lsoa21cd"].map(newport_share)).sum()
    )
    assert table.at[(MIDDLESBROUGH, "crime-month-all"), july] == (
        in_month.loc[in_month["lsoa21cd"].isin(middlesbrough), "count"].sum()
    )
    # Every month of the file, January 2023 to November 2025, with no gaps.
    assert list(table.columns) == list(pd.date_range("2023-01-01", "2025-11-01", freq="MS"))
    assert not table.isna().any().any()


def test_small_crime_counts_are_flagged_as_suppressed(indicator_data, settings):
    small = IndicatorValue.objects.filter(
        indicator__code__startswith="crime-", numerator__gte=1, numerator__lt=5
    )
    assert small.exists()
    assert not small.filter(suppressed=False).exists()
    # Zeros are shown, as on every output of cohesion.core.disclosure.
    assert not IndicatorValue.objects.filter(
        indicator__code__startswith="crime-", numerator=0, suppressed=True
    ).exists()
    assert not IndicatorValue.objects.filter(
        indicator__code__startswith="crime-", numerator__gte=5, suppressed=True
    ).exists()


def test_loading_the_same_release_again_changes_nothing(indicator_data, shared_data):
    before = IndicatorValue.objects.count(), Dataset.objects.count()
    results = load_indicators(shared_data, ["police_uk_street", "imd2025"])
    assert all(result.skipped for result in results)
    assert (IndicatorValue.objects.count(), Dataset.objects.count()) == before


def test_after_loading_indicators_the_database_planner_counts_the_values_held(
    indicator_data, shared_data
):
    IndicatorValue.objects.filter(area_code=MIDDLESBROUGH).delete()
    load_indicators(shared_data, ["imd2025"])
    assert planner_row_count(IndicatorValue) == IndicatorValue.objects.count()
    assert planner_row_count(Dataset) == Dataset.objects.count()


def test_a_new_release_adds_a_dataset_and_a_new_period(indicator_data, shared_data, tmp_path):
    source = "crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv"
    (tmp_path / "crime").mkdir()
    frame = pd.read_csv(shared_data / source)
    december = frame[frame["month"] == "2025-11"].assign(month="2025-12")
    pd.concat([frame, december]).to_csv(tmp_path / source, index=False)
    loader = get_loader("police_uk_street")
    for relative in loader.files[1:]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).symlink_to(shared_data / relative)
    result = run_loader(loader, tmp_path, geography_from_places(shared_data))
    assert not result.skipped
    assert Dataset.objects.filter(source="police_uk_street").count() == 2
    new_window = _value(
        "crime-public-order", MIDDLESBROUGH, dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )
    assert new_window is not None
    assert new_window.dataset.sha256 == fingerprint(tmp_path, loader.files)
    older_window = _value(
        "crime-public-order", MIDDLESBROUGH, dt.date(2024, 12, 1), dt.date(2025, 11, 30)
    )
    assert older_window is not None


def test_a_missing_file_is_refused_with_its_name_and_nothing_is_saved(
    indicator_data, shared_data, tmp_path
):
    before = IndicatorValue.objects.count()
    with pytest.raises(IndicatorLoadError, match=r"imd2025_tees_valley_lsoa21\.csv"):
        run_loader(get_loader("imd2025"), tmp_path, geography_from_places(shared_data))
    assert IndicatorValue.objects.count() == before


def test_a_broken_file_is_refused_and_nothing_is_saved(indicator_data, shared_data, tmp_path):
    loader = get_loader("cls_loneliness_modelled")
    for relative in loader.files[1:]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).symlink_to(shared_data / relative)
    (tmp_path / "survey/cls_loneliness_modelled_tees_valley_lsoa21.csv").write_text(
        "lsoa,percent\nx,1\n"
    )
    before = IndicatorValue.objects.count()
    with pytest.raises(IndicatorLoadError, match="has no column"):
        run_loader(loader, tmp_path, geography_from_places(shared_data))
    assert IndicatorValue.objects.count() == before


def test_built_in_loaders_are_in_the_same_registry_a_councils_own_loader_joins():
    keys = [loader.key for loader in registered()]
    assert keys[:2] == ["census2021_tees_valley_oa", "census2021_england_wales"]
    assert {"imd2025", "police_uk_street", "home_office_asylum_support"} <= set(keys)

    class OwnSurvey(Loader):
        key = "own_survey_for_test"
        title = "A council's own survey"
        publisher = "A council"

    try:
        register(OwnSurvey)
        assert get_loader("own_survey_for_test") is OwnSurvey
    finally:
        from cohesion.indicators.loaders import base

        base._registry.pop("own_survey_for_test", None)


def test_every_indicator_a_loader_stores_has_a_definition_with_a_citation(indicator_data):
    from cohesion.indicators.models import Indicator

    for indicator in Indicator.objects.filter(values__isnull=False).distinct():
        assert indicator.definition and indicator.citation, indicator.code


def test_the_load_command_says_what_it_did(indicator_data, shared_data):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "load_indicators", "imd2019", "--no-progress", "--data-dir", str(shared_data), stdout=out
    )
    assert "already loaded" in out.getvalue()


def test_one_tenth_of_englands_lsoas_are_in_the_most_deprived_decile_by_construction(
    indicator_data,
):
    england = _value(
        "imd-most-deprived-decile", "E92000001", dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )
    assert england.denominator == 33_755
    assert england.value == pytest.approx(10.0, abs=0.01)
    north_east = _value("imd-score", "E12000001", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (
        north_east.value
        > _value("imd-score", "E92000001", dt.date(2025, 1, 1), dt.date(2025, 12, 31)).value
    )
