"""Surveys: the question bank, questionnaires and their versions, surveys and waves,
responses and imports, and the estimates computed from them."""

from cohesion.surveys.models.comments import CommentCoding, CommentTheme
from cohesion.surveys.models.questions import (
    AnswerScale,
    Question,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireVersion,
)
from cohesion.surveys.models.responses import ImportBatch, Response
from cohesion.surveys.models.results import Estimate
from cohesion.surveys.models.surveys import Survey, Wave

__all__ = [
    "AnswerScale",
    "CommentCoding",
    "CommentTheme",
    "Estimate",
    "ImportBatch",
    "Question",
    "Questionnaire",
    "QuestionnaireItem",
    "QuestionnaireVersion",
    "Response",
    "Survey",
    "Wave",
]
