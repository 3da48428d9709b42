"""The question bank: model questions with exact wording, source and answers, loaded by a reversible migration."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps as django_apps

pytestmark = pytest.mark.django_db

BANK = Path(__file__).resolve().parent.parent / "fixtures" / "question_bank.json"
MIGRATION = importlib.import_module("cohesion.surveys.migrations.0002_load_question_bank")


def _model(code):
    from cohesion.surveys.models import Question

    return Question.objects.select_related("scale").get(code=code, owner__isnull=True)


def test_the_community_life_survey_cohesion_question_is_held_word_for_word():
    question = _model("get_on_well_local")
    assert question.wording == (
        "To what extent do you agree or disagree that your local area is a place where people "
        "from different backgrounds get on well together?"
    )
    assert "Community Life Survey" in question.source
    assert "15 to 20 minutes" in question.hint
    codes = [o["code"] for o in question.scale.options]
    assert codes == [
        "definitely_agree",
        "tend_to_agree",
        "tend_to_disagree",
        "definitely_disagree",
        "too_few_people",
        "all_same_backgrounds",
        "dont_know",
    ]
    outside = {o["code"] for o in question.scale.options if not o["in_base"]}
    assert outside == {"too_few_people", "all_same_backgrounds", "dont_know"}
    assert {o["code"] for o in question.scale.options if o["positive"]} == {
        "definitely_agree",
        "tend_to_agree",
    }


def test_the_bank_holds_every_model_question_the_issue_names():
    from cohesion.surveys.models import Question

    expected = {
        "get_on_well_local",
        "get_on_well_council",
        "belong_neighbourhood",
        "trust_neighbourhood",
        "influence_decisions",
        "safe_day",
        "safe_after_dark",
        "satisfied_area",
        "intend_to_stay",
        "friends_ethnic_group",
        "friends_income",
        "friends_age",
        "friends_education",
        "confidence_council_partners",
        "proud_local_area",
        "good_place_to_live",
        "someone_to_rely_on",
        "volunteer_formal",
        "civic_participation",
        "age_band",
        "sex",
        "ward",
        "ethnic_group",
        "tenure",
    }
    held = set(Question.objects.model_questions().values_list("code", flat=True))
    assert expected <= held
    for question in Question.objects.model_questions().select_related("scale"):
        assert question.source.strip(), question.code
        assert question.scale is not None or question.demographic_role == "ward"


def test_every_model_question_and_answer_has_welsh_polish_and_arabic_wording():
    from cohesion.surveys.models import Question

    for question in Question.objects.model_questions().select_related("scale"):
        for language in ("cy", "pl", "ar"):
            assert question.translations[language]["wording"].strip(), (question.code, language)
            if question.hint:
                assert question.translations[language]["hint"].strip(), (question.code, language)
        for option in question.scale.options if question.scale else []:
            assert set(option["label"]) == {"en", "cy", "pl", "ar"}, (question.code, option["code"])
    safe = _model("safe_after_dark")
    assert safe.wording_in("pl").startswith("Jak bezpiecznie")
    assert "بعد حلول الظلام" in safe.wording_in("ar")
    assert safe.scale.options_in("pl")[0] == ("very_safe", "Bardzo bezpiecznie")
    assert safe.wording_in("cy").endswith("ar ôl iddi dywyllu?")
    assert safe.scale.options_in("cy")[0] == ("very_safe", "Diogel iawn")


def test_the_demographics_for_weighting_each_offer_prefer_not_to_say():
    for code in ("age_band", "sex", "ethnic_group", "tenure"):
        question = _model(code)
        assert question.demographic_role == code
        codes = [o["code"] for o in question.scale.options]
        assert codes[-1] == "prefer_not_to_say"
        assert not question.scale.options[-1]["in_base"]
    assert [o["code"] for o in _model("age_band").scale.options][:7] == [
        "16-24",
        "25-34",
        "35-44",
        "45-54",
        "55-64",
        "65-74",
        "75+",
    ]
    assert _model("ward").scale is None


def test_the_bank_migration_can_be_reversed_and_applied_again():
    from cohesion.surveys.models import AnswerScale, Question

    bank = json.loads(BANK.read_text(encoding="utf-8"))
    MIGRATION.unload_bank(django_apps, None)
    assert not Question.objects.filter(owner__isnull=True).exists()
    assert not AnswerScale.objects.filter(owner__isnull=True).exists()
    MIGRATION.load_bank(django_apps, None)
    assert Question.objects.model_questions().count() == len(bank["questions"])
    assert _model("safe_day").wording == next(
        q["wording"] for q in bank["questions"] if q["code"] == "safe_day"
    )


def test_the_council_wide_question_names_the_council(questionnaire):
    from cohesion.surveys.specs import question_from_snapshot

    version = questionnaire.published_versions().first()
    item = next(i for i in version.snapshot["items"] if i["code"] == "get_on_well_council")
    spec = question_from_snapshot(item, place_name="Middlesbrough")
    assert spec.wording_in("en").startswith(
        "To what extent do you agree or disagree that Middlesbrough as a whole"
    )
    assert "Middlesbrough" in spec.wording_in("pl")
