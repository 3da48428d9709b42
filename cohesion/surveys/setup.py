"""Ready-made set-ups: a council's questionnaire built from the model question bank."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cohesion.places.models import Area
from cohesion.surveys.demographics import required_demographic_codes
from cohesion.surveys.models import Question, Questionnaire

MODEL_QUESTIONNAIRE = "Cohesion model questionnaire"


@transaction.atomic
def model_questionnaire(
    council: Area,
    *,
    name: str = MODEL_QUESTIONNAIRE,
    user: Any = None,
    codes: list[str] | None = None,
) -> Questionnaire:
    """The council's questionnaire of model questions, with version 1 published.

    The demographic questions are required (weighting needs them; each offers "Prefer
    not to say"); the others may be skipped. ``codes`` limits it to some questions (the
    demographic ones are always included). An existing questionnaire of that name is
    returned as it is.
    """
    existing = Questionnaire.objects.filter(owner=council, name=name).first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.create(
        owner=council,
        name=name,
        description="The model cohesion questions with the demographics needed for weighting.",
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    questions = list(Question.objects.model_questions().filter(is_active=True))
    if codes is not None:
        questions = [q for q in questions if q.code in codes or q.demographic_role]
    draft = questionnaire.new_draft()
    draft.set_questions(questions, required_demographic_codes(questions))
    draft.publish()
    return questionnaire
