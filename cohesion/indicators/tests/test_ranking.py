"""Priority ranking: each measure's rank and the weighted mean of ranks."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from cohesion.indicators.calculations.ranking import RankingError, rank_areas

NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"


def test_ranks_follow_the_direction_of_each_measure_and_the_composite_is_their_mean():
    values = pd.DataFrame(
        {"crime": [30.0, 10.0, 20.0], "trust": [0.2, 0.9, 0.5]}, index=["a", "b", "c"]
    )
    result = rank_areas(values, {"crime": "higher_is_worse", "trust": "higher_is_better"})
    assert result.loc["a", "rank_crime"] == 1 and result.loc["a", "rank_trust"] == 1
    assert result.loc["b", "composite_score"] == 3
    assert list(result.index) == ["a", "c", "b"]
    assert list(result["composite_rank"]) == [1, 2, 3]


def test_weights_change_the_composite_as_a_weighted_mean_of_ranks():
    rng = np.random.default_rng(7)
    values = pd.DataFrame(rng.normal(size=(12, 3)), columns=["x", "y", "z"])
    weights = {"x": 2.0, "y": 1.0, "z": 0.5}
    result = rank_areas(values, dict.fromkeys("xyz", "higher_is_worse"), weights).sort_index()
    ranks = np.column_stack([rankdata(-values[c]) for c in "xyz"])
    expected = ranks @ np.array([2.0, 1.0, 0.5]) / 3.5
    np.testing.assert_allclose(result["composite_score"], expected)


def test_tied_values_share_the_average_rank():
    values = pd.DataFrame({"x": [5.0, 5.0, 1.0]}, index=["a", "b", "c"])
    result = rank_areas(values, {"x": "higher_is_worse"})
    assert result.loc["a", "rank_x"] == result.loc["b", "rank_x"] == 1.5


def test_an_area_missing_a_measure_is_ranked_on_the_others():
    values = pd.DataFrame({"x": [3.0, 2.0, 1.0], "y": [np.nan, 1.0, 2.0]}, index=["a", "b", "c"])
    result = rank_areas(values, {"x": "higher_is_worse", "y": "higher_is_worse"})
    assert result.loc["a", "composite_score"] == 1.0
    assert result.loc["a", "measures_used"] == 1


@pytest.mark.parametrize(
    ("directions", "weights", "message"),
    [
        ({"x": "up"}, None, "higher is worse or better"),
        ({"x": "higher_is_worse"}, {"x": -1.0}, "zero or a positive"),
        ({"x": "higher_is_worse"}, {"x": 0.0}, "above zero"),
    ],
)
def test_a_ranking_that_cannot_be_computed_is_refused_with_a_plain_message(
    directions, weights, message
):
    with pytest.raises(RankingError, match=message):
        rank_areas(pd.DataFrame({"x": [1.0, 2.0]}), directions, weights)


@pytest.mark.django_db
def test_newport_and_north_ormesby_are_in_the_top_five_of_middlesbroughs_wards_on_the_default_ranking(
    indicator_data, client
):
    response = client.get("/indicators/ranking/E06000002.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [m["code"] for m in data["measures"]] == [
        "imd-score",
        "crime-violence-sexual-offences",
        "crime-public-order",
        "crime-anti-social-behaviour",
        "crime-criminal-damage-arson",
    ]
    crime_periods = {(m["period_start"], m["period_end"]) for m in data["measures"][1:]}
    assert crime_periods == {("2024-12-01", "2025-11-30")}
    assert len(data["wards"]) == 20
    top_five = {w["code"] for w in data["wards"] if w["composite_rank"] <= 5}
    assert {NEWPORT, NORTH_ORMESBY} <= top_five
