"""Who may open and change the grant pages: every persona, every route (cohesion/testing/matrix.py).

Applications hold personal data, so only the council's own grant officers see
them: its officers and above (alice, nadia, erin) read and score; its
coordinators and above (alice, erin) record checks, decisions and returns.
Partners, viewers and another council's officer get 404.
"""

from __future__ import annotations

import pytest

from cohesion.places.queries import get_area
from cohesion.programme.tests.factories import DARLINGTON, MIDDLESBROUGH
from cohesion.programme.tests.factories_grants import (
    ApplicationFactory,
    FundingStreamFactory,
    GrantRoundFactory,
    MonitoringReturnFactory,
)
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db

SIGNED_IN = {p: 200 for p in ALL_PERSONAS if p != ANONYMOUS}
EVERYONE = dict.fromkeys(ALL_PERSONAS, 200)
READERS = {ANONYMOUS: 302, "alice": 200, "nadia": 200, "erin": 200}
CHANGERS = {ANONYMOUS: 302, "alice": 200, "erin": 200, "nadia": 403}


@pytest.fixture
def objects():
    application = ApplicationFactory()
    darlington = GrantRoundFactory(
        stream=FundingStreamFactory(council=get_area(DARLINGTON), name="Darlington ward budgets")
    )
    return {
        "application": application,
        "return": MonitoringReturnFactory(application=application),
        "darlington": darlington,
    }


def _to(path: str, key: str = "application", attr: str = "pk"):
    return lambda o: path.format(pk=getattr(o[key], attr))


CASES = [
    Case("rounds", "/programme/grants/", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("rounds twin", "/programme/grants.csv", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("a round", _to("/programme/grants/rounds/{pk}/", attr="round_id"), READERS),
    Case(
        "another council's round: only its officer",
        _to("/programme/grants/rounds/{pk}/", "darlington"),
        {ANONYMOUS: 302, "dave": 200},
    ),
    Case("an application", _to("/programme/grants/applications/{pk}/"), READERS),
    Case("due diligence", _to("/programme/grants/applications/{pk}/due-diligence/"), CHANGERS),
    Case("score", _to("/programme/grants/applications/{pk}/score/"), READERS),
    Case(
        "score with nothing in it",
        _to("/programme/grants/applications/{pk}/score/"),
        {**READERS, "alice": 400, "nadia": 400, "erin": 400},
        method="post",
    ),
    Case("decision", _to("/programme/grants/applications/{pk}/decision/"), CHANGERS),
    Case(
        "decision with nothing in it",
        _to("/programme/grants/applications/{pk}/decision/"),
        {**CHANGERS, "alice": 400, "erin": 400},
        method="post",
    ),
    Case("awards", "/programme/grants/awards/", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("awards twin", "/programme/grants/awards.json", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("returns due", "/programme/grants/returns/", {ANONYMOUS: 302, **SIGNED_IN}),
    Case("record a return", _to("/programme/grants/returns/{pk}/", "return"), CHANGERS),
    Case(
        "the API's grant rounds", "/api/v1/programme/grant-rounds/", {ANONYMOUS: 403, **SIGNED_IN}
    ),
    Case("public funds", "/grants/", EVERYONE),
    Case(
        "public form",
        _to("/grants/rounds/{pk}/apply/", attr="round_id"),
        EVERYONE,
    ),
    Case("public totals", f"/grants/totals/{MIDDLESBROUGH}/", EVERYONE),
    Case("public totals twin", f"/grants/totals/{MIDDLESBROUGH}.csv", EVERYONE),
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case, persona, objects, client_for):
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)


def test_the_rounds_list_shows_a_partner_no_round(client_for, carol, alice):
    ApplicationFactory()
    assert "Bringing neighbours together" not in client_for(carol).get("/programme/grants/").text
    assert "Bringing neighbours together" in client_for(alice).get("/programme/grants/").text
    assert client_for(carol).get("/api/v1/programme/grant-rounds/").json()["results"] == []
    rounds = client_for(alice).get("/api/v1/programme/grant-rounds/").json()["results"]
    assert [r["title"] for r in rounds] == ["Bringing neighbours together"]


def test_the_grants_link_is_shown_to_the_councils_officers_only(client_for, nadia, carol, amir):
    link = 'href="/programme/grants/"'
    assert link in client_for(nadia).get("/programme/").text
    assert link not in client_for(carol).get("/programme/").text
    assert link not in client_for(amir).get("/programme/").text
