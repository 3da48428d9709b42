"""``/openreferral/``: the Open Referral UK API (DESIGN.md, "Addresses")."""

from django.urls import path

from cohesion.core.routes import PUBLIC_API
from cohesion.directory.openreferral import views

urlpatterns = [
    path("", views.api_root, name="directory-oruk-root"),
    path("openapi.json", views.openapi, name="directory-oruk-openapi"),
    path("services", views.service_list, name="directory-oruk-services"),
    path("services/<str:id>", views.service_detail, name="directory-oruk-service"),
    path("organizations", views.organisation_list, name="directory-oruk-organizations"),
    path("organizations/<str:id>", views.organisation_detail, name="directory-oruk-organization"),
    path(
        "service_at_locations",
        views.service_at_location_list,
        name="directory-oruk-service-at-locations",
    ),
    path(
        "service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="directory-oruk-service-at-location",
    ),
    path("taxonomies", views.taxonomy_list, name="directory-oruk-taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy_detail, name="directory-oruk-taxonomy"),
    path("taxonomy_terms", views.taxonomy_term_list, name="directory-oruk-taxonomy-terms"),
    path(
        "taxonomy_terms/<str:id>", views.taxonomy_term_detail, name="directory-oruk-taxonomy-term"
    ),
]

# Open Referral UK requires open endpoints: every one is public and lists only published entries.
ROUTE_CLASSES = {pattern.name: PUBLIC_API for pattern in urlpatterns if pattern.name}
