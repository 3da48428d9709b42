"""Survey endpoints of the REST API, included under /api/v1/."""

from django.urls import path

from cohesion.surveys import api

urlpatterns = [
    path("surveys/", api.SurveyList.as_view(), name="api-survey-list"),
    path(
        "surveys/waves/<int:pk>/estimates/",
        api.WaveEstimateList.as_view(),
        name="api-survey-wave-estimates",
    ),
]
