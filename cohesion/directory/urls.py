from django.urls import path

from cohesion.core.routes import PUBLIC, SENSITIVE, SENSITIVE_FORM
from cohesion.directory import views

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
