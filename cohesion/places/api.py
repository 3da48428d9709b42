"""Places in the REST API: areas and generations."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from cohesion.core.params import code_param, text_param
from cohesion.places.models import Area, Generation
from cohesion.places.queries import get_area


class GenerationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Generation
        fields = ["code", "name", "level", "valid_from", "valid_to", "has_boundaries"]


class AreaSerializer(serializers.ModelSerializer):
    generation: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    # "parent" shadows Field.parent in the type stubs; DRF itself handles declared fields by name.
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Area
        fields = [
            "code",
            "name",
            "level",
            "generation",
            "parent",
            "population",
            "centroid_lon",
            "centroid_lat",
        ]


class GenerationList(generics.ListAPIView):
    """Boundary generations held, with the dates each was valid."""

    serializer_class = GenerationSerializer
    queryset = Generation.objects.all()
    pagination_class = None


@extend_schema(
    parameters=[
        OpenApiParameter("level", str, description="council, ward, lsoa, output_area..."),
        OpenApiParameter("parent", str, description="GSS code of the parent area"),
        OpenApiParameter(
            "generation", str, description="generation code, e.g. WD25; default: current"
        ),
        OpenApiParameter("q", str, description="name or code contains"),
    ]
)
class AreaList(generics.ListAPIView):
    """Areas, filtered by level, parent, generation or name."""

    serializer_class = AreaSerializer

    def get_queryset(self) -> QuerySet[Area]:
        params = self.request.query_params
        generation = code_param(params, "generation")
        level = code_param(params, "level")
        parent = code_param(params, "parent", upper=True)
        search = text_param(params, "q")
        qs = (
            Area.objects.filter(generation__code=generation)
            if generation
            else Area.objects.current()
        )
        if level:
            qs = qs.filter(level=level)
        if parent:
            qs = qs.filter(parent__code=parent)
        if search:
            qs = qs.search(search)
        return qs.select_related("generation", "parent").order_by("level", "name")


@extend_schema(
    parameters=[
        OpenApiParameter(
            "generation", str, description="generation code, e.g. WD25; default: current"
        )
    ]
)
class AreaDetail(generics.RetrieveAPIView):
    """One area by GSS code (current generation unless ``?generation=`` is given)."""

    serializer_class = AreaSerializer
    lookup_field = "code"

    def get_object(self) -> Area:
        return get_area(
            self.kwargs["code"], code_param(self.request.query_params, "generation") or None
        )
