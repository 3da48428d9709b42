"""Programme endpoints of the REST API, included under /api/v1/."""

from __future__ import annotations

from typing import Any

from django.urls import path

from cohesion.core.routes import PUBLIC_API, SENSITIVE_API, RouteClass
from cohesion.programme import api, api_volunteers

urlpatterns: list[Any] = [
    path("programme/events/", api.EventList.as_view(), name="api-programme-event-list"),
    path(
        "programme/events/<int:pk>/", api.EventDetail.as_view(), name="api-programme-event-detail"
    ),
    path(
        "programme/public/<str:council_code>/events/",
        api.PublicEventList.as_view(),
        name="api-programme-public-events",
    ),
    path(
        "programme/grant-rounds/", api.GrantRoundList.as_view(), name="api-programme-grant-rounds"
    ),
]

# The volunteer register and interpreter bookings.
urlpatterns += [
    path(
        "programme/volunteers/",
        api_volunteers.VolunteerList.as_view(),
        name="api-programme-volunteer-list",
    ),
    path(
        "programme/interpreter-bookings/",
        api_volunteers.BookingList.as_view(),
        name="api-programme-booking-list",
    ),
]

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES: dict[str, RouteClass] = {
    "api-programme-event-list": SENSITIVE_API,
    "api-programme-event-detail": SENSITIVE_API,
    "api-programme-public-events": PUBLIC_API,
    "api-programme-grant-rounds": SENSITIVE_API,
    "api-programme-volunteer-list": SENSITIVE_API,
    "api-programme-booking-list": SENSITIVE_API,
}
