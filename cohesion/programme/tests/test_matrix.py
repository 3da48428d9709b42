"""Who may open and change the programme's pages: every persona, every route (cohesion/testing/matrix.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.places.queries import get_area
from cohesion.programme.tests.factories import (
    COUNCIL,
    MIDDLESBROUGH,
    NEWPORT,
    EventFactory,
    organisation,
)
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db

SIGNED_IN = {p: 200 for p in ALL_PERSONAS if p != ANONYMOUS}
MIDDLESBROUGH_READERS = {p: 200 for p in SIGNED_IN if p != "dave"}
OFFICERS = {"alice": 200, "nadia": 200, "bob": 200, "carol": 200, "erin": 200, "dave": 200}
# The hub's event in North Ormesby: the hub's officer and the council's coordinator and administrator.
HUB_EDITORS = {"carol": 200, "alice": 200, "erin": 200}
READ_ONLY_HERE = {"amir": 403, "nadia": 403, "bob": 403, "cllr.hussain": 403}


@pytest.fixture
def objects():
    return {
        "hub": EventFactory(is_public=False, starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC)),
        "newport": EventFactory(
            is_public=False,
            ward=get_area(NEWPORT),
            organiser=organisation(COUNCIL),
            title="Newport residents' drop-in",
            kind="drop_in",
        ),
    }


def _event(path: str, key: str = "hub"):
    return lambda o: path.format(pk=o[key].pk)


CASES = [
    Case("calendar", "/programme/", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("calendar twin", "/programme.csv", {ANONYMOUS: 302, **SIGNED_IN}),
    Case(
        "add page",
        "/programme/events/new/",
        {ANONYMOUS: 302, **OFFICERS, "amir": 403, "cllr.hussain": 403},
    ),
    Case("an event", _event("/programme/events/{pk}/"), {ANONYMOUS: 302, **MIDDLESBROUGH_READERS}),
    Case(
        "an event's twin",
        _event("/programme/events/{pk}.json"),
        {ANONYMOUS: 302, **MIDDLESBROUGH_READERS},
    ),
    Case(
        "a Newport event: the North Ormesby councillor does not see it",
        _event("/programme/events/{pk}/", "newport"),
        {ANONYMOUS: 302, **MIDDLESBROUGH_READERS, "cllr.hussain": 404},
    ),
    Case(
        "change an event",
        _event("/programme/events/{pk}/edit/"),
        {ANONYMOUS: 302, **HUB_EDITORS, **READ_ONLY_HERE},
    ),
    Case(
        "change a council event in Newport: its officer there may",
        _event("/programme/events/{pk}/edit/", "newport"),
        {
            ANONYMOUS: 302,
            "alice": 200,
            "erin": 200,
            "nadia": 200,
            "amir": 403,
            "bob": 403,
            "carol": 403,
        },
    ),
    Case(
        "record an outcome",
        _event("/programme/events/{pk}/outcomes/"),
        {ANONYMOUS: 302, **HUB_EDITORS, **READ_ONLY_HERE},
    ),
    Case(
        "record an outcome with nothing in it",
        _event("/programme/events/{pk}/outcomes/"),
        {ANONYMOUS: 302, **HUB_EDITORS, **READ_ONLY_HERE},
        method="post",
    ),
    Case("public events", f"/events/{MIDDLESBROUGH}/", {ANONYMOUS: 200, **SIGNED_IN}),
    Case("public feed", f"/events/{MIDDLESBROUGH}.ics", {ANONYMOUS: 200, **SIGNED_IN}),
    Case("public totals", f"/events/{MIDDLESBROUGH}/totals.csv", {ANONYMOUS: 200, **SIGNED_IN}),
    Case("the API's list", "/api/v1/programme/events/", {ANONYMOUS: 403, **SIGNED_IN}),
    Case(
        "the API's event",
        _event("/api/v1/programme/events/{pk}/"),
        {ANONYMOUS: 403, **MIDDLESBROUGH_READERS},
    ),
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case, persona, objects, client_for):
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)
