"""Segregation indices, pinned against PySAL ``segregation`` and the published MLID value on real Census data."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from segregation.multigroup import MultiDissim, MultiInfoTheory
from segregation.singlegroup import Dissim, Interaction, Isolation

from cohesion.indicators.calculations.counts import InvalidCountsError
from cohesion.indicators.calculations.segregation import (
    dissimilarity,
    dissimilarity_between,
    information_theory_index,
    interaction,
    isolation,
    multigroup_dissimilarity,
    segregation_by_parent,
)

# The 14 groups of the 2011 Census ethnicity table in the MLID package (Gypsy or Irish Traveller is left out,
# so the groups fall short of ``Persons``).
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
COUNCILS = ["Middlesbrough", "Bradford", "Tower Hamlets"]
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def lsoas(shared_data: Path) -> pd.DataFrame:
    """2011 Census ethnicity for every LSOA of England and Wales, with the council *name* in ``LAD``."""
    return pd.read_csv(shared_data / "reference/04_segregation/mlid_ethnicities_2011_LSOA.csv.gz")


@pytest.fixture(scope="module")
def by_council(lsoas: pd.DataFrame) -> pd.DataFrame:
    return segregation_by_parent(lsoas, "LAD", MLID_GROUPS, total="Persons", reference="WhiteBrit")


def council(lsoas: pd.DataFrame, name: str) -> pd.DataFrame:
    return lsoas[lsoas["LAD"] == name].reset_index(drop=True)


def pysal(index: type, *args: object) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(index(*args).statistic)


# --- Hand-computed values ---------------------------------------------------------------------------------------
# Two small areas of 20 people each. Area A: 10 in the group, 10 others. Area B: 0 in the group, 20 others.
GROUP = [10, 0]
TOTAL = [20, 20]


def test_dissimilarity_of_a_two_area_example_is_two_thirds() -> None:
    # X = 10, Y = 30: D = 1/2 (|10/10 - 10/30| + |0/10 - 20/30|) = 1/2 (2/3 + 2/3) = 2/3.
    assert dissimilarity(GROUP, TOTAL) == pytest.approx(2 / 3, abs=1e-15)
    assert dissimilarity_between(GROUP, [10, 20]) == pytest.approx(2 / 3, abs=1e-15)


def test_isolation_and_interaction_of_a_two_area_example_are_one_half() -> None:
    # xPx = (10/10)(10/20) + (0/10)(0/20) = 0.5; xPy = (10/10)(10/20) + 0 = 0.5; they add to 1.
    assert isolation(GROUP, TOTAL) == pytest.approx(0.5, abs=1e-15)
    assert interaction(GROUP, TOTAL) == pytest.approx(0.5, abs=1e-15)


def test_multigroup_dissimilarity_of_two_groups_equals_the_two_group_index() -> None:
    # P = (1/4, 3/4), I = 2 * 1/4 * 3/4 = 3/8; sum_i t_i sum_k |p_ik - P_k| = 20 * 1/2 + 20 * 1/2 = 20;
    # D = 20 / (2 * 40 * 3/8) = 2/3.
    assert multigroup_dissimilarity([[10, 10], [0, 20]]) == pytest.approx(2 / 3, abs=1e-15)


def test_information_theory_index_of_two_areas_matches_the_entropy_form() -> None:
    # E = -(1/4 ln 1/4 + 3/4 ln 3/4) = 0.5623351446; E_A = ln 2, E_B = 0;
    # H = sum_i t_i (E - E_i) / (T E) = (20 (E - ln 2) + 20 E) / (40 E) = 1 - ln 2 / (2 E) = 0.3836885466.
    entropy = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))
    expected = 1 - math.log(2) / (2 * entropy)
    assert expected == pytest.approx(0.3836885465963443, abs=1e-15)
    assert information_theory_index([[10, 10], [0, 20]]) == pytest.approx(expected, abs=1e-15)


def test_complete_separation_gives_one_and_an_even_spread_gives_zero() -> None:
    assert dissimilarity_between([5, 0], [0, 9]) == 1.0
    assert information_theory_index([[5, 0], [0, 9]]) == pytest.approx(1.0, abs=1e-15)
    assert multigroup_dissimilarity([[2, 6], [1, 3]]) == pytest.approx(0.0, abs=1e-15)
    assert information_theory_index([[2, 6], [1, 3]]) == pytest.approx(0.0, abs=1e-15)


# --- PySAL on real 2011 Census data -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", COUNCILS)
def test_single_group_indices_match_pysal_for_every_group_of_a_council(
    lsoas: pd.DataFrame, name: str
) -> None:
    areas = council(lsoas, name)
    for group in MLID_GROUPS:
        x, t = areas[group], areas["Persons"]
        assert dissimilarity(x, t) == pytest.approx(
            pysal(Dissim, areas, group, "Persons"), abs=TOLERANCE
        )
        assert isolation(x, t) == pytest.approx(
            pysal(Isolation, areas, group, "Persons"), abs=TOLERANCE
        )
        assert interaction(x, t) == pytest.approx(
            pysal(Interaction, areas, group, "Persons"), abs=TOLERANCE
        )


@pytest.mark.parametrize("name", COUNCILS)
def test_multigroup_indices_match_pysal_for_a_council(lsoas: pd.DataFrame, name: str) -> None:
    areas = council(lsoas, name)
    counts = areas[MLID_GROUPS].to_numpy()
    assert multigroup_dissimilarity(counts) == pytest.approx(
        pysal(MultiDissim, areas, MLID_GROUPS), abs=TOLERANCE
    )
    assert information_theory_index(counts) == pytest.approx(
        pysal(MultiInfoTheory, areas, MLID_GROUPS), abs=TOLERANCE
    )


@pytest.mark.parametrize("name", COUNCILS)
def test_the_grouped_engine_matches_pysal_for_every_index_of_a_council(
    lsoas: pd.DataFrame, by_council: pd.DataFrame, name: str
) -> None:
    areas = council(lsoas, name)
    row = by_council.loc[name]
    assert row["small_areas"] == len(areas)
    assert row["population"] == areas["Persons"].sum()
    for group in MLID_GROUPS:
        assert row[f"dissimilarity_{group}"] == pytest.approx(
            pysal(Dissim, areas, group, "Persons"), abs=TOLERANCE
        )
        assert row[f"isolation_{group}"] == pytest.approx(
            pysal(Isolation, areas, group, "Persons"), abs=TOLERANCE
        )
        assert row[f"interaction_{group}"] == pytest.approx(
            pysal(Interaction, areas, group, "Persons"), abs=TOLERANCE
        )
    assert row["multigroup_dissimilarity"] == pytest.approx(
        pysal(MultiDissim, areas, MLID_GROUPS), abs=TOLERANCE
    )
    assert row["information_theory_h"] == pytest.approx(
        pysal(MultiInfoTheory, areas, MLID_GROUPS), abs=TOLERANCE
    )


def test_the_grouped_engine_matches_pysal_for_every_council_of_england_and_wales(
    lsoas: pd.DataFrame, by_council: pd.DataFrame
) -> None:
    assert len(by_council) == lsoas["LAD"].nunique() == 348
    differences, absent_groups = [], []
    for name, areas in lsoas.groupby("LAD"):
        row = by_council.loc[name]
        differences.append(
            row["dissimilarity_Pakistani"] - pysal(Dissim, areas, "Pakistani", "Persons")
        )
        differences.append(row["multigroup_dissimilarity"] - pysal(MultiDissim, areas, MLID_GROUPS))
        theirs = pysal(MultiInfoTheory, areas, MLID_GROUPS)
        if math.isnan(theirs):
            # PySAL gives NaN when a group is absent from the council (0 * ln 0); Cohesion lets an absent group
            # contribute nothing, which is PySAL's value over the groups present.
            absent_groups.append(name)
            present = [group for group in MLID_GROUPS if areas[group].sum() > 0]
            theirs = pysal(MultiInfoTheory, areas, present)
        differences.append(row["information_theory_h"] - theirs)
    assert 0 < len(absent_groups) < 10  # e.g. Melton had no Bangladeshi residents in 2011
    finite = np.array(differences)
    assert (
        np.isnan(finite).sum() == 1
    )  # the Isles of Scilly had no Pakistani residents: NaN on both sides
    assert np.nanmax(np.abs(finite)) < TOLERANCE


# --- Published and pairwise values --------------------------------------------------------------------------------


@pytest.mark.slow
def test_bangladeshi_and_white_british_across_all_output_areas_match_the_mlid_vignette(
    shared_data: Path,
) -> None:
    # MLID vignette (vignettes/MLID.Rmd, line 153): D = 0.852 over the 181,408 output areas of England and Wales.
    oas = pd.read_csv(
        shared_data / "reference/04_segregation/mlid_ethnicities_2011_OA.csv.gz",
        usecols=["OA", "Bangladeshi", "WhiteBrit"],
    )
    assert len(oas) == 181_408
    value = dissimilarity_between(oas["Bangladeshi"], oas["WhiteBrit"])
    assert round(value, 3) == 0.852
    oas["country"] = "England and Wales"
    both = segregation_by_parent(
        oas, "country", ["Bangladeshi", "WhiteBrit"], reference="WhiteBrit"
    )
    assert both.loc["England and Wales", "dissimilarity_Bangladeshi_vs_WhiteBrit"] == pytest.approx(
        value, abs=1e-12
    )


def test_pakistani_and_white_british_dissimilarity_in_middlesbrough_matches_pysal(
    lsoas: pd.DataFrame, by_council: pd.DataFrame
) -> None:
    areas = council(lsoas, "Middlesbrough")
    # PySAL's two-group form: the group against a total made of the two groups only.
    areas["pair"] = areas["Pakistani"] + areas["WhiteBrit"]
    theirs = pysal(Dissim, areas, "Pakistani", "pair")
    ours = dissimilarity_between(areas["Pakistani"], areas["WhiteBrit"])
    assert ours == pytest.approx(theirs, abs=TOLERANCE)
    assert round(ours, 3) == 0.614
    assert by_council.loc["Middlesbrough", "dissimilarity_Pakistani_vs_WhiteBrit"] == pytest.approx(
        ours, abs=1e-12
    )


def test_exposure_of_pakistani_to_white_british_residents_in_middlesbrough_follows_massey_and_denton(
    lsoas: pd.DataFrame, by_council: pd.DataFrame
) -> None:
    areas = council(lsoas, "Middlesbrough")
    # xPy = sum_i (x_i / X)(y_i / t_i), written out with pandas.
    expected = (
        areas["Pakistani"] / areas["Pakistani"].sum() * areas["WhiteBrit"] / areas["Persons"]
    ).sum()
    ours = interaction(areas["Pakistani"], areas["Persons"], other=areas["WhiteBrit"])
    assert ours == pytest.approx(expected, abs=1e-12)
    assert by_council.loc["Middlesbrough", "interaction_Pakistani_with_WhiteBrit"] == pytest.approx(
        ours, abs=1e-12
    )
    # Exposure is asymmetric: White British residents meet far fewer Pakistani neighbours than the reverse.
    reverse = interaction(areas["WhiteBrit"], areas["Persons"], other=areas["Pakistani"])
    assert reverse < ours


# --- Edge cases ----------------------------------------------------------------------------------------------------


def test_small_areas_with_no_population_contribute_nothing() -> None:
    group, total, rest = np.array([10.0, 0, 3]), np.array([20.0, 20, 9]), np.array([10.0, 20, 6])
    padded = (np.insert(group, 1, [0, 0]), np.insert(total, 1, [0, 0]), np.insert(rest, 1, [0, 0]))
    assert dissimilarity(padded[0], padded[1]) == dissimilarity(group, total)
    assert isolation(padded[0], padded[1]) == isolation(group, total)
    assert interaction(padded[0], padded[1]) == interaction(group, total)
    assert dissimilarity_between(padded[0], padded[2]) == dissimilarity_between(group, rest)
    counts = np.column_stack([group, rest])
    padded_counts = np.column_stack([padded[0], padded[2]])
    assert multigroup_dissimilarity(padded_counts) == multigroup_dissimilarity(counts)
    assert information_theory_index(padded_counts) == information_theory_index(counts)


def test_a_group_with_no_members_gives_nan_not_an_error() -> None:
    assert math.isnan(dissimilarity([0, 0], [10, 20]))
    assert math.isnan(isolation([0, 0], [10, 20]))
    assert math.isnan(interaction([0, 0], [10, 20]))
    assert math.isnan(dissimilarity_between([0, 0], [10, 20]))


def test_a_group_that_is_the_whole_population_has_no_dissimilarity() -> None:
    assert math.isnan(dissimilarity([10, 20], [10, 20]))
    assert isolation([10, 20], [10, 20]) == 1.0


def test_an_empty_group_leaves_the_multigroup_indices_unchanged() -> None:
    counts = np.array([[10.0, 10], [0, 20], [7, 1]])
    with_empty = np.column_stack([counts[:, 0], np.zeros(3), counts[:, 1]])
    assert multigroup_dissimilarity(with_empty) == pytest.approx(
        multigroup_dissimilarity(counts), abs=1e-15
    )
    assert information_theory_index(with_empty) == pytest.approx(
        information_theory_index(counts), abs=1e-15
    )


def test_multigroup_indices_are_nan_with_one_group_present_or_no_population() -> None:
    assert math.isnan(multigroup_dissimilarity([[0, 5], [0, 9]]))
    assert math.isnan(information_theory_index([[0, 5], [0, 9]]))
    assert math.isnan(multigroup_dissimilarity([[0, 0], [0, 0]]))
    assert math.isnan(information_theory_index([[0, 0], [0, 0]]))


def test_the_engine_gives_nan_for_a_group_absent_from_one_parent_only() -> None:
    table = pd.DataFrame(
        {
            "ward": ["W1", "W1", "W2", "W2"],
            "a": [10, 0, 0, 0],
            "b": [10, 20, 5, 15],
        }
    )
    result = segregation_by_parent(table, "ward", ["a", "b"])
    assert list(result.index) == ["W1", "W2"]
    assert result.loc["W1", "dissimilarity_a"] == pytest.approx(2 / 3, abs=1e-15)
    assert math.isnan(result.loc["W2", "dissimilarity_a"])
    assert math.isnan(result.loc["W2", "isolation_a"])
    assert math.isnan(result.loc["W2", "multigroup_dissimilarity"])
    assert result.loc["W2", "isolation_b"] == 1.0


def test_the_engine_does_not_depend_on_the_order_of_rows(
    lsoas: pd.DataFrame, by_council: pd.DataFrame
) -> None:
    shuffled = lsoas.sample(frac=1.0, random_state=20110327)
    again = segregation_by_parent(
        shuffled, "LAD", MLID_GROUPS, total="Persons", reference="WhiteBrit"
    )
    pd.testing.assert_frame_equal(again, by_council, check_exact=False, rtol=1e-12, atol=1e-12)


# --- Bad input -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "total", "message"),
    [
        ([1, -2], [5, 5], "negative"),
        ([1, 2], [5, -5], "negative"),
        ([1, float("nan")], [5, 5], "missing"),
        ([1, 2, 3], [5, 5], "same small areas"),
        ([1, 7], [5, 5], "exceeds"),
        ([[1, 2]], [5, 5], "1-dimensional"),
        ([], [], "no small areas"),
    ],
)
def test_bad_single_group_counts_are_refused(
    group: list[object], total: list[object], message: str
) -> None:
    for function in (dissimilarity, isolation, interaction):
        with pytest.raises(InvalidCountsError, match=message):
            function(group, total)


def test_bad_pairs_and_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="same small areas"):
        dissimilarity_between([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="same small areas"):
        interaction([1, 2], [5, 5], other=[1, 2, 3])
    with pytest.raises(ValueError, match="exceeds"):
        interaction([1, 2], [5, 5], other=[1, 9])
    with pytest.raises(ValueError, match="2-dimensional"):
        multigroup_dissimilarity([1, 2, 3])
    with pytest.raises(ValueError, match="negative"):
        information_theory_index([[1, 2], [3, -4]])
    with pytest.raises(ValueError, match="numbers"):
        multigroup_dissimilarity([["a", "b"], ["c", "d"]])


def test_the_engine_refuses_a_table_it_cannot_read() -> None:
    table = pd.DataFrame({"ward": ["W1", None], "a": [1, 2], "b": [3, 4], "total": [4, 5]})
    with pytest.raises(ValueError, match="no 'ward' code"):
        segregation_by_parent(table, "ward", ["a", "b"])
    table["ward"] = ["W1", "W1"]
    with pytest.raises(ValueError, match="no column"):
        segregation_by_parent(table, "ward", ["a", "c"])
    with pytest.raises(ValueError, match="reference group 'c'"):
        segregation_by_parent(table, "ward", ["a", "b"], reference="c")
    with pytest.raises(ValueError, match="exceeds"):
        segregation_by_parent(table, "ward", ["a", "b"], total="a")
    with pytest.raises(ValueError, match="at least one group"):
        segregation_by_parent(table, "ward", [])
    table.loc[1, "b"] = -1
    with pytest.raises(ValueError, match="negative"):
        segregation_by_parent(table, "ward", ["a", "b"])
