"""Addresses of the tensions app.

Two engineers share this file, one block each, so that neither edits the other's lines:
- REPORTS AND CASES (public form, intake, triage): views in views/public.py and views/reports.py.
- ASSESSMENTS, TRIGGER EVENTS, RUMOURS, BOARD AND ALERTS: add your patterns to
  ``assessment_patterns`` below (views in your own modules, URL names prefixed ``tensions-``).
``/report/`` is a stable public address (DESIGN.md): do not move it.
"""

from django.urls import path

from cohesion.core.routes import PUBLIC, PUBLIC_FORM, SENSITIVE, SENSITIVE_FORM
from cohesion.tensions import urls_board as board_urls
from cohesion.tensions.views import public, reports

# --- Reports and cases -------------------------------------------------------
report_patterns = [
    path("report/", public.public_report, name="tensions-public-report"),
    path("report/sent/", public.public_report_sent, name="tensions-public-report-sent"),
    path("report/areas.geojson", public.public_areas, name="tensions-public-areas"),
    path("tensions/reports/", reports.report_list, name="tensions-report-list"),
    path("tensions/reports.<fmt:fmt>", reports.report_list, name="tensions-report-list-twin"),
    path("tensions/reports/new/", reports.queue_new, name="tensions-queue-new"),
    path("tensions/reports/new.<fmt:fmt>", reports.queue_new, name="tensions-queue-new-twin"),
    path("tensions/reports/overdue/", reports.queue_overdue, name="tensions-queue-overdue"),
    path(
        "tensions/reports/overdue.<fmt:fmt>",
        reports.queue_overdue,
        name="tensions-queue-overdue-twin",
    ),
    path("tensions/reports/record/", reports.report_intake, name="tensions-intake"),
    path("tensions/reports/<str:reference>/", reports.report_detail, name="tensions-report-detail"),
    path(
        "tensions/reports/<str:reference>/contact/",
        reports.report_contact,
        name="tensions-report-contact",
    ),
    path(
        "tensions/reports/<str:reference>/triage/",
        reports.report_triage,
        name="tensions-report-triage",
    ),
    path(
        "tensions/reports/<str:reference>/status/",
        reports.report_status,
        name="tensions-report-status",
    ),
    path(
        "tensions/reports/<str:reference>/assign/",
        reports.report_assign,
        name="tensions-report-assign",
    ),
    path(
        "tensions/reports/<str:reference>/refer/",
        reports.report_refer,
        name="tensions-report-refer",
    ),
    path(
        "tensions/reports/<str:reference>/note/", reports.report_note, name="tensions-report-note"
    ),
    path(
        "tensions/reports/<str:reference>/link/", reports.report_link, name="tensions-report-link"
    ),
    path(
        "tensions/reports/<str:reference>/contact-made/",
        reports.report_contact_made,
        name="tensions-report-contact-made",
    ),
]

# --- Assessments, trigger events, rumours, board and alerts ---------------------
assessment_patterns: list = board_urls.urlpatterns  # cohesion/tensions/urls_board.py

urlpatterns = report_patterns + assessment_patterns

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
report_route_classes = {
    "tensions-public-report": PUBLIC_FORM,
    "tensions-public-report-sent": PUBLIC,
    "tensions-public-areas": PUBLIC,
    "tensions-report-list": SENSITIVE,
    "tensions-report-list-twin": SENSITIVE,
    "tensions-queue-new": SENSITIVE,
    "tensions-queue-new-twin": SENSITIVE,
    "tensions-queue-overdue": SENSITIVE,
    "tensions-queue-overdue-twin": SENSITIVE,
    "tensions-intake": SENSITIVE_FORM,
    "tensions-report-detail": SENSITIVE,
    "tensions-report-contact": SENSITIVE,
    "tensions-report-triage": SENSITIVE_FORM,
    "tensions-report-status": SENSITIVE_FORM,
    "tensions-report-assign": SENSITIVE_FORM,
    "tensions-report-refer": SENSITIVE_FORM,
    "tensions-report-note": SENSITIVE_FORM,
    "tensions-report-link": SENSITIVE_FORM,
    "tensions-report-contact-made": SENSITIVE_FORM,
}
ROUTE_CLASSES = report_route_classes | board_urls.ROUTE_CLASSES
