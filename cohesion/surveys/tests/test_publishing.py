"""Publishing a wave's weighted ward estimates as indicator series (cohesion.indicators.publish)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

NEWPORT = "E05009866"


def test_each_headline_becomes_an_indicator_with_a_value_per_ward_and_wave(filled_wave):
    from cohesion.indicators.models import Indicator, IndicatorValue
    from cohesion.surveys.publishing import SOURCE, publish_wave

    stored = publish_wave(filled_wave)
    assert (
        stored == 19 * 2
    )  # 19 questions with a headline, 2 wards; the wave does not cover the council
    indicator = Indicator.objects.get(code="survey_safe_after_dark")
    assert indicator.unit == "percentage"
    assert indicator.polarity == "higher_is_better"
    assert indicator.title == "% who feel very or fairly safe outside after dark"
    value = IndicatorValue.objects.get(indicator=indicator, area_code=NEWPORT)
    estimate = filled_wave.estimates.get(
        question_code="safe_after_dark",
        statistic="headline",
        domain_kind="ward",
        domain_code=NEWPORT,
    )
    assert value.value == pytest.approx(estimate.estimate)
    assert (value.lower, value.upper) == (
        pytest.approx(estimate.lower),
        pytest.approx(estimate.upper),
    )
    assert value.denominator == estimate.base
    assert (value.period_start, value.period_end) == (
        filled_wave.period_start,
        filled_wave.period_end,
    )
    assert value.dataset.source == SOURCE


def test_publishing_again_replaces_rather_than_duplicates(filled_wave):
    from cohesion.indicators.models import IndicatorValue
    from cohesion.surveys.publishing import publish_wave

    publish_wave(filled_wave)
    publish_wave(filled_wave)
    assert IndicatorValue.objects.filter(indicator__code="survey_safe_day").count() == 2


def test_suppressed_estimates_are_published_as_gaps(filled_wave):
    from cohesion.indicators.models import IndicatorValue
    from cohesion.surveys.publishing import publish_wave
    from cohesion.surveys.weighting import weight_wave

    filled_wave.survey.suppression_threshold = 1000
    filled_wave.survey.save()
    weight_wave(filled_wave)
    publish_wave(filled_wave)
    values = IndicatorValue.objects.filter(indicator__code="survey_safe_day")
    assert {v.value for v in values} == {None}
    assert all(v.denominator is None and v.suppressed for v in values)


def test_synthetic_surveys_publish_to_their_own_labelled_indicators(filled_wave):
    from cohesion.indicators.models import Indicator
    from cohesion.surveys.publishing import SYNTHETIC_SOURCE, publish_wave

    filled_wave.survey.is_synthetic = True
    filled_wave.survey.save()
    publish_wave(filled_wave)
    indicator = Indicator.objects.get(code="survey_synthetic_safe_day")
    assert indicator.title.startswith("Synthetic demonstration data:")
    assert indicator.source == SYNTHETIC_SOURCE
    assert not Indicator.objects.filter(code="survey_safe_day").exists()


def test_an_unweighted_wave_cannot_be_published(locality_survey, make_wave, client_for, alice):
    from cohesion.surveys.publishing import PublishError, publish_wave

    wave = make_wave(locality_survey)
    with pytest.raises(PublishError, match="Weight the wave"):
        publish_wave(wave)
    response = client_for(alice).post(f"/surveys/waves/{wave.pk}/publish/", follow=True)
    assert (
        "Not published: Weight the wave before publishing its results." in response.content.decode()
    )


def test_a_wave_covering_the_whole_council_also_publishes_the_council_figure(
    make_survey, make_wave, middlesbrough, shared_data
):
    import numpy as np

    from cohesion.indicators.models import IndicatorValue
    from cohesion.places.models import Area, Level
    from cohesion.surveys.margins import population_tables
    from cohesion.surveys.publishing import publish_wave
    from cohesion.surveys.specs import wave_questions
    from cohesion.surveys.synthetic import (
        add_responses,
        draw_answers,
        draw_demographics,
        ward_profile,
    )
    from cohesion.surveys.weighting import weight_wave

    wards = list(Area.objects.current(Level.WARD).filter(parent=middlesbrough))
    wave = make_wave(make_survey(title="Whole council", weight_by=["ward"]), wards=wards)
    rng = np.random.default_rng(5)
    tables = population_tables(shared_data)
    questions = [q for q in wave_questions(wave) if q.code == "safe_day"]
    for ward in wards:
        demographics = draw_demographics(rng, ward_profile(tables, ward.code, "E06000002"), 6)
        answers = {q.code: draw_answers(rng, q, 6, np.full(6, 0.5)) for q in questions}
        add_responses(wave, ward.code, demographics, answers, rng=rng)
    assert weight_wave(wave, shared_data).ok
    publish_wave(wave)
    council = IndicatorValue.objects.get(indicator__code="survey_safe_day", area_code="E06000002")
    assert council.area_level == "council"
    assert council.value is not None
