"""Indicator endpoints of the REST API, included under /api/v1/."""

from django.urls import path

from cohesion.core.routes import PUBLIC_API
from cohesion.indicators import api

urlpatterns = [
    path("indicators/", api.IndicatorList.as_view(), name="api-indicator-list"),
    path("indicators/<slug:code>/", api.IndicatorDetail.as_view(), name="api-indicator-detail"),
    path(
        "indicators/<slug:code>/values/",
        api.IndicatorValueList.as_view(),
        name="api-indicator-values",
    ),
    path("datasets/", api.DatasetList.as_view(), name="api-dataset-list"),
    path("areas/<str:code>/indicators/", api.AreaValueList.as_view(), name="api-area-indicators"),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES = {
    "api-indicator-list": PUBLIC_API,
    "api-indicator-detail": PUBLIC_API,
    "api-indicator-values": PUBLIC_API,
    "api-dataset-list": PUBLIC_API,
    "api-area-indicators": PUBLIC_API,
}
