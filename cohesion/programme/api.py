"""The programme in the REST API: the events a signed-in partner may see, and the public events of a council.

Read-only for now. The partners' endpoints read through ``Event.objects.restrict``:
an event the caller may not see answers 404. The public endpoint lists only
events marked public.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cohesion.accounts.permissions import VIEW, get_for_user
from cohesion.programme.models import Event, GrantRound, Outcome
from cohesion.programme.queries import public_events

MAX_ID = 2**31 - 1
ERROR_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
READ_ERRORS = {
    403: OpenApiResponse(response=ERROR_DETAIL, description="Not signed in."),
    404: OpenApiResponse(response=ERROR_DETAIL, description="No such record the caller may see."),
}


class EventSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.name")
    partners: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Event
        fields = [
            "id",
            "council_code",
            "kind",
            "kind_label",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "repeat_weeks",
            "repeat_until",
            "venue",
            "ward_code",
            "location_id",
            "location_name",
            "organiser",
            "partners",
            "age_from",
            "age_to",
            "audience_groups",
            "languages",
            "is_public",
            "synthetic",
        ]


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outcome
        fields = [
            "session_on",
            "attendance",
            "attendance_by_group",
            "languages_spoken",
            "interpreters_used",
            "pledges",
            "volunteers_recruited",
            "referrals",
            "signposting",
        ]


class EventDetailSerializer(EventSerializer):
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "outcomes"]


def _events() -> Any:
    return Event.objects.select_related("organiser").prefetch_related("partners")


@extend_schema(responses={200: EventSerializer(many=True), **READ_ERRORS})
class EventList(generics.ListAPIView):
    """The events of the councils and wards the caller works in, by start."""

    serializer_class = EventSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        return _events().filter(pk__in=Event.objects.restrict(self.request.user, VIEW).values("pk"))


class EventDetail(generics.GenericAPIView):
    """One event with its outcomes."""

    serializer_class = EventDetailSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "head"]

    @extend_schema(responses={200: EventDetailSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        if not 1 <= pk <= MAX_ID:
            raise Http404("No such record.")
        event = get_for_user(_events().prefetch_related("outcomes"), request.user, VIEW, pk=pk)
        return Response(EventDetailSerializer(event).data)


class PublicEventList(generics.GenericAPIView):
    """A council's public events that have not yet ended."""

    serializer_class = EventSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None  # a council's upcoming public events: a short list, whole
    http_method_names = ["get", "head"]

    @extend_schema(responses={200: EventSerializer(many=True)})
    def get(self, request: Request, council_code: str) -> Response:
        return Response(EventSerializer(public_events(council_code[:12]), many=True).data)


class GrantRoundSerializer(serializers.ModelSerializer):
    stream = serializers.CharField(source="stream.name")
    stream_kind = serializers.CharField(source="stream.kind")

    class Meta:
        model = GrantRound
        fields = [
            "id",
            "council_code",
            "stream",
            "stream_kind",
            "title",
            "strand",
            "budget",
            "max_request",
            "opens_on",
            "closes_on",
            "is_public",
            "synthetic",
        ]


@extend_schema(responses={200: GrantRoundSerializer(many=True), **READ_ERRORS})
class GrantRoundList(generics.ListAPIView):
    """The grant rounds of the councils whose grants the caller works on (no applicants' details)."""

    serializer_class = GrantRoundSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        return (
            GrantRound.objects.restrict(self.request.user, VIEW)
            .select_related("stream")
            .order_by("-opens_on", "pk")
        )
