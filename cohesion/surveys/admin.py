"""Django admin for surveys: set-up is editable; responses and estimates are read-only.

Responses are never deleted here (an accepted response is never lost), and estimates
only ever come from weighting.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cohesion.surveys.models import (
    AnswerScale,
    Estimate,
    ImportBatch,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Survey,
    Wave,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AnswerScale)
class AnswerScaleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "owner"]
    search_fields = ["code", "name"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "topic", "owner", "demographic_role", "is_active"]
    list_filter = ["topic", "demographic_role", "is_active"]
    search_fields = ["code", "wording", "source"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "created_at"]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(ReadOnlyAdmin):
    list_display = ["questionnaire", "number", "status", "published_at"]
    exclude = ["snapshot"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "is_synthetic", "created_at"]
    list_filter = ["is_synthetic"]


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ["survey", "name", "period_start", "period_end", "weighting_status"]
    readonly_fields = ["weighting_status", "weighting_message", "weighting_report", "weighted_at"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["id", "wave", "mode", "status", "ward", "submitted_at"]
    list_filter = ["mode", "status"]
    exclude = ["token_hash"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["filename", "wave", "status", "row_count", "imported_count", "uploaded_at"]
    exclude = ["content"]


@admin.register(Estimate)
class EstimateAdmin(ReadOnlyAdmin):
    list_display = [
        "wave",
        "question_code",
        "statistic",
        "domain_kind",
        "domain_label",
        "estimate",
        "base",
    ]
    list_filter = ["statistic", "domain_kind"]
