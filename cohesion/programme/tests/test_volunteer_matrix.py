"""Who may open and change the register's pages: every persona, every new route (cohesion/testing/matrix.py).

The records: an interpreter on Middlesbrough Council's register, the North
Ormesby Community Hub's request to that register for a home visit, and the
hub's past session. The council's officers and above (alice, nadia, erin) keep
the register; its viewers (amir, the councillor) do not; the hub (carol) sees
its own request; Cleveland Police (bob) and Darlington (dave) see no volunteer.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.programme.tests.factories import EventFactory
from cohesion.programme.tests.factories_volunteers import BookingFactory, VolunteerFactory
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db

SIGNED_IN = {p: 200 for p in ALL_PERSONAS if p != ANONYMOUS}
OFFICERS = {"alice": 200, "nadia": 200, "bob": 200, "carol": 200, "erin": 200, "dave": 200}
VIEWERS = {"amir": 403, "cllr.hussain": 403}
KEEPERS = {"alice": 200, "nadia": 200, "erin": 200}  # the council's officers and above


@pytest.fixture
def objects():
    return {
        "volunteer": VolunteerFactory(),
        "booking": BookingFactory(),
        "event": EventFactory(
            is_public=False, starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC)
        ),
    }


def _url(path: str, key: str):
    return lambda o: path.format(pk=o[key].pk)


CASES = [
    Case("the register", "/programme/volunteers/", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("the register's csv", "/programme/volunteers.csv", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("the register's json", "/programme/volunteers.json", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("add a volunteer", "/programme/volunteers/new/", {ANONYMOUS: 302, **OFFICERS, **VIEWERS}),
    Case(
        "add a volunteer with nothing in it",
        "/programme/volunteers/new/",
        {ANONYMOUS: 302, **OFFICERS, **VIEWERS},
        method="post",
    ),
    Case(
        "a volunteer", _url("/programme/volunteers/{pk}/", "volunteer"), {ANONYMOUS: 302, **KEEPERS}
    ),
    Case(
        "change a volunteer",
        _url("/programme/volunteers/{pk}/edit/", "volunteer"),
        {ANONYMOUS: 302, **KEEPERS},
    ),
    Case(
        "change a volunteer with nothing in it",
        _url("/programme/volunteers/{pk}/edit/", "volunteer"),
        {ANONYMOUS: 302, **KEEPERS},
        method="post",
    ),
    Case(
        "record a check",
        _url("/programme/volunteers/{pk}/checks/", "volunteer"),
        {ANONYMOUS: 302, **KEEPERS},
    ),
    Case(
        "record a check with nothing in it",
        _url("/programme/volunteers/{pk}/checks/", "volunteer"),
        {ANONYMOUS: 302, **KEEPERS},
        method="post",
    ),
    Case(
        "log a volunteer's hours",
        _url("/programme/volunteers/{pk}/hours/", "volunteer"),
        {ANONYMOUS: 302, **KEEPERS},
    ),
    Case(
        "log hours from an event: any register's keeper who sees the event",
        _url("/programme/events/{pk}/volunteer-hours/", "event"),
        {ANONYMOUS: 302, **OFFICERS, **VIEWERS, "dave": 404},
    ),
    Case("bookings", "/programme/interpreters/", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("bookings' csv", "/programme/interpreters.csv", {ANONYMOUS: 302, **SIGNED_IN}),
    Case(
        "book an interpreter",
        "/programme/interpreters/new/",
        {ANONYMOUS: 302, **OFFICERS, **VIEWERS},
    ),
    Case("the API's register", "/api/v1/programme/volunteers/", {ANONYMOUS: 403, **SIGNED_IN}),
    Case(
        "the API's bookings",
        "/api/v1/programme/interpreter-bookings/",
        {ANONYMOUS: 403, **SIGNED_IN},
    ),
    Case(
        "a booking: the register's keepers and the requesting hub",
        _url("/programme/interpreters/{pk}/", "booking"),
        {ANONYMOUS: 302, **KEEPERS, "carol": 200},
    ),
    Case(
        "cancel a booking: the register's keepers and the hub that asked",
        _url("/programme/interpreters/{pk}/", "booking"),
        {ANONYMOUS: 302, "alice": 302, "nadia": 302, "erin": 302, "carol": 302},
        method="post",
        data={"cancel": "1"},
    ),
    Case(
        "fill a booking: only the register's keepers",
        _url("/programme/interpreters/{pk}/", "booking"),
        {ANONYMOUS: 302, "alice": 200, "nadia": 200, "erin": 200, "carol": 403},
        method="post",
        data={"volunteer": "0"},
    ),
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case, persona, objects, client_for):
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)
