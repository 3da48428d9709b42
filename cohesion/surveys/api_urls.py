"""Survey endpoints of the REST API, included under /api/v1/."""

from django.urls import path

from cohesion.core.routes import PUBLIC_API, SENSITIVE_API
from cohesion.surveys import api

urlpatterns = [
    path("surveys/", api.SurveyList.as_view(), name="api-survey-list"),
    path(
        "surveys/waves/<int:pk>/estimates/",
        api.WaveEstimateList.as_view(),
        name="api-survey-wave-estimates",
    ),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
# The survey list holds only what the caller may see (empty for anonymous callers).
ROUTE_CLASSES = {
    "api-survey-list": PUBLIC_API,
    "api-survey-wave-estimates": SENSITIVE_API,
}
