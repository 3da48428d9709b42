"""Raking survey respondents to known population margins (iterative proportional fitting).

A perception survey rarely reaches residents in the proportions in which they live in
a council: younger people, private renters and some wards answer less often. Cohesion
therefore *rakes* the responses: each respondent's weight is adjusted so that the
weighted sample matches several separate population margins at once (age band from
the ONS mid-year estimates, sex, ward, ethnic group by tenure from the Census, ...),
because small-area population counts by age *and* sex *and* ward together are not
published.

Method
------
Raking is iterative proportional fitting (IPF) of the weights to one-way margins
(Deming and Stephan 1940, "On a least squares adjustment of a sampled frequency table
when the expected marginal totals are known", *Annals of Mathematical Statistics*
11(4), 427-444). One *sweep* visits every margin in turn and multiplies the weight of
every respondent in category ``k`` of that margin by ``target_k / achieved_k``. Sweeps
repeat until every achieved margin total is within ``tolerance`` (relative) of its
target. When a solution exists it is the one closest to the seed weights in the
Kullback-Leibler sense, so the result does not depend on the order of the margins and
matches R ``survey::rake()`` (``R/survey.R``), ``weightipy``, ``ipfn`` and ``balance``
(the tests pin all of them to 1e-10 on Weightipy's published example data).

Because every respondent who shares the same combination of categories (a *cell*)
gets the same adjustment factor, the fitting is done once per cell rather than once
per respondent: the seed weights are summed by cell, the cell totals are raked, and
each respondent gets ``seed * raked_cell_total / seed_cell_total``. Each margin step
is one ``np.bincount`` and one gather over the cells.

Optional trimming follows the alternating "rake, trim, re-rake" scheme of Izrael,
Battaglia and Frankel (2009, "Extreme survey weight adjustment as a component of
sample balancing (a.k.a. raking)", SAS Global Forum paper 247-2009) and Battaglia,
Hoaglin and Frankel (2009, "Practical considerations in raking survey data", *Survey
Practice* 2(5)): weights above ``trim_upper`` times the mean weight are capped (and
below ``trim_lower`` times the mean floored), the capped weights become the seed of a
new rake, and rounds repeat until the raked weights respect the caps too.

Why Cohesion has its own implementation rather than calling a library: the peers
(``ipfn``, ``weightipy``, ``balance``) loop over categories in Python or pandas and
are several to tens of times slower on a 100,000-respondent, 138-cell scheme
(``bench/bench_raking.py`` prints the figures, measured in the same run); they print or silently accept problems that must stop a
council publishing numbers (an empty cell with a positive target, margins that add up
to different totals, no convergence); and none reports the convergence and weight
diagnostics that the survey pages show. The libraries stay in the test suite as
independent checks.

Failures are raised as :class:`RakingError` (a ``ValueError``) with a plain-English
message, and no weights are returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

__all__ = [
    "Margin",
    "MarginFit",
    "RakingError",
    "RakingResult",
    "encode_categories",
    "kish_design_effect",
    "kish_effective_sample_size",
    "rake_to_margins",
    "weighting_efficiency",
]


class RakingError(ValueError):
    """Raking cannot produce trustworthy weights; the message says why in plain English."""


@dataclass(frozen=True)
class Margin:
    """One population margin: which category each respondent is in, and the target per category.

    ``codes`` holds one integer per respondent, ``0 .. len(targets) - 1``; ``targets``
    holds the population total (or share, see :func:`rake_to_margins`) of each
    category. ``labels`` name the categories in error messages and reports.
    """

    name: str
    codes: ArrayLike
    targets: ArrayLike
    labels: Sequence[object] | None = None


@dataclass(frozen=True)
class MarginFit:
    """How closely the final weights meet one margin."""

    name: str
    labels: tuple[object, ...]
    target: FloatArray
    achieved: FloatArray

    @property
    def max_abs_error(self) -> float:
        """Largest absolute gap between an achieved total and its target."""
        return float(np.max(np.abs(self.achieved - self.target))) if self.target.size else 0.0


@dataclass(frozen=True)
class RakingResult:
    """Raked weights with the convergence report and weight diagnostics.

    ``design_effect`` is Kish's design effect due to unequal weighting,
    ``n * sum(w^2) / sum(w)^2``; ``effective_sample_size`` is ``n / design_effect``;
    ``efficiency_percent`` is ``100 / design_effect`` (what weightipy and many survey
    reports call "weighting efficiency").
    """

    weights: FloatArray
    iterations: int
    converged: bool
    trim_rounds: int
    margins: tuple[MarginFit, ...]
    max_abs_margin_error: float
    max_rel_margin_error: float
    design_effect: float
    effective_sample_size: float
    efficiency_percent: float

    @property
    def min_weight(self) -> float:
        return float(self.weights.min())

    @property
    def max_weight(self) -> float:
        return float(self.weights.max())


def kish_design_effect(weights: ArrayLike) -> float:
    """Kish's design effect due to weighting, ``n * sum(w^2) / (sum w)^2``.

    Source: Kish (1965) *Survey Sampling*, section 11.7, and Kish (1992) "Weighting for
    unequal P_i", *Journal of Official Statistics* 8(2), 183-200, eq. 2. Respondents with
    zero weight count in ``n`` (they were interviewed and then discarded), as in
    weightipy's ``weighting_efficiency``. Empty or all-zero weights raise ``ValueError``.
    """
    w = _as_weights(weights, "weights")
    total = w.sum()
    if w.size == 0 or total <= 0:
        raise ValueError("The design effect needs at least one positive weight.")
    return float(w.size * np.dot(w, w) / total**2)


def kish_effective_sample_size(weights: ArrayLike) -> float:
    """Kish's effective sample size ``(sum w)^2 / sum(w^2)`` (Kish 1965, section 11.7)."""
    w = _as_weights(weights, "weights")
    return w.size / kish_design_effect(w)


def weighting_efficiency(weights: ArrayLike) -> float:
    """Weighting efficiency in percent, ``100 / design effect`` (Kish 1992; weightipy's definition)."""
    return 100.0 / kish_design_effect(weights)


def encode_categories(values: ArrayLike, categories: Sequence[object], name: str) -> IntArray:
    """Turn each respondent's category label into its position in ``categories``.

    ``categories`` is the order of the margin's targets. A respondent whose label is not
    among them (including a missing value) raises :class:`RakingError`: raking needs
    every respondent placed in every margin, so missing answers must be imputed or the
    respondent left out before weighting.
    """
    arr = np.asarray(values, dtype=object)
    lookup = {c: i for i, c in enumerate(categories)}
    if len(lookup) != len(categories):
        raise RakingError(f"Margin '{name}' lists a category more than once.")
    codes = np.fromiter((lookup.get(v, -1) for v in arr), dtype=np.intp, count=arr.size)
    bad = codes < 0
    if bad.any():
        unknown = sorted({repr(v) for v in arr[bad]})[:5]
        raise RakingError(
            f"Margin '{name}': {int(bad.sum())} respondent(s) have a category with no target "
            f"({', '.join(unknown)}); impute or drop them before raking."
        )
    return codes


@dataclass(frozen=True)
class _PreparedMargin:
    name: str
    labels: tuple[object, ...]
    codes: IntArray
    targets: FloatArray


def rake_to_margins(
    seed_weights: ArrayLike | None,
    margins: Sequence[Margin | tuple[ArrayLike, ArrayLike]],
    *,
    targets_are: Literal["totals", "proportions"] = "totals",
    population_total: float | None = None,
    tolerance: float = 1e-6,
    max_iterations: int = 1000,
    total_tolerance: float = 1e-6,
    trim_upper: float | None = None,
    trim_lower: float | None = None,
    trim_tolerance: float = 1e-3,
    max_trim_rounds: int = 50,
    allow_nonconvergence: bool = False,
) -> RakingResult:
    """Rake seed weights so the weighted sample matches every margin.

    Parameters
    ----------
    seed_weights:
        Design (or seed) weight per respondent; ``None`` means all 1. Must be finite and
        non-negative; a respondent with seed 0 keeps weight 0.
    margins:
        :class:`Margin` objects, or ``(codes, targets)`` pairs. Codes are integers
        ``0 .. K-1`` (see :func:`encode_categories`).
    targets_are:
        ``"totals"``: targets are population counts, and every margin must add up to
        the same total (within ``total_tolerance``, relative). ``"proportions"``: each
        margin's targets are shares adding up to 1, and the weights add up to
        ``population_total`` (default: the sum of the seed weights).
    tolerance:
        Convergence criterion: the largest relative gap ``|achieved/target - 1|`` over
        every category of every margin, checked after each full sweep (``ipfn``'s
        ``convergence_rate``).
    max_iterations:
        Maximum number of sweeps per raking round.
    trim_upper, trim_lower:
        Optional cap and floor as multiples of the mean weight (for example 5 and 0.2).
        See the module docstring for the alternating rake-trim-rake method.
    trim_tolerance:
        Relative slack allowed on the cap and floor when deciding that trimming is done.
    allow_nonconvergence:
        Return the last weights with ``converged=False`` instead of raising. Only for
        diagnosis; never publish such weights.

    Raises
    ------
    RakingError
        On negative, missing or infinite targets or seed weights; codes outside a
        margin's categories; margins whose totals disagree; a category with a positive
        target but no respondents (an empty cell, which no weighting can fill); and
        when the margins cannot all be met within ``max_iterations`` sweeps (usually
        because, given who responded, they contradict each other), or the trimming
        caps cannot be met together with the margins.

    Source: Deming and Stephan (1940); R ``survey::rake()`` (``R/survey.R``), which
    rakes by repeated post-stratification; Izrael, Battaglia and Frankel (2009) for
    trimming.
    """
    prepared, n = _prepare_margins(margins)
    if n == 0:
        raise RakingError("There are no respondents to weight.")
    seed: FloatArray | None = None
    if seed_weights is not None:
        seed = _as_weights(seed_weights, "Seed weights")
        if seed.size != n:
            raise RakingError(
                f"There are {seed.size} seed weights but the margins describe {n} respondents."
            )
        if seed.sum() <= 0:
            raise RakingError("All seed weights are zero; there is nothing to rake.")
    _check_tuning(tolerance, max_iterations, trim_upper, trim_lower, max_trim_rounds)
    seed_total = float(n) if seed is None else float(seed.sum())
    prepared = _scale_targets(prepared, targets_are, population_total, seed_total, total_tolerance)

    # Collapse respondents into cells (unique combinations of categories): every
    # respondent in a cell gets the same adjustment factor.
    cell_of, cell_codes = _cells(prepared)
    n_cells = cell_codes[0].size
    targets = [m.targets for m in prepared]

    total_sweeps = 0
    rounds = 0
    while True:
        if seed is None:
            cell_seed = _bincount(cell_of, None, minlength=n_cells)
            cell_seed_sq = cell_seed
        else:
            cell_seed = _bincount(cell_of, seed, minlength=n_cells)
            cell_seed_sq = _bincount(cell_of, seed * seed, minlength=n_cells)
        for margin, codes in zip(prepared, cell_codes, strict=True):
            _check_empty_categories(margin, codes, cell_seed)
        cell_total, sweeps, converged, rel_error = _ipf_cells(
            cell_seed, cell_codes, targets, tolerance, max_iterations
        )
        total_sweeps += sweeps
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(cell_seed > 0, cell_total / cell_seed, 0.0)
        weights = factor[cell_of] if seed is None else seed * factor[cell_of]
        if not converged:
            if allow_nonconvergence:
                break
            raise RakingError(
                f"Raking did not converge within {max_iterations} sweeps: an achieved margin "
                f"is still {rel_error:.3g} (relative) away from its target, above the "
                f"tolerance {tolerance:g}. Given who responded, the margins probably "
                "contradict each other (for example two margins that can only both be met "
                "through a combination of categories nobody in the sample has); check the "
                "targets or merge small categories."
            )
        if trim_upper is None and trim_lower is None:
            break
        mean = cell_total.sum() / n
        upper = np.inf if trim_upper is None else trim_upper * mean
        lower = 0.0 if trim_lower is None else trim_lower * mean
        positive = weights > 0
        too_high = weights > upper * (1 + trim_tolerance)
        too_low = positive & (weights < lower * (1 - trim_tolerance))
        if not (too_high.any() or too_low.any()):
            break
        if rounds >= max_trim_rounds:
            if allow_nonconvergence:
                converged = False
                break
            raise RakingError(
                f"After {max_trim_rounds} rounds of trimming and re-raking, "
                f"{int(too_high.sum() + too_low.sum())} weight(s) are still outside the caps "
                f"({trim_lower} to {trim_upper} times the mean weight). The caps are too tight "
                "to meet together with the margins; loosen them or collapse categories."
            )
        rounds += 1
        seed = np.where(positive, np.clip(weights, lower, upper), 0.0)

    # Diagnostics from the cells: sum(w^2) = sum over cells of factor^2 * sum(seed^2).
    sum_sq = float(np.dot(factor * factor, cell_seed_sq))
    fits = tuple(
        MarginFit(m.name, m.labels, m.targets, _bincount(codes, cell_total, m.targets.size))
        for m, codes in zip(prepared, cell_codes, strict=True)
    )
    total = float(cell_total.sum())
    return _result(weights, fits, total, sum_sq, total_sweeps, converged, rounds)


def _bincount(codes: IntArray, weights: FloatArray | None, minlength: int) -> FloatArray:
    """Weighted count per code, as floats."""
    return np.asarray(np.bincount(codes, weights, minlength=minlength), dtype=np.float64)


def _as_weights(values: ArrayLike, what: str) -> FloatArray:
    w = np.asarray(values, dtype=np.float64).ravel()
    if not np.all(np.isfinite(w)):
        raise RakingError(f"{what} contain missing or infinite values.")
    if np.any(w < 0):
        raise RakingError(f"{what} must not be negative.")
    return w


def _prepare_margins(
    margins: Sequence[Margin | tuple[ArrayLike, ArrayLike]],
) -> tuple[list[_PreparedMargin], int]:
    if len(margins) == 0:
        raise RakingError("Give at least one margin to rake to.")
    prepared: list[_PreparedMargin] = []
    n: int | None = None
    for i, margin in enumerate(margins):
        if isinstance(margin, Margin):
            name, codes_in, targets_in, labels_in = (
                margin.name,
                margin.codes,
                margin.targets,
                margin.labels,
            )
        else:
            codes_in, targets_in = margin
            name, labels_in = f"margin {i + 1}", None
        targets = np.asarray(targets_in, dtype=np.float64).ravel()
        if targets.size == 0:
            raise RakingError(f"Margin '{name}' has no categories.")
        if not np.all(np.isfinite(targets)):
            raise RakingError(f"Margin '{name}' has a missing or infinite target.")
        if np.any(targets < 0):
            raise RakingError(f"Margin '{name}' has a negative target.")
        raw = np.asarray(codes_in).ravel()
        if raw.size and not np.issubdtype(raw.dtype, np.integer):
            raise RakingError(
                f"Margin '{name}': codes must be integers 0..{targets.size - 1}; "
                "use encode_categories() to turn labels into codes."
            )
        codes = np.asarray(raw, dtype=np.intp)
        if codes.size and (codes.min() < 0 or codes.max() >= targets.size):
            raise RakingError(
                f"Margin '{name}' has codes outside 0..{targets.size - 1} "
                f"(it has {targets.size} targets)."
            )
        if n is None:
            n = codes.size
        elif codes.size != n:
            raise RakingError(
                f"Margin '{name}' has {codes.size} respondents but the first margin has {n}."
            )
        labels: tuple[object, ...] = (
            tuple(range(targets.size)) if labels_in is None else tuple(labels_in)
        )
        if len(labels) != targets.size:
            raise RakingError(
                f"Margin '{name}' has {len(labels)} labels for {targets.size} targets."
            )
        prepared.append(_PreparedMargin(name, labels, codes, targets))
    assert n is not None
    return prepared, n


def _check_tuning(
    tolerance: float,
    max_iterations: int,
    trim_upper: float | None,
    trim_lower: float | None,
    max_trim_rounds: int,
) -> None:
    if not tolerance > 0:
        raise ValueError("tolerance must be positive.")
    if max_iterations < 1 or max_trim_rounds < 0:
        raise ValueError("max_iterations must be at least 1 and max_trim_rounds not negative.")
    if trim_upper is not None and not trim_upper > 1:
        raise ValueError("trim_upper is a multiple of the mean weight and must be above 1.")
    if trim_lower is not None and not 0 <= trim_lower < 1:
        raise ValueError("trim_lower is a multiple of the mean weight and must be in [0, 1).")


def _scale_targets(
    prepared: list[_PreparedMargin],
    targets_are: str,
    population_total: float | None,
    seed_total: float,
    total_tolerance: float,
) -> list[_PreparedMargin]:
    sums = np.array([m.targets.sum() for m in prepared])
    if np.any(sums <= 0):
        bad = prepared[int(np.argmax(sums <= 0))].name
        raise RakingError(f"Margin '{bad}' has targets that add up to zero.")
    if targets_are == "totals":
        reference = sums[0]
        if np.any(np.abs(sums / reference - 1) > total_tolerance):
            listing = ", ".join(f"'{m.name}' {s:.10g}" for m, s in zip(prepared, sums, strict=True))
            raise RakingError(
                "The margins contradict each other: their targets add up to different "
                f"population totals ({listing}). Use targets for the same population."
            )
        return prepared
    if targets_are != "proportions":
        raise ValueError("targets_are must be 'totals' or 'proportions'.")
    if np.any(np.abs(sums - 1) > total_tolerance):
        listing = ", ".join(f"'{m.name}' {s:.10g}" for m, s in zip(prepared, sums, strict=True))
        raise RakingError(
            f"With targets_are='proportions' every margin must add up to 1 ({listing}); "
            "divide percentages by 100."
        )
    total = seed_total if population_total is None else float(population_total)
    if not (np.isfinite(total) and total > 0):
        raise RakingError("population_total must be a positive number.")
    return [
        _PreparedMargin(m.name, m.labels, m.codes, m.targets / m.targets.sum() * total)
        for m in prepared
    ]


def _cells(prepared: list[_PreparedMargin]) -> tuple[IntArray, list[IntArray]]:
    """Map respondents to cells (code combinations that occur) and give each cell's codes.

    When the number of possible combinations is modest the combined code indexes a
    dense table (two linear passes, no sort); otherwise the codes are sorted.
    """
    sizes = [m.targets.size for m in prepared]
    n = prepared[0].codes.size
    possible = float(np.prod(np.array(sizes, dtype=np.float64)))
    if possible <= max(8.0 * n, 1e6):
        key = np.ravel_multi_index(tuple(m.codes for m in prepared), sizes)
        present = np.bincount(key, minlength=int(possible)) > 0
        cell_id = np.cumsum(present) - 1
        cell_of = np.asarray(cell_id[key], dtype=np.intp)
        cell_codes = np.unravel_index(np.flatnonzero(present), sizes)
        return cell_of, [np.asarray(c, dtype=np.intp) for c in cell_codes]
    if possible < 2.0**62:
        key = np.ravel_multi_index(tuple(m.codes for m in prepared), sizes)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    else:  # too many combinations for one int64 key: compare rows instead
        stacked = np.column_stack([m.codes for m in prepared])
        _, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
    return inverse.ravel().astype(np.intp), [m.codes[first] for m in prepared]


def _check_empty_categories(
    margin: _PreparedMargin, cell_codes: IntArray, cell_seed: FloatArray
) -> None:
    present = _bincount(cell_codes, cell_seed, minlength=margin.targets.size)
    empty = (present <= 0) & (margin.targets > 0)
    if empty.any():
        names = ", ".join(repr(margin.labels[k]) for k in np.flatnonzero(empty)[:5])
        more = "" if empty.sum() <= 5 else f" and {int(empty.sum()) - 5} more"
        raise RakingError(
            f"Margin '{margin.name}': category {names}{more} has a positive target but no "
            "respondents with a positive weight (an empty cell). No weighting can fill it; "
            "merge it with a neighbouring category or set its target to 0."
        )


def _ipf_cells(
    cell_seed: FloatArray,
    cell_codes: list[IntArray],
    targets: list[FloatArray],
    tolerance: float,
    max_iterations: int,
) -> tuple[FloatArray, int, bool, float]:
    """Iterative proportional fitting of cell totals (Deming and Stephan 1940).

    Convergence is judged on the achieved margins after a full sweep. Measuring them
    costs a pass per margin, so it is done only once every adjustment factor of a
    sweep is within ``tolerance`` of 1. That can cost one sweep more than strictly
    needed, which leaves the margins a little closer to their targets.
    """
    w = cell_seed.copy()
    positive_targets = [t > 0 for t in targets]
    rel_error = np.inf
    for sweep in range(1, max_iterations + 1):
        largest_step = 0.0
        for codes, target, pos in zip(cell_codes, targets, positive_targets, strict=True):
            achieved = _bincount(codes, w, minlength=target.size)
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(achieved > 0, target / achieved, 0.0)
            largest_step = max(largest_step, float(np.max(np.abs(factor[pos] - 1.0))))
            w *= factor[codes]
        if largest_step > tolerance and sweep < max_iterations:
            continue
        # The last margin was just met exactly; measure the others.
        rel_error = 0.0
        for codes, target, pos in zip(
            cell_codes[:-1], targets[:-1], positive_targets[:-1], strict=True
        ):
            achieved = _bincount(codes, w, minlength=target.size)
            rel_error = max(rel_error, float(np.max(np.abs(achieved[pos] / target[pos] - 1.0))))
        if rel_error <= tolerance:
            return w, sweep, True, rel_error
    return w, max_iterations, False, rel_error


def _result(
    weights: FloatArray,
    fits: tuple[MarginFit, ...],
    total: float,
    sum_sq: float,
    iterations: int,
    converged: bool,
    rounds: int,
) -> RakingResult:
    max_abs = max(f.max_abs_error for f in fits)
    rel = 0.0
    for f in fits:
        pos = f.target > 0
        if pos.any():
            rel = max(rel, float(np.max(np.abs(f.achieved[pos] / f.target[pos] - 1.0))))
    deff = weights.size * sum_sq / total**2
    return RakingResult(
        weights=weights,
        iterations=iterations,
        converged=converged,
        trim_rounds=rounds,
        margins=fits,
        max_abs_margin_error=max_abs,
        max_rel_margin_error=rel,
        design_effect=deff,
        effective_sample_size=weights.size / deff,
        efficiency_percent=100.0 / deff,
    )
