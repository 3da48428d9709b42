"""The surveys part of the demo: clearly labelled synthetic surveys for the Tees Valley councils.

- For each of the five councils, a "Residents' Survey (synthetic)" with two waves
  covering every ward, weighted to the real population margins;
- Middlesbrough's latest wave is open online and asks for a comment; about one response
  in seven carries a short made-up comment (labelled as synthetic), with a five-theme
  coding frame and most comments coded, so the comments pages have something to show;
- for Middlesbrough, a "Locality survey, Newport and North Ormesby (synthetic)" with the
  three waves of 2020-21 whose feeling-safe figures reproduce the council's published
  ones (see :mod:`cohesion.surveys.seed_figures`), weighted by ward only, as the
  published figures were ward percentages.

Every response is made up with numpy; each survey has ``is_synthetic`` set, which
labels it on every page and download.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.db import transaction

from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.surveys.choices import Margin, ResponseMode
from cohesion.surveys.margins import PopulationTables, population_tables
from cohesion.surveys.models import Survey, Wave
from cohesion.surveys.seed_figures import (
    NEWPORT,
    NORTH_ORMESBY,
    PUBLISHED,
    SAMPLE_SIZES,
    WAVES,
    seed_counts,
)
from cohesion.surveys.setup import model_questionnaire
from cohesion.surveys.specs import wave_questions
from cohesion.surveys.synthetic import (
    add_responses,
    add_synthetic_comments,
    draw_answers,
    draw_demographics,
    ward_profile,
)
from cohesion.surveys.weighting import weight_wave

TEES_VALLEY_COUNCILS = ("E06000001", "E06000002", "E06000003", "E06000004", "E06000005")
MIDDLESBROUGH = "E06000002"
RESIDENTS_WAVES = (
    ("Autumn 2024", dt.date(2024, 10, 1), dt.date(2024, 11, 15), -0.1),
    ("Autumn 2025", dt.date(2025, 10, 1), dt.date(2025, 11, 15), 0.15),
)
PER_WARD = 14
OPEN_WAVE_CODE = "middlesbrough-2025"
SEED = 20_250_601

# Each question's typical share answering positively, on the logit scale.
BASELINE = {
    "get_on_well_local": 1.2,
    "get_on_well_council": 0.9,
    "belong_neighbourhood": 0.3,
    "trust_neighbourhood": -0.6,
    "influence_decisions": -0.9,
    "volunteer_formal": -0.7,
    "civic_participation": -0.8,
    "safe_day": 1.8,
    "safe_after_dark": 0.1,
    "satisfied_area": 1.0,
    "intend_to_stay": 1.1,
    "friends_ethnic_group": -1.4,
    "friends_income": -0.5,
    "friends_age": -0.3,
    "friends_education": -0.4,
    "confidence_council_partners": -0.2,
    "proud_local_area": 0.6,
    "good_place_to_live": 1.0,
    "someone_to_rely_on": 2.0,
}


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _survey(council: Area, title: str, description: str, **extra: object) -> Survey:
    questionnaire = model_questionnaire(council)
    survey, _ = Survey.objects.get_or_create(
        council=council,
        title=title,
        defaults={
            "description": description,
            "questionnaire": questionnaire,
            "is_synthetic": True,
            **extra,
        },
    )
    return survey


def _wave(survey: Survey, name: str, start: dt.date, end: dt.date, wards: list[Area]) -> Wave:
    version = survey.questionnaire.published_versions().first()
    assert version is not None
    wave = Wave.objects.create(
        survey=survey,
        name=name,
        period_start=start,
        period_end=end,
        questionnaire_version=version,
        target_sample=PER_WARD * len(wards),
    )
    wave.target_wards.set(wards)
    return wave


def _fill_ward(
    wave: Wave,
    ward: Area,
    n: int,
    tables: PopulationTables,
    rng: np.random.Generator,
    shift: float,
) -> int:
    questions = [q for q in wave_questions(wave) if not q.demographic_role]
    profile = ward_profile(tables, ward.code, ward.parent.code if ward.parent else "")
    demographics = draw_demographics(rng, profile, n)
    older = np.isin(demographics["age_band"], ["55-64", "65-74", "75+"]).astype(float)
    answers = {
        q.code: draw_answers(
            rng,
            q,
            n,
            _logistic(BASELINE.get(q.code, 0.0) + shift + 0.3 * older + rng.normal(0, 0.3)),
        )
        for q in questions
    }
    return add_responses(
        wave, ward.code, demographics, answers, rng=rng, ref_prefix=f"SYN-{wave.pk}-"
    )


def _ensure_every_category(wave: Wave, rng: np.random.Generator) -> None:
    """Give each ethnic group and tenure at least a few respondents, so raking has no empty cell."""
    from cohesion.surveys.demographics import ETHNIC_GROUPS, TENURES

    responses = list(wave.responses.all())
    for field, categories in (("ethnic_group", ETHNIC_GROUPS), ("tenure", TENURES)):
        present = {getattr(r, field) for r in responses}
        for category in categories:
            if category in present:
                continue
            for response in rng.choice(np.array(responses, dtype=object), size=3, replace=False):
                setattr(response, field, category)
                response.answers[field] = category
                response.save(update_fields=[field, "answers"])


def residents_surveys(
    data_dir: Path, tables: PopulationTables, rng: np.random.Generator, say: Callable[[str], None]
) -> int:
    total = 0
    councils = (
        Area.objects.current(Level.COUNCIL).filter(code__in=TEES_VALLEY_COUNCILS).order_by("name")
    )
    for council in councils:
        wards = list(Area.objects.current(Level.WARD).filter(parent=council).order_by("name"))
        survey = _survey(
            council,
            f"{council.name} Residents' Survey (synthetic)",
            "Made-up responses for the demonstration, drawn to look like a council residents' "
            "survey. Not real results.",
        )
        effects = {w.code: rng.normal(0, 0.45) for w in wards}
        for name, start, end, trend in RESIDENTS_WAVES:
            if survey.waves.filter(name=name).exists():
                continue
            wave = _wave(survey, name, start, end, wards)
            if council.code == MIDDLESBROUGH and name == RESIDENTS_WAVES[-1][0]:
                # The demo's online questionnaire, at an address easy to type.
                wave.accepting_online = True
                wave.public_code = OPEN_WAVE_CODE
                wave.save(update_fields=["accepting_online", "public_code"])
            with transaction.atomic():
                for ward in wards:
                    total += _fill_ward(
                        wave, ward, PER_WARD, tables, rng, effects[ward.code] + trend
                    )
                _ensure_every_category(wave, rng)
                if wave.public_code == OPEN_WAVE_CODE:
                    # Short labelled comments and a five-theme coding frame, partly coded.
                    # (Their own generator, so the other councils' responses stay as they were.)
                    comments = add_synthetic_comments(wave, np.random.default_rng(SEED + 1))
                    say(f"  {survey.title}, {name}: {comments} synthetic comments")
            outcome = weight_wave(wave, data_dir)
            say(
                f"  {survey.title}, {name}: {wave.responses.count()} responses, "
                + (
                    f"design effect {outcome.report['design_effect']:.2f}"
                    if outcome.ok
                    else f"not weighted: {outcome.message}"
                )
            )
    return total


def locality_survey(
    data_dir: Path, tables: PopulationTables, rng: np.random.Generator, say: Callable[[str], None]
) -> int:
    """Newport and North Ormesby, 2020-21, reproducing the published feeling-safe figures."""
    council = Area.objects.current(Level.COUNCIL).get(code=MIDDLESBROUGH)
    wards = list(
        Area.objects.current(Level.WARD).filter(code__in=[NEWPORT, NORTH_ORMESBY]).order_by("name")
    )
    survey = _survey(
        council,
        "Locality survey, Newport and North Ormesby (synthetic)",
        "Made-up responses constructed so that the unweighted feeling-safe percentages equal "
        "those Middlesbrough Council published for its locality survey (September 2020 to "
        "September 2021). Every other answer is invented.",
        weight_by=[Margin.WARD.value],
    )
    total = 0
    for index, (name, start, end) in enumerate(WAVES):
        if survey.waves.filter(name=name).exists():
            continue
        wave = _wave(survey, name, start, end, wards)
        wave.target_sample = sum(SAMPLE_SIZES[w.code][index] for w in wards)
        wave.save(update_fields=["target_sample"])
        with transaction.atomic():
            for ward in wards:
                total += fill_seed_ward(wave, ward, index, tables, rng)
        weight_wave(wave, data_dir)
    say(f"  {survey.title}: {total} responses in {len(WAVES)} waves")
    return total


def fill_seed_ward(
    wave: Wave, ward: Area, wave_index: int, tables: PopulationTables, rng: np.random.Generator
) -> int:
    """One ward of a locality wave: the feeling-safe answers in exactly the published proportions."""
    n = SAMPLE_SIZES[ward.code][wave_index]
    questions = {q.code: q for q in wave_questions(wave) if not q.demographic_role}
    profile = ward_profile(tables, ward.code, ward.parent.code if ward.parent else "")
    demographics = draw_demographics(rng, profile, n)
    answers = {
        code: draw_answers(rng, q, n, np.full(n, _logistic(np.array(BASELINE.get(code, 0.0)))))
        for code, q in questions.items()
        if (ward.code, code) not in PUBLISHED
    }
    for code in ("safe_day", "safe_after_dark"):
        counts = seed_counts(ward.code, code, wave_index)
        values = np.array(
            ["very_safe"] * (counts.positive // 3)
            + ["fairly_safe"] * (counts.positive - counts.positive // 3)
            + ["a_bit_unsafe"] * (counts.negative // 2)
            + ["very_unsafe"] * (counts.negative - counts.negative // 2)
            + ["dont_know"] * counts.dont_know,
            dtype=object,
        )
        answers[code] = rng.permutation(values)
    return add_responses(
        wave,
        ward.code,
        demographics,
        answers,
        modes=(ResponseMode.DOORSTEP, ResponseMode.PAPER),
        rng=rng,
        ref_prefix=f"LOC-{wave.pk}-",
    )


def run(data_dir: Path, say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    tables = population_tables(data_dir)
    rng = np.random.default_rng(SEED)
    total = locality_survey(data_dir, tables, rng, say)
    total += residents_surveys(data_dir, tables, rng, say)
    say(f"  {total} synthetic survey responses in {time.perf_counter() - started:.1f} s")
    say(f"  The online questionnaire is open at /surveys/take/{OPEN_WAVE_CODE}/")
