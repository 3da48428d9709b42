"""Residential segregation indices: how unevenly groups are spread across small areas.

Councils report segregation for a ward or a council from counts of residents by
group in its small areas (output areas or LSOAs). Each index here is a pure
function over numpy arrays of counts, and :func:`segregation_by_parent` computes
them all for every parent area (every council of England and Wales from the LSOA
table, every ward from its output areas) in one vectorised pass.

The definitions match PySAL ``segregation`` 2.5 exactly (``segregation/singlegroup/
dissim.py``, ``isolation.py``, ``interaction.py``, ``segregation/multigroup/
multi_dissim.py`` and ``multi_info_theory.py``; documented at
https://pysal.org/segregation/api.html), and the tests pin them against it on
2011 Census data.

Conventions shared by every function:

* ``group``, ``total`` and ``other`` are counts per small area (1-D, one entry
  each); multigroup ``counts`` are small areas in rows by groups in columns.
  Counts may be fractional (estimated from percentages) but never negative,
  missing or infinite: those raise
  :class:`~cohesion.indicators.calculations.counts.InvalidCountsError`, a
  ``ValueError``, as do arrays of different lengths and a group count above its
  area's total.
* A small area with no population contributes nothing: its terms are zero, as
  if it were left out (so a block of empty areas never changes an index).
* An index about a group that has no members in the whole parent area (or,
  for dissimilarity, a group that *is* the whole population) is undefined
  (0/0) and is returned as NaN rather than raising, so that one council with no
  Bangladeshi residents does not stop the table for every other council.
  (PySAL gives NaN for dissimilarity here too, but 0 for isolation and
  interaction, because it sums 0/0 terms with ``np.nansum``; an absent group
  has no exposure to measure, so Cohesion does not report one.)
* Multigroup indices are NaN when the parent has no population or only one
  group present; a group with no members at all contributes nothing (the
  ``0 ln 0 = 0`` convention of Reardon and Firebaugh 2002). PySAL
  returns NaN for the information theory index in that case; Cohesion returns
  the value the remaining groups define, which equals PySAL's whenever every
  group is present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .counts import InvalidCountsError, as_counts, require_not_above, require_same_length
from .diversity import entropy_of_shares

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class _Segments:
    """Contiguous runs of small areas that share a parent, in sorted order.

    Every kernel below works on counts already sorted by parent, summing each
    run with ``np.add.reduceat`` and spreading a parent's value back over its
    small areas with ``np.repeat``. A single run covers the scalar functions.
    """

    starts: NDArray[np.intp]
    sizes: NDArray[np.intp]

    @classmethod
    def whole(cls, n_areas: int) -> _Segments:
        return cls(starts=np.zeros(1, dtype=np.intp), sizes=np.array([n_areas], dtype=np.intp))

    @classmethod
    def from_sizes(cls, sizes: NDArray[np.intp]) -> _Segments:
        starts = np.zeros(sizes.shape[0], dtype=np.intp)
        np.cumsum(sizes[:-1], out=starts[1:])
        return cls(starts=starts, sizes=sizes)

    def sum(self, values: FloatArray) -> FloatArray:
        total: FloatArray = np.add.reduceat(values, self.starts, axis=0)
        return total

    def spread(self, per_parent: FloatArray) -> FloatArray:
        spread: FloatArray = np.repeat(per_parent, self.sizes, axis=0)
        return spread


def _dissimilarity(segments: _Segments, x: FloatArray, y: FloatArray) -> FloatArray:
    """``D = 1/2 sum_i |x_i / X - y_i / Y|`` per parent; ``x`` and ``y`` broadcast by column."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x_share = x / segments.spread(segments.sum(x))
        y_share = y / segments.spread(segments.sum(y))
    return 0.5 * segments.sum(np.abs(x_share - y_share))


def _exposure(segments: _Segments, x: FloatArray, y: FloatArray, t: FloatArray) -> FloatArray:
    """``xPy = sum_i (x_i / X)(y_i / t_i)`` per parent, with empty areas contributing zero."""
    if x.ndim == 2:
        t = t[:, np.newaxis]
    per_area = np.divide(x * y, t, out=np.zeros(np.broadcast_shapes(x.shape, y.shape)), where=t > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return segments.sum(per_area) / segments.sum(x)


def _parent_shares(segments: _Segments, counts: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Each parent's population ``T`` and its groups' shares ``P_k = N_k / T``."""
    group_totals = segments.sum(counts)
    population = group_totals.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = group_totals / population[:, np.newaxis]
    return population, shares


def _multigroup_dissimilarity(segments: _Segments, counts: FloatArray) -> FloatArray:
    population, shares = _parent_shares(segments, counts)
    simpson = (shares * (1.0 - shares)).sum(axis=1)
    area_totals = counts.sum(axis=1)
    # t_i |p_ik - P_k| = |n_ik - t_i P_k|, which needs no division for empty areas.
    deviation = np.abs(counts - area_totals[:, np.newaxis] * segments.spread(shares)).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        index = segments.sum(deviation) / (2.0 * population * simpson)
    index[~(simpson > 0)] = np.nan
    return index


def _information_theory(segments: _Segments, counts: FloatArray) -> FloatArray:
    population, shares = _parent_shares(segments, counts)
    entropy = entropy_of_shares(shares)
    area_totals = counts.sum(axis=1)
    present = counts > 0
    # A positive count implies a positive area total and a positive parent share.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = counts / area_totals[:, np.newaxis] / segments.spread(shares)
    log_ratio = np.log(ratio, out=np.zeros_like(counts), where=present)
    with np.errstate(divide="ignore", invalid="ignore"):
        index = segments.sum((counts * log_ratio).sum(axis=1)) / (population * entropy)
    index[~(entropy > 0)] = np.nan
    return index


def _group_and_total(group: ArrayLike, total: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x = as_counts(group, name="group", ndim=1)
    t = as_counts(total, name="total", ndim=1)
    require_same_length(group=x, total=t)
    require_not_above(x, t, part_name="group", whole_name="area total")
    return x, t


def dissimilarity(group: ArrayLike, total: ArrayLike) -> float:
    """Index of dissimilarity between a group and everyone else in the area.

    ``D = 1/2 sum_i |x_i / X - y_i / Y|`` where ``x_i`` is the group's count in
    small area ``i``, ``y_i = t_i - x_i`` the rest of its population, and ``X``,
    ``Y`` their totals. D is the share of the group that would have to move to a
    different small area to be spread exactly like everyone else: 0 is an even
    spread, 1 complete separation.

    Source: Duncan and Duncan (1955), "A methodological analysis of segregation
    indexes", American Sociological Review 20(2): 210-217; the evenness measure
    of Massey and Denton (1988), "The dimensions of residential segregation",
    Social Forces 67(2): 281-315, which writes it equivalently as
    ``sum_i t_i |p_i - P| / (2 T P (1 - P))``, the form PySAL ``segregation``
    uses in ``Dissim`` (``segregation/singlegroup/dissim.py``).

    Edge cases: empty small areas contribute nothing. NaN when the group has no
    members (``X = 0``) or is the whole population (``Y = 0``). Raises
    ``InvalidCountsError`` (a ``ValueError``) for negative or missing counts,
    arrays of different lengths, or a group count above its area's total.
    """
    x, t = _group_and_total(group, total)
    return float(_dissimilarity(_Segments.whole(x.shape[0]), x, t - x)[0])


def dissimilarity_between(group_a: ArrayLike, group_b: ArrayLike) -> float:
    """Index of dissimilarity between two groups, e.g. Pakistani and White British residents.

    ``D = 1/2 sum_i |a_i / A - b_i / B|``, the share of either group that would
    have to move for the two to be spread alike, ignoring everyone else. It is
    PySAL's ``Dissim`` with the total taken as ``a_i + b_i`` (Massey and Denton
    1988), and the pairwise measure reported by the MLID R package of Harris
    (profrichharris/MLID, ``vignettes/MLID.Rmd``).

    Source: Duncan and Duncan (1955), American Sociological Review 20(2): 210-217.

    Edge cases: areas where neither group lives contribute nothing. NaN when
    either group has no members at all. Raises ``InvalidCountsError`` for
    negative or missing counts and arrays of different lengths.
    """
    a = as_counts(group_a, name="first group", ndim=1)
    b = as_counts(group_b, name="second group", ndim=1)
    require_same_length(first_group=a, second_group=b)
    return float(_dissimilarity(_Segments.whole(a.shape[0]), a, b)[0])


def isolation(group: ArrayLike, total: ArrayLike) -> float:
    """Isolation index xPx: the share of their own group in the area of the average member.

    ``xPx = sum_i (x_i / X)(x_i / t_i)``. It runs from the group's overall share
    ``X / T`` (no isolation beyond its size) up to 1 (members live only among
    themselves); unlike D it depends on the group's size.

    Source: Massey and Denton (1988), "The dimensions of residential
    segregation", Social Forces 67(2): 281-315 (after Lieberson 1981); as PySAL ``segregation`` ``Isolation``
    (``segregation/singlegroup/isolation.py``), whose denominator ``t_i`` is the
    area's total population, including the group itself.

    Edge cases: empty small areas contribute nothing. NaN when the group has no
    members. Raises ``InvalidCountsError`` for negative or missing counts,
    arrays of different lengths, or a group count above its area's total.
    """
    x, t = _group_and_total(group, total)
    return float(_exposure(_Segments.whole(x.shape[0]), x, x, t)[0])


def interaction(group: ArrayLike, total: ArrayLike, other: ArrayLike | None = None) -> float:
    """Interaction (exposure) index xPy: the share of ``other`` in the area of the average group member.

    ``xPy = sum_i (x_i / X)(y_i / t_i)``. By default ``y_i = t_i - x_i``,
    everyone outside the group, as in PySAL ``segregation`` ``Interaction``
    (``segregation/singlegroup/interaction.py``); then ``xPx + xPy = 1``. Pass
    ``other`` to measure exposure to one named group instead (for example
    Pakistani residents' exposure to White British residents); it must not
    overlap ``group``. The denominator is always the area's whole population
    ``t_i``, so exposure is not symmetric: ``xPy != yPx`` unless the groups are
    the same size.

    Source: Massey and Denton (1988), "The dimensions of residential
    segregation", Social Forces 67(2): 281-315 (after Bell 1954 and
    Lieberson 1981).

    Edge cases: empty small areas contribute nothing. NaN when the group has no
    members. Raises ``InvalidCountsError`` for negative or missing counts,
    arrays of different lengths, or a group or other count above its area's total.
    """
    x, t = _group_and_total(group, total)
    if other is None:
        y = t - x
    else:
        y = as_counts(other, name="other group", ndim=1)
        require_same_length(group=x, other=y)
        require_not_above(y, t, part_name="other group", whole_name="area total")
    return float(_exposure(_Segments.whole(x.shape[0]), x, y, t)[0])


def multigroup_dissimilarity(counts: ArrayLike) -> float:
    """Multigroup index of dissimilarity over every group at once.

    ``D = sum_i sum_k t_i |p_ik - P_k| / (2 T I)`` with ``I = sum_k P_k (1 - P_k)``,
    where ``p_ik`` is group ``k``'s share of small area ``i``, ``P_k`` its share
    of the whole, ``t_i`` and ``T`` the populations (the sums of the counts
    given). 0 when every small area has the whole's mix, 1 when no two groups
    share an area. With two groups it equals :func:`dissimilarity_between`.

    Source: Sakoda (1981), "A generalized index of dissimilarity", Demography
    18(2): 245-250; Reardon and Firebaugh (2002), "Measures of multigroup
    segregation", Sociological Methodology 32: 33-67. As PySAL
    ``segregation`` ``MultiDissim`` (``segregation/multigroup/multi_dissim.py``).

    Edge cases: empty small areas and groups with no members contribute
    nothing; NaN when there is no population or only one group is present.
    Raises ``InvalidCountsError`` for negative or missing counts or a table
    that is not 2-D (small areas by groups).
    """
    area_counts = as_counts(counts, name="group", ndim=2)
    return float(_multigroup_dissimilarity(_Segments.whole(area_counts.shape[0]), area_counts)[0])


def information_theory_index(counts: ArrayLike) -> float:
    """Multigroup information theory index H (Theil's H): diversity lost to segregation.

    ``H = sum_i sum_k t_i p_ik ln(p_ik / P_k) / (T E)`` with the whole's entropy
    ``E = -sum_k P_k ln P_k`` (natural log; the base cancels). Equivalently
    ``H = sum_i t_i (E - E_i) / (T E)``: the share of the whole's diversity that
    is not found inside its small areas. 0 when every area has the whole's mix,
    1 when each area holds one group only.

    Source: Theil and Finizza (1971), "A note on the measurement of racial
    integration of schools", Journal of Mathematical Sociology 1(2): 187-193;
    White (1986), "Segregation and diversity measures in population
    distribution", Population Index 52(2): 198-221; Reardon and Firebaugh
    (2002), "Measures of multigroup segregation", Sociological Methodology 32:
    33-67. As PySAL ``segregation`` ``MultiInfoTheory``
    (``segregation/multigroup/multi_info_theory.py``).

    Edge cases: empty small areas contribute nothing; a group with no members
    contributes nothing (``0 ln 0 = 0``; PySAL returns NaN here instead). NaN
    when there is no population or only one group is present (``E = 0``).
    Raises ``InvalidCountsError`` for negative or missing counts or a table that
    is not 2-D (small areas by groups).
    """
    area_counts = as_counts(counts, name="group", ndim=2)
    return float(_information_theory(_Segments.whole(area_counts.shape[0]), area_counts)[0])


def segregation_by_parent(
    table: pd.DataFrame,
    parent: str,
    groups: Sequence[str],
    *,
    total: str | None = None,
    reference: str | None = None,
) -> pd.DataFrame:
    """Every segregation index for every parent area of a long table of small areas, in one pass.

    ``table`` has one row per small area (output area, LSOA), a ``parent``
    column naming the area it belongs to (ward or council code) and one column
    of counts per name in ``groups``. ``total`` names a column of each small
    area's whole population when the groups do not cover everyone (for example
    the 2011 Census groups without Gypsy or Irish Traveller residents); without
    it the total is the sum of the groups. ``reference`` names one of ``groups``
    (say White British) to compare every other group with.

    Returns a DataFrame indexed by parent code, in sorted order, with columns:

    * ``small_areas`` and ``population`` (the sum of the total);
    * for each group ``g``: ``dissimilarity_<g>`` (vs everyone else,
      :func:`dissimilarity`), ``isolation_<g>`` (:func:`isolation`) and
      ``interaction_<g>`` (with everyone else, :func:`interaction`);
    * with a reference ``r``, for each other group ``g``:
      ``dissimilarity_<g>_vs_<r>`` (:func:`dissimilarity_between`) and
      ``interaction_<g>_with_<r>`` (:func:`interaction` with ``other``);
    * ``multigroup_dissimilarity`` and ``information_theory_h``
      (:func:`multigroup_dissimilarity`, :func:`information_theory_index`),
      computed over the listed groups only, as PySAL does.

    Each value equals the scalar function applied to that parent's rows, with
    the same edge cases (NaN for a group absent from a parent). The work is
    vectorised: rows are sorted once by parent code and every per-parent sum is
    one ``np.add.reduceat`` over all groups, so all 318 councils of England and
    Wales from 35,672 LSOAs take milliseconds.

    Raises ``InvalidCountsError`` (a ``ValueError``) for a missing column, a
    small area without a parent code, invalid counts, or a reference that is
    not one of the groups.
    """
    group_names = list(groups)
    _check_columns(table, parent, group_names, total, reference)

    parent_codes = table[parent]
    if parent_codes.isna().any():
        raise InvalidCountsError(
            f"{int(parent_codes.isna().sum())} small area(s) have no {parent!r} code; "
            "assign every small area to a parent before computing indices."
        )
    codes, uniques = pd.factorize(parent_codes, sort=True)
    order = np.argsort(codes, kind="stable")
    segments = _Segments.from_sizes(np.bincount(codes, minlength=len(uniques)).astype(np.intp))

    counts = as_counts(_column_values(table, group_names), name="group", ndim=2)[order]
    if total is None:
        t = counts.sum(axis=1)
    else:
        t = as_counts(_column_values(table, [total])[:, 0], name="total", ndim=1)[order]
        for k, name in enumerate(group_names):
            require_not_above(
                counts[:, k], t, part_name=f"{name!r} group", whole_name=f"{total!r} total"
            )
    rest = t[:, np.newaxis] - counts

    columns: dict[str, FloatArray] = {
        "small_areas": segments.sizes.astype(np.float64),
        "population": segments.sum(t),
    }
    by_group = {
        "dissimilarity": _dissimilarity(segments, counts, rest),
        "isolation": _exposure(segments, counts, counts, t),
        "interaction": _exposure(segments, counts, rest, t),
    }
    for measure, values in by_group.items():
        for k, name in enumerate(group_names):
            columns[f"{measure}_{name}"] = values[:, k]
    if reference is not None:
        r = counts[:, [group_names.index(reference)]]
        versus = _dissimilarity(segments, counts, r)
        exposure = _exposure(segments, counts, r, t)
        for k, name in enumerate(group_names):
            if name != reference:
                columns[f"dissimilarity_{name}_vs_{reference}"] = versus[:, k]
                columns[f"interaction_{name}_with_{reference}"] = exposure[:, k]
    columns["multigroup_dissimilarity"] = _multigroup_dissimilarity(segments, counts)
    columns["information_theory_h"] = _information_theory(segments, counts)

    result = pd.DataFrame(columns, index=pd.Index(uniques, name=parent))
    return result.astype({"small_areas": np.int64})


def _check_columns(
    table: pd.DataFrame,
    parent: str,
    groups: list[str],
    total: str | None,
    reference: str | None,
) -> None:
    if not groups:
        raise InvalidCountsError("Name at least one group column.")
    if len(set(groups)) != len(groups):
        raise InvalidCountsError("Each group column may be named only once.")
    wanted = [parent, *groups] + ([total] if total is not None else [])
    missing = [name for name in wanted if name not in table.columns]
    if missing:
        raise InvalidCountsError(f"The table has no column(s) {', '.join(map(repr, missing))}.")
    if table.shape[0] == 0:
        raise InvalidCountsError("The table has no small areas.")
    if reference is not None and reference not in groups:
        raise InvalidCountsError(f"The reference group {reference!r} must be one of the groups.")


def _column_values(table: pd.DataFrame, names: list[str]) -> FloatArray:
    try:
        values: FloatArray = table[names].to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise InvalidCountsError(f"The columns {names} must hold numbers: {error}.") from error
    return values
