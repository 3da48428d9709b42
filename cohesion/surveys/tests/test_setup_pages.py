"""Setting up a survey through the pages: a survey, its first wave, and the checks on them."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_cohesion_officer_creates_a_survey_with_the_model_questionnaire_and_a_wave(
    client_for, alice, middlesbrough
):
    from cohesion.surveys.models import Survey

    client = client_for(alice)
    response = client.post(
        "/surveys/new/",
        {
            "council": middlesbrough.pk,
            "title": "Residents' Survey 2026",
            "description": "",
            "questionnaire": "",
            "weight_by": ["age_band", "sex", "ward"],
            "trim_upper": "5",
            "trim_lower": "0.2",
            "suppression_threshold": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get(title="Residents' Survey 2026")
    assert survey.weight_by == ["age_band", "sex", "ward"]
    assert survey.questionnaire.name == "Cohesion model questionnaire"
    version = survey.questionnaire.published_versions().first()
    wards = list(
        survey.council.children.filter(generation__code="WD25").values_list("pk", flat=True)
    )
    response = client.post(
        f"/surveys/{survey.pk}/waves/new/",
        {
            "name": "Spring 2026",
            "period_start": "2026-03-01",
            "period_end": "2026-04-15",
            "questionnaire_version": version.pk,
            "target_wards": wards,
            "target_sample": "2000",
            "accepting_online": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    wave = survey.waves.get()
    assert wave.target_wards.count() == 20
    assert wave.accepting_online and wave.questionnaire_version == version
    page = client.get(f"/surveys/waves/{wave.pk}/").content.decode()
    assert f"/surveys/take/{wave.public_code}/" in page


def test_a_wave_must_end_after_it_starts_and_names_are_unique_in_a_survey(
    client_for, alice, locality_survey, make_wave
):
    make_wave(locality_survey, name="Spring")
    version = locality_survey.questionnaire.published_versions().first()
    response = client_for(alice).post(
        f"/surveys/{locality_survey.pk}/waves/new/",
        {
            "name": "Spring",
            "period_start": "2026-03-01",
            "period_end": "2026-02-01",
            "questionnaire_version": version.pk,
            "target_sample": "10",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The end must be on or after the start." in body
    assert "This survey already has a wave with that name." in body


def test_a_questionnaire_of_another_council_cannot_be_chosen(client_for, erin, middlesbrough):
    from cohesion.places.models import Area, Level
    from cohesion.surveys.setup import model_questionnaire

    darlington = Area.objects.current(Level.COUNCIL).get(code="E06000005")
    theirs = model_questionnaire(darlington)
    response = client_for(erin).post(
        "/surveys/new/",
        {"council": middlesbrough.pk, "title": "X", "questionnaire": theirs.pk, "trim_upper": "5"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
