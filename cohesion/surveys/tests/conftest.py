"""Survey fixtures: councils, wards, a questionnaire of model questions, surveys and waves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

MIDDLESBROUGH = "E06000002"
DARLINGTON = "E06000005"
NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"


@pytest.fixture
def middlesbrough(db: None) -> Any:
    from cohesion.places.models import Area, Level

    return Area.objects.current(Level.COUNCIL).get(code=MIDDLESBROUGH)


@pytest.fixture
def locality_wards(db: None) -> list[Any]:
    from cohesion.places.models import Area, Level

    return list(
        Area.objects.current(Level.WARD).filter(code__in=[NEWPORT, NORTH_ORMESBY]).order_by("name")
    )


@pytest.fixture
def questionnaire(middlesbrough: Any) -> Any:
    from cohesion.surveys.setup import model_questionnaire

    return model_questionnaire(middlesbrough)


@pytest.fixture
def make_survey(middlesbrough: Any, questionnaire: Any) -> Callable[..., Any]:
    from cohesion.surveys.models import Survey

    def make(**fields: Any) -> Any:
        values = {
            "council": middlesbrough,
            "title": "Locality survey",
            "questionnaire": questionnaire,
        }
        values.update(fields)
        return Survey.objects.create(**values)

    return make


@pytest.fixture
def make_wave(locality_wards: list[Any]) -> Callable[..., Any]:
    from cohesion.surveys.models import Wave

    def make(
        survey: Any, name: str = "September 2021", wards: list[Any] | None = None, **fields: Any
    ) -> Any:
        values = {
            "survey": survey,
            "name": name,
            "period_start": dt.date(2021, 9, 1),
            "period_end": dt.date(2021, 9, 30),
            "questionnaire_version": survey.questionnaire.published_versions().first(),
            "target_sample": 200,
        }
        values.update(fields)
        wave = Wave.objects.create(**values)
        wave.target_wards.set(wards if wards is not None else locality_wards)
        return wave

    return make


@pytest.fixture
def locality_survey(make_survey: Callable[..., Any]) -> Any:
    """Middlesbrough's locality survey of Newport and North Ormesby, weighted by ward only."""
    return make_survey(weight_by=["ward"])


@pytest.fixture
def filled_wave(locality_survey: Any, make_wave: Callable[..., Any], shared_data: Any) -> Any:
    """A wave of 80 synthetic responses in each of the two wards, weighted."""
    from cohesion.surveys.margins import population_tables
    from cohesion.surveys.specs import wave_questions
    from cohesion.surveys.synthetic import (
        add_responses,
        draw_answers,
        draw_demographics,
        ward_profile,
    )
    from cohesion.surveys.weighting import weight_wave

    wave = make_wave(locality_survey, accepting_online=True)
    tables = population_tables(shared_data)
    rng = np.random.default_rng(7)
    questions = [q for q in wave_questions(wave) if not q.demographic_role]
    for ward in wave.wards():
        demographics = draw_demographics(rng, ward_profile(tables, ward.code, MIDDLESBROUGH), 80)
        answers = {q.code: draw_answers(rng, q, 80, np.full(80, 0.6)) for q in questions}
        add_responses(wave, ward.code, demographics, answers, rng=rng, ref_prefix="T-")
    outcome = weight_wave(wave, shared_data)
    assert outcome.ok, outcome.message
    return wave


@pytest.fixture
def open_wave(locality_survey: Any, make_wave: Callable[..., Any]) -> Any:
    """A wave of the locality survey taking responses online."""
    return make_wave(locality_survey, accepting_online=True)
