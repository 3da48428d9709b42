"""Plans endpoints of the REST API, included under /api/v1/."""

from __future__ import annotations

from typing import Any

from django.urls import path

from cohesion.core.routes import SENSITIVE_API, RouteClass
from cohesion.plans import api

urlpatterns: list[Any] = []

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES: dict[str, RouteClass] = {}

# --- Plans, targets and actions (plans-io): signed-in callers only; records through restrict ---
urlpatterns += [
    path("plans/", api.PlanList.as_view(), name="api-plans-plan-list"),
    path("plans/<int:pk>/", api.PlanDetail.as_view(), name="api-plans-plan-detail"),
    path("plans/<int:pk>/targets/", api.PlanTargetList.as_view(), name="api-plans-plan-targets"),
    path("plans/<int:pk>/actions/", api.PlanActionList.as_view(), name="api-plans-plan-actions"),
    path("plans/actions/<int:pk>/", api.ActionDetail.as_view(), name="api-plans-action-detail"),
]
ROUTE_CLASSES |= {
    "api-plans-plan-list": SENSITIVE_API,
    "api-plans-plan-detail": SENSITIVE_API,
    "api-plans-plan-targets": SENSITIVE_API,
    "api-plans-plan-actions": SENSITIVE_API,
    "api-plans-action-detail": SENSITIVE_API,
}
