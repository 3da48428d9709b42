"""Weighting a wave: rake its complete responses to the population margins of its wards.

:func:`build_margins` turns the wave's respondents and the population tables into one
:class:`~cohesion.surveys.calculations.raking.Margin` per characteristic;
:func:`rake_frame` rakes them (with trimming) and writes the convergence report;
:func:`weight_wave` does both for a stored wave and then computes its estimates, in one
transaction, so the weights, the report and the estimates always belong together.

When raking cannot produce trustworthy weights (a category with a population but no
respondents, margins that contradict each other given who answered, trimming caps that
cannot be met) nothing is weighted: the wave is marked as failed with the plain-English
reason from :class:`~cohesion.surveys.calculations.raking.RakingError`, and any earlier
weights and estimates are withdrawn rather than left to look current.

**Respondents who did not say.** A respondent who chose "Prefer not to say" (or left an
optional demographic question blank) cannot be placed in a population category. Rather
than drop or impute them, each margin gets a "Not stated" category whose target is their
share of the sample; the stated categories share the rest of the population in Census
proportions. They therefore keep their relative weight on that margin while every other
margin still adjusts them. Battaglia, Hoaglin and Frankel (2009, "Practical
considerations in raking survey data", *Survey Practice* 2(5)) discuss this choice
against imputing the missing category before raking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cohesion.surveys.calculations.raking import (
    Margin,
    RakingError,
    RakingResult,
    rake_to_margins,
)
from cohesion.surveys.choices import Margin as MarginChoice
from cohesion.surveys.choices import WeightingStatus
from cohesion.surveys.demographics import AGE_BANDS, ETHNIC_GROUPS, SEXES, TENURES
from cohesion.surveys.frames import ResponseFrame, load_frame
from cohesion.surveys.margins import SOURCES, MarginDataError, PopulationTables, population_tables
from cohesion.surveys.models import Response, Wave

NOT_STATED = "not_stated"
TOLERANCE = 1e-6

CATEGORY_LABELS = {
    "16-24": "16 to 24",
    "25-34": "25 to 34",
    "35-44": "35 to 44",
    "45-54": "45 to 54",
    "55-64": "55 to 64",
    "65-74": "65 to 74",
    "75+": "75 or over",
    "female": "Female",
    "male": "Male",
    "asian": "Asian",
    "black": "Black",
    "mixed": "Mixed or multiple",
    "white": "White",
    "other": "Other ethnic group",
    "owned_outright": "Owns outright",
    "owned_mortgage": "Owns with a mortgage or shared ownership",
    "social_rented": "Social rented",
    "private_rented": "Private rented or rent free",
    NOT_STATED: "Not stated",
}


class WeightingError(ValueError):
    """A wave cannot be weighted; the message says why in plain English."""


@dataclass(frozen=True)
class WardInfo:
    code: str
    name: str
    population: float
    council: str


@dataclass(frozen=True)
class MarginPlan:
    """One margin as raked: its categories, the respondents' codes and the population targets."""

    name: str
    categories: tuple[str, ...]
    labels: tuple[str, ...]
    codes: np.ndarray
    targets: np.ndarray  # shares adding up to 1

    def as_margin(self) -> Margin:
        return Margin(self.name, self.codes, self.targets, self.labels)


def _with_not_stated(
    name: str,
    values: np.ndarray,
    categories: Sequence[str],
    population: np.ndarray,
    labels: Sequence[str] | None = None,
) -> MarginPlan:
    """Codes and target shares for one margin, with a "Not stated" category when needed."""
    lookup = {c: i for i, c in enumerate(categories)}
    codes = np.fromiter((lookup.get(v, -1) for v in values), dtype=np.intp, count=values.size)
    not_stated = codes < 0
    if population.sum() <= 0:
        raise WeightingError(f"The population for the {name} margin adds up to zero.")
    shares = population / population.sum()
    cats = list(categories)
    names = list(labels) if labels is not None else [CATEGORY_LABELS.get(c, c) for c in cats]
    if not_stated.any():
        share = not_stated.mean()
        shares = np.append(shares * (1 - share), share)
        codes = np.where(not_stated, len(cats), codes)
        cats.append(NOT_STATED)
        names.append(CATEGORY_LABELS[NOT_STATED])
    return MarginPlan(name, tuple(cats), tuple(names), codes.astype(np.intp), shares)


def build_margins(
    frame: ResponseFrame,
    wards: Sequence[WardInfo],
    tables: PopulationTables,
    margins: Sequence[str],
) -> tuple[list[MarginPlan], float]:
    """The margins to rake the wave to, and the population total (residents aged 16+).

    Raises :class:`WeightingError` when a table has no figures for one of the wards.
    """
    codes = [w.code for w in wards]
    missing_age = [w for w in wards if w.code not in tables.age.index]
    if missing_age:
        raise WeightingError(
            "There are no age estimates for "
            + ", ".join(f"{w.name} ({w.code})" for w in missing_age)
        )
    adults = tables.age.loc[codes]
    population_total = float(adults.to_numpy().sum())
    plans: list[MarginPlan] = []
    for margin in margins:
        if margin == MarginChoice.AGE_BAND:
            plans.append(
                _with_not_stated(
                    "age_band", frame.age_band, AGE_BANDS, adults.sum().to_numpy(float)
                )
            )
        elif margin == MarginChoice.SEX:
            adults_by_ward = adults.sum(axis=1)
            totals = np.zeros(len(SEXES))
            for ward in wards:
                if ward.council not in tables.sex_share.index:
                    raise WeightingError(
                        f"There is no Census 2021 sex split for the council {ward.council}."
                    )
                totals += tables.sex_share.loc[ward.council].to_numpy(float) * float(
                    adults_by_ward[ward.code]
                )
            plans.append(_with_not_stated("sex", frame.sex, SEXES, totals))
        elif margin == MarginChoice.WARD:
            population = np.array([w.population for w in wards], dtype=float)
            if np.any(population <= 0):
                empty = [w.name for w in wards if w.population <= 0]
                raise WeightingError(f"No Census 2021 population is held for: {', '.join(empty)}.")
            plans.append(
                _with_not_stated("ward", frame.ward, codes, population, [w.name for w in wards])
            )
        elif margin in (MarginChoice.ETHNIC_GROUP, MarginChoice.TENURE):
            table = tables.ethnic_group if margin == MarginChoice.ETHNIC_GROUP else tables.tenure
            order = ETHNIC_GROUPS if margin == MarginChoice.ETHNIC_GROUP else TENURES
            absent = [w for w in wards if w.code not in table.index]
            if absent:
                raise WeightingError(
                    f"There are no Census 2021 {MarginChoice(margin).label} figures for "
                    + ", ".join(f"{w.name} ({w.code})" for w in absent)
                    + ". Weight this survey without that margin."
                )
            plans.append(
                _with_not_stated(
                    str(margin),
                    frame.column(str(margin)),
                    order,
                    table.loc[codes].sum().to_numpy(float),
                )
            )
        else:
            raise WeightingError(f"Cohesion cannot weight by {margin!r}.")
    return plans, population_total


def rake_frame(
    frame: ResponseFrame,
    plans: Sequence[MarginPlan],
    population_total: float,
    *,
    trim_upper: float | None,
    trim_lower: float | None,
) -> tuple[RakingResult, dict[str, Any]]:
    """Rake to the margins (raises RakingError) and build the convergence report."""
    result = rake_to_margins(
        None,
        [plan.as_margin() for plan in plans],
        targets_are="proportions",
        population_total=population_total,
        tolerance=TOLERANCE,
        trim_upper=trim_upper,
        trim_lower=trim_lower,
    )
    return result, weighting_report(frame, plans, result, population_total, trim_upper, trim_lower)


def weighting_report(
    frame: ResponseFrame,
    plans: Sequence[MarginPlan],
    result: RakingResult,
    population_total: float,
    trim_upper: float | None,
    trim_lower: float | None,
) -> dict[str, Any]:
    """What the methods note and the weighting page show: every margin, target against achieved."""
    margins = []
    for plan, fit in zip(plans, result.margins, strict=True):
        sample = np.bincount(plan.codes, minlength=len(plan.categories))
        total_target = float(fit.target.sum())
        total_achieved = float(fit.achieved.sum())
        margins.append(
            {
                "name": plan.name,
                "label": str(MarginChoice(plan.name).label),
                "source": SOURCES.get(plan.name, ""),
                "categories": [
                    {
                        "code": code,
                        "label": label,
                        "sample_n": int(sample[k]),
                        "sample_pct": 100.0 * sample[k] / frame.n,
                        "target": float(fit.target[k]),
                        "target_pct": 100.0 * float(fit.target[k]) / total_target,
                        "achieved": float(fit.achieved[k]),
                        "achieved_pct": 100.0 * float(fit.achieved[k]) / total_achieved,
                    }
                    for k, (code, label) in enumerate(
                        zip(plan.categories, plan.labels, strict=True)
                    )
                ],
                "max_abs_error": fit.max_abs_error,
            }
        )
    mean = float(result.weights.mean())
    return {
        "method": "raking",
        "n": frame.n,
        "population_total": population_total,
        "margins": margins,
        "iterations": result.iterations,
        "converged": result.converged,
        "tolerance": TOLERANCE,
        "trim_rounds": result.trim_rounds,
        "trim_upper": trim_upper,
        "trim_lower": trim_lower,
        "max_rel_margin_error": result.max_rel_margin_error,
        "design_effect": result.design_effect,
        "effective_sample_size": result.effective_sample_size,
        "efficiency_percent": result.efficiency_percent,
        "min_weight_ratio": result.min_weight / mean,
        "max_weight_ratio": result.max_weight / mean,
    }


def unweighted_report(frame: ResponseFrame) -> dict[str, Any]:
    return {
        "method": "unweighted",
        "n": frame.n,
        "margins": [],
        "design_effect": 1.0,
        "effective_sample_size": float(frame.n),
        "efficiency_percent": 100.0,
    }


def ward_infos(wave: Wave) -> list[WardInfo]:
    return [
        WardInfo(w.code, w.name, float(w.population or 0), w.parent.code if w.parent else "")
        for w in wave.wards()
    ]


@dataclass(frozen=True)
class WeightingOutcome:
    ok: bool
    message: str
    report: dict[str, Any]


def _record_weighting(wave: Wave, status: str, message: str, report: dict[str, Any]) -> None:
    """Save how the wave's weighting ended: its status, the reason or report, and when."""
    wave.weighting_status = status
    wave.weighting_message = message
    wave.weighting_report = report
    wave.weighted_at = timezone.now()
    wave.save(
        update_fields=["weighting_status", "weighting_message", "weighting_report", "weighted_at"]
    )


def weight_wave(wave: Wave, data_dir: Path | str | None = None) -> WeightingOutcome:
    """Weight the wave's complete responses and recompute its estimates, all or nothing.

    On success the weights, the report and the estimates are stored together. On failure
    (no responses, missing population figures, a raking problem) the wave is marked as
    failed with the reason, its weights and estimates are withdrawn, and nothing else
    changes; the responses themselves are never touched.
    """
    from cohesion.surveys.estimates import store_estimates

    data_dir = Path(data_dir or settings.COHESION_DATA_DIR)
    frame = load_frame(wave)
    survey = wave.survey
    try:
        if frame.n == 0:
            raise WeightingError("The wave has no complete responses to weight yet.")
        wards = ward_infos(wave)
        if not wards:
            raise WeightingError("The wave has no target wards, so there is nothing to weight to.")
        margins = [m for m in (survey.weight_by or []) if m in MarginChoice.values]
        if margins:
            try:
                tables = population_tables(data_dir)
            except MarginDataError as error:
                raise WeightingError(str(error)) from error
            plans, total = build_margins(frame, wards, tables, margins)
            result, report = rake_frame(
                frame, plans, total, trim_upper=survey.trim_upper, trim_lower=survey.trim_lower
            )
            weights = result.weights
        else:
            weights = np.ones(frame.n)
            report = unweighted_report(frame)
    except (WeightingError, RakingError) as error:
        with transaction.atomic():
            Response.objects.filter(wave=wave).update(weight=None)
            wave.estimates.all().delete()
            _record_weighting(wave, WeightingStatus.FAILED, str(error), {})
        return WeightingOutcome(False, str(error), {})

    report["computed_at"] = timezone.now().isoformat()
    with transaction.atomic():
        _store_weights(frame.ids, weights)
        _record_weighting(wave, WeightingStatus.WEIGHTED, "", report)
        weighted = ResponseFrame(
            ids=frame.ids,
            ward=frame.ward,
            age_band=frame.age_band,
            sex=frame.sex,
            ethnic_group=frame.ethnic_group,
            tenure=frame.tenure,
            answers=frame.answers,
            weights=np.asarray(weights, dtype=np.float64),
        )
        store_estimates(wave, weighted)
    return WeightingOutcome(True, "", report)


def _store_weights(ids: np.ndarray, weights: np.ndarray) -> None:
    objects = [Response(pk=int(pk), weight=float(w)) for pk, w in zip(ids, weights, strict=True)]
    Response.objects.bulk_update(objects, ["weight"], batch_size=500)
