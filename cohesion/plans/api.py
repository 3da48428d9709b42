"""Plans in the REST API: plans, their targets with status, and their actions, which owners add and change.

Every endpoint needs a signed-in caller and reads through the plans querysets'
``restrict``: a plan or action the caller may not see answers 404, one they may
see but not change answers 403. An action is written with the same fields, the
same checks and the same messages as a row of the actions spreadsheet
(:mod:`cohesion.plans.spreadsheets`): each partner adds and changes its own
organisation's actions, the plan's editors any; a status or progress change is
kept in the action's history with the ``note``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cohesion.accounts.permissions import CHANGE, VIEW, get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, record_many
from cohesion.core import spreadsheets as tables
from cohesion.core.params import code_param
from cohesion.plans import spreadsheets
from cohesion.plans.choices import ActionStatus
from cohesion.plans.models import Action, Objective, Plan, PlanTheme, Target

# Record numbers beyond this are no record's (and would overflow the database's integers).
MAX_ID = 2**31 - 1

ERROR_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
WRITE_ERRORS = {
    400: OpenApiResponse(
        response={
            "type": "object",
            "additionalProperties": {
                "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
            },
        },
        description="The action could not be saved: each field with its messages.",
    ),
    403: OpenApiResponse(
        response=ERROR_DETAIL,
        description="Not signed in, or the caller may see the record but not change it.",
    ),
    404: OpenApiResponse(response=ERROR_DETAIL, description="No such record the caller may see."),
}
READ_ERRORS = {403: WRITE_ERRORS[403], 404: WRITE_ERRORS[404]}


def _get(queryset: Any, user: Any, action: str, pk: int) -> Any:
    if not 1 <= pk <= MAX_ID:
        raise Http404("No such record.")
    return get_for_user(queryset, user, action, pk=pk)


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "title", "description", "weight"]


class ThemeSerializer(serializers.ModelSerializer):
    lead_organisation = serializers.CharField(
        source="lead_organisation.name", allow_null=True, default=None
    )
    objectives = ObjectiveSerializer(many=True, read_only=True)

    class Meta:
        model = PlanTheme
        fields = [
            "id",
            "name",
            "lead_organisation",
            "lead_service",
            "our_part",
            "your_part",
            "weight",
            "objectives",
        ]


class PlanSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council_code")
    locality: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    wards: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    partners: Any = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "kind",
            "council",
            "locality",
            "title",
            "summary",
            "status",
            "starts_on",
            "ends_on",
            "wards",
            "partners",
            "review_every_days",
            "is_published",
        ]


class PlanDetailSerializer(PlanSerializer):
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "themes"]


class TargetSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme.name", allow_null=True, default=None)
    indicator = serializers.CharField(source="indicator_code")
    area = serializers.CharField(source="area_code")
    shown_status = serializers.CharField(
        help_text="The manual status where one is set, else the computed one."
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "title",
            "theme",
            "indicator",
            "area",
            "baseline_value",
            "baseline_start",
            "baseline_end",
            "baseline_lower",
            "baseline_upper",
            "target_value",
            "target_date",
            "direction",
            "computed_status",
            "computed_explanation",
            "computed_latest_value",
            "computed_latest_end",
            "computed_at",
            "manual_status",
            "manual_reason",
            "shown_status",
        ]


class ActionSerializer(serializers.ModelSerializer):
    """An action, in the fields (and with the names) of the actions spreadsheet."""

    theme = serializers.CharField(source="theme.name", allow_null=True, default=None)
    objective = serializers.CharField(source="objective.title", allow_null=True, default=None)
    owner_organisation = serializers.CharField(source="owner_organisation.name")
    owner_person = serializers.CharField(
        source="owner_person.username", allow_null=True, default=None
    )
    partners: Any = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    ward = serializers.CharField(source="area_code")
    services = serializers.ListField(
        source="service_ids",
        child=serializers.CharField(),
        read_only=True,
        help_text="The ids of the directory services the action delivers "
        "(as at /openreferral/services/{id}); set on the action's page.",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "theme",
            "objective",
            "title",
            "description",
            "owner_organisation",
            "owner_person",
            "partners",
            "ward",
            "starts_on",
            "due_on",
            "status",
            "progress",
            "dropped_reason",
            "weight",
            "is_public",
            "services",
            "updated_at",
        ]


class ActionWriteSerializer(serializers.Serializer):
    """What a caller sends to add or change an action; every field may be left out of a change."""

    title = serializers.CharField(required=False, max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    theme = serializers.CharField(required=False, allow_blank=True, max_length=200)
    objective = serializers.CharField(required=False, allow_blank=True, max_length=300)
    owner_organisation = serializers.CharField(required=False, max_length=200)
    owner_person = serializers.CharField(required=False, allow_blank=True, max_length=254)
    partners = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=50
    )
    ward = serializers.CharField(required=False, allow_blank=True, max_length=200)
    starts_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    progress = serializers.IntegerField(required=False, min_value=0, max_value=100)
    dropped_reason = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    weight = serializers.IntegerField(required=False, min_value=1, max_value=1000)
    is_public = serializers.BooleanField(required=False)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10_000,
        help_text="A progress note, kept in the action's history.",
    )


def _cells(data: dict[str, Any]) -> dict[str, str]:
    """Validated API fields as the text of spreadsheet cells, so both are checked by one function."""
    cells = {}
    for name, value in data.items():
        if value is None:
            cells[name] = ""
        elif isinstance(value, bool):
            cells[name] = "yes" if value else "no"
        elif isinstance(value, dt.date):
            cells[name] = value.isoformat()
        elif isinstance(value, list):
            cells[name] = f"{tables.LIST_SEPARATOR} ".join(value)
        else:
            cells[name] = str(value)
    return cells


def _flat(detail: Any) -> dict[str, list[str]]:
    """DRF's errors with nested lists (a partner's name) flattened to the documented ``{field: [messages]}``."""
    if not isinstance(detail, dict):
        return {"non_field_errors": [str(m) for m in detail]}
    flat: dict[str, list[str]] = {}
    for name, messages in detail.items():
        if isinstance(messages, dict):
            flat[name] = [str(m) for inner in messages.values() for m in inner]
        else:
            flat[name] = [str(m) for m in messages]
    return flat


def _save_action(request: Request, plan: Plan, action_id: int | None) -> Action:
    """Add or change one action through the spreadsheet's checks; a 400 with every problem otherwise."""
    serializer = ActionWriteSerializer(data=request.data)
    if not serializer.is_valid():
        raise ValidationError(_flat(serializer.errors))
    cells = _cells(dict(serializer.validated_data))
    if action_id is not None:
        cells["id"] = str(action_id)
    outcome = spreadsheets.import_action_cells(plan, cells, request.user)
    if not outcome.ok:
        errors: dict[str, list[str]] = {}
        for problem in outcome.problems:
            errors.setdefault(problem.column or "non_field_errors", []).append(problem.message)
        raise ValidationError(errors)
    return outcome.records[0]  # type: ignore[return-value]


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related(
        "theme", "objective", "owner_organisation", "owner_person"
    ).prefetch_related("partners")


@extend_schema(
    parameters=[OpenApiParameter("council", str, description="a council's GSS code")],
    responses={200: PlanSerializer(many=True), **READ_ERRORS},
)
class PlanList(generics.ListAPIView):
    """The plans the caller may see: their partners' plans in their areas."""

    serializer_class = PlanSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Plan]:
        plans = Plan.objects.restrict(self.request.user, VIEW)
        council = code_param(self.request.query_params, "council", upper=True)
        if council:
            plans = plans.filter(council_code=council)
        return plans.select_related("locality").prefetch_related("wards", "partners")

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        record_many(AuditAction.EXPORT, page or [], "plans", actor=self.request.user, fmt="api")
        return page


@extend_schema(responses={200: PlanDetailSerializer, **READ_ERRORS})
class PlanDetail(generics.RetrieveAPIView):
    """A plan with its themes and objectives."""

    serializer_class = PlanDetailSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self) -> Plan:
        plan = _get(
            Plan.objects.select_related("locality").prefetch_related(
                "wards",
                "partners",
                Prefetch(
                    "themes",
                    queryset=PlanTheme.objects.select_related("lead_organisation").prefetch_related(
                        "objectives"
                    ),
                ),
            ),
            self.request.user,
            VIEW,
            self.kwargs["pk"],
        )
        record(AuditAction.EXPORT, plan, changes={"format": "api"})
        return plan


@extend_schema(responses={200: TargetSerializer(many=True), **READ_ERRORS})
class PlanTargetList(generics.ListAPIView):
    """A plan's targets, each with its computed status, any manual status and the status shown."""

    serializer_class = TargetSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Target]:
        plan = _get(Plan.objects.all(), self.request.user, VIEW, self.kwargs["pk"])
        record(AuditAction.EXPORT, plan, changes={"table": "targets", "format": "api"})
        return plan.targets.select_related("theme").order_by("order", "pk")


class PlanActionList(generics.ListAPIView):
    """A plan's actions the caller may see; POST adds one (the plan's editors, or a partner for itself)."""

    serializer_class = ActionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _plan(self) -> Plan:
        return _get(Plan.objects.all(), self.request.user, VIEW, self.kwargs["pk"])

    def get_queryset(self) -> QuerySet[Action]:
        plan = self._plan()
        actions = _actions().filter(pk__in=Action.objects.restrict(self.request.user, VIEW))
        record(AuditAction.EXPORT, plan, changes={"table": "actions", "format": "api"})
        return actions.filter(plan=plan).order_by("pk")

    @extend_schema(responses={200: ActionSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ActionWriteSerializer, responses={201: ActionSerializer, **WRITE_ERRORS})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self._plan()
        if not spreadsheets.may_import_actions(plan, request.user):
            raise PermissionDenied(
                "Only the plan's editors and its partners' officers add actions."
            )
        action = _save_action(request, plan, None)
        return Response(
            ActionSerializer(_actions().get(pk=action.pk)).data, status=status.HTTP_201_CREATED
        )


class ActionDetail(generics.GenericAPIView):
    """One action; PATCH changes it (its owner organisation's officers and the plan's editors)."""

    serializer_class = ActionSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head"]

    @extend_schema(responses={200: ActionSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        action = _get(_actions().filter(plan__isnull=False), request.user, VIEW, pk)
        record(AuditAction.EXPORT, action, changes={"format": "api"})
        return Response(ActionSerializer(action).data)

    @extend_schema(request=ActionWriteSerializer, responses={200: ActionSerializer, **WRITE_ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        action = _get(Action.objects.filter(plan__isnull=False), request.user, CHANGE, pk)
        assert action.plan is not None
        _save_action(request, action.plan, action.pk)
        return Response(ActionSerializer(_actions().get(pk=action.pk)).data)
