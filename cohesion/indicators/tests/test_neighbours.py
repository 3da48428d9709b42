"""Statistical nearest neighbours: standardised Euclidean distance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist
from scipy.stats import zscore

from cohesion.indicators.calculations.neighbours import NeighboursError, nearest_neighbours


def test_neighbours_are_the_nearest_areas_in_z_score_space_computed_independently_with_scipy():
    rng = np.random.default_rng(3)
    table = pd.DataFrame(
        rng.normal(size=(40, 4)) * [1, 10, 100, 0.1],
        index=[f"E0{i:07d}" for i in range(40)],
        columns=list("abcd"),
    )
    result = nearest_neighbours(table, "E00000005", k=5)
    z = zscore(table.to_numpy(), axis=0, ddof=0)
    distances = cdist(z[[5]], z)[0]
    order = [i for i in np.argsort(distances, kind="stable") if i != 5][:5]
    assert list(result.index) == [table.index[i] for i in order]
    np.testing.assert_allclose(result["distance"], distances[order])


def test_a_variable_with_no_spread_does_not_break_the_distances():
    table = pd.DataFrame({"a": [1.0, 2.0, 4.0], "flat": [5.0, 5.0, 5.0]}, index=["x", "y", "z"])
    result = nearest_neighbours(table, "x", k=2)
    assert list(result.index) == ["y", "z"]
    assert np.isfinite(result["distance"]).all()


def test_an_unknown_area_or_missing_values_are_refused():
    table = pd.DataFrame({"a": [1.0, np.nan]}, index=["x", "y"])
    with pytest.raises(NeighboursError, match="not among"):
        nearest_neighbours(table, "q")
    with pytest.raises(NeighboursError, match="lacks a value"):
        nearest_neighbours(table, "x")
