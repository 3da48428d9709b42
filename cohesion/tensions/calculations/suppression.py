"""Small-number suppression for public tables of counts.

Public outputs of Cohesion are aggregates, and counts of incidents in a ward
in a week are small enough to point at the people involved. This module
decides which cells of a table to hide:

* **primary suppression**: a count of at least 1 and below the threshold is
  hidden (0 is shown: that nothing was reported discloses nobody);
* **secondary (complementary) suppression**: where a column has a published
  total, a single hidden cell could be recovered by subtracting the others
  from it, so the smallest other non-zero cell of that column is hidden too,
  and if there is none, the total is hidden.

Sources: Office for National Statistics, "Disclosure control guidance for
tables produced from administrative sources" (2014), sections 3.2 (threshold
rules) and 3.4 (secondary suppression, "a suppressed cell should not be
derivable by differencing from the marginal totals"); Home Office, "Hate
crime, England and Wales" data tables (counts under 5 withheld). Tables here
have totals per column only (no row totals), so the column rule is complete:
with no row totals, no cell can be found by differencing along a row.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["is_small", "suppress_columns"]


def is_small(counts: ArrayLike, threshold: int) -> NDArray[np.bool_]:
    """True where a count is at least 1 and below ``threshold`` (primary suppression)."""
    _check_threshold(threshold)
    values = np.asarray(counts, dtype=np.float64)
    return np.asarray((values > 0) & (values < threshold))


def suppress_columns(
    cells: ArrayLike, totals: ArrayLike | None, threshold: int
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Which cells (rows x columns) and which column totals to hide.

    ``cells`` is a 2-D array of non-negative counts; ``totals`` holds one
    published total per column (it may exceed the column sum, e.g. when the
    total also counts records with no row), or None when no totals are
    published. Returns two boolean masks, True meaning "hide": one the shape of
    ``cells``, one the length of ``totals`` (empty when there are none).

    Rules, per column: hide every cell that :func:`is_small` flags, and a
    total that is itself small. If a total is published and exactly one cell
    of its column is hidden, also hide the smallest other cell above 0
    (ties: the first row); if every other cell is 0, hide the total instead,
    since the hidden cell would otherwise equal the total minus zeros.

    Raises ValueError for negative or missing counts, a table that is not
    2-D, totals of the wrong length, or a threshold below 1.
    """
    _check_threshold(threshold)
    table = np.asarray(cells, dtype=np.float64)
    if table.ndim != 2:
        raise ValueError(f"cells must be a 2-D table (rows x columns); got shape {table.shape}.")
    if not np.isfinite(table).all() or (table < 0).any():
        raise ValueError("Counts must be finite numbers of at least 0.")
    hide = is_small(table, threshold)
    if totals is None:
        return hide, np.zeros(0, dtype=bool)
    total = np.asarray(totals, dtype=np.float64)
    if total.shape != (table.shape[1],):
        raise ValueError(
            f"There must be one total per column: {table.shape[1]} columns, {total.size} totals."
        )
    if not np.isfinite(total).all() or (total < 0).any():
        raise ValueError("Totals must be finite numbers of at least 0.")
    hide_total = is_small(total, threshold)
    for column in range(table.shape[1]):
        if hide_total[column]:
            continue
        hidden = np.flatnonzero(hide[:, column])
        if hidden.size != 1:
            continue
        candidates = np.flatnonzero((table[:, column] > 0) & ~hide[:, column])
        if candidates.size:
            smallest = candidates[np.argmin(table[candidates, column])]
            hide[smallest, column] = True
        else:
            hide_total[column] = True
    return hide, hide_total


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or int(threshold) != threshold or threshold < 1:
        raise ValueError(
            f"The suppression threshold must be a whole number, at least 1; got {threshold}."
        )
