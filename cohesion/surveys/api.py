"""Surveys in the REST API: the surveys and waves a person may see, and a wave's estimates.

Every endpoint reads through ``restrict(user, "view")``: anonymous callers and people
outside the council get an empty list, or 404 for a wave. Suppressed estimates have
their figures removed, as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from cohesion.accounts.permissions import get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.core.params import code_param
from cohesion.surveys.calculations.precision import rounded_estimate
from cohesion.surveys.choices import Statistic
from cohesion.surveys.models import Estimate, Survey, Wave
from cohesion.surveys.permissions import VIEW


class WaveSerializer(serializers.ModelSerializer):
    wards = serializers.SerializerMethodField()
    questionnaire_version = serializers.IntegerField(source="questionnaire_version.number")

    class Meta:
        model = Wave
        fields = [
            "id",
            "name",
            "period_start",
            "period_end",
            "target_sample",
            "questionnaire_version",
            "weighting_status",
            "weighting_message",
            "wards",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_wards(self, wave: Wave) -> list[str]:
        return [w.code for w in wave.target_wards.all()]


class SurveySerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.code")
    waves = WaveSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "title", "council", "is_synthetic", "weight_by", "waves"]


class EstimateSerializer(serializers.ModelSerializer):
    estimate = serializers.SerializerMethodField()
    lower = serializers.SerializerMethodField()
    upper = serializers.SerializerMethodField()
    se = serializers.SerializerMethodField()
    base = serializers.SerializerMethodField()

    class Meta:
        model = Estimate
        fields = [
            "question_code",
            "statistic",
            "option_code",
            "domain_kind",
            "domain_code",
            "domain_label",
            "estimate",
            "lower",
            "upper",
            "se",
            "base",
            "suppressed",
        ]

    def _shown(self, estimate: Estimate, name: str) -> float | None:
        return None if estimate.suppressed else getattr(estimate, name)

    def _rounded(self, estimate: Estimate, name: str) -> float | None:
        """No finer than the base supports (``calculations.precision``)."""
        mean = estimate.statistic == Statistic.MEAN
        return rounded_estimate(self._shown(estimate, name), estimate.base, mean=mean)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_estimate(self, estimate: Estimate) -> float | None:
        return self._rounded(estimate, "estimate")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_lower(self, estimate: Estimate) -> float | None:
        return self._rounded(estimate, "lower")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_upper(self, estimate: Estimate) -> float | None:
        return self._rounded(estimate, "upper")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_se(self, estimate: Estimate) -> float | None:
        return self._shown(estimate, "se")

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_base(self, estimate: Estimate) -> int | None:
        """The unweighted base, null when suppressed (it would give the hidden group away)."""
        return None if estimate.suppressed else estimate.base


class SurveyList(generics.ListAPIView):
    """Surveys the signed-in person may see, with their waves."""

    serializer_class = SurveySerializer

    def get_queryset(self) -> QuerySet[Survey]:
        return (
            Survey.objects.restrict(self.request.user, VIEW)
            .select_related("council")
            .prefetch_related("waves__target_wards", "waves__questionnaire_version")
        )


@extend_schema(
    parameters=[
        OpenApiParameter("question", str, description="question code, e.g. safe_after_dark"),
        OpenApiParameter("statistic", str, description="headline, option or mean"),
        OpenApiParameter(
            "group",
            str,
            description="all, ward, age_band, sex, ethnic_group, tenure, religion or disability",
        ),
    ]
)
class WaveEstimateList(generics.ListAPIView):
    """A wave's weighted estimates with 95% intervals and unweighted bases."""

    serializer_class = EstimateSerializer

    def get_queryset(self) -> QuerySet[Estimate]:
        wave = get_for_user(
            Wave.objects.select_related("survey__council"),
            self.request.user,
            VIEW,
            pk=self.kwargs["pk"],
        )
        record(AuditAction.EXPORT, wave, changes={"format": "api"})
        rows = wave.estimates.all()
        filters: dict[str, Any] = {}
        for parameter, field in (
            ("question", "question_code"),
            ("statistic", "statistic"),
            ("group", "domain_kind"),
        ):
            value = code_param(self.request.query_params, parameter)
            if value:
                filters[field] = value
        return rows.filter(**filters)
