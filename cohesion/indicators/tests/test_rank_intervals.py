"""Plausible ranks: simulated from the uncertainty of the values, and the same ranking as rank_areas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cohesion.indicators.calculations.ranking import (
    HIGHER_IS_BETTER,
    HIGHER_IS_WORSE,
    RankingError,
    composite_ranks,
    rank_areas,
    rank_intervals,
    simulate_values,
)

AREAS = ["a", "b", "c", "d", "e"]
VALUES = pd.DataFrame(
    {
        "crime": [12.0, 11.0, 3.0, 30.0, np.nan],
        "imd": [40.0, 41.0, 10.0, 20.0, 25.0],
        "feel_safe": [55.0, 60.0, 80.0, 52.0, 70.0],
    },
    index=AREAS,
)
DIRECTIONS = {"crime": HIGHER_IS_WORSE, "imd": HIGHER_IS_WORSE, "feel_safe": HIGHER_IS_BETTER}
WEIGHTS = {"crime": 2.0, "imd": 1.0, "feel_safe": 1.0}
# Crime is a rate per 1,000 from a count: value = count x scale.
COUNTS = pd.DataFrame({"crime": [24.0, 22.0, 6.0, 60.0, np.nan]}, index=AREAS)
SCALES = VALUES[["crime"]] / COUNTS
ERRORS = pd.DataFrame({"feel_safe": [4.0, 4.0, 3.0, 5.0, 4.0]}, index=AREAS)


def test_the_vectorised_composite_is_rank_areas_on_every_simulated_table():
    """A second implementation: rank_areas itself, run table by table on the same draws."""
    tables = simulate_values(
        VALUES, counts=COUNTS, scales=SCALES, errors=ERRORS, simulations=200, seed=7
    )
    fast = composite_ranks(tables, list(VALUES.columns), DIRECTIONS, WEIGHTS)
    for s in range(tables.shape[0]):
        frame = pd.DataFrame(tables[s], index=AREAS, columns=VALUES.columns)
        slow = rank_areas(frame, DIRECTIONS, WEIGHTS)["composite_rank"].reindex(AREAS)
        np.testing.assert_array_equal(fast[s], slow.to_numpy())


def test_without_uncertainty_every_interval_is_the_rank_itself():
    ranked = rank_areas(VALUES, DIRECTIONS, WEIGHTS)["composite_rank"].reindex(AREAS)
    plausible = rank_intervals(VALUES, DIRECTIONS, WEIGHTS, simulations=50)
    assert list(plausible["rank_low"]) == list(ranked)
    assert list(plausible["rank_high"]) == list(ranked)


def test_close_wards_share_plausible_ranks_and_a_clear_leader_does_not_move():
    plausible = rank_intervals(
        VALUES, DIRECTIONS, WEIGHTS, counts=COUNTS, scales=SCALES, errors=ERRORS
    )
    # a and b differ by two incidents and a few points: each could be the other's rank.
    a, b = plausible.loc["a"], plausible.loc["b"]
    assert a["rank_low"] <= b["rank_high"] and b["rank_low"] <= a["rank_high"]
    assert a["rank_low"] < a["rank_high"]
    # c has the fewest incidents, the lowest deprivation and feels safest: last whatever the draw.
    assert (plausible.loc["c", "rank_low"], plausible.loc["c", "rank_high"]) == (5.0, 5.0)
    # Every interval holds the rank itself.
    ranked = rank_areas(VALUES, DIRECTIONS, WEIGHTS)["composite_rank"]
    for area in AREAS:
        assert plausible.loc[area, "rank_low"] <= ranked[area] <= plausible.loc[area, "rank_high"]


def test_the_same_seed_gives_the_same_intervals_and_bad_settings_are_refused():
    first = rank_intervals(VALUES, DIRECTIONS, counts=COUNTS, scales=SCALES, seed=3)
    again = rank_intervals(VALUES, DIRECTIONS, counts=COUNTS, scales=SCALES, seed=3)
    pd.testing.assert_frame_equal(first, again)
    with pytest.raises(RankingError, match="level"):
        rank_intervals(VALUES, DIRECTIONS, level=1.0)
    with pytest.raises(RankingError, match="at least one"):
        simulate_values(VALUES, simulations=0)
    with pytest.raises(RankingError, match="higher is worse"):
        rank_intervals(VALUES, {"crime": HIGHER_IS_WORSE})
