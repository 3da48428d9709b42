"""The volunteer register and interpreter bookings in the REST API (read-only).

Both read through the models' ``restrict``: the register lists only the
volunteers of the registers the caller keeps, and each listing is audited like
the register's page. Bookings name the interpreter only to the keepers of the
booking's register; the partner that asked sees ``booked`` and nothing more.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cohesion.accounts.permissions import VIEW
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record_many
from cohesion.programme.access import register_organisations
from cohesion.programme.api import READ_ERRORS
from cohesion.programme.models import InterpreterBooking, Volunteer


class VolunteerSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "organisation",
            "name",
            "email",
            "phone",
            "languages",
            "accreditation",
            "availability",
            "active",
            "synthetic",
        ]


class BookingSerializer(serializers.ModelSerializer):
    register = serializers.CharField(source="organisation.name")
    requested_by = serializers.CharField(
        source="requesting_organisation.name", allow_null=True, default=None
    )
    booked = serializers.BooleanField()
    interpreter = serializers.SerializerMethodField()

    class Meta:
        model = InterpreterBooking
        fields = [
            "id",
            "language",
            "starts_at",
            "ends_at",
            "event",
            "ward_code",
            "council_code",
            "register",
            "requested_by",
            "status",
            "booked",
            "interpreter",
            "synthetic",
        ]

    def get_interpreter(self, booking: InterpreterBooking) -> str | None:
        """The interpreter's name, for the keepers of the booking's register only."""
        keepers = self.context.get("keepers")
        if booking.volunteer is None or not (keepers is None or booking.organisation_id in keepers):
            return None
        return booking.volunteer.name


@extend_schema(responses={200: VolunteerSerializer(many=True), **READ_ERRORS})
class VolunteerList(generics.ListAPIView):
    """The volunteers on the registers the caller keeps (audited)."""

    serializer_class = VolunteerSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        return Volunteer.objects.restrict(self.request.user, VIEW).select_related("organisation")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        shown = [row["id"] for row in response.data.get("results", response.data)]
        record_many(
            AuditAction.EXPORT,
            Volunteer.objects.filter(pk__in=shown).select_related("organisation"),
            "volunteer register",
            actor=request.user,
            fmt="api",
        )
        return response


@extend_schema(responses={200: BookingSerializer(many=True), **READ_ERRORS})
class BookingList(generics.ListAPIView):
    """The interpreter bookings the caller may see (audited)."""

    serializer_class = BookingSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        return (
            InterpreterBooking.objects.restrict(self.request.user, VIEW)
            .select_related("organisation", "requesting_organisation", "volunteer")
            .order_by("-starts_at", "pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        user = self.request.user
        keepers = None if user.is_superuser else set(register_organisations(user))
        return {**super().get_serializer_context(), "keepers": keepers}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        shown = [row["id"] for row in response.data.get("results", response.data)]
        record_many(
            AuditAction.EXPORT,
            InterpreterBooking.objects.filter(pk__in=shown),
            "interpreter bookings",
            actor=request.user,
            fmt="api",
        )
        return response
