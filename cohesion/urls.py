"""Cohesion's addresses. Each app owns its own under a stable prefix (DESIGN.md, "Addresses")."""

from django.contrib import admin
from django.urls import include, path, register_converter

from cohesion.core.routes import PUBLIC_FORM, STAFF
from cohesion.core.twins import TwinFormatConverter

register_converter(TwinFormatConverter, "fmt")

urlpatterns = [
    path("", include("cohesion.core.urls")),
    path("", include("cohesion.places.urls")),
    path("", include("cohesion.indicators.urls")),
    path("", include("cohesion.tensions.urls")),
    path("", include("cohesion.surveys.urls")),
    path("", include("cohesion.plans.urls")),
    path("", include("cohesion.directory.urls")),
    path("", include("cohesion.programme.urls")),
    path("", include("cohesion.packs.urls")),
    path("", include("cohesion.jobs.urls")),
    path("accounts/", include("cohesion.accounts.urls")),
    path("audit/", include("cohesion.audit.urls")),
    path("api/v1/", include("cohesion.api_urls")),
    path("openreferral/", include("cohesion.directory.openreferral.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "cohesion.core.views.bad_request"

# Who may open each address: each app classifies its own routes in its urls.py; the Django admin,
# mounted from elsewhere, is classified here as a whole (cohesion/core/routes.py).
ROUTE_CLASSES = {
    "admin:*": STAFF,
    # Its sign-in page answers anyone, like the site's own.
    "admin:login": PUBLIC_FORM,
    "admin:logout": PUBLIC_FORM,
}

handler403 = "cohesion.core.views.permission_denied"
handler404 = "cohesion.core.views.page_not_found"
handler500 = "cohesion.core.views.server_error"
