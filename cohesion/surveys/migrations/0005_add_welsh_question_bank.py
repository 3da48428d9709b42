"""Welsh wordings and answer labels for the model questions (fixtures/question_bank.json).

A database made before Welsh was added holds the model questions and scales without it;
this copies the ``cy`` wording, hint and answer labels from the bank onto them, leaving
every other language and field as it is. The reverse takes the Welsh off again. Survey
versions already published keep the snapshot they were published with.
"""

import json
from pathlib import Path

from django.db import migrations

BANK = Path(__file__).resolve().parent.parent / "fixtures" / "question_bank.json"
LANGUAGE = "cy"


def add_welsh(apps, schema_editor):
    AnswerScale = apps.get_model("surveys", "AnswerScale")
    Question = apps.get_model("surveys", "Question")
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    for spec in bank["scales"]:
        scale = AnswerScale.objects.filter(code=spec["code"], owner__isnull=True).first()
        if scale is None:
            continue
        labels = {o["code"]: o["label"].get(LANGUAGE) for o in spec["options"]}
        scale.options = [
            {**option, "label": {**option["label"], LANGUAGE: labels[option["code"]]}}
            if labels.get(option["code"])
            else option
            for option in scale.options
        ]
        scale.save(update_fields=["options"])
    for spec in bank["questions"]:
        welsh = spec.get("translations", {}).get(LANGUAGE)
        question = Question.objects.filter(code=spec["code"], owner__isnull=True).first()
        if question is None or not welsh:
            continue
        question.translations = {**(question.translations or {}), LANGUAGE: welsh}
        question.save(update_fields=["translations"])


def remove_welsh(apps, schema_editor):
    AnswerScale = apps.get_model("surveys", "AnswerScale")
    Question = apps.get_model("surveys", "Question")
    for scale in AnswerScale.objects.filter(owner__isnull=True):
        scale.options = [
            {**option, "label": {k: v for k, v in option["label"].items() if k != LANGUAGE}}
            for option in scale.options
        ]
        scale.save(update_fields=["options"])
    for question in Question.objects.filter(owner__isnull=True):
        translations = dict(question.translations or {})
        if translations.pop(LANGUAGE, None) is not None:
            question.translations = translations
            question.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_redecide_suppression")]

    operations = [migrations.RunPython(add_welsh, remove_welsh)]
