"""Add the model questions on confidence in the council and partners, pride, the area as a good
place to live and friends of a similar education (fixtures/question_bank.json).

A database made from migration 0002 before these were in the bank lacks them; this adds them
(and the confidence answer scale) from the bank as it stands, leaving every other question
alone. The reverse removes exactly these, and fails loudly if a questionnaire already uses one.
"""

import json
from pathlib import Path

from django.db import migrations

BANK = Path(__file__).resolve().parent.parent / "fixtures" / "question_bank.json"
QUESTIONS = ("confidence_council_partners", "proud_local_area", "good_place_to_live", "friends_education")
SCALES = ("confidence4",)


def add_questions(apps, schema_editor):
    AnswerScale = apps.get_model("surveys", "AnswerScale")
    Question = apps.get_model("surveys", "Question")
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    for spec in bank["scales"]:
        if spec["code"] in SCALES:
            AnswerScale.objects.update_or_create(
                code=spec["code"],
                defaults={"name": spec["name"], "options": spec["options"], "owner": None},
            )
    for spec in bank["questions"]:
        if spec["code"] not in QUESTIONS:
            continue
        fields = {k: v for k, v in spec.items() if k not in ("code", "scale")}
        fields["scale"] = AnswerScale.objects.get(code=spec["scale"], owner__isnull=True)
        Question.objects.update_or_create(code=spec["code"], defaults={**fields, "owner": None})


def remove_questions(apps, schema_editor):
    AnswerScale = apps.get_model("surveys", "AnswerScale")
    Question = apps.get_model("surveys", "Question")
    Question.objects.filter(owner__isnull=True, code__in=QUESTIONS).delete()
    AnswerScale.objects.filter(owner__isnull=True, code__in=SCALES).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0005_add_welsh_question_bank")]

    operations = [migrations.RunPython(add_questions, remove_questions)]
