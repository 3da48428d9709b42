"""The disclosure attack: try to work hidden counts back out of what was published.

The acceptance test of Cohesion's disclosure control (cohesion/core/disclosure).
A test gathers what an outsider can read (the counts shown, which are hidden,
and the totals that link them: a council is the sum of its wards, all reports
are hate incidents plus community tension, a survey's total base is the sum of
its groups) and asks :func:`hidden_ranges` how far each hidden count can be
pinned down. For every hidden count the attacker minimises and maximises it
by linear programming (``scipy.optimize.linprog``) subject to the published
relations and what the attacker knows of the cells:

* a shown count is exact, or, when counts are rounded, within half the rounding
  base of the shown value and at least the smallest count the rule shows;
* a hidden count is at least 1 when zeros are published (a hidden cell cannot
  be a zero that was shown), else at least 0; it has no upper bound;
* a relation marked ``at_least`` has a total that may also count records shown
  nowhere (reports with no ward), so the total is at least the sum of its parts.

This is the audit of τ-ARGUS (Hundepool et al., *Statistical Disclosure
Control*, Wiley 2012, section 4.3.2) written independently of the module it
checks, so a mistake in the module's own model of the tables shows up here.
Integer bounds are not used: the continuous ranges are at least as wide, so a
cell that fails here fails for an integer attacker too only more so.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

__all__ = ["Published", "assert_no_hidden_cell_narrower_than", "hidden_ranges"]


@dataclass
class Published:
    """What an outsider reads: each cell's shown value (None when hidden) and the relations."""

    cells: Mapping[Hashable, int | None]
    relations: Sequence[tuple[Hashable, Sequence[Hashable]]] = ()
    at_least: Sequence[tuple[Hashable, Sequence[Hashable]]] = ()
    zeros_published: bool = True
    rounding: int = 1
    smallest_shown: int = 1
    extra: dict[str, object] = field(default_factory=dict)


def hidden_ranges(published: Published) -> dict[Hashable, tuple[float, float]]:
    """Each hidden cell's smallest and largest value consistent with what is published."""
    keys = list(published.cells)
    hidden = [k for k in keys if published.cells[k] is None]
    slack = list(range(len(published.at_least)))
    column = {k: i for i, k in enumerate(hidden)}
    n = len(hidden) + len(slack)
    half = published.rounding // 2
    floor = 1.0 if published.zeros_published else 0.0
    bounds: list[tuple[float, float | None]] = [(floor, None) for _ in hidden]
    bounds += [(0.0, None) for _ in slack]
    rows: list[np.ndarray] = []
    rhs: list[float] = []
    relations = [(t, p, None) for t, p in published.relations] + [
        (t, p, s) for (t, p), s in zip(published.at_least, slack, strict=True)
    ]
    # Rounded shown cells are unknowns too, within their rounding interval.
    rounded: dict[Hashable, int] = {}
    if published.rounding > 1:
        for k in keys:
            value = published.cells[k]
            if value is not None and value > 0:
                rounded[k] = n + len(rounded)
                bounds.append((max(value - half, published.smallest_shown), value + half))
        n += len(rounded)
    for total, parts, slack_index in relations:
        row = np.zeros(n)
        constant = 0.0
        for key, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            value = published.cells[key]
            if key in column:
                row[column[key]] += sign
            elif key in rounded:
                row[rounded[key]] += sign
            else:
                constant += sign * float(value or 0)
        if slack_index is not None:
            row[len(hidden) + slack_index] += 1.0  # parts + unshown = total
        rows.append(row)
        rhs.append(-constant)
    a_eq = np.vstack(rows) if rows else None
    b_eq = np.asarray(rhs) if rows else None
    ranges: dict[Hashable, tuple[float, float]] = {}
    for key in hidden:
        objective = np.zeros(n)
        objective[column[key]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status != 2, "the published figures contradict each other"
        ranges[key] = (
            float(low.fun) if low.status == 0 else bounds[column[key]][0],
            math.inf if high.status == 3 else float(-high.fun),
        )
    return ranges


def assert_no_hidden_cell_narrower_than(published: Published, width: float) -> int:
    """Fail, naming the cells, if any hidden cell's feasible range is narrower than ``width``.

    Returns how many hidden cells were attacked, so a test can check that the
    attack had something to attack.
    """
    ranges = hidden_ranges(published)
    narrow = {k: r for k, r in ranges.items() if r[1] - r[0] < width}
    assert not narrow, f"{len(narrow)} hidden cell(s) can be narrowed below {width}: " + "; ".join(
        f"{k!r} in [{lo:g}, {hi:g}]" for k, (lo, hi) in list(narrow.items())[:10]
    )
    return len(ranges)
