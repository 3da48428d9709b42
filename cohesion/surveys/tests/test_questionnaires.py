"""Questionnaires change through versions; a published version is frozen and a wave keeps its own."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_publishing_a_version_freezes_a_snapshot_of_every_question(questionnaire):
    version = questionnaire.published_versions().first()
    assert version.number == 1
    codes = [item["code"] for item in version.snapshot["items"]]
    assert codes[0] == "get_on_well_local"
    assert codes[-7:] == [
        "age_band",
        "sex",
        "ward",
        "ethnic_group",
        "tenure",
        "religion",
        "disability",
    ]
    safe = next(i for i in version.snapshot["items"] if i["code"] == "safe_day")
    assert (
        safe["wording"]
        == "How safe or unsafe do you feel when outside in your local area during the day?"
    )
    assert safe["options"][0]["label"]["pl"] == "Bardzo bezpiecznie"
    assert next(i for i in version.snapshot["items"] if i["code"] == "sex")["required"] is True


def test_a_published_version_cannot_be_changed(questionnaire):
    from cohesion.surveys.models import Question
    from cohesion.surveys.models.questions import FrozenError

    version = questionnaire.published_versions().first()
    with pytest.raises(FrozenError, match="start a new version"):
        version.set_questions(list(Question.objects.model_questions()), set())
    version.note = "changed"
    with pytest.raises(FrozenError):
        version.save()


def test_a_question_used_by_a_published_version_keeps_its_wording(questionnaire):
    from cohesion.surveys.models import Question
    from cohesion.surveys.models.questions import FrozenError

    question = Question.objects.get(code="safe_day")
    question.wording = "Do you feel safe?"
    with pytest.raises(FrozenError, match="Add a new question"):
        question.save()


def test_a_new_version_starts_as_a_copy_and_a_wave_keeps_the_version_it_used(
    questionnaire, locality_survey, make_wave, middlesbrough
):
    from cohesion.surveys.models import Question
    from cohesion.surveys.specs import wave_questions

    wave = make_wave(locality_survey)
    before = [q.code for q in wave_questions(wave)]
    own = Question.objects.create(
        code="e06000002_parks",
        owner=middlesbrough,
        topic="local",
        wording="How satisfied are you with the parks near you?",
        scale=Question.objects.get(code="satisfied_area").scale,
        source="Middlesbrough Council's own question",
    )
    draft = questionnaire.new_draft()
    assert draft.number == 2
    assert draft.items.count() == len(before)
    chosen = [i.question for i in draft.items.select_related("question")] + [own]
    draft.set_questions(chosen, {q.code for q in chosen if q.demographic_role})
    draft.publish()
    assert [v.number for v in questionnaire.published_versions()] == [2, 1]
    wave.refresh_from_db()
    assert [q.code for q in wave_questions(wave)] == before
    later = make_wave(locality_survey, name="March 2022", questionnaire_version=draft)
    assert "e06000002_parks" in [q.code for q in wave_questions(later)]


def test_only_one_draft_exists_at_a_time(questionnaire):
    first = questionnaire.new_draft()
    assert questionnaire.new_draft().pk == first.pk


def test_a_council_adds_its_own_question_through_the_form_with_translations(client_for, alice):
    from cohesion.surveys.models import AnswerScale, Question

    scale = AnswerScale.objects.get(code="agree4")
    response = client_for(alice).post(
        "/surveys/questions/new/",
        {
            "code": "community hubs",
            "topic": "local",
            "wording": "Do you agree that the community hub is open to everyone?",
            "hint": "",
            "scale": scale.pk,
            "headline": "% who agree the hub is open to everyone",
            "polarity": "higher_is_better",
            "source": "Middlesbrough Council's own question",
            "source_url": "",
            "wording_pl": "Czy zgadzasz się, że centrum społeczne jest otwarte dla wszystkich?",
            "wording_ar": "",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(code="e06000002_community_hubs")
    assert question.owner.code == "E06000002"
    assert question.translations == {
        "pl": {"wording": "Czy zgadzasz się, że centrum społeczne jest otwarte dla wszystkich?"}
    }


def test_an_officer_edits_the_draft_and_publishes_a_new_version(client_for, alice, questionnaire):
    client = client_for(alice)
    keep = ["get_on_well_local", "safe_day", "safe_after_dark"]
    response = client.post(f"/surveys/questionnaires/{questionnaire.pk}/edit/", {"questions": keep})
    assert response.status_code == 302
    response = client.post(f"/surveys/questionnaires/{questionnaire.pk}/publish/")
    assert response.status_code == 302
    version = questionnaire.published_versions().first()
    assert version.number == 2
    codes = [i["code"] for i in version.snapshot["items"]]
    demographics = {"age_band", "sex", "ward", "ethnic_group", "tenure", "religion", "disability"}
    assert set(codes) == set(keep) | demographics
