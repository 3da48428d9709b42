"""Exact Poisson intervals, pinned to R's poisson.test, and the comparison of intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cohesion.indicators.calculations.intervals import (
    compare_intervals,
    poisson_interval,
    poisson_rate_intervals,
)

# R 4.x: poisson.test(k)$conf.int for k = 0, 1, 5, 10 (95%, exact).
R_POISSON_TEST = {
    0: (0.0, 3.688879),
    1: (0.02531781, 5.57164339),
    5: (1.623486, 11.668332),
    10: (4.795389, 18.390356),
}


@pytest.mark.parametrize(("count", "expected"), R_POISSON_TEST.items())
def test_the_interval_of_a_count_is_r_poisson_test_s(count, expected):
    low, high = poisson_interval(count)
    assert low == pytest.approx(expected[0], abs=1e-6)
    assert high == pytest.approx(expected[1], abs=1e-6)


def test_rate_intervals_scale_each_count_s_interval_by_its_denominator():
    low, high = poisson_rate_intervals([10, 0, 5], [2000, 500, 0], per=1000)
    assert low[0] == pytest.approx(4.795389 / 2, abs=1e-6)
    assert high[0] == pytest.approx(18.390356 / 2, abs=1e-6)
    assert (low[1], high[1]) == (0.0, pytest.approx(3.688879 * 2, abs=1e-6))
    # No residents: no rate, no interval.
    assert math.isnan(low[2]) and math.isnan(high[2])


def test_rate_intervals_refuse_mismatched_inputs_and_leave_bad_counts_without_interval():
    with pytest.raises(ValueError, match="one denominator"):
        poisson_rate_intervals([1, 2], [100])
    low, high = poisson_rate_intervals([-1, 2.5, np.nan], [100, 100, 100])
    assert np.isnan(low).all() and np.isnan(high).all()


def test_a_negative_count_or_a_level_outside_0_1_is_refused():
    with pytest.raises(ValueError, match="negative"):
        poisson_interval(-1)
    with pytest.raises(ValueError, match="level"):
        poisson_interval(3, level=1.5)


def test_values_are_told_apart_only_when_their_intervals_separate():
    # 23 and 31 incidents overlap (14.6-34.5 and 21.1-44.0): not told apart.
    assert compare_intervals(31, poisson_interval(31), 23, poisson_interval(23)) == 0
    assert compare_intervals(60, poisson_interval(60), 23, poisson_interval(23)) == 1
    assert compare_intervals(23, poisson_interval(23), 60, poisson_interval(60)) == -1
    # England's figure is taken as exact: compared with the ward's interval.
    assert compare_intervals(40.0, (35.0, 45.0), 30.0) == 1
    assert compare_intervals(40.0, (35.0, 45.0), 36.0) == 0
    assert compare_intervals(40.0, (None, None), 30.0, (28.0, 32.0)) == 1
    # Without any interval nothing can be said.
    assert compare_intervals(40.0, (None, None), 30.0) is None
    assert compare_intervals(None, (1.0, 2.0), 30.0) is None
