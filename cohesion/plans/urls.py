"""Addresses of localities, plans, targets, meetings and actions (DESIGN.md, "Addresses").

Each part of the app keeps its routes in its own block below, with their classes
in ``ROUTE_CLASSES`` (cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from django.urls import path, register_converter

from cohesion.core.routes import SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.plans.views import spreadsheets


class SheetFormatConverter:
    """``csv`` or ``xlsx``: the formats a plan's tables download in and upload from."""

    regex = r"csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SheetFormatConverter, "sheet")

urlpatterns: list[Any] = []

ROUTE_CLASSES: dict[str, RouteClass] = {}

# --- Import and export: plans, actions and targets in the same columns (plans-io) ---
urlpatterns += [
    path(
        "plans/export/<str:council>/plans.<sheet:sheet>",
        spreadsheets.export_plans,
        name="plans-io-export-plans",
    ),
    path("plans/import/plans/", spreadsheets.import_plans, name="plans-io-import-plans"),
    path(
        "plans/<int:pk>/export/actions.<sheet:sheet>",
        spreadsheets.export_actions,
        name="plans-io-export-actions",
    ),
    path(
        "plans/<int:pk>/import/actions/",
        spreadsheets.import_actions,
        name="plans-io-import-actions",
    ),
    path(
        "plans/<int:pk>/export/targets.<sheet:sheet>",
        spreadsheets.export_targets,
        name="plans-io-export-targets",
    ),
    path(
        "plans/<int:pk>/import/targets/",
        spreadsheets.import_targets,
        name="plans-io-import-targets",
    ),
]
ROUTE_CLASSES |= {
    "plans-io-export-plans": SENSITIVE,
    "plans-io-import-plans": SENSITIVE_FORM,
    "plans-io-export-actions": SENSITIVE,
    "plans-io-import-actions": SENSITIVE_FORM,
    "plans-io-export-targets": SENSITIVE,
    "plans-io-import-targets": SENSITIVE_FORM,
}
