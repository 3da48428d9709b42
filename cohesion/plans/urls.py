"""Addresses of localities, plans, targets, meetings and actions (DESIGN.md, "Addresses").

Each part of the app keeps its routes in its own block below, with their classes
in ``ROUTE_CLASSES`` (cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from django.urls import path, register_converter

from cohesion.core.routes import PUBLIC, SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.plans.views import (
    action_list,
    editing,
    localities,
    pages,
    public,
    reviews,
    spreadsheets,
    targets,
)


class SheetFormatConverter:
    """``csv`` or ``xlsx``: the formats a plan's tables download in and upload from."""

    regex = r"csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SheetFormatConverter, "sheet")


# --- Plans pages: steering group, localities, plans, themes, objectives, actions ----------
pages_patterns = [
    path("plans/steering/", pages.steering_index, name="plans-steering-index"),
    path("plans/steering/<str:council_code>/", pages.steering_page, name="plans-steering"),
    path(
        "plans/steering/<str:council_code>.<fmt:fmt>",
        pages.steering_page,
        name="plans-steering-twin",
    ),
    path(
        "plans/council-themes/<str:council_code>/",
        editing.council_themes,
        name="plans-council-themes",
    ),
    path(
        "plans/council-themes/edit/<int:pk>/",
        editing.council_theme_edit,
        name="plans-council-theme-edit",
    ),
    path("plans/localities/", pages.locality_list, name="plans-locality-list"),
    path("plans/localities.<fmt:fmt>", pages.locality_list, name="plans-locality-list-twin"),
    path(
        "plans/localities/new/<str:council_code>/",
        localities.locality_create,
        name="plans-locality-create",
    ),
    path("plans/localities/<int:pk>/", pages.locality_page, name="plans-locality"),
    path("plans/localities/<int:pk>/edit/", localities.locality_edit, name="plans-locality-edit"),
    path("plans/localities/<int:pk>.<fmt:fmt>", pages.locality_page, name="plans-locality-twin"),
    path("plans/localities/<int:pk>/plans/new/", editing.plan_create, name="plans-plan-create"),
    path("plans/<int:pk>/", pages.plan_page, name="plans-plan"),
    path("plans/<int:pk>.<fmt:fmt>", pages.plan_page, name="plans-plan-twin"),
    path("plans/<int:pk>/edit/", editing.plan_edit, name="plans-plan-edit"),
    path("plans/<int:pk>/themes/new/", editing.theme_edit, name="plans-theme-create"),
    path("plans/themes/<int:pk>/edit/", editing.theme_edit, name="plans-theme-edit"),
    path(
        "plans/themes/<int:pk>/objectives/new/",
        editing.objective_edit,
        name="plans-objective-create",
    ),
    path("plans/objectives/<int:pk>/edit/", editing.objective_edit, name="plans-objective-edit"),
    path("plans/<int:pk>/actions/new/", editing.action_create, name="plans-action-create"),
    path("plans/actions/", action_list.action_list, name="plans-action-list"),
    path("plans/actions.<fmt:fmt>", action_list.action_list, name="plans-action-list-twin"),
    path("plans/actions/<int:pk>/", editing.action_page, name="plans-action"),
    path("plans/actions/<int:pk>.<fmt:fmt>", editing.action_page, name="plans-action-twin"),
    path("plans/actions/<int:pk>/edit/", editing.action_edit, name="plans-action-edit"),
    path("plans/actions/<int:pk>/status/", editing.action_status, name="plans-action-status"),
    path("areas/<str:code>/plans.<fmt:fmt>", public.area_plans, name="plans-area-plans"),
    path(
        "localities/<str:council_code>/<slug:slug>/",
        public.locality_public,
        name="plans-locality-public",
    ),
]

urlpatterns: list[Any] = [*pages_patterns]

pages_route_classes: dict[str, RouteClass] = {
    "plans-steering-index": SENSITIVE,
    "plans-steering": SENSITIVE,
    "plans-steering-twin": SENSITIVE,
    "plans-council-themes": SENSITIVE_FORM,
    "plans-council-theme-edit": SENSITIVE_FORM,
    "plans-locality-list": SENSITIVE,
    "plans-locality-list-twin": SENSITIVE,
    "plans-locality": SENSITIVE,
    "plans-locality-create": SENSITIVE_FORM,
    "plans-locality-edit": SENSITIVE_FORM,
    "plans-locality-twin": SENSITIVE,
    "plans-plan-create": SENSITIVE_FORM,
    "plans-plan": SENSITIVE,
    "plans-plan-twin": SENSITIVE,
    "plans-plan-edit": SENSITIVE_FORM,
    "plans-theme-create": SENSITIVE_FORM,
    "plans-theme-edit": SENSITIVE_FORM,
    "plans-objective-create": SENSITIVE_FORM,
    "plans-objective-edit": SENSITIVE_FORM,
    "plans-action-create": SENSITIVE_FORM,
    "plans-action-list": SENSITIVE,
    "plans-action-list-twin": SENSITIVE,
    "plans-action": SENSITIVE,
    "plans-action-twin": SENSITIVE,
    "plans-action-edit": SENSITIVE_FORM,
    "plans-action-status": SENSITIVE_FORM,
    # Public parts for anyone; a partner also sees the plans they read.
    "plans-area-plans": PUBLIC,
    "plans-locality-public": PUBLIC,
}

ROUTE_CLASSES: dict[str, RouteClass] = {**pages_route_classes}

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

# --- Reviews and meetings, escalations, actions raised from tensions records ----------
review_patterns = [
    path("plans/meetings/", reviews.meeting_list, name="plans-meeting-list"),
    path("plans/meetings.<fmt:fmt>", reviews.meeting_list, name="plans-meeting-list-twin"),
    path("plans/meetings/new/", reviews.meeting_add, name="plans-meeting-add"),
    path("plans/meetings/<int:pk>/", reviews.meeting_detail, name="plans-meeting-detail"),
    path(
        "plans/meetings/<int:pk>.<fmt:fmt>",
        reviews.meeting_detail,
        name="plans-meeting-detail-twin",
    ),
    path("plans/plan/<int:plan_pk>/reviews/new/", reviews.review_add, name="plans-review-add"),
    path(
        "plans/escalations/<int:pk>/resolve/",
        reviews.escalation_resolve,
        name="plans-escalation-resolve",
    ),
    path(
        "plans/raise/<str:source_kind>/<int:source_id>/action/",
        reviews.action_raise,
        name="plans-action-raise",
    ),
    path(
        "plans/raise/<str:source_kind>/<int:source_id>/plan/",
        reviews.issue_plan_open,
        name="plans-issue-plan-open",
    ),
]
urlpatterns += review_patterns
ROUTE_CLASSES |= {
    "plans-meeting-list": SENSITIVE,
    "plans-meeting-list-twin": SENSITIVE,
    "plans-meeting-add": SENSITIVE_FORM,
    "plans-meeting-detail": SENSITIVE,
    "plans-meeting-detail-twin": SENSITIVE,
    "plans-review-add": SENSITIVE_FORM,
    "plans-escalation-resolve": SENSITIVE_FORM,
    "plans-action-raise": SENSITIVE_FORM,
    "plans-issue-plan-open": SENSITIVE_FORM,
}
