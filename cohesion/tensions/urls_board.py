"""Addresses for tension assessments, the tension board, trigger events, rumours, impact assessments and early warning."""

from django.urls import path

from cohesion.core.routes import PUBLIC, SENSITIVE, SENSITIVE_FORM, SIGNED_IN, SIGNED_IN_FORM
from cohesion.tensions.views import assessment as assess
from cohesion.tensions.views import board

urlpatterns = [
    # The tension board and the public weekly counts.
    path("tensions/board/", board.board_index, name="tensions-board-index"),
    path("tensions/board/<str:council_code>/", board.board, name="tensions-board"),
    path("tensions/board/<str:council_code>.<fmt:fmt>", board.board, name="tensions-board-twin"),
    path("tensions/public/", board.public_index, name="tensions-public-index"),
    path("tensions/public/<str:council_code>/", board.public_counts, name="tensions-public"),
    path(
        "tensions/public/<str:council_code>.<fmt:fmt>",
        board.public_counts,
        name="tensions-public-twin",
    ),
    # An area's tension record, its assessments and partner intelligence.
    path("tensions/areas/<str:code>/", assess.area_page, name="tensions-area"),
    path("tensions/areas/<str:code>.<fmt:fmt>", assess.area_page, name="tensions-area-twin"),
    path(
        "tensions/areas/<str:code>/assessments/new/",
        assess.assessment_add,
        name="tensions-assessment-add",
    ),
    path(
        "tensions/areas/<str:code>/intelligence/new/",
        assess.intelligence_add,
        name="tensions-intelligence-add",
    ),
    path("tensions/areas/<str:code>/follow/", board.follow, name="tensions-area-follow"),
    path(
        "tensions/assessments/<int:pk>/",
        assess.assessment_detail,
        name="tensions-assessment-detail",
    ),
    path(
        "tensions/assessments/<int:pk>/edit/",
        assess.assessment_edit,
        name="tensions-assessment-edit",
    ),
    # The level scale.
    path("tensions/levels/", assess.level_list, name="tensions-level-list"),
    path("tensions/levels/new/", assess.level_edit, name="tensions-level-add"),
    path("tensions/levels/<int:pk>/edit/", assess.level_edit, name="tensions-level-edit"),
    # Trigger events.
    path("tensions/calendar/", assess.trigger_event_list, name="tensions-trigger-event-list"),
    path(
        "tensions/calendar.<fmt:fmt>",
        assess.trigger_event_list,
        name="tensions-trigger-event-list-twin",
    ),
    path("tensions/calendar/new/", assess.trigger_event_edit, name="tensions-trigger-event-add"),
    path(
        "tensions/calendar/<int:pk>/",
        assess.trigger_event_detail,
        name="tensions-trigger-event-detail",
    ),
    path(
        "tensions/calendar/<int:pk>/edit/",
        assess.trigger_event_edit,
        name="tensions-trigger-event-edit",
    ),
    # Rumours.
    path("tensions/rumours/", assess.rumour_list, name="tensions-rumour-list"),
    path("tensions/rumours.<fmt:fmt>", assess.rumour_list, name="tensions-rumour-list-twin"),
    path("tensions/rumours/new/", assess.rumour_edit, name="tensions-rumour-add"),
    path("tensions/rumours/<int:pk>/", assess.rumour_detail, name="tensions-rumour-detail"),
    path("tensions/rumours/<int:pk>/edit/", assess.rumour_edit, name="tensions-rumour-edit"),
    # Community impact assessments.
    path("tensions/impact/new/", assess.impact_add, name="tensions-impact-new"),
    path("tensions/impact/new/<str:reference>/", assess.impact_add, name="tensions-impact-add"),
    path("tensions/impact/<int:pk>/", assess.impact_detail, name="tensions-impact-detail"),
    path(
        "tensions/impact/<int:pk>.<fmt:fmt>",
        assess.impact_detail,
        name="tensions-impact-detail-twin",
    ),
    path("tensions/impact/<int:pk>/edit/", assess.impact_edit, name="tensions-impact-edit"),
    # Early warning.
    path("tensions/early-warning/", board.alert_list, name="tensions-alert-list"),
    path("tensions/early-warning.<fmt:fmt>", board.alert_list, name="tensions-alert-list-twin"),
    path(
        "tensions/early-warning/<str:code>/",
        board.early_warning_area,
        name="tensions-early-warning-area",
    ),
    path(
        "tensions/early-warning/<str:code>.<fmt:fmt>",
        board.early_warning_area,
        name="tensions-early-warning-area-twin",
    ),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
# The board index only redirects to a board; the level list is the scale everyone reads; following a
# ward is a member's own setting (the view still refuses wards outside their scope).
ROUTE_CLASSES = {
    "tensions-board-index": SIGNED_IN,
    "tensions-board": SENSITIVE,
    "tensions-board-twin": SENSITIVE,
    "tensions-public-index": PUBLIC,
    "tensions-public": PUBLIC,
    "tensions-public-twin": PUBLIC,
    "tensions-area": SENSITIVE,
    "tensions-area-twin": SENSITIVE,
    "tensions-assessment-add": SENSITIVE_FORM,
    "tensions-intelligence-add": SENSITIVE_FORM,
    "tensions-area-follow": SIGNED_IN_FORM,
    "tensions-assessment-detail": SENSITIVE,
    "tensions-assessment-edit": SENSITIVE_FORM,
    "tensions-level-list": SIGNED_IN,
    "tensions-level-add": SENSITIVE_FORM,
    "tensions-level-edit": SENSITIVE_FORM,
    "tensions-trigger-event-list": SENSITIVE,
    "tensions-trigger-event-list-twin": SENSITIVE,
    "tensions-trigger-event-add": SENSITIVE_FORM,
    "tensions-trigger-event-detail": SENSITIVE,
    "tensions-trigger-event-edit": SENSITIVE_FORM,
    "tensions-rumour-list": SENSITIVE,
    "tensions-rumour-list-twin": SENSITIVE,
    "tensions-rumour-add": SENSITIVE_FORM,
    "tensions-rumour-detail": SENSITIVE,
    "tensions-rumour-edit": SENSITIVE_FORM,
    "tensions-impact-new": SENSITIVE_FORM,
    "tensions-impact-add": SENSITIVE_FORM,
    "tensions-impact-detail": SENSITIVE,
    "tensions-impact-detail-twin": SENSITIVE,
    "tensions-impact-edit": SENSITIVE_FORM,
    "tensions-alert-list": SENSITIVE,
    "tensions-alert-list-twin": SENSITIVE,
    "tensions-early-warning-area": SENSITIVE,
    "tensions-early-warning-area-twin": SENSITIVE,
}
