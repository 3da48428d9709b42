"""Weighted estimates for a wave: every question, for the whole area, each ward and each group.

For each question the table holds

- the **headline** percentage (share of in-base answers whose option is "positive",
  such as "definitely" or "tend to" agree),
- the percentage giving **each in-base answer**, and
- the **mean score**, where the answer scale scores its options,

for the whole survey area, each ward, and each age band, sex, ethnic group and tenure, and
(where the questionnaire asks them) each religion and long-term health condition group.
Estimates are weighted means of 0/1 indicators (or of scores) from
:func:`~cohesion.surveys.calculations.estimation.survey_mean`, with standard errors by
Taylor linearisation for a design stratified by ward with respondents as the sampling
units and the raking weights treated as fixed (Lumley 2010, *Complex Surveys*, sections
2.2 and 7.4: treating calibrated weights as fixed gives slightly conservative intervals).
Groups are domains of the whole design, never separate analyses.

Intervals for percentages are the logit interval of R ``svyciprop(method = "logit")``,
which stays within 0-100 %; at 0 % or 100 % (where the logit interval collapses) the
Korn-Graubard interval is used. Means have a Student t interval on the design's degrees
of freedom. Every estimate carries its unweighted base; those on fewer respondents than
the survey's suppression threshold are marked suppressed and are never shown, nor are
the groups hidden beside them so that a hidden base cannot be worked out as the total
minus the rest (:func:`mark_suppressed`).

Change between waves (:func:`compare_to`) uses
:func:`~cohesion.surveys.calculations.estimation.compare_waves`: independent samples,
``se = sqrt(se1^2 + se2^2)``, flagged significant when the 95 % interval of the change
excludes zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from cohesion.surveys.calculations.estimation import (
    compare_waves,
    make_taylor_design,
    normal_or_t_interval,
    proportion_interval,
    survey_mean,
)
from cohesion.surveys.choices import DomainKind, Statistic
from cohesion.surveys.demographics import BREAKDOWN_LABELS, BREAKDOWN_QUESTION_CODES
from cohesion.surveys.frames import ResponseFrame
from cohesion.surveys.models import Estimate, Wave
from cohesion.surveys.specs import QuestionSpec, wave_questions
from cohesion.surveys.weighting import CATEGORY_LABELS

LEVEL = 0.95
ALL_CODE = "all"

COLUMNS = [
    "question_code",
    "statistic",
    "option_code",
    "domain_kind",
    "domain_code",
    "domain_label",
    "estimate",
    "se",
    "lower",
    "upper",
    "base",
    "weighted_base",
]


@dataclass(frozen=True)
class Column:
    """One variable of the estimate matrix: which question, which statistic, which answer."""

    question_code: str
    statistic: str
    option_code: str


def _is_positive(question: QuestionSpec, code: str) -> bool:
    option = question.option(code)
    return bool(option is not None and option.positive)


def answer_matrix(
    frame: ResponseFrame, questions: Sequence[QuestionSpec]
) -> tuple[NDArray[np.float64], list[Column]]:
    """Respondents by variables: 0/1 indicators (NaN outside the base) and scores.

    A respondent is in a question's base when they gave an in-base answer; answers such
    as "Don't know" and unanswered questions are NaN, so they count nowhere.
    """
    blocks: list[NDArray[np.float64]] = []
    columns: list[Column] = []
    for question in questions:
        if question.is_demographic or not question.options:
            continue
        answers = frame.answers.get(question.code)
        if answers is None:
            answers = np.full(frame.n, None, dtype=object)
        in_base_codes = [o.code for o in question.options if o.in_base]
        position = np.asarray(pd.Index(in_base_codes).get_indexer(answers), dtype=np.intp)
        answered = position >= 0
        k = len(in_base_codes)
        if k == 0:
            continue
        one_hot = np.zeros((frame.n, k))
        one_hot[np.flatnonzero(answered), position[answered]] = 1.0
        one_hot[~answered] = np.nan
        if question.has_headline:
            positive = np.array([_is_positive(question, code) for code in in_base_codes])
            headline = np.where(answered, positive[np.maximum(position, 0)].astype(float), np.nan)
            blocks.append(headline[:, None])
            columns.append(Column(question.code, Statistic.HEADLINE, ""))
        blocks.append(one_hot)
        columns.extend(Column(question.code, Statistic.OPTION, code) for code in in_base_codes)
        if question.has_scores:
            scores = np.array(
                [
                    np.nan
                    if (o := question.option(code)) is None or o.score is None
                    else float(o.score)
                    for code in in_base_codes
                ]
            )
            values = np.where(answered, scores[np.maximum(position, 0)], np.nan)
            blocks.append(values[:, None])
            columns.append(Column(question.code, Statistic.MEAN, ""))
    if not blocks:
        return np.zeros((frame.n, 0)), []
    return np.hstack(blocks), columns


def domain_labels(
    frame: ResponseFrame, ward_names: dict[str, str]
) -> list[tuple[str, NDArray[np.object_] | None, dict[str, str]]]:
    """(kind, code per respondent or None for everyone, label per code) for each kind of group."""
    groups: list[tuple[str, NDArray[np.object_] | None, dict[str, str]]] = [
        (DomainKind.ALL, None, {ALL_CODE: "All wards surveyed"}),
        (DomainKind.WARD, frame.ward, dict(ward_names)),
    ]
    for kind in (DomainKind.AGE_BAND, DomainKind.SEX, DomainKind.ETHNIC_GROUP, DomainKind.TENURE):
        values = frame.column(str(kind))
        groups.append((kind, values, {c: CATEGORY_LABELS.get(c, c) for c in set(values) if c}))
    # Religion and long-term health condition: breakdowns only, read from the answers.
    for breakdown, code in BREAKDOWN_QUESTION_CODES.items():
        answers = frame.answers.get(code)
        if answers is None or not any(answers):
            continue
        given = np.array([a or "" for a in answers], dtype=object)
        labels = {c: BREAKDOWN_LABELS.get(c, c) for c in set(given) if c}
        groups.append((breakdown, given, labels))
    return groups


def _group_index(values: NDArray[np.object_] | None, n: int) -> tuple[NDArray[np.intp], list[str]]:
    """Integer code per respondent (-1 for no group) and the groups, in sorted order."""
    if values is None:
        return np.zeros(n, dtype=np.intp), [ALL_CODE]
    cleaned = np.array([None if v == "" else v for v in values], dtype=object)
    codes, uniques = pd.factorize(cleaned, sort=True)
    return np.asarray(codes, dtype=np.intp), [str(u) for u in uniques]


def _domain_estimates(
    frame: ResponseFrame,
    y: NDArray[np.float64],
    columns: Sequence[Column],
    design: Any,
    df: int,
    level: float,
    kind: str,
    values: NDArray[np.object_] | None,
    labels: dict[str, str],
    weights: NDArray[np.float64],
) -> list[pd.DataFrame]:
    codes, groups = _group_index(values, frame.n)
    if not groups:
        return []
    by = None if values is None else np.asarray(groups, dtype=object)[codes].astype(object)
    if by is not None:
        by[codes < 0] = None
    result = survey_mean(design, y, by=by, na_rm=True)
    assert [str(d) for d in result.domains] == groups
    inside = codes >= 0
    indicator = sparse.csr_matrix(
        (np.ones(int(inside.sum())), (codes[inside], np.flatnonzero(inside))),
        shape=(len(groups), frame.n),
    )
    weighted_base = np.asarray(indicator @ (~np.isnan(y) * weights[:, None]))
    is_mean = np.array([c.statistic == Statistic.MEAN for c in columns])
    est = result.estimate
    se = result.se
    with np.errstate(invalid="ignore", divide="ignore"):
        lo, hi = proportion_interval(est, se, method="logit", level=level, df=df)
        edge = (est <= 0) | (est >= 1)
        if edge.any():
            kg_lo, kg_hi = proportion_interval(
                est, se, method="korn-graubard", level=level, df=df, n=np.maximum(result.n, 1)
            )
            lo = np.where(edge, kg_lo, lo)
            hi = np.where(edge, kg_hi, hi)
        m_lo, m_hi = normal_or_t_interval(est, se, level=level, df=df)
    lower = np.where(is_mean, m_lo, lo)
    upper = np.where(is_mean, m_hi, hi)
    scale = np.where(is_mean, 1.0, 100.0)
    n_dom, n_var = est.shape
    return [
        pd.DataFrame(
            {
                "question_code": np.tile([c.question_code for c in columns], n_dom),
                "statistic": np.tile([str(c.statistic) for c in columns], n_dom),
                "option_code": np.tile([c.option_code for c in columns], n_dom),
                "domain_kind": str(kind),
                "domain_code": np.repeat(groups, n_var),
                "domain_label": np.repeat([labels.get(g, g) for g in groups], n_var),
                "estimate": (est * scale).ravel(),
                "se": (se * scale).ravel(),
                "lower": (lower * scale).ravel(),
                "upper": (upper * scale).ravel(),
                "base": result.n.ravel(),
                "weighted_base": weighted_base.ravel(),
            }
        )
    ]


def estimate_table(
    frame: ResponseFrame,
    questions: Sequence[QuestionSpec],
    ward_names: dict[str, str],
    *,
    level: float = LEVEL,
    domain_kinds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every estimate of the wave as a table with the columns in :data:`COLUMNS`.

    ``frame.weights`` are the analysis weights (all 1 when the frame is unweighted).
    Percentages and their intervals are on the 0-100 scale. ``domain_kinds`` limits the
    groups (default: all of them).
    """
    if frame.n == 0:
        return pd.DataFrame(columns=COLUMNS)
    weights = frame.weights if frame.weights is not None else np.ones(frame.n)
    y, columns = answer_matrix(frame, questions)
    if not columns:
        return pd.DataFrame(columns=COLUMNS)
    design = make_taylor_design(weights=weights, strata=frame.ward, lonely_psu="remove")
    df = max(design.degrees_of_freedom, 1)
    statistics = np.array([str(c.statistic) for c in columns])
    frames: list[pd.DataFrame] = []
    for kind, values, labels in domain_labels(frame, ward_names):
        if domain_kinds is not None and kind not in domain_kinds:
            continue
        # Every answer's share for the whole area; headlines and means for each group
        # (the answer-by-answer split of every ward and group would multiply the work
        # for figures nobody reads at that level).
        keep = np.ones(len(columns), bool) if values is None else statistics != Statistic.OPTION
        chosen = [c for c, k in zip(columns, keep, strict=True) if k]
        frames.extend(
            _domain_estimates(
                frame, y[:, keep], chosen, design, df, level, kind, values, labels, weights
            )
        )
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    return table[table["base"] > 0].reset_index(drop=True)


def _finite(value: Any) -> float | None:
    number = float(value)
    return number if np.isfinite(number) else None


def store_estimates(wave: Wave, frame: ResponseFrame) -> int:
    """Replace the wave's stored estimates with those from ``frame`` (call inside a transaction)."""
    questions = wave_questions(wave)
    ward_names = {w.code: w.name for w in wave.wards()}
    table = estimate_table(frame, questions, ward_names)
    threshold = wave.survey.threshold
    wave.estimates.all().delete()
    rows = [
        Estimate(
            wave=wave,
            question_code=r.question_code,
            statistic=r.statistic,
            option_code=r.option_code,
            domain_kind=r.domain_kind,
            domain_code=r.domain_code,
            domain_label=r.domain_label,
            estimate=_finite(r.estimate),
            se=_finite(r.se),
            lower=_finite(r.lower),
            upper=_finite(r.upper),
            base=int(r.base),
            weighted_base=float(r.weighted_base),
        )
        for r in table.itertuples(index=False)
    ]
    mark_suppressed(rows, threshold)
    Estimate.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def mark_suppressed(estimates: Sequence[Estimate], threshold: int) -> None:
    """Set ``suppressed`` on a wave's estimates through the disclosure-control module.

    For each question, the groups of every breakdown (wards, age bands, sex,
    ethnic group, tenure) add up to the whole area, less respondents who
    gave no answer for that characteristic (never shown). A group on fewer
    respondents than the threshold is hidden, and so are enough other groups
    (or the whole-area figure) that its base cannot be worked out as the
    total minus the rest, in any breakdown (one set of linked tables per
    question and statistic; :class:`cohesion.core.disclosure.LinkedCounts`).
    A group hidden for one statistic of a question (headline, mean) is hidden
    for all of them, and answer shares go with the whole-area figure.
    """
    from cohesion.core.disclosure import LinkedCounts, threshold_rule

    rule = threshold_rule(threshold)
    tables: dict[tuple[str, str], dict[tuple[str, str], int]] = defaultdict(dict)
    for e in estimates:
        if e.statistic != Statistic.OPTION:
            tables[(e.question_code, e.statistic)][(e.domain_kind, e.domain_code)] = e.base
    hidden: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (question, _statistic), bases in tables.items():
        linked = LinkedCounts()
        total_key = (DomainKind.ALL, ALL_CODE)
        total = bases.get(total_key)
        for key, base in bases.items():
            linked.add(key, base)
        if total is not None:
            kinds = sorted({kind for kind, _code in bases if kind != DomainKind.ALL})
            for kind in kinds:
                groups = [key for key in bases if key[0] == kind]
                unanswered = total - sum(bases[g] for g in groups)
                if unanswered < 0:
                    continue  # not a partition of the whole (cannot happen for a domain)
                linked.add((kind, ""), unanswered, published=False)
                linked.total(total_key, [*groups, (kind, "")])
        hidden[question] |= {key for key in linked.protect(rule).hidden if isinstance(key, tuple)}
    for e in estimates:
        key = (e.domain_kind, e.domain_code)
        e.suppressed = key in hidden[e.question_code] or e.base < rule.threshold


def apply_disclosure_control(wave: Wave) -> int:
    """Decide again which of the wave's stored estimates are hidden (after the threshold changed)."""
    estimates = list(wave.estimates.all())
    mark_suppressed(estimates, wave.survey.threshold)
    return Estimate.objects.bulk_update(estimates, ["suppressed"], batch_size=1000)


@dataclass(frozen=True)
class Change:
    """Change in one estimate between an earlier and a later wave (percentage points or score)."""

    question_code: str
    statistic: str
    domain_kind: str
    domain_code: str
    domain_label: str
    earlier: float | None
    later: float | None
    earlier_base: int
    later_base: int
    difference: float | None
    lower: float | None
    upper: float | None
    p_value: float | None
    significant: bool
    suppressed: bool

    @property
    def smaller_base(self) -> int:
        """The smaller of the two waves' bases: a change is no more precise than its weaker end."""
        return min(self.earlier_base, self.later_base)


def compare_to(
    earlier: Wave,
    later: Wave,
    *,
    statistics: Sequence[str] = (Statistic.HEADLINE, Statistic.MEAN),
    domain_kinds: Sequence[str] = (DomainKind.ALL, DomainKind.WARD),
) -> list[Change]:
    """Change in each headline (and mean) between two waves of a survey, for matching groups.

    Only estimates present in both waves are compared. Suppressed estimates give a row
    marked suppressed with no figures.
    """

    def load(wave: Wave) -> dict[tuple[str, str, str, str], Estimate]:
        rows = wave.estimates.filter(statistic__in=statistics, domain_kind__in=domain_kinds)
        return {(e.question_code, e.statistic, e.domain_kind, e.domain_code): e for e in rows}

    before = load(earlier)
    after = load(later)
    keys = [k for k in after if k in before]
    if not keys:
        return []
    ok = [
        k
        for k in keys
        if not (before[k].suppressed or after[k].suppressed)
        and before[k].se is not None
        and after[k].se is not None
        and before[k].estimate is not None
        and after[k].estimate is not None
    ]
    tested = {}
    if ok:

        def column(rows: dict[tuple[str, str, str, str], Estimate], name: str) -> np.ndarray:
            return np.array([getattr(rows[k], name) for k in ok], dtype=np.float64)

        result = compare_waves(
            column(before, "estimate"),
            column(before, "se"),
            column(after, "estimate"),
            column(after, "se"),
        )
        for i, k in enumerate(ok):
            tested[k] = (
                float(result.difference[i]),
                float(result.lower[i]),
                float(result.upper[i]),
                _finite(result.p_value[i]),
                bool(result.significant[i]),
            )
    changes = []
    for k in keys:
        b, a = before[k], after[k]
        suppressed = k not in tested
        diff, lo, hi, p, sig = tested.get(k, (None, None, None, None, False))
        changes.append(
            Change(
                question_code=k[0],
                statistic=k[1],
                domain_kind=k[2],
                domain_code=k[3],
                domain_label=a.domain_label,
                earlier=None if b.suppressed else b.estimate,
                later=None if a.suppressed else a.estimate,
                earlier_base=b.base,
                later_base=a.base,
                difference=diff,
                lower=lo,
                upper=hi,
                p_value=p,
                significant=sig,
                suppressed=suppressed,
            )
        )
    return changes
