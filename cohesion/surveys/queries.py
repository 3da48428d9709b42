"""Public query functions other apps (the packs) read survey results through.

Estimates come as stored, already through disclosure control
(:func:`cohesion.surveys.estimates.mark_suppressed`): a suppressed estimate
is returned with ``shown`` False and no figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cohesion.surveys.calculations.precision import rounded_estimate
from cohesion.surveys.choices import DomainKind, Statistic, WeightingStatus
from cohesion.surveys.estimates import Change, compare_to
from cohesion.surveys.models import Wave
from cohesion.surveys.specs import wave_questions

__all__ = ["AreaEstimate", "AreaEstimates", "latest_estimates_for_ward"]


@dataclass(frozen=True)
class AreaEstimate:
    """One headline estimate for an area, with its interval and the change since the wave before."""

    question_code: str
    question: str
    estimate: float | None
    lower: float | None
    upper: float | None
    # None when the estimate is suppressed: the base of a hidden figure is not shown.
    base: int | None
    shown: bool
    change: float | None = None
    change_lower: float | None = None
    change_upper: float | None = None
    significant: bool = False


@dataclass(frozen=True)
class AreaEstimates:
    survey: str
    wave: str
    earlier_wave: str
    synthetic: bool
    period_end: dt.date
    rows: list[AreaEstimate]


def _change(change: Change | None, name: str) -> float | None:
    """A change between waves, no finer than the smaller of its two bases supports."""
    if change is None:
        return None
    return rounded_estimate(getattr(change, name), change.smaller_base)


def latest_estimates_for_ward(
    council_code: str, ward_code: str, until: dt.date
) -> AreaEstimates | None:
    """The ward's headline estimates in the council's latest weighted wave ending by ``until``."""
    waves = list(
        Wave.objects.filter(
            survey__council__code=council_code,
            weighting_status=WeightingStatus.WEIGHTED,
            period_end__lte=until,
        )
        .select_related("survey", "survey__council", "questionnaire_version")
        .order_by("survey_id", "period_end")
    )
    if not waves:
        return None
    latest = max(waves, key=lambda w: (w.period_end, w.pk))
    earlier = [
        w for w in waves if w.survey_id == latest.survey_id and w.period_end < latest.period_end
    ]
    before = earlier[-1] if earlier else None
    headlines = {q.code: q.headline or q.code for q in wave_questions(latest)}
    changes = (
        {
            c.question_code: c
            for c in compare_to(
                before, latest, statistics=(Statistic.HEADLINE,), domain_kinds=(DomainKind.WARD,)
            )
            if c.domain_code == ward_code
        }
        if before is not None
        else {}
    )
    rows = []
    for e in latest.estimates.filter(
        statistic=Statistic.HEADLINE, domain_kind=DomainKind.WARD, domain_code=ward_code
    ).order_by("question_code"):
        change = changes.get(e.question_code)
        tested = change is not None and not change.suppressed and not e.suppressed
        rows.append(
            AreaEstimate(
                question_code=e.question_code,
                question=headlines.get(e.question_code, e.question_code),
                estimate=None if e.suppressed else rounded_estimate(e.estimate, e.base),
                lower=None if e.suppressed else rounded_estimate(e.lower, e.base),
                upper=None if e.suppressed else rounded_estimate(e.upper, e.base),
                base=None if e.suppressed else e.base,
                shown=not e.suppressed,
                change=_change(change, "difference") if tested else None,
                change_lower=_change(change, "lower") if tested else None,
                change_upper=_change(change, "upper") if tested else None,
                significant=bool(tested and change and change.significant),
            )
        )
    return AreaEstimates(
        survey=latest.survey.title,
        wave=latest.name,
        earlier_wave=before.name if before else "",
        synthetic=latest.survey.is_synthetic,
        period_end=latest.period_end,
        rows=rows,
    )
