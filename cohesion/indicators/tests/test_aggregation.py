"""Rolling small areas up the geography with counts and populations, never averaged percentages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cohesion.indicators.calculations.aggregation import (
    counts_from_percentages,
    rate,
    roll_up,
    share_in_categories,
    weighted_mean,
)
from cohesion.indicators.calculations.counts import InvalidCountsError

MIDDLESBROUGH = "E06000002"


def test_rolling_middlesbrough_output_areas_up_through_wards_gives_its_census_population(
    shared_data,
):
    oas = pd.read_csv(shared_data / "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv").set_index(
        "oa21cd"
    )
    lsoas = roll_up(oas[["population"]], oas["lsoa21cd"])
    # Wards from output areas (each in the ward holding its population-weighted centroid).
    wards = roll_up(oas[["population"]], oas["wd25cd"])
    councils = roll_up(wards, oas.drop_duplicates("wd25cd").set_index("wd25cd")["lad25cd"])
    assert councils.at[MIDDLESBROUGH, "population"] == 143_925
    assert councils["population"].sum() == lsoas["population"].sum() == oas["population"].sum()


def test_a_ward_share_comes_from_summed_counts_not_the_mean_of_percentages():
    # A small output area at 50% and a large one at 10%: the ward is 12%, not 30%.
    percentages = pd.DataFrame({"born_abroad": [50.0, 10.0]}, index=["oa1", "oa2"])
    population = pd.Series({"oa1": 100, "oa2": 1900})
    counts = counts_from_percentages(percentages, population)
    ward = roll_up(counts.assign(residents=population), {"oa1": "w", "oa2": "w"})
    share = rate(ward["born_abroad"], ward["residents"], per=100.0)
    assert share["w"] == pytest.approx(12.0)


def test_a_small_area_without_a_parent_is_refused_rather_than_dropped():
    with pytest.raises(InvalidCountsError, match="no parent"):
        roll_up(pd.DataFrame({"n": [1.0, 2.0]}, index=["a", "b"]), {"a": "p"})


def test_percentages_for_an_area_without_a_population_are_refused():
    with pytest.raises(InvalidCountsError, match="no population"):
        counts_from_percentages(pd.DataFrame({"x": [1.0]}, index=["a"]), pd.Series({"b": 5}))


def test_negative_percentages_are_refused():
    with pytest.raises(InvalidCountsError, match="negative"):
        counts_from_percentages(pd.DataFrame({"x": [-1.0]}, index=["a"]), pd.Series({"a": 5}))


def test_a_rate_for_an_area_with_no_population_is_missing_not_infinite():
    rates = rate(pd.Series({"a": 3.0, "b": 2.0}), pd.Series({"a": 0.0, "b": 1000.0}), per=1000.0)
    assert np.isnan(rates["a"])
    assert rates["b"] == pytest.approx(2.0)


def test_the_weighted_mean_score_matches_a_hand_calculation():
    scores = pd.Series({"l1": 10.0, "l2": 40.0, "l3": 5.0})
    weights = pd.Series({"l1": 1000.0, "l2": 3000.0, "l3": 500.0})
    result = weighted_mean(scores, weights, {"l1": "w1", "l2": "w1", "l3": "w2"})
    assert result.at["w1", "value"] == pytest.approx((10 * 1000 + 40 * 3000) / 4000)
    assert result.at["w1", "denominator"] == 4000
    assert result.at["w2", "value"] == pytest.approx(5.0)


def test_the_share_of_lsoas_in_the_most_deprived_decile_counts_lsoas():
    deciles = pd.Series({"l1": 1, "l2": 1, "l3": 4, "l4": 2})
    result = share_in_categories(deciles, [1], {"l1": "w", "l2": "w", "l3": "w", "l4": "v"})
    assert result.at["w", "value"] == pytest.approx(200 / 3)
    assert (result.at["w", "numerator"], result.at["w", "denominator"]) == (2, 3)
    assert result.at["v", "value"] == 0
