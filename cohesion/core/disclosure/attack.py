"""The attacker: how far each hidden count can be pinned down from what is shown.

Given the shown counts of a set of linked tables and the additive relations
between them (a total is the sum of its parts), an attacker can bound every
hidden count by linear programming: minimise and maximise it subject to the
relations, to the shown values (exact, or within half the rounding base when
counts are rounded), and to what the attacker knows of hidden counts. This is
the "feasibility interval" of τ-ARGUS (Hundepool et al., *Statistical
Disclosure Control*, Wiley 2012, section 4.3.2; τ-ARGUS manual, "the audit
of a suppression pattern"), which τ-ARGUS computes the same way to check a
pattern of secondary suppressions.

What the attacker is assumed to know of a hidden count: it is at least 1,
because zeros are shown and never hidden (a hidden cell is never 0), and it
has no upper bound beyond the relations (the attacker cannot tell a primary
suppression from a secondary one). Counts that are never published (reports
with no ward, respondents who gave no age) are at least 0, and when they are
0 the attacker is assumed to know it, which is the stronger attacker.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

__all__ = ["Bounds", "binding_cells", "feasible_ranges", "first_narrow_cell"]


@dataclass(frozen=True)
class Bounds:
    """What the attacker knows of one cell before using the relations: low <= x <= high."""

    low: float
    high: float  # math.inf when unbounded

    @property
    def fixed(self) -> bool:
        return self.low == self.high


def feasible_ranges(
    bounds: Sequence[Bounds],
    relations: Sequence[tuple[int, Sequence[int]]],
    targets: Sequence[int],
    *,
    wide_enough: float = math.inf,
) -> dict[int, tuple[float, float]]:
    """The smallest and largest value each target cell can take, given the bounds and relations.

    ``relations`` are ``(total, parts)``: the cell ``total`` equals the sum of
    the cells ``parts``. Returns ``{target: (low, high)}``, ``high`` being
    ``math.inf`` when the relations do not bound it. Cells that are fixed are
    folded into the right-hand side, so each linear programme holds only the
    unknowns. When only whether a range is at least ``wide_enough`` matters,
    the lower end is not computed for a target whose upper end is already that
    far above its known lower bound (it is reported as that bound).
    """
    free = [i for i, b in enumerate(bounds) if not b.fixed]
    column = {cell: k for k, cell in enumerate(free)}
    a_eq, b_eq = _equations(bounds, relations, column)
    var_bounds = _variable_bounds(bounds, free)
    ranges: dict[int, tuple[float, float]] = {}
    for target in targets:
        if target not in column:
            ranges[target] = (bounds[target].low, bounds[target].high)
            continue
        objective = np.zeros(len(free))
        objective[column[target]] = 1.0
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=var_bounds, method="highs")
        if high.status == 2:
            raise ValueError("The shown counts contradict their totals: no table fits them.")
        top = math.inf if high.status == 3 else float(-high.fun)
        if top - bounds[target].low >= wide_enough:
            ranges[target] = (bounds[target].low, top)
            continue
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=var_bounds, method="highs")
        ranges[target] = (float(low.fun) if low.status == 0 else bounds[target].low, top)
    return ranges


def _variable_bounds(
    bounds: Sequence[Bounds], free: Sequence[int]
) -> list[tuple[float, float | None]]:
    return [(bounds[i].low, None if math.isinf(bounds[i].high) else bounds[i].high) for i in free]


def _equations(
    bounds: Sequence[Bounds],
    relations: Sequence[tuple[int, Sequence[int]]],
    column: dict[int, int],
    kept: list[int] | None = None,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The relations as ``A_eq x = b_eq`` over the free cells (fixed cells moved to the right).

    ``kept``, when given, is filled with the index of the relation each row comes from.
    """
    rows: list[np.ndarray] = []
    rhs: list[float] = []
    for index, (total, parts) in enumerate(relations):
        row = np.zeros(len(column))
        constant = 0.0
        for cell, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if cell in column:
                row[column[cell]] += sign
            else:
                constant += sign * bounds[cell].low
        if not row.any():
            continue
        rows.append(row)
        rhs.append(-constant)
        if kept is not None:
            kept.append(index)
    if not rows:
        return None, None
    return np.vstack(rows), np.asarray(rhs)


def first_narrow_cell(
    bounds: Sequence[Bounds],
    relations: Sequence[tuple[int, Sequence[int]]],
    targets: Sequence[int],
    values: Sequence[float],
    width: float,
) -> tuple[set[int], tuple[int, tuple[float, float]] | None]:
    """Which targets are safe (range at least ``width``), up to the first one that is not.

    The same attacker as :func:`feasible_ranges`, with fewer programmes. The
    true ``values`` are one feasible table, so a target's range is wide enough
    as soon as some feasible table puts it ``width`` away from its true value.
    Rounds of one programme each push every undecided target up (then down),
    each capped ``width`` from its true value, and clear those that reach the
    cap; the rest are checked one by one (highest, then lowest value) until one
    is found narrow. Returns the targets cleared and the narrow one with its
    range, or None when all are safe.
    """
    free = [i for i, b in enumerate(bounds) if not b.fixed]
    column = {cell: k for k, cell in enumerate(free)}
    a_eq, b_eq = _equations(bounds, relations, column)
    var_bounds = _variable_bounds(bounds, free)
    cleared: set[int] = set()
    for target in targets:
        if target not in column:
            low, high = bounds[target].low, bounds[target].high
            if high - low < width:
                return cleared, (target, (low, high))
            cleared.add(target)
    pending = [t for t in targets if t in column]
    for direction in (1.0, -1.0):
        while pending:
            capped = list(var_bounds)
            movable = []
            for t in pending:
                floor, ceiling = capped[column[t]]
                if direction > 0:
                    cap = values[t] + width
                    capped[column[t]] = (floor, cap if ceiling is None else min(ceiling, cap))
                    movable.append(t)
                elif values[t] - width >= floor:
                    capped[column[t]] = (values[t] - width, ceiling)
                    movable.append(t)
            if not movable:
                break
            objective = np.zeros(len(free))
            objective[[column[t] for t in movable]] = -direction
            result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=capped, method="highs")
            if result.status == 2:
                raise ValueError("The shown counts contradict their totals: no table fits them.")
            if result.status != 0:
                break
            reached = {t for t in movable if abs(result.x[column[t]] - values[t]) >= width - 1e-7}
            if not reached:
                break
            cleared |= reached
            pending = [t for t in pending if t not in reached]
    for target in pending:
        objective = np.zeros(len(free))
        objective[column[target]] = 1.0
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=var_bounds, method="highs")
        top = math.inf if high.status == 3 else float(-high.fun)
        if top - values[target] >= width:  # the lowest value is at most the true one
            cleared.add(target)
            continue
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=var_bounds, method="highs")
        low_value = float(low.fun) if low.status == 0 else bounds[target].low
        if top - low_value >= width:
            cleared.add(target)
            continue
        return cleared, (target, (low_value, top))
    return cleared, None


def binding_cells(
    bounds: Sequence[Bounds], relations: Sequence[tuple[int, Sequence[int]]], target: int
) -> set[int]:
    """The fixed (shown) cells of the relations that pin ``target``'s range.

    The attacker's largest and smallest values of ``target`` are each held
    where they are by some of the relations: those whose constraint has a
    non-zero shadow price (dual value) in the linear programme. Hiding a
    shown cell of one of them is what can widen the range; hiding a cell
    elsewhere cannot. This is how the choice of a secondary suppression is
    steered to the cells that protect (the dual information τ-ARGUS's
    optimal methods use; Hundepool et al. 2012, section 4.3.3).
    """
    free = [i for i, b in enumerate(bounds) if not b.fixed]
    column = {cell: k for k, cell in enumerate(free)}
    if target not in column:
        return set()
    kept: list[int] = []
    a_eq, b_eq = _equations(bounds, relations, column, kept)
    if a_eq is None:
        return set()
    var_bounds = _variable_bounds(bounds, free)
    binding: set[int] = set()
    for sign in (-1.0, 1.0):
        objective = np.zeros(len(free))
        objective[column[target]] = sign
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=var_bounds, method="highs")
        if result.status != 0:
            continue
        for row, dual in enumerate(result.eqlin.marginals):
            if abs(dual) > 1e-9:
                binding.add(kept[row])
    return {
        cell
        for index in binding
        for cell in (relations[index][0], *relations[index][1])
        if bounds[cell].fixed
    }
