"""Addresses of localities, plans, targets, meetings and actions (DESIGN.md, "Addresses").

Each part of the app keeps its routes in its own block below, with their classes
in ``ROUTE_CLASSES`` (cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from cohesion.core.routes import SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.plans.views import targets

urlpatterns: list[Any] = []

ROUTE_CLASSES: dict[str, RouteClass] = {}

# --- Targets bound to indicators (views/targets.py) -----------------------------------
target_patterns = [
    path("plans/<int:plan_pk>/targets/new/", targets.target_add, name="plans-target-add"),
    path("plans/targets/<int:pk>/", targets.target_detail, name="plans-target-detail"),
    path(
        "plans/targets/<int:pk>.<fmt:fmt>", targets.target_detail, name="plans-target-detail-twin"
    ),
    path("plans/targets/<int:pk>/edit/", targets.target_edit, name="plans-target-edit"),
    path("plans/targets/<int:pk>/status/", targets.target_status, name="plans-target-status"),
]
urlpatterns += target_patterns
ROUTE_CLASSES.update(
    {
        "plans-target-add": SENSITIVE_FORM,
        "plans-target-detail": SENSITIVE,
        "plans-target-detail-twin": SENSITIVE,
        "plans-target-edit": SENSITIVE_FORM,
        "plans-target-status": SENSITIVE_FORM,
    }
)
