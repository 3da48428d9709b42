"""A wave's results as pages, downloads and published series read them.

Everything here reads the stored :class:`~cohesion.surveys.models.Estimate` rows and
applies disclosure control on the way out: a suppressed estimate has its figures and
its base removed from every output (which estimates are suppressed is decided by
:func:`cohesion.surveys.estimates.mark_suppressed`, through the disclosure-control
module, so that no hidden group can be worked out as the total minus the rest).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from cohesion.surveys.calculations.precision import is_small_base, rounded_estimate
from cohesion.surveys.charts import ChartRow, change_chart, interval_chart
from cohesion.surveys.choices import DomainKind, Statistic
from cohesion.surveys.comparators import Comparator, latest_by_question
from cohesion.surveys.estimates import ALL_CODE, Change, compare_to
from cohesion.surveys.models import Estimate, Wave
from cohesion.surveys.specs import QuestionSpec, wave_questions

GROUP_KINDS = (
    DomainKind.AGE_BAND,
    DomainKind.SEX,
    DomainKind.ETHNIC_GROUP,
    DomainKind.TENURE,
    DomainKind.RELIGION,
    DomainKind.DISABILITY,
)
GROUP_ORDER: dict[str, list[str]] = {
    DomainKind.AGE_BAND: ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"],
    DomainKind.SEX: ["female", "male"],
    DomainKind.ETHNIC_GROUP: ["white", "asian", "black", "mixed", "other"],
    DomainKind.TENURE: ["owned_outright", "owned_mortgage", "social_rented", "private_rented"],
    DomainKind.RELIGION: [
        "no_religion",
        "christian",
        "buddhist",
        "hindu",
        "jewish",
        "muslim",
        "sikh",
        "other",
        "prefer_not_to_say",
    ],
    DomainKind.DISABILITY: ["yes", "no", "prefer_not_to_say"],
}


@dataclass
class QuestionResult:
    """One question's results in a wave."""

    spec: QuestionSpec
    headline: Estimate | None = None
    mean: Estimate | None = None
    wards: list[Estimate] = field(default_factory=list)
    groups: dict[str, list[Estimate]] = field(default_factory=dict)
    options: list[tuple[str, Estimate | None]] = field(default_factory=list)
    chart: SafeString | None = None
    comparator: Comparator | None = None  # England's published figure for the headline

    @property
    def code(self) -> str:
        return self.spec.code


def _ordered(kind: str, rows: list[Estimate]) -> list[Estimate]:
    order = GROUP_ORDER.get(kind)
    if order is None:
        return sorted(rows, key=lambda e: e.domain_label)
    rank = {code: i for i, code in enumerate(order)}
    return sorted(rows, key=lambda e: rank.get(e.domain_code, len(rank)))


def question_results(wave: Wave, *, with_charts: bool = True) -> list[QuestionResult]:
    """Results per question (non-demographic questions with estimates), in questionnaire order."""
    by_question: dict[str, list[Estimate]] = defaultdict(list)
    for estimate in wave.estimates.all():
        by_question[estimate.question_code].append(estimate)
    results = []
    national = latest_by_question()
    for spec in wave_questions(wave):
        rows = by_question.get(spec.code)
        if spec.is_demographic or not rows:
            continue
        result = QuestionResult(spec=spec, comparator=national.get(spec.code))
        option_all: dict[str, Estimate] = {}
        groups: dict[str, list[Estimate]] = defaultdict(list)
        for e in rows:
            if e.statistic == Statistic.HEADLINE:
                if e.domain_kind == DomainKind.ALL:
                    result.headline = e
                elif e.domain_kind == DomainKind.WARD:
                    result.wards.append(e)
                else:
                    groups[e.domain_kind].append(e)
            elif e.statistic == Statistic.MEAN and e.domain_kind == DomainKind.ALL:
                result.mean = e
            elif e.statistic == Statistic.OPTION and e.domain_kind == DomainKind.ALL:
                option_all[e.option_code] = e
        result.wards.sort(key=lambda e: e.domain_label)
        result.groups = {
            kind: _ordered(kind, groups[kind]) for kind in GROUP_KINDS if groups.get(kind)
        }
        result.options = [
            (o.label("en"), option_all.get(o.code)) for o in spec.options if o.in_base
        ]
        if with_charts and result.headline is not None:
            chart_rows = [_chart_row("All wards surveyed", result.headline, highlight=True)] + [
                _chart_row(e.domain_label, e) for e in result.wards
            ]
            result.chart = interval_chart(
                chart_rows,
                title=f"{spec.headline or spec.code}: {wave.name}",
                chart_id=f"chart-{spec.code}",
            )
        results.append(result)
    return results


def _chart_row(label: str, estimate: Estimate, highlight: bool = False) -> ChartRow:
    return ChartRow(
        label=label,
        estimate=None if estimate.suppressed else estimate.estimate,
        lower=None if estimate.suppressed else estimate.lower,
        upper=None if estimate.suppressed else estimate.upper,
        suppressed=estimate.suppressed,
        highlight=highlight,
    )


def shown(estimate: Estimate | None, attribute: str) -> float | None:
    """A figure of an estimate as it may be shown (None when suppressed)."""
    if estimate is None or estimate.suppressed:
        return None
    value = getattr(estimate, attribute)
    return None if value is None else float(value)


ROW_COLUMNS = [
    "survey",
    "wave",
    "period_start",
    "period_end",
    "question_code",
    "question",
    "statistic",
    "option_code",
    "option",
    "group_kind",
    "group_code",
    "group",
    "estimate",
    "lower",
    "upper",
    "se",
    "base",
    "small_base",
    "weighted_base",
    "suppressed",
    "synthetic",
    "england",
    "england_year",
    "england_source",
]


def estimate_rows(wave: Wave) -> list[dict[str, Any]]:
    """Every estimate of the wave as flat rows for CSV, XLSX and JSON (suppressed figures blank)."""
    specs = {q.code: q for q in wave_questions(wave)}
    survey = wave.survey
    rows = []
    national = latest_by_question()
    order = {code: i for i, code in enumerate(specs)}
    estimates = sorted(
        wave.estimates.all(),
        key=lambda e: (
            order.get(e.question_code, 999),
            e.statistic,
            e.option_code,
            e.domain_kind,
            e.domain_label,
        ),
    )
    for e in estimates:
        spec = specs.get(e.question_code)
        option = spec.option(e.option_code) if (spec and e.option_code) else None
        rows.append(
            {
                "survey": survey.title,
                "wave": wave.name,
                "period_start": wave.period_start,
                "period_end": wave.period_end,
                "question_code": e.question_code,
                "question": spec.wording_in("en") if spec else "",
                "statistic": e.statistic,
                "option_code": e.option_code,
                "option": option.label("en") if option else "",
                "group_kind": e.domain_kind,
                "group_code": e.domain_code,
                "group": e.domain_label,
                "estimate": _to_base(shown(e, "estimate"), e),
                "lower": _to_base(shown(e, "lower"), e),
                "upper": _to_base(shown(e, "upper"), e),
                "se": _round(shown(e, "se")),
                "base": None if e.suppressed else e.base,
                "small_base": None if e.suppressed else is_small_base(e.base),
                "weighted_base": None if e.suppressed else round(e.weighted_base, 2),
                "suppressed": e.suppressed,
                "synthetic": survey.is_synthetic,
                **_england(national, e),
            }
        )
    return rows


def _england(national: dict[str, Comparator], e: Estimate) -> dict[str, Any]:
    """England's published figure beside the whole-area headline it matches (blank elsewhere)."""
    c = national.get(e.question_code)
    if c is None or e.statistic != Statistic.HEADLINE or e.domain_kind != DomainKind.ALL:
        return {"england": None, "england_year": "", "england_source": ""}
    return {"england": c.value, "england_year": c.year, "england_source": c.source}


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)


def _to_base(value: float | None, e: Estimate) -> float | None:
    """A figure of ``e`` rounded as finely as its base supports (see ``calculations.precision``)."""
    return rounded_estimate(value, e.base, mean=e.statistic == Statistic.MEAN)


@dataclass(frozen=True)
class ComparedQuestion:
    spec: QuestionSpec
    overall: Change | None
    wards: list[Change]
    chart: SafeString | None


def compared_questions(earlier: Wave, later: Wave) -> list[ComparedQuestion]:
    """Headline change per question, overall and by ward, with a chart each."""
    changes = compare_to(earlier, later, statistics=(Statistic.HEADLINE,))
    by_question: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_question[change.question_code].append(change)
    out = []
    for spec in wave_questions(later):
        rows = by_question.get(spec.code)
        if not rows:
            continue
        overall = next((c for c in rows if c.domain_kind == DomainKind.ALL), None)
        wards = sorted(
            (c for c in rows if c.domain_kind == DomainKind.WARD), key=lambda c: c.domain_label
        )
        chart_rows = [
            ChartRow(
                label=("All wards surveyed" if c.domain_code == ALL_CODE else c.domain_label),
                estimate=c.difference,
                lower=c.lower,
                upper=c.upper,
                suppressed=c.suppressed,
                significant=c.significant,
                highlight=c.domain_kind == DomainKind.ALL,
            )
            for c in ([overall] if overall else []) + wards
        ]
        chart = change_chart(
            chart_rows,
            title=f"Change in {spec.headline or spec.code}: {earlier.name} to {later.name}",
            chart_id=f"change-chart-{spec.code}",
        )
        out.append(ComparedQuestion(spec=spec, overall=overall, wards=wards, chart=chart))
    return out


def change_rows(earlier: Wave, later: Wave) -> list[dict[str, Any]]:
    specs = {q.code: q for q in wave_questions(later)}
    rows = []
    for c in compare_to(earlier, later):
        spec = specs.get(c.question_code)
        mean = c.statistic == Statistic.MEAN
        rows.append(
            {
                "question_code": c.question_code,
                "question": spec.wording_in("en") if spec else "",
                "statistic": c.statistic,
                "group_kind": c.domain_kind,
                "group_code": c.domain_code,
                "group": c.domain_label,
                "earlier_wave": earlier.name,
                "earlier": rounded_estimate(c.earlier, c.earlier_base, mean=mean),
                "earlier_base": None if c.earlier is None else c.earlier_base,
                "later_wave": later.name,
                "later": rounded_estimate(c.later, c.later_base, mean=mean),
                "later_base": None if c.later is None else c.later_base,
                "change": rounded_estimate(c.difference, c.smaller_base, mean=mean),
                "change_lower": rounded_estimate(c.lower, c.smaller_base, mean=mean),
                "change_upper": rounded_estimate(c.upper, c.smaller_base, mean=mean),
                "small_base": is_small_base(c.smaller_base),
                "p_value": _round(c.p_value, 6),
                "significant": c.significant,
                "suppressed": c.suppressed,
                "synthetic": later.survey.is_synthetic,
            }
        )
    return rows
