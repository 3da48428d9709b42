"""Small-number suppression for public tables (cohesion/tensions/calculations/suppression.py).

Expected masks are worked out by hand from the ONS rules the module cites:
hide 1..threshold-1, and never leave a single hidden cell in a column whose
total is published.
"""

from __future__ import annotations

import numpy as np
import pytest

from cohesion.tensions.calculations.suppression import is_small, suppress_columns


def test_counts_from_one_to_below_the_threshold_are_small_and_zero_is_not() -> None:
    assert is_small([0, 1, 4, 5, 12], 5).tolist() == [False, True, True, False, False]


def test_without_totals_only_small_cells_are_hidden() -> None:
    cells = np.array([[0, 3], [7, 5], [2, 0]])
    hide, hide_total = suppress_columns(cells, None, 5)
    assert hide.tolist() == [[False, True], [False, False], [True, False]]
    assert hide_total.size == 0


def test_a_lone_hidden_cell_takes_the_smallest_other_non_zero_cell_with_it() -> None:
    # Column 0: 3 is hidden; with the total 3 + 9 + 6 = 18 shown it could be
    # recovered, so the smallest other non-zero cell (6) is hidden too.
    cells = np.array([[3], [9], [6]])
    hide, hide_total = suppress_columns(cells, [18], 5)
    assert hide[:, 0].tolist() == [True, False, True]
    assert hide_total.tolist() == [False]


def test_a_lone_hidden_cell_beside_zeros_hides_the_total() -> None:
    cells = np.array([[0], [2], [0]])
    hide, hide_total = suppress_columns(cells, [7], 5)
    assert hide[:, 0].tolist() == [False, True, False]
    assert hide_total.tolist() == [True]


def test_two_hidden_cells_need_no_second_suppression() -> None:
    cells = np.array([[1], [2], [10]])
    hide, hide_total = suppress_columns(cells, [13], 5)
    assert hide[:, 0].tolist() == [True, True, False]
    assert hide_total.tolist() == [False]


def test_a_small_total_is_hidden_itself() -> None:
    cells = np.array([[0, 0], [3, 0]])
    hide, hide_total = suppress_columns(cells, [3, 0], 5)
    assert hide_total.tolist() == [True, False]
    assert hide[:, 0].tolist() == [False, True]


def test_no_hidden_cell_can_be_recovered_from_a_published_total() -> None:
    rng = np.random.default_rng(20251117)
    cells = rng.poisson(2.0, size=(20, 30))
    totals = cells.sum(axis=0) + rng.poisson(0.5, size=30)
    hide, hide_total = suppress_columns(cells, totals, 5)
    for column in range(cells.shape[1]):
        assert not (is_small(cells[:, column], 5) & ~hide[:, column]).any()
        if not hide_total[column]:
            assert hide[:, column].sum() != 1


@pytest.mark.parametrize("threshold", [0, -1, 2.5, True])
def test_a_threshold_that_is_not_a_whole_number_from_one_is_refused(threshold: object) -> None:
    with pytest.raises(ValueError, match="threshold"):
        suppress_columns([[1]], None, threshold)  # type: ignore[arg-type]


def test_bad_tables_and_totals_are_refused() -> None:
    with pytest.raises(ValueError, match="2-D"):
        suppress_columns([1, 2, 3], None, 5)
    with pytest.raises(ValueError, match="at least 0"):
        suppress_columns([[-1]], None, 5)
    with pytest.raises(ValueError, match="one total per column"):
        suppress_columns([[1, 2]], [3], 5)
