"""The site's URLconf plus one route nobody classified, for the permission test's self-test."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("A plan")


urlpatterns = [
    path("", include("cohesion.urls")),
    path("plans/<int:pk>/", plan_detail, name="plans-plan-detail"),
]
