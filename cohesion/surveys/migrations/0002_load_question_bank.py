"""Load the model questions and answer scales from fixtures/question_bank.json.

The file is read as it stands when the migration runs. Model questions are only ever
added by migrations like this one; the reverse removes exactly the scales and questions
it added (and fails loudly if a questionnaire already uses one, rather than losing it).
"""

import json
from pathlib import Path

from django.db import migrations

BANK = Path(__file__).resolve().parent.parent / "fixtures" / "question_bank.json"


def load_bank(apps, schema_editor):
    AnswerScale = apps.get_model("surveys", "AnswerScale")
    Question = apps.get_model("surveys", "Question")
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    scales = {}
    for spec in bank["scales"]:
        scales[spec["code"]], _ = AnswerScale.objects.update_or_create(
            code=spec["code"], defaults={"name": spec["name"], "options": spec["options"], "owner": None}
        )
    for spec in bank["questions"]:
        fields = {k: v for k, v in spec.items() if k not in ("code", "scale")}
        fields["scale"] = scales[spec["scale"]] if spec["scale"] else None
        Question.objects.update_or_create(code=spec["code"], defaults={**fields, "owner": None})


def unload_bank(apps, schema_editor):
    AnswerScale = apps.get_model("surveys", "AnswerScale")
    Question = apps.get_model("surveys", "Question")
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    Question.objects.filter(owner__isnull=True, code__in=[q["code"] for q in bank["questions"]]).delete()
    AnswerScale.objects.filter(owner__isnull=True, code__in=[s["code"] for s in bank["scales"]]).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load_bank, unload_bank)]
