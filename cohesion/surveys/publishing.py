"""Publishing a wave's estimates as indicator series (cohesion.indicators.publish).

Each question's headline becomes an indicator (``survey_<question code>``, unit
percentage) with one value per ward and wave, and one for the council when the wave
covered every ward of it. Suppressed estimates are published as no value, so a map
shows the gap rather than a misleading number. Synthetic surveys publish to their own
clearly named indicators and source, never mixing with real results.
"""

from __future__ import annotations

from cohesion.indicators.publish import SeriesValue, publish_series
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.surveys.choices import DomainKind, Statistic, WeightingStatus
from cohesion.surveys.models import Wave
from cohesion.surveys.specs import wave_questions

SOURCE = "Cohesion resident surveys"
SYNTHETIC_SOURCE = "Cohesion resident surveys (synthetic demonstration data)"


class PublishError(ValueError):
    """The wave's results cannot be published yet."""


def indicator_code(question_code: str, synthetic: bool) -> str:
    return f"survey_{'synthetic_' if synthetic else ''}{question_code}"[:80]


def publish_wave(wave: Wave) -> int:
    """Publish every headline of the wave; returns the number of values stored."""
    if wave.weighting_status != WeightingStatus.WEIGHTED:
        raise PublishError("Weight the wave before publishing its results.")
    survey = wave.survey
    synthetic = survey.is_synthetic
    council_wards = set(
        Area.objects.current(Level.WARD)
        .filter(parent=survey.council)
        .values_list("code", flat=True)
    )
    covers_council = bool(council_wards) and council_wards <= {w.code for w in wave.wards()}
    headlines = wave.estimates.filter(
        statistic=Statistic.HEADLINE, domain_kind__in=[DomainKind.WARD, DomainKind.ALL]
    )
    by_question: dict[str, list[SeriesValue]] = {}
    for e in headlines:
        if e.domain_kind == DomainKind.ALL:
            if not covers_council:
                continue
            area_code = survey.council.code
        else:
            area_code = e.domain_code
        hidden = e.suppressed or e.estimate is None
        by_question.setdefault(e.question_code, []).append(
            SeriesValue(
                area_code=area_code,
                period_start=wave.period_start,
                period_end=wave.period_end,
                value=None if hidden else e.estimate,
                denominator=None if hidden else float(e.base),
                lower=None if hidden else e.lower,
                upper=None if hidden else e.upper,
                suppressed=e.suppressed,
            )
        )
    stored = 0
    for spec in wave_questions(wave):
        values = by_question.get(spec.code)
        if not values:
            continue
        prefix = "Synthetic demonstration data: " if synthetic else ""
        stored += publish_series(
            indicator_code=indicator_code(spec.code, synthetic),
            title=f"{prefix}{spec.headline or spec.wording_in('en')}",
            unit="percentage",
            polarity=spec.polarity,
            source=SYNTHETIC_SOURCE if synthetic else SOURCE,
            description=(
                f"{prefix}Weighted percentage from resident surveys run in Cohesion. Question: "
                f"“{spec.wording_in('en')}” (source: {spec.source}). The denominator is the "
                "unweighted number of respondents; lower and upper are the 95% confidence interval."
            ),
            values=values,
        )
    return stored
