"""Carrying population counts between geographies, and the ward margins built from the real files."""

from __future__ import annotations

import pandas as pd
import pytest

from cohesion.surveys.calculations.population_margins import apportion, successor_shares


def test_a_split_area_passes_its_count_on_in_proportion_to_its_successors_populations():
    links = pd.DataFrame({"from_code": ["A", "A", "B"], "to_code": ["A1", "A2", "B1"]})
    shares = successor_shares(links, pd.Series({"A1": 300.0, "A2": 100.0, "B1": 50.0}))
    got = shares.set_index("to_code")["share"].to_dict()
    assert got == {"A1": 0.75, "A2": 0.25, "B1": 1.0}


def test_without_populations_a_split_area_is_shared_equally():
    links = pd.DataFrame({"from_code": ["A", "A", "A"], "to_code": ["x", "y", "z"]})
    shares = successor_shares(links)
    assert shares["share"].tolist() == pytest.approx([1 / 3] * 3)
    unknown = successor_shares(links, pd.Series({"other": 5.0}))
    assert unknown["share"].tolist() == pytest.approx([1 / 3] * 3)


def test_merged_areas_add_up_and_totals_are_conserved():
    values = pd.DataFrame(
        {"young": [10.0, 20.0, 5.0], "old": [1.0, 2.0, 4.0]}, index=["A", "B", "C"]
    )
    links = pd.DataFrame({"from_code": ["A", "B", "C", "C"], "to_code": ["M", "M", "S1", "S2"]})
    result = apportion(values, successor_shares(links, pd.Series({"S1": 1.0, "S2": 3.0})))
    assert result.table.loc["M"].tolist() == [30.0, 3.0]
    assert result.table.loc["S1"].tolist() == [1.25, 1.0]
    assert result.table.loc["S2"].tolist() == [3.75, 3.0]
    assert result.table.to_numpy().sum() == pytest.approx(values.to_numpy().sum())
    assert result.unlinked == ()


def test_an_area_with_no_link_is_reported_not_silently_dropped():
    values = pd.DataFrame({"n": [1.0, 2.0]}, index=["A", "lost"])
    links = pd.DataFrame({"from_code": ["A"], "to_code": ["X"], "share": [1.0]})
    result = apportion(values, links)
    assert result.unlinked == ("lost",)
    assert result.table.loc["X", "n"] == 1.0


def test_bad_input_is_refused_with_a_plain_message():
    with pytest.raises(ValueError, match="from_code and to_code"):
        successor_shares(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="same area code"):
        apportion(
            pd.DataFrame({"n": [1.0, 2.0]}, index=["A", "A"]),
            pd.DataFrame({"from_code": ["A"], "to_code": ["X"], "share": [1.0]}),
        )
    with pytest.raises(ValueError, match="negative"):
        successor_shares(
            pd.DataFrame({"from_code": ["A"], "to_code": ["X"]}), pd.Series({"X": -1.0})
        )


def test_middlesbroughs_adults_are_conserved_from_2011_lsoas_to_its_2025_wards(shared_data):
    """Independently: sum the mid-2020 bands (16+) over LSOAs named "Middlesbrough ..."."""
    from cohesion.surveys.margins import AGE_COLUMNS, population_tables

    raw = pd.read_csv(shared_data / "population/mid2020_lsoa11_age_bands_persons_ew.csv.gz")
    expected = raw.loc[raw["lsoa11_name"].str.startswith("Middlesbrough "), list(AGE_COLUMNS)].sum()
    tables = population_tables(shared_data)
    wards = tables.ward_council[tables.ward_council == "E06000002"].index
    assert len(wards) == 20
    got = tables.age.loc[wards].sum()
    assert got.to_numpy() == pytest.approx(expected.to_numpy(), abs=1.0)


def test_newports_ethnic_groups_are_the_sum_of_its_best_fit_lsoas(shared_data):
    from cohesion.surveys.margins import population_tables

    lookup = pd.read_csv(shared_data / "lookups/ew_lsoa21_to_wd25_bestfit_by_pwc.csv")
    lsoas = set(lookup.loc[lookup["wd25cd"] == "E05009866", "lsoa21cd"])
    ethnic = pd.read_csv(shared_data / "census2021/demographr_ethnicity21_lsoa21_tees_valley.csv")
    white = ethnic[(ethnic["lsoa21_code"].isin(lsoas)) & (ethnic["ethnic_group"] == "White")][
        "n"
    ].sum()
    total = ethnic[ethnic["lsoa21_code"].isin(lsoas)]["n"].sum()
    tables = population_tables(shared_data)
    assert tables.ethnic_group.loc["E05009866", "white"] == white
    assert tables.ethnic_group.loc["E05009866"].sum() == total
    assert tables.unlinked == {"age_band": (), "ethnic_group": (), "tenure": ()}


def test_the_sex_split_is_census_2021_residents_aged_16_to_74(shared_data):
    from cohesion.surveys.margins import population_tables

    raw = pd.read_csv(shared_data / "population/census2021_age_sex_ltla21_ew_bands.csv")
    mb = raw[(raw["ltla21_code"] == "E06000002") & raw["age_band"].isin(["16-64", "65-74"])]
    female = mb.loc[mb["sex"] == "female", "count"].sum() / mb["count"].sum()
    share = population_tables(shared_data).sex_share.loc["E06000002"]
    assert share["female"] == pytest.approx(female)
    assert share["female"] == pytest.approx((45213 + 7071) / (45213 + 7071 + 44542 + 6599))
