"""Indicators in the REST API: definitions, datasets and values (small numbers suppressed)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from cohesion.core.params import bool_param, code_param, date_param
from cohesion.indicators.models import Dataset, Indicator, IndicatorValue
from cohesion.indicators.queries import get_indicator
from cohesion.places.queries import get_area


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "title",
            "short_title",
            "definition",
            "citation",
            "source",
            "topic",
            "unit",
            "polarity",
            "numerator",
            "denominator",
            "calculation",
            "levels",
            "counts_events",
        ]


class DatasetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dataset
        fields = [
            "source",
            "kind",
            "title",
            "publisher",
            "licence",
            "upstream",
            "release_date",
            "period_start",
            "period_end",
            "geography_level",
            "generation_code",
            "file_path",
            "sha256",
            "values_count",
            "loaded_at",
        ]


class ValueSerializer(serializers.ModelSerializer):
    """One value; ``value``, ``numerator`` and the limits are null when suppressed."""

    indicator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    dataset: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="source", read_only=True
    )
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    value = serializers.SerializerMethodField(method_name="shown_value")
    numerator = serializers.SerializerMethodField(method_name="shown_numerator")
    lower = serializers.SerializerMethodField(method_name="shown_lower")
    upper = serializers.SerializerMethodField(method_name="shown_upper")

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "area_code",
            "area_level",
            "period_start",
            "period_end",
            "value",
            "unit",
            "numerator",
            "denominator",
            "lower",
            "upper",
            "suppressed",
            "dataset",
        ]

    def _unless_suppressed(self, obj: IndicatorValue, name: str) -> float | None:
        number: float | None = None if obj.suppressed else getattr(obj, name)
        return number

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def shown_value(self, obj: IndicatorValue) -> float | None:
        return self._unless_suppressed(obj, "value")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def shown_numerator(self, obj: IndicatorValue) -> float | None:
        return self._unless_suppressed(obj, "numerator")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def shown_lower(self, obj: IndicatorValue) -> float | None:
        return self._unless_suppressed(obj, "lower")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def shown_upper(self, obj: IndicatorValue) -> float | None:
        return self._unless_suppressed(obj, "upper")


class IndicatorList(generics.ListAPIView):
    """Every indicator definition, with its citation, unit and polarity."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.all()


class IndicatorDetail(generics.RetrieveAPIView):
    """One indicator definition by code."""

    serializer_class = IndicatorSerializer

    def get_object(self) -> Indicator:
        return get_indicator(self.kwargs["code"])


class DatasetList(generics.ListAPIView):
    """Every dataset (a release of a source) with its provenance."""

    serializer_class = DatasetSerializer

    def get_queryset(self) -> QuerySet[Dataset]:
        return Dataset.objects.restrict(self.request.user, "view").exclude(values_count=0)


def _values() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.select_related("indicator", "dataset").order_by(
        "area_code", "period_start", "period_end"
    )


@extend_schema(
    parameters=[
        OpenApiParameter("area", str, description="GSS code of one area"),
        OpenApiParameter("parent", str, description="GSS code of a council: its wards' values"),
        OpenApiParameter("level", str, description="council, ward, lsoa, region, country"),
        OpenApiParameter(
            "period_end",
            OpenApiTypes.DATE,
            description="only periods ending on this date (YYYY-MM-DD)",
        ),
        OpenApiParameter("latest", bool, description="only the latest period held"),
    ]
)
class IndicatorValueList(generics.ListAPIView):
    """Values of one indicator, filtered by area, parent council, level or period."""

    serializer_class = ValueSerializer

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        indicator = get_indicator(self.kwargs["code"])
        params = self.request.query_params
        area = code_param(params, "area", upper=True)
        parent = code_param(params, "parent", upper=True)
        level = code_param(params, "level")
        period_end = date_param(params, "period_end")
        latest = bool_param(params, "latest")
        qs = _values().filter(indicator=indicator)
        if area:
            qs = qs.filter(area_code=area)
        if parent:
            from cohesion.indicators.queries import current_wards

            qs = qs.filter(area_code__in=[w.code for w in current_wards(parent)])
        if level:
            qs = qs.filter(area_level=level)
        if period_end:
            qs = qs.filter(period_end=period_end)
        if latest:
            last = qs.order_by("-period_end").values_list("period_end", flat=True).first()
            qs = qs.filter(period_end=last) if last else qs.none()
        return qs


class AreaValueList(generics.ListAPIView):
    """Every indicator value held for one area (the API twin of /areas/<code>/indicators.json)."""

    serializer_class = ValueSerializer

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        area = get_area(self.kwargs["code"])
        return _values().filter(area_code=area.code)
