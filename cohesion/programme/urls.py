"""Addresses of the partnership programme (DESIGN.md, "Addresses": ``/events/`` and
``/events/<council GSS code>.ics``), with their classes in ``ROUTE_CLASSES``
(cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from cohesion.core.routes import PUBLIC, PUBLIC_FORM, SENSITIVE, SENSITIVE_FORM, RouteClass
from cohesion.programme.views import calendar, grants, grants_public, public, volunteers

# --- The partners' calendar: events, clash warnings, outcomes ---
urlpatterns: list[Any] = [
    path("programme/", calendar.event_list, name="programme-event-list"),
    path("programme.<fmt:fmt>", calendar.event_list, name="programme-event-list-twin"),
    path("programme.xlsx", calendar.event_list_xlsx, name="programme-event-list-xlsx"),
    path("programme/events/import/", calendar.event_import, name="programme-event-import"),
    path("programme/events/new/", calendar.event_add, name="programme-event-add"),
    path("programme/events/<int:pk>/", calendar.event_page, name="programme-event"),
    path("programme/events/<int:pk>.<fmt:fmt>", calendar.event_page, name="programme-event-twin"),
    path("programme/events/<int:pk>/edit/", calendar.event_edit, name="programme-event-edit"),
    path("programme/events/<int:pk>/outcomes/", calendar.outcome_add, name="programme-outcome-add"),
]
ROUTE_CLASSES: dict[str, RouteClass] = {
    "programme-event-list": SENSITIVE,
    "programme-event-list-twin": SENSITIVE,
    "programme-event-list-xlsx": SENSITIVE,
    "programme-event-import": SENSITIVE_FORM,
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
        "events/<str:council_code>/<int:pk>/interpreter/",
        public.interpreter_request,
        name="programme-public-interpreter",
    ),
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
    "programme-public-interpreter": PUBLIC_FORM,
}

# --- Grants: the officers' rounds, applications, checks, scores, decisions, awards and returns;
# the public application form, its confirmation and the public totals ---
urlpatterns += [
    path("programme/grants/", grants.round_list, name="programme-grant-rounds"),
    path("programme/grants.<fmt:fmt>", grants.round_list, name="programme-grant-rounds-twin"),
    path("programme/grants/rounds/<int:pk>/", grants.round_page, name="programme-grant-round"),
    path(
        "programme/grants/applications/<int:pk>/",
        grants.application_page,
        name="programme-grant-application",
    ),
    path(
        "programme/grants/applications/<int:pk>/due-diligence/",
        grants.due_diligence,
        name="programme-grant-due-diligence",
    ),
    path(
        "programme/grants/applications/<int:pk>/score/",
        grants.score,
        name="programme-grant-score",
    ),
    path(
        "programme/grants/applications/<int:pk>/decision/",
        grants.decision,
        name="programme-grant-decision",
    ),
    path("programme/grants/awards/", grants.awards, name="programme-grant-awards"),
    path("programme/grants/awards.<fmt:fmt>", grants.awards, name="programme-grant-awards-twin"),
    path("programme/grants/returns/", grants.returns_due, name="programme-grant-returns"),
    path(
        "programme/grants/returns/<int:pk>/",
        grants.return_record,
        name="programme-grant-return-record",
    ),
    path("grants/", grants_public.grants_index, name="programme-grants-index"),
    path("grants/applied/", grants_public.applied, name="programme-grants-applied"),
    path("grants/rounds/<int:pk>/apply/", grants_public.apply, name="programme-grants-apply"),
    path(
        "grants/totals/<str:council_code>/",
        grants_public.totals_page,
        name="programme-grants-totals",
    ),
    path(
        "grants/totals/<str:council_code>.<fmt:fmt>",
        grants_public.totals_page,
        name="programme-grants-totals-twin",
    ),
]
ROUTE_CLASSES |= {
    "programme-grant-rounds": SENSITIVE,
    "programme-grant-rounds-twin": SENSITIVE,
    "programme-grant-round": SENSITIVE,
    "programme-grant-application": SENSITIVE,
    "programme-grant-due-diligence": SENSITIVE_FORM,
    "programme-grant-score": SENSITIVE_FORM,
    "programme-grant-decision": SENSITIVE_FORM,
    "programme-grant-awards": SENSITIVE,
    "programme-grant-awards-twin": SENSITIVE,
    "programme-grant-returns": SENSITIVE,
    "programme-grant-return-record": SENSITIVE_FORM,
    "programme-grants-index": PUBLIC,
    "programme-grants-applied": PUBLIC,
    "programme-grants-apply": PUBLIC_FORM,
    "programme-grants-totals": PUBLIC,
    "programme-grants-totals-twin": PUBLIC,
}
