from django.urls import path

from cohesion.core.routes import PUBLIC, PUBLIC_FORM, SENSITIVE, SENSITIVE_FORM
from cohesion.directory import views, views_maintain

# --- search, service pages, print view (public) ---
urlpatterns = [
    path("directory/", views.search, name="directory-search"),
    path("directory/search.<fmt:fmt>", views.search, name="directory-search-twin"),
    path("directory/print/", views.print_list, name="directory-print"),
    path("directory/services/<uuid:pk>/", views.service_detail, name="directory-service"),
    path(
        "directory/services/<uuid:pk>.<fmt:fmt>",
        views.service_detail,
        name="directory-service-twin",
    ),
    # --- need against provision (public statistics) ---
    path("directory/need/<str:council>/<slug:need>/", views.need_provision, name="directory-need"),
    path(
        "directory/need/<str:council>/<slug:need>.<fmt:fmt>",
        views.need_provision,
        name="directory-need-twin",
    ),
    # --- signposting from a case ---
    path("directory/signpost/<str:reference>/", views.signpost_case, name="directory-signpost"),
    # --- signposts and referrals counted per service, for the council ---
    path(
        "directory/signposts/<str:council>/",
        views.signpost_counts,
        name="directory-signpost-counts",
    ),
    path(
        "directory/signposts/<str:council>.<fmt:fmt>",
        views.signpost_counts,
        name="directory-signpost-counts-twin",
    ),
]

# --- keeping it true: owners maintain entries, coordinators review, the public reports mistakes ---
urlpatterns += [
    path("directory/manage/", views_maintain.manage, name="directory-manage"),
    path(
        "directory/manage/organisations/<uuid:pk>/services/new/",
        views_maintain.service_add,
        name="directory-manage-service-add",
    ),
    path(
        "directory/manage/organisations/<uuid:pk>/confirm/",
        views_maintain.organisation_confirm,
        name="directory-manage-organisation-confirm",
    ),
    path(
        "directory/manage/services/<uuid:pk>/",
        views_maintain.service_manage,
        name="directory-manage-service",
    ),
    path(
        "directory/manage/services/<uuid:pk>/edit/",
        views_maintain.service_edit,
        name="directory-manage-service-edit",
    ),
    path(
        "directory/manage/services/<uuid:pk>/confirm/",
        views_maintain.service_confirm,
        name="directory-manage-service-confirm",
    ),
    path(
        "directory/review/<str:council>/",
        views_maintain.review_queue,
        name="directory-review-queue",
    ),
    path(
        "directory/review/changes/<int:pk>/",
        views_maintain.change_detail,
        name="directory-review-change",
    ),
    path(
        "directory/review/mistakes/<int:pk>/",
        views_maintain.mistake_detail,
        name="directory-review-mistake",
    ),
    path(
        "directory/services/<uuid:pk>/report-a-mistake/",
        views_maintain.report_mistake,
        name="directory-report-mistake",
    ),
    path(
        "directory/services/<uuid:pk>/report-a-mistake/sent/",
        views_maintain.report_mistake_sent,
        name="directory-report-mistake-sent",
    ),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES = {
    # --- search, service pages, print view: published entries are public ---
    "directory-search": PUBLIC,
    "directory-search-twin": PUBLIC,
    "directory-print": PUBLIC,
    "directory-service": PUBLIC,
    "directory-service-twin": PUBLIC,
    "directory-need": PUBLIC,
    "directory-need-twin": PUBLIC,
    # A case's reference and what was done for the person: those who may add to the case.
    "directory-signpost": SENSITIVE_FORM,
    # Counts about a council's cases: its members, through disclosure control below coordinator.
    "directory-signpost-counts": SENSITIVE,
    "directory-signpost-counts-twin": SENSITIVE,
}

# --- keeping it true ---
ROUTE_CLASSES |= {
    # An owner's entries and a coordinator's queues: what they maintain, nothing for others.
    "directory-manage": SENSITIVE,
    "directory-review-queue": SENSITIVE,
    "directory-manage-service": SENSITIVE,
    # Changes to entries, confirmations, decisions and closing reports: owners and coordinators.
    "directory-manage-service-add": SENSITIVE_FORM,
    "directory-manage-service-edit": SENSITIVE_FORM,
    "directory-manage-service-confirm": SENSITIVE_FORM,
    "directory-manage-organisation-confirm": SENSITIVE_FORM,
    "directory-review-change": SENSITIVE_FORM,
    "directory-review-mistake": SENSITIVE_FORM,
    # The public's "report a mistake" on a published service, and its confirmation.
    "directory-report-mistake": PUBLIC_FORM,
    "directory-report-mistake-sent": PUBLIC,
}
