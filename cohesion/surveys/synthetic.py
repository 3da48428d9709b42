"""Synthetic responses for the demo, benchmarks and tests: made up, quickly, with numpy.

Nothing here is real. Surveys filled by these functions must have ``is_synthetic`` set,
which labels them as synthetic on every page and download.

Respondents are drawn ward by ward: demographics from the ward's population (with the
usual survey non-response pattern: younger people and private renters answer less,
so weighting has work to do), and answers from a simple model in which each ward, wave
and question has a propensity to answer positively.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils import timezone

from cohesion.surveys.choices import DemographicRole, ResponseMode, ResponseStatus
from cohesion.surveys.demographics import AGE_BANDS, ETHNIC_GROUPS, SEXES, TENURES
from cohesion.surveys.margins import PopulationTables
from cohesion.surveys.models import Response, Wave
from cohesion.surveys.specs import QuestionSpec, wave_questions

# Relative response propensity by age band and tenure (younger people and private
# renters respond less often to council surveys).
AGE_RESPONSE = np.array([0.45, 0.6, 0.8, 1.0, 1.2, 1.4, 1.3])
TENURE_RESPONSE = np.array([1.3, 1.0, 0.9, 0.6])
PREFER_NOT_TO_SAY_RATE = 0.02
DONT_KNOW_RATE = 0.04


@dataclass(frozen=True)
class WardProfile:
    """Population shares of one ward, used to draw respondents."""

    age: np.ndarray
    sex: np.ndarray
    ethnic_group: np.ndarray
    tenure: np.ndarray


def ward_profile(tables: PopulationTables, ward_code: str, council_code: str) -> WardProfile:
    def shares(values: np.ndarray) -> np.ndarray:
        total = values.sum()
        return values / total if total > 0 else np.full(values.size, 1.0 / values.size)

    def row(table: object, size: int) -> np.ndarray:
        import pandas as pd

        assert isinstance(table, pd.DataFrame)
        if ward_code in table.index:
            return shares(table.loc[ward_code].to_numpy(float))
        return np.full(size, 1.0 / size)

    sex = (
        tables.sex_share.loc[council_code].to_numpy(float)
        if council_code in tables.sex_share.index
        else np.full(len(SEXES), 0.5)
    )
    return WardProfile(
        age=row(tables.age, len(AGE_BANDS)),
        sex=sex,
        ethnic_group=row(tables.ethnic_group, len(ETHNIC_GROUPS)),
        tenure=row(tables.tenure, len(TENURES)),
    )


def _draw(rng: np.random.Generator, probabilities: np.ndarray, n: int) -> np.ndarray:
    return rng.choice(probabilities.size, size=n, p=probabilities / probabilities.sum())


def draw_demographics(
    rng: np.random.Generator, profile: WardProfile, n: int
) -> dict[str, np.ndarray]:
    """Demographic answer codes for ``n`` respondents of one ward, with non-response bias."""
    age = np.asarray(AGE_BANDS, dtype=object)[_draw(rng, profile.age * AGE_RESPONSE, n)]
    tenure = np.asarray(TENURES, dtype=object)[_draw(rng, profile.tenure * TENURE_RESPONSE, n)]
    sex = np.asarray(SEXES, dtype=object)[_draw(rng, profile.sex, n)]
    ethnic = np.asarray(ETHNIC_GROUPS, dtype=object)[_draw(rng, profile.ethnic_group, n)]
    out = {"age_band": age, "sex": sex, "ethnic_group": ethnic, "tenure": tenure}
    for values in out.values():
        values[rng.random(n) < PREFER_NOT_TO_SAY_RATE] = "prefer_not_to_say"
    return out


def draw_answers(
    rng: np.random.Generator,
    question: QuestionSpec,
    n: int,
    propensity: np.ndarray,
) -> np.ndarray:
    """Answer codes for one question: positive with probability ``propensity`` (per respondent).

    A few say "Don't know" (or another out-of-base answer); positive answers split 40:60
    between the strongest and the next option, the others spread over the negative ones.
    """
    in_base = [o for o in question.options if o.in_base]
    outside = [o for o in question.options if not o.in_base]
    positive = [o.code for o in in_base if o.positive]
    negative = [o.code for o in in_base if not o.positive]
    answers = np.empty(n, dtype=object)
    is_positive = rng.random(n) < propensity
    if positive:
        split = np.array([0.4, 0.6] + [0.3] * (len(positive) - 2))[: len(positive)]
        answers[is_positive] = np.asarray(positive, dtype=object)[
            _draw(rng, split, int(is_positive.sum()))
        ]
    else:
        is_positive[:] = False
    rest = ~is_positive
    pool = negative or positive
    answers[rest] = np.asarray(pool, dtype=object)[rng.integers(0, len(pool), int(rest.sum()))]
    if outside:
        dont_know = rng.random(n) < DONT_KNOW_RATE
        answers[dont_know] = outside[-1].code
    return answers


def add_responses(
    wave: Wave,
    ward_code: str,
    demographics: Mapping[str, np.ndarray],
    answers: Mapping[str, np.ndarray],
    *,
    modes: Sequence[str] = (ResponseMode.ONLINE, ResponseMode.PAPER, ResponseMode.DOORSTEP),
    rng: np.random.Generator | None = None,
    ref_prefix: str = "",
) -> int:
    """Store complete responses for one ward in bulk (answers are codes of the wave's questions)."""
    ward = wave.target_wards.get(code=ward_code)
    questions = wave_questions(wave)
    codes_by_role = {q.demographic_role: q.code for q in questions if q.demographic_role}
    n = len(next(iter(demographics.values())))
    rng = rng or np.random.default_rng(0)
    mode_of = np.asarray(modes, dtype=object)[rng.integers(0, len(modes), n)]
    now = timezone.now()
    objects = []
    for i in range(n):
        given = {code: str(values[i]) for code, values in answers.items() if values[i] is not None}
        for role, code in codes_by_role.items():
            if role == DemographicRole.WARD:
                given[code] = ward_code
            elif role in demographics:
                given[code] = str(demographics[role][i])
        objects.append(
            Response(
                wave=wave,
                mode=str(mode_of[i]),
                status=ResponseStatus.COMPLETE,
                answers=given,
                ward=ward,
                age_band=str(demographics["age_band"][i]),
                sex=str(demographics["sex"][i]),
                ethnic_group=str(demographics["ethnic_group"][i]),
                tenure=str(demographics["tenure"][i]),
                respondent_ref=f"{ref_prefix}{ward_code}-{i + 1:05d}" if ref_prefix else "",
                submitted_at=now,
            )
        )
    Response.objects.bulk_create(objects, batch_size=1000)
    return n


# Synthetic comments ---------------------------------------------------------------------------

# A small coding frame for the demo's comments: key, label, description.
DEMO_THEMES = (
    ("litter", "Litter and fly-tipping", "Rubbish, fly-tipping, bins and dog fouling."),
    ("safety", "Feeling safe", "Anti-social behaviour, crime, lighting and policing."),
    ("youth", "Things for young people", "Youth clubs, parks and activities."),
    ("mixing", "Getting on together", "Neighbours, newcomers and people mixing, or not."),
    ("services", "Council services", "Roads, housing, repairs and how the council answers."),
)
# Short made-up comments, each about one theme of DEMO_THEMES.
SYNTHETIC_COMMENTS = {
    "litter": (
        "The back lanes are full of dumped rubbish and nobody collects it.",
        "Fly-tipping by the allotments has got worse this year.",
        "More bins on the high street please.",
    ),
    "safety": (
        "I do not walk through the park after dark any more.",
        "The street lights on our road have been out for weeks.",
        "Motorbikes on the footpaths most evenings.",
    ),
    "youth": (
        "There is nothing for teenagers to do since the youth club closed.",
        "The play area needs new equipment.",
    ),
    "mixing": (
        "The community café is a good place to meet new neighbours.",
        "People keep to themselves more than they used to.",
        "The summer fair brought everyone together.",
    ),
    "services": (
        "Potholes on the main road are dangerous for cyclists.",
        "It takes months to get a repair done.",
    ),
}
SYNTHETIC_COMMENT_LABEL = "Synthetic comment:"


def add_synthetic_comments(
    wave: Wave,
    rng: np.random.Generator,
    *,
    share: float = 0.15,
    coded_share: float = 0.6,
    user: Any = None,
) -> int:
    """Give a ``share`` of the wave's responses a short made-up comment, labelled as synthetic.

    The wave is set to ask for a comment and gets the :data:`DEMO_THEMES` coding frame;
    a ``coded_share`` of the comments are coded with the themes they were drawn from, the
    rest left for an officer to code. Returns how many comments were added (none when
    the wave already has comments).
    """
    from cohesion.surveys.models import CommentCoding, CommentTheme

    if wave.responses.exclude(comment="").exists():
        return 0
    wave.asks_comment = True
    wave.save(update_fields=["asks_comment"])
    themes = {}
    for order, (key, label, description) in enumerate(DEMO_THEMES, start=1):
        themes[key], _made = CommentTheme.objects.get_or_create(
            wave=wave, label=label, defaults={"description": description, "order": order}
        )
    keys = list(SYNTHETIC_COMMENTS)
    responses = list(wave.responses.filter(status=ResponseStatus.COMPLETE).order_by("pk"))
    chosen = [r for r in responses if rng.random() < share]
    codings = []
    for response in chosen:
        drawn = [keys[int(rng.integers(len(keys)))]]
        if rng.random() < 0.25:  # some comments touch two themes
            drawn.append(keys[int(rng.integers(len(keys)))])
        drawn = list(dict.fromkeys(drawn))
        sentences = [
            SYNTHETIC_COMMENTS[k][int(rng.integers(len(SYNTHETIC_COMMENTS[k])))] for k in drawn
        ]
        response.comment = f"{SYNTHETIC_COMMENT_LABEL} {' '.join(sentences)}"
        if rng.random() < coded_share:
            codings += [
                CommentCoding(response=response, theme=themes[k], coded_by=user) for k in drawn
            ]
    Response.objects.bulk_update(chosen, ["comment"], batch_size=500)
    CommentCoding.objects.bulk_create(codings, batch_size=500)
    return len(chosen)
