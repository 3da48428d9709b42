"""Design-based estimates from a weighted resident survey: means, proportions, totals, ratios.

A ward estimate from a perception survey ("72 % agree that people from different
backgrounds get on well together") is only useful with an honest margin of error, and
that margin depends on how the sample was drawn: stratified by ward, clustered by
address or street, with or without replacement, and weighted. This module computes
the estimates and their standard errors the way R's ``survey`` package does, so that
Cohesion's numbers can be checked against the tool survey statisticians use.

Two ways to describe a design are supported:

* :class:`TaylorDesign`, built by :func:`make_taylor_design` (R ``svydesign``): strata,
  clusters at one or more stages, finite population corrections, weights. Variances use
  Taylor linearisation: every estimator here is a smooth function of weighted totals,
  so its variance is the variance of the estimated total of a *linearised* variable
  (Wolter 2007, *Introduction to Variance Estimation*, 2nd ed., chapter 6; Lumley 2010,
  *Complex Surveys*, sections 2.2 and 3.2). The variance of a total is the
  with-replacement "ultimate cluster" estimator for the first stage, with a finite
  population correction when given, and, when every stage has a population size, the
  exact multistage recursion of R ``survey``'s ``svyrecvar``/``multistage``/
  ``onestage``/``onestrat`` (``R/multistage.R``): each later stage adds its own
  within-cluster variance multiplied by the sampling fractions of the stages above it.
* :class:`ReplicateDesign`, built by :func:`make_replicate_design` (R ``svrepdesign``)
  or from a Taylor design by :func:`jackknife_replicates` (R ``as.svrepdesign``): the
  statistic is recomputed with each set of replicate weights and the variance is
  ``scale * sum_r rscales_r (theta_r - centre)^2`` (R ``svrVar`` in ``R/surveyrep.R``;
  Wolter 2007, chapters 3-4), with the BRR, Fay, JK1, JKn and bootstrap conventions
  for ``scale`` and ``rscales``.

Domains (a ward, the respondents who are under 25) are estimated inside the full
design, never by cutting the data down first: a respondent outside the domain
contributes zero to the linearised variable but its PSU and stratum still count
(Lumley 2010, section 2.3.1; this is what R's ``subset()``/``svyby()`` do). Missing
answers, with ``na_rm=True``, are treated the same way, one variable at a time.

Every estimator returns :class:`SurveyEstimates`: a table of domains by variables with
estimates, standard errors, respondent counts and, where R reports them, design
effects (with and without replacement, R's ``deff=TRUE`` and ``deff="replace"``).
Intervals are normal (R ``confint`` default) or Student t on the design degrees of
freedom; proportions also have the logit interval of ``svyciprop(method="logit")`` and
the Korn-Graubard interval (``method="beta"``). :func:`compare_waves` tests the change
between two independent survey waves.

The tests pin every value against R ``survey`` 4.1.1 output in
``shared/data/reference/02_survey``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import sparse, stats

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

LonelyPsu = Literal["fail", "remove", "certainty"]

__all__ = [
    "ReplicateDesign",
    "SurveyDesign",
    "SurveyEstimates",
    "TaylorDesign",
    "WaveChange",
    "compare_waves",
    "jackknife_replicates",
    "make_replicate_design",
    "make_taylor_design",
    "normal_or_t_interval",
    "proportion_interval",
    "survey_mean",
    "survey_ratio",
    "survey_total",
]

#: A stratum whose finite population correction is below this is self-representing
#: (sampled completely) and contributes no variance (R ``onestrat``).
_CERTAINTY_FPC = 1e-7


class SurveyDesignError(ValueError):
    """The design or the data given for an estimate cannot be used, with the reason."""


# ---------------------------------------------------------------------------
# Designs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TaylorDesign:
    """A stratified multistage design for Taylor-linearisation variances.

    Built by :func:`make_taylor_design`; the arrays are per respondent. ``clusters[s]``
    numbers the sampling units of stage ``s`` (nested: a code is unique across the
    whole sample); ``sampled[:, s]`` is how many stage-``s`` units were sampled in the
    respondent's stratum (stage 1) or parent unit (later stages), counted in the full
    sample; ``population[:, s]`` is how many there were in the population (``inf`` for
    with-replacement), or ``None`` when no finite population correction was given.
    """

    weights: FloatArray
    strata: IntArray
    clusters: tuple[IntArray, ...]
    sampled: FloatArray
    population: FloatArray | None
    lonely_psu: LonelyPsu
    has_strata: bool
    #: Per stage: the group (stratum, or parent unit) of each unit, units sampled per
    #: group, population units per group (``None`` without fpc), and whether every unit
    #: is a single respondent.
    unit_group: tuple[IntArray, ...]
    group_sampled: tuple[FloatArray, ...]
    group_population: tuple[FloatArray, ...] | None
    row_units: tuple[bool, ...]
    #: First-stage PSUs minus strata (R ``degf`` for ``svydesign`` objects).
    degrees_of_freedom: int

    @property
    def n(self) -> int:
        return int(self.weights.size)


@dataclass(frozen=True)
class ReplicateDesign:
    """Full-sample weights with replicate weights and the variance constants.

    ``replicate_weights`` are *analysis* weights (respondents by replicates, already
    multiplied by the full-sample weight). The variance of a statistic is
    ``scale * sum_r rscales[r] * (theta_r - centre)^2`` where ``centre`` is the mean of
    the replicate estimates, or the full-sample estimate when ``mse`` is true.
    """

    weights: FloatArray
    replicate_weights: FloatArray
    scale: float
    rscales: FloatArray
    mse: bool
    type: str
    degrees_of_freedom: int = field(default=0)

    @property
    def n(self) -> int:
        return int(self.weights.size)


SurveyDesign = TaylorDesign | ReplicateDesign


def make_taylor_design(
    *,
    weights: ArrayLike | None = None,
    strata: ArrayLike | None = None,
    clusters: ArrayLike | Sequence[ArrayLike] | None = None,
    fpc: ArrayLike | Sequence[ArrayLike] | None = None,
    nest: bool = False,
    lonely_psu: LonelyPsu = "fail",
    n: int | None = None,
) -> TaylorDesign:
    """Describe a stratified, clustered, possibly multistage sample (R ``svydesign``).

    Parameters
    ----------
    weights:
        Sampling weight per respondent. When omitted, weights come from ``fpc`` (the
        product over stages of population size / sample size, as R does), or are all 1
        when there is no ``fpc`` either (equal probability).
    strata:
        First-stage stratum label per respondent (for example the ward); omit for an
        unstratified design.
    clusters:
        Cluster (PSU) labels per respondent: one array for a one-stage design, or a
        list with one array per stage (PSU, then secondary unit, ...). Omit when
        respondents were sampled individually (R ``id=~1``). Later-stage labels only
        need to be unique within their parent unit.
    fpc:
        Finite population correction, one array per stage like ``clusters``: either
        population sizes (number of PSUs in the stratum, of secondary units in the PSU,
        ...; ``inf`` for an infinite population) or sampling fractions, all of one kind
        as in R. When given, later stages add their variance (R ``svyrecvar``); when
        omitted, the first stage is treated as sampled with replacement and later stages
        are ignored (the "ultimate cluster" approximation, Lumley 2010 section 3.2).
    nest:
        PSU labels repeat across strata (PSU 1 of stratum A is not PSU 1 of stratum B).
        Without it, a PSU label found in two strata raises, as in R.
    lonely_psu:
        What to do with a stratum that has a single PSU: ``"fail"`` (R's default),
        or ``"remove"``/``"certainty"`` (the stratum contributes no variance).
    n:
        Number of respondents, needed only when no other argument gives it.

    Raises ``SurveyDesignError`` (a ``ValueError``) on missing design values, negative
    weights, PSUs not nested in strata, an fpc that varies within a stratum or implies
    more than 100 % sampling, or a lonely PSU with ``lonely_psu="fail"``.
    """
    stage_labels = _as_stages(clusters, "clusters")
    fpc_stages = _as_stages(fpc, "fpc")
    sizes = {np.asarray(a).shape[0] for a in [*stage_labels, *fpc_stages]}
    for other in (weights, strata):
        if other is not None:
            sizes.add(np.asarray(other).ravel().shape[0])
    if n is not None:
        sizes.add(n)
    if len(sizes) != 1:
        raise SurveyDesignError(
            "The design arrays have different lengths" + (f": {sorted(sizes)}." if sizes else ".")
        )
    n_rows = sizes.pop()
    if n_rows == 0:
        raise SurveyDesignError("The design has no respondents.")
    if lonely_psu not in ("fail", "remove", "certainty"):
        raise SurveyDesignError("lonely_psu must be 'fail', 'remove' or 'certainty'.")

    has_strata = strata is not None
    strata_codes = (
        _codes(strata, "strata") if strata is not None else np.zeros(n_rows, dtype=np.intp)
    )
    # Stage 1: PSUs nested in strata.
    if stage_labels:
        psu = _codes(stage_labels[0], "clusters")
        if nest:
            psu = _pair_codes(strata_codes, psu)
        elif int(_pair_codes(strata_codes, psu).max()) != int(psu.max()):
            raise SurveyDesignError(
                "Clusters are not nested in strata: a PSU label appears in more than one "
                "stratum. Pass nest=True if PSU labels are reused across strata."
            )
    else:  # respondents sampled individually (R id=~1)
        stage_labels = [np.arange(n_rows)]
        psu = np.arange(n_rows, dtype=np.intp)
    n_stages = len(stage_labels)
    if fpc_stages and len(fpc_stages) != n_stages:
        raise SurveyDesignError(
            f"Give one fpc per sampling stage: {n_stages} stage(s) of clusters but "
            f"{len(fpc_stages)} fpc array(s)."
        )
    cluster_codes = [psu]
    for stage in range(1, n_stages):
        cluster_codes.append(
            _pair_codes(cluster_codes[-1], _codes(stage_labels[stage], "clusters"))
        )

    groups = [strata_codes, *cluster_codes[:-1]]
    unit_group: list[IntArray] = []
    group_sampled: list[FloatArray] = []
    sampled = np.empty((n_rows, n_stages))
    for stage in range(n_stages):
        units = cluster_codes[stage]
        owner = np.zeros(int(units.max()) + 1, dtype=np.intp)
        owner[units] = groups[stage]
        counts = np.bincount(owner, minlength=int(groups[stage].max()) + 1).astype(np.float64)
        unit_group.append(owner)
        group_sampled.append(counts)
        sampled[:, stage] = counts[groups[stage]]

    population: FloatArray | None = None
    group_population: list[FloatArray] | None = None
    if fpc_stages:
        raw = np.column_stack([np.asarray(a, dtype=np.float64).ravel() for a in fpc_stages])
        if np.isnan(raw).any():
            raise SurveyDesignError("fpc has missing values.")
        is_population = bool(np.any(raw > 1))
        if is_population != bool(np.all(raw >= 1)):
            raise SurveyDesignError(
                "fpc must be all population sizes (>= 1) or all sampling fractions (<= 1)."
            )
        if not is_population and np.any(raw <= 0):
            raise SurveyDesignError("A sampling fraction in fpc must be above 0.")
        population = raw if is_population else sampled / raw
        if np.any(population < sampled * (1 - 1e-12)):
            raise SurveyDesignError("fpc implies more than 100 % sampling in some stratum.")
        group_population = []
        for stage in range(n_stages):
            per_group = np.zeros(group_sampled[stage].size)
            per_group[groups[stage]] = population[:, stage]
            if not np.array_equal(per_group[groups[stage]], population[:, stage]):
                raise SurveyDesignError(
                    f"fpc at stage {stage + 1} varies within a stratum; it must be constant there."
                )
            group_population.append(per_group)

    if weights is not None:
        w = np.asarray(weights, dtype=np.float64).ravel()
        if not np.all(np.isfinite(w)):
            raise SurveyDesignError("Weights contain missing or infinite values.")
        if np.any(w < 0) or not np.any(w > 0):
            raise SurveyDesignError("Weights must be non-negative and not all zero.")
    elif population is not None:
        if np.any(np.isinf(population)):
            raise SurveyDesignError(
                "Weights not given and cannot be computed from an infinite fpc."
            )
        w = np.prod(population / sampled, axis=1)
    else:
        w = np.ones(n_rows)

    design = TaylorDesign(
        weights=w,
        strata=strata_codes,
        clusters=tuple(cluster_codes),
        sampled=sampled,
        population=population,
        lonely_psu=lonely_psu,
        has_strata=has_strata,
        unit_group=tuple(unit_group),
        group_sampled=tuple(group_sampled),
        group_population=None if group_population is None else tuple(group_population),
        row_units=tuple(unit_group[stage].size == n_rows for stage in range(n_stages)),
        degrees_of_freedom=int(unit_group[0].size - np.unique(strata_codes).size),
    )
    if lonely_psu == "fail":
        _check_lonely(design)
    return design


def make_replicate_design(
    weights: ArrayLike,
    replicate_weights: ArrayLike,
    *,
    type: Literal["BRR", "Fay", "JK1", "JKn", "bootstrap", "other"],
    combined_weights: bool = True,
    scale: float | None = None,
    rscales: ArrayLike | None = None,
    rho: float | None = None,
    mse: bool = False,
) -> ReplicateDesign:
    """Describe a design by its replicate weights (R ``svrepdesign``).

    ``replicate_weights`` is respondents by replicates. With ``combined_weights`` (the
    usual case for published files) they are analysis weights; otherwise they are
    multipliers of ``weights``. ``scale`` and ``rscales`` follow R:

    * BRR: ``scale = 1/R``; Fay: ``scale = 1/(R (1 - rho)^2)`` (``rho`` required);
    * JK1: ``scale = (R - 1)/R`` must be given for combined weights (for multipliers it
      is guessed as ``1/max`` of the first replicate, as R does);
    * JKn: ``rscales = (n_h - 1)/n_h`` per replicate must be given for combined weights
      (guessed as ``1/max`` per replicate for multipliers);
    * bootstrap: ``scale = 1/(R - 1)``; other: ``scale`` and ``rscales`` default to 1.

    ``mse=True`` centres the replicate estimates on the full-sample estimate rather
    than on their mean (R ``mse=TRUE``). Degrees of freedom are the rank of the
    replicate weights minus 1 (R ``degf``).

    Sources: R ``survey`` ``svrepdesign`` and ``svrVar`` (``R/surveyrep.R``); Wolter
    (2007) chapters 3 (BRR) and 4 (jackknife); Lumley (2010) section 2.4.
    """
    w = np.asarray(weights, dtype=np.float64).ravel()
    reps = np.asarray(replicate_weights, dtype=np.float64)
    if reps.ndim != 2 or reps.shape[0] != w.size:
        raise SurveyDesignError(
            "replicate_weights must be a table with one row per respondent and one column "
            "per replicate."
        )
    if not (np.all(np.isfinite(w)) and np.all(np.isfinite(reps))):
        raise SurveyDesignError("Weights or replicate weights contain missing values.")
    n_reps = reps.shape[1]
    if n_reps < 2:
        raise SurveyDesignError("A replicate design needs at least two replicates.")
    scale_value: float
    if type == "BRR":
        scale_value = 1.0 / n_reps
    elif type == "Fay":
        if rho is None or not 0 <= rho < 1:
            raise SurveyDesignError("A Fay design needs rho, between 0 and 1.")
        scale_value = 1.0 / (n_reps * (1 - rho) ** 2)
    elif type == "JK1":
        if scale is None:
            if combined_weights:
                raise SurveyDesignError("Give scale = (R-1)/R for combined JK1 weights.")
            scale_value = 1.0 / float(reps[:, 0].max())
        else:
            scale_value = float(scale)
    elif type == "bootstrap":
        scale_value = 1.0 / (n_reps - 1) if scale is None else float(scale)
    elif type in ("JKn", "other"):
        scale_value = 1.0 if scale is None else float(scale)
    else:
        raise SurveyDesignError(f"Unknown replicate type {type!r}.")
    if rscales is None:
        if type == "JKn":
            if combined_weights:
                raise SurveyDesignError("Give rscales = (n_h-1)/n_h for combined JKn weights.")
            rs = 1.0 / reps.max(axis=0)
        else:
            rs = np.ones(n_reps)
    else:
        rs = np.asarray(rscales, dtype=np.float64).ravel()
        if rs.size != n_reps:
            raise SurveyDesignError(f"rscales has {rs.size} values for {n_reps} replicates.")
    analysis = reps if combined_weights else reps * w[:, None]
    return _replicate(w, analysis, scale_value, rs, mse, type)


def jackknife_replicates(
    design: TaylorDesign,
    *,
    type: Literal["auto", "JK1", "JKn"] = "auto",
    mse: bool = False,
) -> ReplicateDesign:
    """Delete-one-PSU jackknife replicate weights for a Taylor design (R ``as.svrepdesign``).

    JKn (stratified): one replicate per PSU; in the replicate that drops PSU ``j`` of
    stratum ``h`` the other PSUs of ``h`` are weighted up by ``n_h/(n_h - 1)`` and the
    other strata are unchanged; ``rscales = (1 - f_h)(n_h - 1)/n_h`` with the
    first-stage finite population correction ``1 - f_h`` when the design has one, and
    ``scale = 1``. Strata sampled completely get no replicates. JK1 (unstratified):
    ``scale = (1 - f)(n - 1)/n``. ``"auto"`` picks JKn for stratified designs. Later
    stages' fpcs are not used, as in R. Sources: R ``jk1weights``/``jknweights``
    (``R/surveyrep.R``); Wolter (2007) section 4.5.
    """
    if type == "auto":
        type = "JKn" if design.has_strata else "JK1"
    if type == "JK1" and design.has_strata:
        raise SurveyDesignError("JK1 is for unstratified designs; use JKn.")
    if type not in ("JK1", "JKn"):
        raise SurveyDesignError("type must be 'auto', 'JK1' or 'JKn'.")
    psu = design.clusters[0]
    w = design.weights
    strata = design.strata if type == "JKn" else np.zeros_like(design.strata)
    columns: list[FloatArray] = []
    rscales: list[float] = []
    for h in pd.unique(strata):
        in_h = strata == h
        psus_h = pd.unique(psu[in_h])
        n_h = psus_h.size
        correction = 1.0
        if design.population is not None:
            big_n = float(design.population[in_h, 0][0])
            correction = 1.0 if np.isinf(big_n) else (big_n - n_h) / big_n
        if correction <= 0:
            continue  # self-representing stratum: no sampling variance
        if n_h == 1:
            if design.lonely_psu == "fail":
                raise SurveyDesignError(f"Stratum {h} has only one PSU; cannot jackknife it.")
            continue
        for j in psus_h:
            col = w.copy()
            col[in_h] *= n_h / (n_h - 1)
            col[psu == j] = 0.0
            columns.append(col)
            rscales.append(correction * (n_h - 1) / n_h)
    if not columns:
        raise SurveyDesignError("Every stratum was sampled completely: there is no variance.")
    reps = np.column_stack(columns)
    if type == "JK1":
        return _replicate(w, reps, rscales[0], np.ones(len(columns)), mse, "JK1")
    return _replicate(w, reps, 1.0, np.asarray(rscales), mse, "JKn")


def _replicate(
    w: FloatArray, analysis: FloatArray, scale: float, rscales: FloatArray, mse: bool, kind: str
) -> ReplicateDesign:
    rank = int(np.linalg.matrix_rank(analysis))
    return ReplicateDesign(
        weights=w,
        replicate_weights=analysis,
        scale=float(scale),
        rscales=rscales,
        mse=mse,
        type=kind,
        degrees_of_freedom=rank - 1,
    )


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyEstimates:
    """Estimates for each domain (rows) and variable (columns), with their precision.

    ``n`` counts the respondents that contributed (in the domain, with an answer).
    ``deff_wor``/``deff_wr`` are the design effects against simple random sampling
    without/with replacement (R ``deff=TRUE``/``deff="replace"``); ``None`` for ratios,
    as in R.
    """

    statistic: str
    domains: tuple[object, ...]
    variables: tuple[str, ...]
    estimate: FloatArray
    variance: FloatArray
    n: IntArray
    degrees_of_freedom: int
    deff_wor: FloatArray | None = None
    deff_wr: FloatArray | None = None

    @property
    def se(self) -> FloatArray:
        return np.sqrt(self.variance)

    def confidence_interval(
        self, level: float = 0.95, df: float | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """Symmetric interval: normal by default (R ``confint``), Student t with ``df``."""
        return normal_or_t_interval(self.estimate, self.se, level=level, df=df)

    def to_frame(self, level: float = 0.95, df: float | None = None) -> pd.DataFrame:
        """One row per domain and variable: estimate, se, interval, n and design effects."""
        lower, upper = self.confidence_interval(level, df)
        n_dom, n_var = self.estimate.shape
        frame = pd.DataFrame(
            {
                "domain": np.repeat(np.asarray(self.domains, dtype=object), n_var),
                "variable": np.tile(np.asarray(self.variables, dtype=object), n_dom),
                "estimate": self.estimate.ravel(),
                "se": self.se.ravel(),
                "lower": lower.ravel(),
                "upper": upper.ravel(),
                "n": self.n.ravel(),
            }
        )
        if self.deff_wor is not None and self.deff_wr is not None:
            frame["deff"] = self.deff_wor.ravel()
            frame["deff_replace"] = self.deff_wr.ravel()
        return frame


@dataclass(frozen=True)
class WaveChange:
    """Change from wave 1 to wave 2 (``estimate_2 - estimate_1``) and its test."""

    difference: FloatArray
    se: FloatArray
    lower: FloatArray
    upper: FloatArray
    z: FloatArray
    p_value: FloatArray
    significant: BoolArray


# ---------------------------------------------------------------------------
# Estimators
# ---------------------------------------------------------------------------


def survey_mean(
    design: SurveyDesign,
    y: ArrayLike,
    *,
    by: ArrayLike | None = None,
    subset: ArrayLike | None = None,
    na_rm: bool = False,
    variables: Sequence[str] | None = None,
    deff: bool = False,
) -> SurveyEstimates:
    """Weighted mean (or proportion, for a 0/1 indicator) with its design-based variance.

    ``y`` is one variable (1-D) or several (respondents by variables, or a data frame).
    ``by`` gives a domain label per respondent and returns one row per label, in sorted
    order (R ``svyby``); ``subset`` restricts to one subpopulation (R ``subset``); both
    keep the full design for the variance. Respondents with a missing ``by`` label are
    in no domain.

    Taylor: the estimate is ``sum(w y) / sum(w)`` over the domain and the linearised
    variable is ``w (y - mean) / sum(w)`` inside it and 0 outside (Wolter 2007 section
    6.5; R ``svymean.survey.design2`` in ``R/multistage.R``). Replicates: the ratio is
    recomputed with each replicate's weights (R ``svymean.svyrep.design``).

    A domain with no respondents gives NaN. Missing ``y`` raise unless ``na_rm``.
    ``deff=True`` adds the design effects against simple random sampling without and
    with replacement (R ``deff=TRUE`` and ``deff="replace"``).
    """
    return _estimate("mean", design, y, None, by, subset, na_rm, variables, deff)


def survey_total(
    design: SurveyDesign,
    y: ArrayLike,
    *,
    by: ArrayLike | None = None,
    subset: ArrayLike | None = None,
    na_rm: bool = False,
    variables: Sequence[str] | None = None,
    deff: bool = False,
) -> SurveyEstimates:
    """Horvitz-Thompson total ``sum(w y)`` with its design-based variance.

    The linearised variable is ``w y`` itself (Horvitz and Thompson 1952; Wolter 2007
    section 1.4; R ``svytotal.survey.design2`` and ``svytotal.svyrep.design``).
    Arguments as in :func:`survey_mean`; an empty domain has total 0.
    """
    return _estimate("total", design, y, None, by, subset, na_rm, variables, deff)


def survey_ratio(
    design: SurveyDesign,
    numerator: ArrayLike,
    denominator: ArrayLike,
    *,
    by: ArrayLike | None = None,
    subset: ArrayLike | None = None,
    na_rm: bool = False,
    variables: Sequence[str] | None = None,
) -> SurveyEstimates:
    """Ratio of two estimated totals ``sum(w y) / sum(w x)`` (R ``svyratio``).

    Linearised variable ``w (y - R x) / sum(w x)`` (Wolter 2007 section 6.5;
    R ``svyratio.survey.design2``); replicate designs recompute the ratio per replicate.
    ``numerator`` and ``denominator`` have the same shape; with ``na_rm`` a respondent
    missing either is left out of that ratio. A zero denominator total gives NaN.
    """
    return _estimate(
        "ratio", design, numerator, denominator, by, subset, na_rm, variables, deff=False
    )


def _estimate(
    statistic: str,
    design: SurveyDesign,
    y: ArrayLike,
    x: ArrayLike | None,
    by: ArrayLike | None,
    subset: ArrayLike | None,
    na_rm: bool,
    variables: Sequence[str] | None,
    deff: bool,
) -> SurveyEstimates:
    n = design.n
    values, names = _as_matrix(y, n, variables, "y")
    den: FloatArray | None = None
    if x is not None:
        den, _ = _as_matrix(x, n, None, "denominator")
        if den.shape != values.shape:
            raise SurveyDesignError("The numerator and denominator must have the same shape.")
    missing = np.isnan(values) if den is None else (np.isnan(values) | np.isnan(den))
    if missing.any() and not na_rm:
        raise SurveyDesignError(
            f"{int(missing.any(axis=1).sum())} respondent(s) have missing values; pass "
            "na_rm=True to estimate from the respondents who answered."
        )
    dom, labels = _domains(by, subset, n)
    # mask[i, q]: respondent i answered variable q (None: everyone answered everything).
    mask: BoolArray | None = None
    if missing.any():
        mask = ~missing
        values = np.where(mask, values, 0.0)
        if den is not None:
            den = np.where(mask, den, 0.0)
    if isinstance(design, TaylorDesign):
        return _taylor_estimate(statistic, design, values, den, mask, dom, labels, names, deff)
    full_mask = (dom >= 0)[:, None] & (np.ones_like(values, dtype=bool) if mask is None else mask)
    result = _replicate_estimate(statistic, design, values, den, full_mask, dom, labels, names)
    if not deff:
        result = replace(result, deff_wor=None, deff_wr=None)
    return result


def _taylor_estimate(
    statistic: str,
    design: TaylorDesign,
    yz: FloatArray,
    xz: FloatArray | None,
    mask: BoolArray | None,
    dom: IntArray,
    labels: tuple[object, ...],
    names: tuple[str, ...],
    deff: bool,
) -> SurveyEstimates:
    n_dom = len(labels)
    k = yz.shape[1]
    inside = dom >= 0
    everyone = bool(inside.all())
    rows = np.flatnonzero(inside)
    # Work on views when every respondent is in a domain (the usual ward table).
    d = dom if everyone else dom[rows]
    w = design.weights if everyone else design.weights[rows]
    y = yz if everyone else yz[rows]
    # m: 1 where the respondent counts for the variable (in a domain and answered).
    if mask is None:
        m = np.ones((d.size, 1))
    else:
        m = (mask if everyone else mask[rows]).astype(np.float64)
    wm = w[:, None] * m
    counts = np.broadcast_to(_group_sum(d, n_dom, m), (n_dom, k))
    weight_sum = np.broadcast_to(_group_sum(d, n_dom, wm), (n_dom, k))
    if mask is None:
        y_total = _group_sum(d, n_dom, y, row_weights=w)
    else:
        y_total = _group_sum(d, n_dom, wm * y)
    deff_wor = deff_wr = None
    with np.errstate(divide="ignore", invalid="ignore"):
        if statistic == "mean":
            est = y_total / weight_sum
            resid = y - est[d]
            if mask is not None:
                resid *= m
            z_in = resid * (wm / weight_sum[d])
        elif statistic == "total":
            est = np.where(counts > 0, y_total, 0.0)
            z_in = wm * y
            resid = (y - (y_total / weight_sum)[d]) * m
        else:
            assert xz is not None
            x = xz if everyone else xz[rows]
            x_total = _group_sum(d, n_dom, wm * x)
            est = y_total / x_total
            resid = (y - est[d] * x) * m
            z_in = resid * (wm / x_total[d])
        if everyone:
            z = z_in
        else:
            z = np.zeros_like(yz)
            z[rows] = z_in
        variance = _taylor_variance(design, z, dom, n_dom)
        if deff and statistic != "ratio":
            # R svyvar: n/(n-1) sum w (x - xbar)^2 / sum w, n = respondents with weight > 0.
            nonzero = _group_sum(d, n_dom, (wm > 0).astype(np.float64))
            xbar = _group_sum(d, n_dom, wm * resid) / weight_sum
            dev = resid - xbar[d]
            sv = _group_sum(d, n_dom, wm * dev * dev) / weight_sum * nonzero / (nonzero - 1)
            if statistic == "mean":
                vsrs_wr = sv / counts
                vsrs_wor = np.where(
                    weight_sum >= counts,
                    sv * (weight_sum - counts) / (weight_sum * counts),
                    np.nan,
                )
            else:
                vsrs_wr = sv * weight_sum**2 / counts
                vsrs_wor = sv * weight_sum**2 * (weight_sum - counts) / (weight_sum * counts)
            deff_wor = variance / vsrs_wor
            deff_wr = variance / vsrs_wr
    return SurveyEstimates(
        statistic=statistic,
        domains=labels,
        variables=names,
        estimate=est,
        variance=variance,
        n=np.asarray(counts, dtype=np.intp),
        degrees_of_freedom=design.degrees_of_freedom,
        deff_wor=deff_wor,
        deff_wr=deff_wr,
    )


def _taylor_variance(design: TaylorDesign, z: FloatArray, dom: IntArray, n_dom: int) -> FloatArray:
    """Variance of the estimated total of ``z`` (already weighted) in each domain.

    Stage by stage, as R ``multistage``/``onestage``/``onestrat`` (``R/multistage.R``):
    unit totals of ``z`` are formed within each stratum (stage 1) or parent unit (later
    stages), padded with zeros for units that have no respondent in the domain, and
    ``f * m/(m - 1) * sum (t - tbar)^2`` is summed over strata, where ``m`` is the number
    of units sampled there and ``f = 1 - m/M`` the finite population correction (1
    without one); a stratum with ``f`` below 1e-7 was sampled completely and adds
    nothing, and a lone unit (``m = 1``, allowed by ``lonely_psu``) is centred on itself
    and adds nothing. A later stage's term is multiplied by the sampling fractions
    ``m/M`` of every stage above it. Later stages are used only when every stage has
    an fpc (otherwise the first stage is the "ultimate cluster").
    """
    n_stages = len(design.clusters) if design.population is not None else 1
    variance = np.zeros((n_dom, z.shape[1]))
    inside = dom >= 0
    everyone = bool(inside.all())
    rows = np.flatnonzero(inside)
    if rows.size == 0:
        return variance
    d_rows = (dom if everyone else dom[rows]).astype(np.int64)
    z_rows = z if everyone else z[rows]
    multiplier = np.ones(design.group_sampled[0].size)  # per group at the current stage
    for stage in range(n_stages):
        f, m = _stage_factors(design, stage)
        factor = np.where((m > 1) & (f >= _CERTAINTY_FPC), f * m / np.maximum(m - 1, 1), 0.0)
        factor = factor * multiplier
        units = design.clusters[stage] if everyone else design.clusters[stage][rows]
        if design.row_units[stage]:
            totals, pair_unit, pair_dom = z_rows, units, d_rows
        else:
            pair_of_row, pair_key = pd.factorize(units.astype(np.int64) * n_dom + d_rows)
            totals = _group_sum(pair_of_row, pair_key.size, z_rows)
            pair_unit, pair_dom = pair_key // n_dom, pair_key % n_dom
        pair_group = design.unit_group[stage][pair_unit]
        gd_of_pair, gd_key = pd.factorize(pair_group.astype(np.int64) * n_dom + pair_dom)
        gd_group, gd_dom = gd_key // n_dom, gd_key % n_dom
        m_gd = m[gd_group]
        present = np.bincount(gd_of_pair, minlength=gd_key.size).astype(np.float64)
        mean_gd = _group_sum(gd_of_pair, gd_key.size, totals) / m_gd[:, None]
        dev = totals - mean_gd[gd_of_pair]
        np.square(dev, out=dev)
        ss = _group_sum(gd_of_pair, gd_key.size, dev)
        ss += (m_gd - present)[:, None] * mean_gd * mean_gd
        variance += _group_sum(gd_dom, n_dom, ss * factor[gd_group][:, None])
        if stage + 1 < n_stages:
            assert design.group_population is not None
            fraction = multiplier * m / design.group_population[stage]
            # The next stage's groups are this stage's units.
            multiplier = fraction[design.unit_group[stage]]
    return variance


def _replicate_estimate(
    statistic: str,
    design: ReplicateDesign,
    yz: FloatArray,
    xz: FloatArray | None,
    mask: BoolArray,
    dom: IntArray,
    labels: tuple[object, ...],
    names: tuple[str, ...],
) -> SurveyEstimates:
    n_dom = len(labels)
    k = yz.shape[1]
    est = np.full((n_dom, k), np.nan)
    variance = np.full((n_dom, k), np.nan)
    counts = np.zeros((n_dom, k), dtype=np.intp)
    deff_wor = np.full((n_dom, k), np.nan)
    deff_wr = np.full((n_dom, k), np.nan)
    order = np.argsort(dom, kind="stable")
    bounds = np.searchsorted(dom[order], np.arange(n_dom + 1))
    for g in range(n_dom):
        idx = order[bounds[g] : bounds[g + 1]]
        m = mask[idx].astype(np.float64)
        w = design.weights[idx]
        reps = design.replicate_weights[idx]
        y = yz[idx]
        counts[g] = m.sum(axis=0).astype(np.intp)
        with np.errstate(divide="ignore", invalid="ignore"):
            if statistic == "mean":
                full = (w @ (m * y)) / (w @ m)
                thetas = (reps.T @ (m * y)) / (reps.T @ m)
            elif statistic == "total":
                full = w @ (m * y)
                thetas = reps.T @ (m * y)
            else:
                assert xz is not None
                x = xz[idx]
                full = (w @ (m * y)) / (w @ (m * x))
                thetas = (reps.T @ (m * y)) / (reps.T @ (m * x))
            est[g] = full
            variance[g] = _replicate_variance(thetas, full, design)
            if statistic != "ratio":
                wm = w[:, None] * m
                npop = wm.sum(axis=0)
                nobs = m.sum(axis=0)
                xbar = (wm * y).sum(axis=0) / npop
                sv = nobs / (nobs - 1) * (wm * (y - xbar) ** 2).sum(axis=0) / npop
                vsrs = sv / nobs if statistic == "mean" else sv * (wm * w[:, None]).sum(axis=0)
                deff_wr[g] = variance[g] / vsrs
                deff_wor[g] = variance[g] / (vsrs * (npop - nobs) / npop)
    if statistic == "total":
        est = np.where(counts > 0, est, 0.0)
    return SurveyEstimates(
        statistic=statistic,
        domains=labels,
        variables=names,
        estimate=est,
        variance=variance,
        n=counts,
        degrees_of_freedom=design.degrees_of_freedom,
        deff_wor=None if statistic == "ratio" else deff_wor,
        deff_wr=None if statistic == "ratio" else deff_wr,
    )


def _replicate_variance(
    thetas: FloatArray, full: FloatArray, design: ReplicateDesign
) -> FloatArray:
    """``scale * sum_r rscales_r (theta_r - centre)^2`` (R ``svrVar``).

    Replicates whose estimate is undefined (a domain with no weight in that replicate)
    are left out, as R's ``na.omit`` does; the centre is the mean of the remaining
    replicates with a positive ``rscales`` (or the full-sample estimate with ``mse``).
    """
    valid = np.isfinite(thetas)
    rs = design.rscales[:, None] * valid
    filled = np.where(valid, thetas, 0.0)
    if design.mse:
        centre = full
    else:
        use = valid & (design.rscales[:, None] > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            centre = (filled * use).sum(axis=0) / use.sum(axis=0)
    dev = np.where(valid, filled - centre, 0.0)
    out = design.scale * (rs * dev * dev).sum(axis=0)
    return np.where(valid.any(axis=0), out, np.nan)


# ---------------------------------------------------------------------------
# Intervals and change between waves
# ---------------------------------------------------------------------------


def normal_or_t_interval(
    estimate: ArrayLike, se: ArrayLike, *, level: float = 0.95, df: float | None = None
) -> tuple[FloatArray, FloatArray]:
    """``estimate +/- q * se`` with ``q`` the normal quantile, or Student t on ``df``.

    R ``confint.svystat`` uses the normal quantile unless ``df`` is given; survey
    practice uses t on the design degrees of freedom (PSUs minus strata) for small
    numbers of PSUs (Lumley 2010, section 2.2; Korn and Graubard 1999, section 5.2).
    """
    _check_level(level)
    est = np.asarray(estimate, dtype=np.float64)
    s = np.asarray(se, dtype=np.float64)
    q = _quantile(level, df)
    return est - q * s, est + q * s


def proportion_interval(
    p: ArrayLike,
    se: ArrayLike,
    *,
    method: Literal["logit", "korn-graubard"] = "logit",
    level: float = 0.95,
    df: float | None = None,
    n: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Interval for a proportion that stays inside [0, 1].

    ``"logit"``: a symmetric interval for ``logit(p)`` with standard error
    ``se / (p (1 - p))`` (delta method), transformed back (R ``svyciprop(method="logit")``,
    which uses ``df = degf(design)``; Lumley 2010 section 2.3.3). At ``p = 0`` or ``1``
    it collapses to the point, so prefer Korn-Graubard there.

    ``"korn-graubard"``: the Clopper-Pearson interval on the effective sample size
    ``n_eff = p (1 - p) / se^2``, adjusted by ``(t_{n-1} / t_df)^2`` (Korn and Graubard
    1998, "Confidence intervals for proportions with small expected number of positive
    counts estimated from survey data", *Survey Methodology* 24(2), 193-201; R
    ``svyciprop(method="beta")``). Needs ``n`` (respondents); when ``se`` is 0 (no
    variation, for example ``p = 0``) ``n_eff = n``. With ``df=None`` no adjustment.
    """
    _check_level(level)
    prop = np.asarray(p, dtype=np.float64)
    s = np.asarray(se, dtype=np.float64)
    alpha = 1 - level
    if method == "logit":
        q = _quantile(level, df)
        with np.errstate(divide="ignore", invalid="ignore"):
            centre = np.log(prop / (1 - prop))
            half = q * s / (prop * (1 - prop))
            lower = 1 / (1 + np.exp(-(centre - half)))
            upper = 1 / (1 + np.exp(-(centre + half)))
        edge = (prop <= 0) | (prop >= 1)
        return np.where(edge, prop, lower), np.where(edge, prop, upper)
    if method != "korn-graubard":
        raise ValueError("method must be 'logit' or 'korn-graubard'.")
    if n is None:
        raise ValueError("The Korn-Graubard interval needs n, the number of respondents.")
    count = np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(s > 0, prop * (1 - prop) / s**2, count)
    if df is not None:
        n_eff = n_eff * (stats.t.ppf(alpha / 2, count - 1) / stats.t.ppf(alpha / 2, df)) ** 2
    x = n_eff * prop
    lower = np.where(prop <= 0, 0.0, stats.beta.ppf(alpha / 2, x, n_eff - x + 1))
    upper = np.where(prop >= 1, 1.0, stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    return np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64)


def compare_waves(
    estimate_1: ArrayLike,
    se_1: ArrayLike,
    estimate_2: ArrayLike,
    se_2: ArrayLike,
    *,
    alpha: float = 0.05,
) -> WaveChange:
    """Change between two independent survey waves, with a two-sided test.

    ``difference = estimate_2 - estimate_1``; as the waves are independent samples,
    ``se = sqrt(se_1^2 + se_2^2)`` (Kish 1965 section 12.10; Lumley 2010 section 3.4
    for independent samples); the interval is ``difference +/- z_{1-alpha/2} se`` and the
    change is ``significant`` when the two-sided normal p-value is below ``alpha`` (the
    interval excludes 0). Arrays broadcast, so a whole ward table is compared at once.
    A zero ``se`` gives a NaN p-value and no significance flag.
    """
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1.")
    e1 = np.asarray(estimate_1, dtype=np.float64)
    e2 = np.asarray(estimate_2, dtype=np.float64)
    s1 = np.asarray(se_1, dtype=np.float64)
    s2 = np.asarray(se_2, dtype=np.float64)
    if np.any(s1 < 0) or np.any(s2 < 0):
        raise ValueError("Standard errors must not be negative.")
    diff = e2 - e1
    se = np.sqrt(s1**2 + s2**2)
    q = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, diff / se, np.nan)
    p_value = 2 * stats.norm.sf(np.abs(z))
    return WaveChange(
        difference=diff,
        se=se,
        lower=diff - q * se,
        upper=diff + q * se,
        z=z,
        p_value=p_value,
        significant=np.asarray(p_value < alpha),
    )


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1, for example 0.95.")


def _quantile(level: float, df: float | None) -> float:
    p = 1 - (1 - level) / 2
    if df is None or np.isinf(df):
        return float(stats.norm.ppf(p))
    if df <= 0:
        raise ValueError("Degrees of freedom must be positive.")
    return float(stats.t.ppf(p, df))


def _as_stages(
    value: ArrayLike | Sequence[ArrayLike] | None, what: str
) -> list[NDArray[np.generic]]:
    if value is None:
        return []
    if isinstance(value, pd.DataFrame):
        return [value[c].to_numpy() for c in value.columns]
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        arr = np.asarray(value)
        if arr.ndim == 1:
            return [arr]
        if arr.ndim == 2:
            return [arr[:, j] for j in range(arr.shape[1])]
        raise SurveyDesignError(f"{what} must be one array per stage.")
    items = list(value)  # type: ignore[arg-type]
    if items and np.ndim(items[0]) == 0:
        return [np.asarray(items)]
    return [np.asarray(a).ravel() for a in items]


def _codes(labels: ArrayLike, what: str) -> IntArray:
    values = np.asarray(labels).ravel()
    codes, _ = pd.factorize(values, sort=True)
    if np.any(codes < 0):
        raise SurveyDesignError(f"{what} has missing values.")
    return codes.astype(np.intp)


def _pair_codes(a: IntArray, b: IntArray) -> IntArray:
    """Number the distinct (a, b) pairs 0, 1, ... (hash-based, no sort)."""
    key = a.astype(np.int64) * (int(b.max()) + 1) + b
    codes, _ = pd.factorize(key)
    return codes.astype(np.intp)


def _stage_factors(design: TaylorDesign, stage: int) -> tuple[FloatArray, FloatArray]:
    """Per group at ``stage``: the finite population correction ``f = 1 - m/M`` and ``m``."""
    m = design.group_sampled[stage]
    if design.group_population is None:
        return np.ones(m.size), m
    big_m = design.group_population[stage]
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(np.isinf(big_m), 1.0, (big_m - m) / big_m)
    return f, m


def _check_lonely(design: TaylorDesign) -> None:
    n_stages = len(design.clusters) if design.population is not None else 1
    for stage in range(n_stages):
        f, m = _stage_factors(design, stage)
        lonely = (m == 1) & (f >= _CERTAINTY_FPC)
        if lonely.any():
            where = "stratum" if stage == 0 else f"unit at stage {stage}"
            raise SurveyDesignError(
                f"A {where} has only one sampled unit at stage {stage + 1} "
                f"({int(lonely.sum())} such), so its variance cannot be estimated. Merge it "
                "with a similar stratum, or pass lonely_psu='remove'."
            )


def _as_matrix(
    y: ArrayLike, n: int, variables: Sequence[str] | None, what: str
) -> tuple[FloatArray, tuple[str, ...]]:
    if isinstance(y, pd.DataFrame):
        names = tuple(str(c) for c in y.columns)
        arr = y.to_numpy(dtype=np.float64, na_value=np.nan)
    elif isinstance(y, pd.Series):
        names = (str(y.name) if y.name is not None else what,)
        arr = y.to_numpy(dtype=np.float64, na_value=np.nan)[:, None]
    else:
        arr = np.asarray(y, dtype=np.float64)
        if arr.ndim == 1:
            arr = arr[:, None]
        names = tuple(what if arr.shape[1] == 1 else f"{what}{j + 1}" for j in range(arr.shape[1]))
    if arr.ndim != 2 or arr.shape[0] != n:
        raise SurveyDesignError(
            f"{what} has {arr.shape[0]} rows but the design has {n} respondents."
        )
    if np.isinf(arr).any():
        raise SurveyDesignError(f"{what} has infinite values.")
    if variables is not None:
        if len(variables) != arr.shape[1]:
            raise SurveyDesignError(f"{len(variables)} variable names for {arr.shape[1]} columns.")
        names = tuple(variables)
    return arr, names


def _domains(
    by: ArrayLike | None, subset: ArrayLike | None, n: int
) -> tuple[IntArray, tuple[object, ...]]:
    if by is None:
        dom = np.zeros(n, dtype=np.intp)
        labels: tuple[object, ...] = ("all",)
    else:
        values = (
            np.asarray(by, dtype=object).ravel() if not isinstance(by, pd.Series) else by.to_numpy()
        )
        if values.shape[0] != n:
            raise SurveyDesignError(f"by has {values.shape[0]} labels for {n} respondents.")
        codes, uniques = pd.factorize(values, sort=True)
        dom = codes.astype(np.intp)
        labels = tuple(uniques.tolist() if hasattr(uniques, "tolist") else list(uniques))
    if subset is not None:
        keep = np.asarray(subset).ravel()
        if keep.shape[0] != n:
            raise SurveyDesignError(f"subset has {keep.shape[0]} values for {n} respondents.")
        if keep.dtype != np.bool_:
            raise SurveyDesignError("subset must be True/False per respondent.")
        dom = np.where(keep, dom, -1)
    return dom, labels


def _group_sum(
    codes: IntArray, n_groups: int, values: FloatArray, row_weights: FloatArray | None = None
) -> FloatArray:
    """Sum rows of ``values`` (times ``row_weights``) by group.

    One column uses ``np.bincount``; several use a sparse group-indicator product, which
    sums every column in one pass without copying the data.
    """
    codes = np.asarray(codes, dtype=np.intp).ravel()
    if values.ndim == 1 or values.shape[1] == 1:
        column = values if values.ndim == 1 else values[:, 0]
        if row_weights is not None:
            column = column * row_weights
        sums = np.asarray(np.bincount(codes, column, minlength=n_groups), dtype=np.float64)
        return sums if values.ndim == 1 else sums[:, None]
    data = np.ones(codes.size) if row_weights is None else row_weights
    indicator = sparse.csr_matrix(
        (data, (codes, np.arange(codes.size))), shape=(n_groups, codes.size)
    )
    return np.asarray(indicator @ values)
