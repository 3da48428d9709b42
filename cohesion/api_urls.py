"""The versioned REST API. Each app contributes its own endpoints here."""

from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from cohesion.core.routes import PUBLIC_API
from cohesion.places import api as places_api

urlpatterns = [
    path("", TemplateView.as_view(template_name="core/api_docs.html"), name="api-docs"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("generations/", places_api.GenerationList.as_view(), name="api-generation-list"),
    path("areas/", places_api.AreaList.as_view(), name="api-area-list"),
    path("areas/<str:code>/", places_api.AreaDetail.as_view(), name="api-area-detail"),
    path("", include("cohesion.indicators.api_urls")),
    path("", include("cohesion.surveys.api_urls")),
    path("", include("cohesion.plans.api_urls")),
    path("", include("cohesion.programme.api_urls")),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
# Each app's endpoints are classified in its own api_urls.py.
ROUTE_CLASSES = {
    "api-docs": PUBLIC_API,
    "api-schema": PUBLIC_API,
    "api-generation-list": PUBLIC_API,
    "api-area-list": PUBLIC_API,
    "api-area-detail": PUBLIC_API,
}
