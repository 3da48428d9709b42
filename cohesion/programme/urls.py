"""Addresses of the partnership programme (DESIGN.md, "Addresses": ``/events/`` and
``/events/<council GSS code>.ics``), with their classes in ``ROUTE_CLASSES``
(cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from cohesion.core.routes import PUBLIC, SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.programme.views import calendar, public

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
