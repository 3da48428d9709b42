"""Addresses of the partnership programme (DESIGN.md, "Addresses": ``/events/`` and
``/events/<council GSS code>.ics``), with their classes in ``ROUTE_CLASSES``
(cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from cohesion.core.routes import PUBLIC, SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.programme.views import calendar, public, volunteers

# --- The partners' calendar: events, clash warnings, outcomes ---
urlpatterns: list[Any] = [
    path("programme/", calendar.event_list, name="programme-event-list"),
    path("programme.<fmt:fmt>", calendar.event_list, name="programme-event-list-twin"),
    path("programme/events/new/", calendar.event_add, name="programme-event-add"),
    path("programme/events/<int:pk>/", calendar.event_page, name="programme-event"),
    path("programme/events/<int:pk>.<fmt:fmt>", calendar.event_page, name="programme-event-twin"),
    path("programme/events/<int:pk>/edit/", calendar.event_edit, name="programme-event-edit"),
    path("programme/events/<int:pk>/outcomes/", calendar.outcome_add, name="programme-outcome-add"),
]
ROUTE_CLASSES: dict[str, RouteClass] = {
    "programme-event-list": SENSITIVE,
    "programme-event-list-twin": SENSITIVE,
    "programme-event-add": SENSITIVE_FORM,
    "programme-event": SENSITIVE,
    "programme-event-twin": SENSITIVE,
    "programme-event-edit": SENSITIVE_FORM,
    "programme-outcome-add": SENSITIVE_FORM,
}

# --- The volunteer and interpreter register: volunteers, checks, hours, interpreter bookings ---
urlpatterns += [
    path("programme/volunteers/", volunteers.register_list, name="programme-volunteer-list"),
    path(
        "programme/volunteers.<fmt:fmt>",
        volunteers.register_list,
        name="programme-volunteer-list-twin",
    ),
    path("programme/volunteers/new/", volunteers.volunteer_add, name="programme-volunteer-add"),
    path("programme/volunteers/<int:pk>/", volunteers.volunteer_page, name="programme-volunteer"),
    path(
        "programme/volunteers/<int:pk>/edit/",
        volunteers.volunteer_edit,
        name="programme-volunteer-edit",
    ),
    path(
        "programme/volunteers/<int:pk>/checks/",
        volunteers.check_add,
        name="programme-volunteer-check-add",
    ),
    path(
        "programme/volunteers/<int:pk>/hours/",
        volunteers.volunteer_hours_add,
        name="programme-volunteer-hours-add",
    ),
    path(
        "programme/events/<int:pk>/volunteer-hours/",
        volunteers.event_hours_add,
        name="programme-event-hours-add",
    ),
    path("programme/interpreters/", volunteers.booking_list, name="programme-booking-list"),
    path(
        "programme/interpreters.<fmt:fmt>",
        volunteers.booking_list,
        name="programme-booking-list-twin",
    ),
    path("programme/interpreters/new/", volunteers.booking_add, name="programme-booking-add"),
    path("programme/interpreters/<int:pk>/", volunteers.booking_page, name="programme-booking"),
]
ROUTE_CLASSES |= {
    "programme-volunteer-list": SENSITIVE,
    "programme-volunteer-list-twin": SENSITIVE,
    "programme-volunteer-add": SENSITIVE_FORM,
    "programme-volunteer": SENSITIVE,
    "programme-volunteer-edit": SENSITIVE_FORM,
    "programme-volunteer-check-add": SENSITIVE_FORM,
    "programme-volunteer-hours-add": SENSITIVE_FORM,
    "programme-event-hours-add": SENSITIVE_FORM,
    "programme-booking-list": SENSITIVE,
    "programme-booking-list-twin": SENSITIVE,
    "programme-booking-add": SENSITIVE_FORM,
    "programme-booking": SENSITIVE_FORM,
}

# --- Public events per council and per locality, their iCal feeds and twins, and totals ---
urlpatterns += [
    path("events/", public.events_index, name="programme-public-index"),
    path("events/<str:council_code>.ics", public.council_ics, name="programme-public-ics"),
    path(
        "events/<str:council_code>.<fmt:fmt>",
        public.council_events,
        name="programme-public-council-twin",
    ),
    path("events/<str:council_code>/", public.council_events, name="programme-public-council"),
    path("events/<str:council_code>/totals/", public.totals_page, name="programme-totals"),
    path(
        "events/<str:council_code>/totals.<fmt:fmt>",
        public.totals_page,
        name="programme-totals-twin",
    ),
    path(
        "events/<str:council_code>/<slug:slug>.ics",
        public.locality_ics,
        name="programme-public-locality-ics",
    ),
    path(
        "events/<str:council_code>/<slug:slug>.<fmt:fmt>",
        public.locality_events,
        name="programme-public-locality-twin",
    ),
    path(
        "events/<str:council_code>/<slug:slug>/",
        public.locality_events,
        name="programme-public-locality",
    ),
]
ROUTE_CLASSES |= {
    "programme-public-index": PUBLIC,
    "programme-public-ics": PUBLIC,
    "programme-public-council-twin": PUBLIC,
    "programme-public-council": PUBLIC,
    "programme-totals": PUBLIC,
    "programme-totals-twin": PUBLIC,
    "programme-public-locality-ics": PUBLIC,
    "programme-public-locality-twin": PUBLIC,
    "programme-public-locality": PUBLIC,
}
