"""Weighting a wave to the population margins of its wards, the convergence report, and plain failures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.django_db

NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"
AGE_COLUMNS = [
    "age_16_24",
    "age_25_34",
    "age_35_44",
    "age_45_54",
    "age_55_64",
    "age_65_74",
    "age_75_plus",
]


def _fill(wave, shared_data, per_ward=120, seed=11, override=None):
    from cohesion.surveys.margins import population_tables
    from cohesion.surveys.specs import wave_questions
    from cohesion.surveys.synthetic import (
        add_responses,
        draw_answers,
        draw_demographics,
        ward_profile,
    )

    tables = population_tables(shared_data)
    rng = np.random.default_rng(seed)
    questions = [q for q in wave_questions(wave) if not q.demographic_role]
    for ward in wave.wards():
        demographics = draw_demographics(
            rng, ward_profile(tables, ward.code, "E06000002"), per_ward
        )
        if override:
            override(ward.code, demographics)
        answers = {
            q.code: draw_answers(rng, q, per_ward, np.full(per_ward, 0.5)) for q in questions
        }
        add_responses(wave, ward.code, demographics, answers, rng=rng, ref_prefix=f"W{seed}-")


def _expected_adult_ages(shared_data):
    """Independently: the mid-2020 16+ bands of the 2011 LSOAs whose 2021 successors best fit the two wards."""
    ages = pd.read_csv(shared_data / "population/mid2020_lsoa11_age_bands_persons_ew.csv.gz")
    links = pd.read_csv(shared_data / "lookups/lookup_lsoa11_lsoa21_ltla22.csv")
    best = pd.read_csv(shared_data / "lookups/ew_lsoa21_to_wd25_bestfit_by_pwc.csv")
    lsoa21 = set(best.loc[best["wd25cd"].isin([NEWPORT, NORTH_ORMESBY]), "lsoa21cd"])
    lsoa11 = links.loc[links["lsoa21_code"].isin(lsoa21), "lsoa11_code"]
    return ages[ages["lsoa11_code"].isin(lsoa11)][AGE_COLUMNS].sum().to_numpy(float)


def test_a_wave_raked_to_all_five_margins_meets_every_target(make_survey, make_wave, shared_data):
    from cohesion.surveys.models import Response
    from cohesion.surveys.weighting import weight_wave

    wave = make_wave(make_survey(title="All margins"))
    _fill(wave, shared_data)
    outcome = weight_wave(wave, shared_data)
    assert outcome.ok, outcome.message
    report = outcome.report
    assert [m["name"] for m in report["margins"]] == [
        "age_band",
        "sex",
        "ward",
        "ethnic_group",
        "tenure",
    ]
    assert report["converged"] and report["max_rel_margin_error"] < 1e-5
    for margin in report["margins"]:
        for category in margin["categories"]:
            assert category["achieved_pct"] == pytest.approx(category["target_pct"], abs=1e-3)

    responses = list(Response.objects.filter(wave=wave).order_by("id"))
    weights = np.array([r.weight for r in responses])
    # Kish's design effect and effective sample size, computed here from the stored weights.
    deff = len(weights) * (weights**2).sum() / weights.sum() ** 2
    assert report["design_effect"] == pytest.approx(deff, rel=1e-9)
    assert report["effective_sample_size"] == pytest.approx(len(weights) / deff, rel=1e-9)
    assert 1.0 < deff < 3.0

    # The weighted age profile of those who gave their age matches the ONS estimates.
    expected = _expected_adult_ages(shared_data)
    assert weights.sum() == pytest.approx(expected.sum(), rel=1e-9)
    bands = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
    stated = np.array([r.age_band in bands for r in responses])
    weighted = np.array([weights[[r.age_band == b for r in responses]].sum() for b in bands])
    assert weighted / weights[stated].sum() == pytest.approx(expected / expected.sum(), abs=1e-6)
    # Ward weights follow the Census 2021 ward populations.
    ward = {
        c: weights[[r.ward.code == c for r in responses]].sum() for c in (NEWPORT, NORTH_ORMESBY)
    }
    populations = {w.code: w.population for w in wave.wards()}
    assert ward[NEWPORT] / ward[NORTH_ORMESBY] == pytest.approx(
        populations[NEWPORT] / populations[NORTH_ORMESBY], rel=1e-6
    )


def test_weights_are_trimmed_to_the_caps_and_the_report_says_so(
    make_survey, make_wave, shared_data
):
    from cohesion.surveys.weighting import weight_wave

    # Untrimmed, this sample's weights run from about 0.13 to 3.95 times the mean.
    wave = make_wave(make_survey(title="Caps", trim_upper=3.0, trim_lower=0.3))
    _fill(wave, shared_data)
    outcome = weight_wave(wave, shared_data)
    assert outcome.ok, outcome.message
    report = outcome.report
    assert report["trim_rounds"] >= 1
    assert report["max_weight_ratio"] <= 3.0 * 1.001
    assert report["min_weight_ratio"] >= 0.3 * 0.999
    assert report["max_rel_margin_error"] < 1e-5


def test_caps_too_tight_to_meet_with_the_margins_are_refused_plainly(
    make_survey, make_wave, shared_data
):
    from cohesion.surveys.weighting import weight_wave

    wave = make_wave(make_survey(title="Too tight", trim_upper=2.5, trim_lower=0.4))
    _fill(wave, shared_data)
    outcome = weight_wave(wave, shared_data)
    assert not outcome.ok
    assert outcome.message.startswith("After 50 rounds of trimming and re-raking")
    assert "The caps are too tight to meet together with the margins" in outcome.message


def test_those_who_prefer_not_to_say_keep_their_share_of_the_sample(
    make_survey, make_wave, shared_data
):
    from cohesion.surveys.weighting import weight_wave

    def hide_some(ward, demographics):
        demographics["ethnic_group"][:12] = "prefer_not_to_say"

    wave = make_wave(make_survey(title="Not stated"))
    _fill(wave, shared_data, override=hide_some)
    report = weight_wave(wave, shared_data).report
    ethnic = next(m for m in report["margins"] if m["name"] == "ethnic_group")
    not_stated = next(c for c in ethnic["categories"] if c["code"] == "not_stated")
    assert not_stated["sample_n"] >= 24
    assert not_stated["target_pct"] == pytest.approx(not_stated["sample_pct"])
    assert not_stated["achieved_pct"] == pytest.approx(not_stated["sample_pct"], abs=1e-4)


def test_a_ward_with_no_respondents_is_an_empty_cell_and_nothing_is_weighted(
    make_survey, make_wave, shared_data, middlesbrough
):
    from cohesion.places.models import Area, Level
    from cohesion.surveys.models import Response
    from cohesion.surveys.weighting import weight_wave

    survey = make_survey(title="Empty ward")
    wave = make_wave(survey)
    _fill(wave, shared_data)
    assert weight_wave(wave, shared_data).ok
    assert wave.estimates.exists()
    central = Area.objects.current(Level.WARD).get(parent=middlesbrough, name="Central")
    wave.target_wards.add(central)

    outcome = weight_wave(wave, shared_data)
    assert not outcome.ok
    assert outcome.message == (
        "Margin 'ward': category 'Central' has a positive target but no respondents with a "
        "positive weight (an empty cell). No weighting can fill it; merge it with a "
        "neighbouring category or set its target to 0."
    )
    wave.refresh_from_db()
    assert wave.weighting_status == "failed"
    assert wave.weighting_message == outcome.message
    assert not wave.estimates.exists()
    assert not Response.objects.filter(wave=wave, weight__isnull=False).exists()
    assert Response.objects.filter(wave=wave).count() == 240


def test_margins_that_contradict_each_other_do_not_converge_and_say_so(
    make_survey, make_wave, shared_data
):
    """Everyone in Newport says female and everyone in North Ormesby male: the ward margin
    (Newport about three quarters of the people) and the sex margin (about half women) can
    then only both hold through combinations nobody in the sample has."""
    from cohesion.surveys.weighting import weight_wave

    def confound(ward, demographics):
        demographics["sex"][:] = "female" if ward == NEWPORT else "male"

    wave = make_wave(make_survey(title="Contradiction", weight_by=["sex", "ward"]))
    _fill(wave, shared_data, override=confound)
    outcome = weight_wave(wave, shared_data)
    assert not outcome.ok
    assert outcome.message.startswith("Raking did not converge within 1000 sweeps")
    assert "the margins probably contradict each other" in outcome.message
    wave.refresh_from_db()
    assert wave.weighting_status == "failed"


def test_the_wave_and_results_pages_show_a_failure_plainly(
    make_survey, make_wave, shared_data, client_for, alice
):
    from cohesion.surveys.weighting import weight_wave

    def confound(ward, demographics):
        demographics["sex"][:] = "female" if ward == NEWPORT else "male"

    wave = make_wave(make_survey(title="Contradiction", weight_by=["sex", "ward"]))
    _fill(wave, shared_data, per_ward=30, override=confound)
    weight_wave(wave, shared_data)
    client = client_for(alice)
    page = client.get(f"/surveys/waves/{wave.pk}/").content.decode()
    assert "The responses could not be weighted" in page
    assert "contradict each other" in page
    results = client.get(f"/surveys/waves/{wave.pk}/results/").content.decode()
    assert "contradict each other" in results
    assert 'id="q-safe_day"' not in results


def test_an_unweighted_survey_gives_every_response_the_same_weight(
    make_survey, make_wave, shared_data
):
    from cohesion.surveys.models import Response
    from cohesion.surveys.weighting import weight_wave

    wave = make_wave(make_survey(title="Unweighted", weight_by=[]))
    _fill(wave, shared_data, per_ward=20)
    outcome = weight_wave(wave, shared_data)
    assert outcome.ok and outcome.report["method"] == "unweighted"
    assert set(Response.objects.filter(wave=wave).values_list("weight", flat=True)) == {1.0}


def test_weighting_an_officer_asks_for_is_audited(filled_wave, client_for, alice):
    from cohesion.audit.models import AuditEvent

    response = client_for(alice).post(f"/surveys/waves/{filled_wave.pk}/weight/")
    assert response.status_code == 302
    event = AuditEvent.objects.filter(
        object_type="surveys.Wave", object_id=str(filled_wave.pk)
    ).first()
    assert event is not None and event.changes["weighting"] == "weighted"
