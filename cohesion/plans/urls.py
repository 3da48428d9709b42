"""Addresses of localities, plans, targets, meetings and actions (DESIGN.md, "Addresses").

Each part of the app keeps its routes in its own block below, with their classes
in ``ROUTE_CLASSES`` (cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from cohesion.core.routes import SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.plans.views import reviews

urlpatterns: list[Any] = []

ROUTE_CLASSES: dict[str, RouteClass] = {}

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
    path("plans/actions/<int:pk>/history/", reviews.action_history, name="plans-action-history"),
    path(
        "plans/actions/<int:pk>/history.<fmt:fmt>",
        reviews.action_history,
        name="plans-action-history-twin",
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
    "plans-action-history": SENSITIVE,
    "plans-action-history-twin": SENSITIVE,
    "plans-action-raise": SENSITIVE_FORM,
    "plans-issue-plan-open": SENSITIVE_FORM,
}
