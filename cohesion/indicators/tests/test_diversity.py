"""Diversity of an area: fractionalisation and Shannon entropy, pinned by hand and against PySAL."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from segregation.multigroup import MultiDiversity, SimpsonsInteraction

from cohesion.indicators.calculations.counts import InvalidCountsError
from cohesion.indicators.calculations.diversity import fractionalisation, shannon_entropy

MLID_GROUPS = [
    "WhiteBrit",
    "Irish",
    "OtherWhite",
    "Mixed",
    "Indian",
    "Pakistani",
    "Bangladeshi",
    "Chinese",
    "OtherAsian",
    "BlkAfrican",
    "BlkCaribbean",
    "OtherBlk",
    "Arab",
    "Other",
]


def test_fractionalisation_of_a_50_30_20_area_is_0_62() -> None:
    # Shares 0.5, 0.3, 0.2: 1 - (0.25 + 0.09 + 0.04) = 1 - 0.38 = 0.62.
    assert fractionalisation([50, 30, 20]) == pytest.approx(0.62, abs=1e-15)


def test_shannon_entropy_of_a_50_30_20_area_is_hand_computed() -> None:
    # -(0.5 ln 0.5 + 0.3 ln 0.3 + 0.2 ln 0.2)
    #   = 0.3465735903 + 0.3611918412 + 0.3218875825 = 1.0296530141
    assert shannon_entropy([50, 30, 20]) == pytest.approx(1.0296530140645737, abs=1e-15)


def test_normalised_entropy_divides_by_the_log_of_the_number_of_groups() -> None:
    # 1.0296530141 / ln 3 = 1.0296530141 / 1.0986122887 = 0.9372305632
    assert shannon_entropy([50, 30, 20], normalise=True) == pytest.approx(
        0.9372305632161295, abs=1e-15
    )


def test_equal_groups_reach_the_maximum_of_both_measures() -> None:
    # Four equal groups: F = 1 - 4 * (1/4)^2 = 0.75; E = ln 4; normalised E = 1.
    assert fractionalisation([7, 7, 7, 7]) == pytest.approx(0.75, abs=1e-15)
    assert shannon_entropy([7, 7, 7, 7]) == pytest.approx(math.log(4), abs=1e-15)
    assert shannon_entropy([7, 7, 7, 7], normalise=True) == pytest.approx(1.0, abs=1e-15)


def test_an_area_of_one_group_has_no_diversity() -> None:
    assert fractionalisation([0, 120, 0]) == 0.0
    assert shannon_entropy([0, 120, 0]) == 0.0


def test_an_absent_group_adds_nothing_but_still_counts_towards_the_normalising_maximum() -> None:
    # Shares 0.5, 0, 0.5: E = ln 2 (0 ln 0 = 0); normalised by ln 3 because three groups were asked for:
    # ln 2 / ln 3 = 0.6931471806 / 1.0986122887 = 0.6309297536.
    assert shannon_entropy([40, 0, 40]) == pytest.approx(math.log(2), abs=1e-15)
    assert shannon_entropy([40, 0, 40], normalise=True) == pytest.approx(
        0.6309297535714574, abs=1e-15
    )
    # F = 1 - (0.25 + 0 + 0.25) = 0.5
    assert fractionalisation([40, 0, 40]) == pytest.approx(0.5, abs=1e-15)


def test_an_area_with_no_population_is_nan_and_does_not_disturb_its_neighbours() -> None:
    values = fractionalisation([[50, 30, 20], [0, 0, 0], [1, 1, 0]])
    assert values.shape == (3,)
    assert values[0] == pytest.approx(0.62, abs=1e-15)
    assert np.isnan(values[1])
    assert values[2] == pytest.approx(0.5, abs=1e-15)
    entropies = shannon_entropy([[0, 0, 0], [1, 1, 0]])
    assert np.isnan(entropies[0])
    assert entropies[1] == pytest.approx(math.log(2), abs=1e-15)


def test_many_areas_give_one_value_each_and_match_one_area_at_a_time() -> None:
    counts = np.array([[50, 30, 20], [5, 5, 90], [1, 2, 3]], dtype=float)
    np.testing.assert_array_equal(
        shannon_entropy(counts), [float(shannon_entropy(row)) for row in counts]
    )
    np.testing.assert_array_equal(
        fractionalisation(counts), [float(fractionalisation(row)) for row in counts]
    )


@pytest.fixture(scope="module")
def middlesbrough_lsoas(shared_data: Path) -> pd.DataFrame:
    table = pd.read_csv(shared_data / "reference/04_segregation/mlid_ethnicities_2011_LSOA.csv.gz")
    return table[table["LAD"] == "Middlesbrough"].reset_index(drop=True)


def test_council_diversity_matches_pysal_on_middlesbrough_2011(
    middlesbrough_lsoas: pd.DataFrame,
) -> None:
    council_counts = middlesbrough_lsoas[MLID_GROUPS].sum().to_numpy()
    assert shannon_entropy(council_counts) == pytest.approx(
        MultiDiversity(middlesbrough_lsoas, MLID_GROUPS).statistic, abs=1e-12
    )
    assert shannon_entropy(council_counts, normalise=True) == pytest.approx(
        MultiDiversity(middlesbrough_lsoas, MLID_GROUPS, normalized=True).statistic, abs=1e-12
    )
    assert fractionalisation(council_counts) == pytest.approx(
        SimpsonsInteraction(middlesbrough_lsoas, MLID_GROUPS).statistic, abs=1e-12
    )


def test_each_lsoa_diversity_matches_pysal_on_that_lsoa_alone(
    middlesbrough_lsoas: pd.DataFrame,
) -> None:
    entropies = shannon_entropy(middlesbrough_lsoas[MLID_GROUPS].to_numpy())
    fractions = fractionalisation(middlesbrough_lsoas[MLID_GROUPS].to_numpy())
    for i in range(0, len(middlesbrough_lsoas), 10):
        one = middlesbrough_lsoas.iloc[[i]]
        # PySAL gives NaN terms for groups absent from the LSOA; compare with its groups present only.
        present = [g for g in MLID_GROUPS if one[g].iloc[0] > 0]
        assert entropies[i] == pytest.approx(MultiDiversity(one, present).statistic, abs=1e-12)
        assert fractions[i] == pytest.approx(
            SimpsonsInteraction(one, MLID_GROUPS).statistic, abs=1e-12
        )


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([10, -1, 5], "negative"),
        ([10, float("nan"), 5], "missing"),
        ([10, float("inf"), 5], "infinite"),
        ([], "no small areas"),
        ([[[1, 2]]], "2-dimensional"),
        (["ten", "five"], "numbers"),
    ],
)
def test_bad_counts_are_refused_with_a_plain_message(counts: object, message: str) -> None:
    with pytest.raises(InvalidCountsError, match=message):
        fractionalisation(counts)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=message):
        shannon_entropy(counts)  # type: ignore[arg-type]


def test_normalised_entropy_of_a_single_group_is_refused() -> None:
    with pytest.raises(ValueError, match="at least two groups"):
        shannon_entropy([[5], [7]], normalise=True)
