"""Who may use each page of tension assessments, the board, events, rumours, impact and early warning.

Every view, every persona (cohesion/testing/matrix.py). Outsiders get 404 so
nobody learns a record exists; people who may see a record but not change it
get 403; anonymous visitors are sent to sign in (302), except on the public
counts page, which anyone may read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cohesion.tensions.models.assessment import TensionLevel
from cohesion.tensions.tests.factories_assessment import (
    MIDDLESBROUGH,
    NORTH_ORMESBY,
    AlertFactory,
    CommunityImpactFactory,
    RumourFactory,
    TensionAssessmentFactory,
    TriggerEventFactory,
)
from cohesion.tensions.tests.factories_reports import ReportFactory
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

# Persona groups, named for what they are.
COUNCIL_OFFICERS = ("alice", "nadia", "erin")  # nadia is scoped to North Ormesby and Newport
COUNCIL_VIEWERS = ("amir", "cllr.hussain")  # cllr.hussain only North Ormesby
POLICE = ("bob",)
OUTSIDERS = ("carol", "dave")  # a reporting centre; another council


def every(status: int, *personas: str) -> dict[str, int]:
    return dict.fromkeys(personas, status)


SEE_BOARD = every(200, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, *POLICE) | {ANONYMOUS: 302}

CASES = [
    Case("board", f"/tensions/board/{MIDDLESBROUGH}/", SEE_BOARD),
    Case("board as CSV", f"/tensions/board/{MIDDLESBROUGH}.csv", SEE_BOARD),
    Case("board as JSON", f"/tensions/board/{MIDDLESBROUGH}.json", SEE_BOARD),
    Case("board map", f"/tensions/board/{MIDDLESBROUGH}.geojson", SEE_BOARD),
    Case(
        "board index",
        "/tensions/board/",
        # One council in scope goes straight to its board; the police force covers four.
        every(302, ANONYMOUS, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, "dave")
        | every(200, "bob", "carol"),
    ),
    Case("ward tension record", f"/tensions/areas/{NORTH_ORMESBY}/", SEE_BOARD),
    Case("ward tension record as CSV", f"/tensions/areas/{NORTH_ORMESBY}.csv", SEE_BOARD),
    Case(
        "council tension record",
        f"/tensions/areas/{MIDDLESBROUGH}/",
        every(200, "alice", "erin", "amir", "bob") | {ANONYMOUS: 302},
    ),
    Case(
        "assess a ward",
        f"/tensions/areas/{NORTH_ORMESBY}/assessments/new/",
        every(200, *COUNCIL_OFFICERS) | every(403, *COUNCIL_VIEWERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "save an assessment",
        f"/tensions/areas/{NORTH_ORMESBY}/assessments/new/",
        every(403, *COUNCIL_VIEWERS, *POLICE) | {ANONYMOUS: 302} | every(400, *COUNCIL_OFFICERS),
        method="post",
        data={"level": ""},  # invalid: officers see the form again with errors (400)
    ),
    Case("assessment", lambda o: f"/tensions/assessments/{o['assessment'].pk}/", SEE_BOARD),
    Case(
        "change an assessment",
        lambda o: f"/tensions/assessments/{o['assessment'].pk}/edit/",
        every(200, *COUNCIL_OFFICERS) | every(403, *COUNCIL_VIEWERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "add partner intelligence",
        f"/tensions/areas/{NORTH_ORMESBY}/intelligence/new/",
        every(200, *COUNCIL_OFFICERS, *POLICE) | every(403, *COUNCIL_VIEWERS) | {ANONYMOUS: 302},
    ),
    Case(
        "the tension scale",
        "/tensions/levels/",
        every(200, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, *POLICE, *OUTSIDERS) | {ANONYMOUS: 302},
    ),
    Case(
        "change a level",
        lambda o: f"/tensions/levels/{o['level'].pk}/edit/",
        every(403, "alice", "nadia", *COUNCIL_VIEWERS, *POLICE, *OUTSIDERS)
        | {"erin": 200, ANONYMOUS: 302},
    ),
    Case(
        "add a level",
        "/tensions/levels/new/",
        every(403, "alice", "nadia", *COUNCIL_VIEWERS, *POLICE, *OUTSIDERS)
        | {"erin": 200, ANONYMOUS: 302},
    ),
    Case(
        "trigger events calendar",
        "/tensions/calendar/",
        every(200, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, *POLICE, "dave") | {ANONYMOUS: 302},
    ),
    Case(
        "trigger events as CSV",
        "/tensions/calendar.csv",
        every(200, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, *POLICE, "dave") | {ANONYMOUS: 302},
    ),
    Case(
        "a council-wide trigger event",
        lambda o: f"/tensions/calendar/{o['event'].pk}/",
        SEE_BOARD,
    ),
    Case(
        "change a council-wide trigger event",
        lambda o: f"/tensions/calendar/{o['event'].pk}/edit/",
        every(200, "alice", "erin", "bob")
        | every(403, "nadia", *COUNCIL_VIEWERS)
        | {ANONYMOUS: 302},
    ),
    Case(
        "add a trigger event",
        "/tensions/calendar/new/",
        every(200, *COUNCIL_OFFICERS, *POLICE, "dave")
        | every(403, *COUNCIL_VIEWERS)
        | {ANONYMOUS: 302},
    ),
    Case(
        "rumour log",
        "/tensions/rumours/",
        every(200, *COUNCIL_OFFICERS, *POLICE, "dave") | {ANONYMOUS: 302},
    ),
    Case(
        "a rumour",
        lambda o: f"/tensions/rumours/{o['rumour'].pk}/",
        every(200, *COUNCIL_OFFICERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "change a rumour",
        lambda o: f"/tensions/rumours/{o['rumour'].pk}/edit/",
        every(200, *COUNCIL_OFFICERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "log a rumour",
        "/tensions/rumours/new/",
        every(200, *COUNCIL_OFFICERS, *POLICE, "dave") | {ANONYMOUS: 302},
    ),
    Case(
        "community impact assessment",
        lambda o: f"/tensions/impact/{o['impact'].pk}/",
        every(200, *COUNCIL_OFFICERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "community impact assessment as JSON",
        lambda o: f"/tensions/impact/{o['impact'].pk}.json",
        every(200, *COUNCIL_OFFICERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "assess community impact from a blank form",
        "/tensions/impact/new/",
        # Darlington's officer may assess impact in Darlington, so sees the (empty) form.
        every(200, *COUNCIL_OFFICERS, *POLICE, "dave") | {ANONYMOUS: 302},
    ),
    Case(
        "assess the community impact of a report",
        lambda o: f"/tensions/impact/new/{o['report'].reference}/",
        every(200, *COUNCIL_OFFICERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "change a community impact assessment",
        lambda o: f"/tensions/impact/{o['impact'].pk}/edit/",
        every(200, *COUNCIL_OFFICERS, *POLICE) | {ANONYMOUS: 302},
    ),
    Case(
        "early-warning alerts",
        "/tensions/early-warning/",
        every(200, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, *POLICE, "dave") | {ANONYMOUS: 302},
    ),
    Case(
        "early-warning alerts as CSV",
        "/tensions/early-warning.csv",
        every(200, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, *POLICE, "dave") | {ANONYMOUS: 302},
    ),
    Case("early-warning chart of a ward", f"/tensions/early-warning/{NORTH_ORMESBY}/", SEE_BOARD),
    Case(
        "early-warning series as JSON", f"/tensions/early-warning/{NORTH_ORMESBY}.json", SEE_BOARD
    ),
    Case(
        "follow a ward",
        f"/tensions/areas/{NORTH_ORMESBY}/follow/",
        every(302, ANONYMOUS, *COUNCIL_OFFICERS, *COUNCIL_VIEWERS, *POLICE),
        method="post",
    ),
    Case("public weekly counts", f"/tensions/public/{MIDDLESBROUGH}/", {}, default=200),
    Case("public weekly counts as CSV", f"/tensions/public/{MIDDLESBROUGH}.csv", {}, default=200),
]


@pytest.fixture
def objects(db: None) -> Mapping[str, Any]:
    report = ReportFactory(consent_police=True)
    return {
        "assessment": TensionAssessmentFactory(),
        "level": TensionLevel.objects.get(order=3),
        "event": TriggerEventFactory(),
        "rumour": RumourFactory(),
        "report": report,
        "impact": CommunityImpactFactory(report=report),
        "alert": AlertFactory(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_persona_gets_the_expected_status_on_every_tension_page(
    case: Case,
    persona: str,
    objects: Mapping[str, Any],
    client_for: Callable[[Any], Client],
) -> None:
    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)


@pytest.mark.django_db
@pytest.mark.parametrize("username", [p for p in ALL_PERSONAS if p != ANONYMOUS])
@pytest.mark.parametrize("board", ["/tensions/board/", f"/tensions/board/{MIDDLESBROUGH}/"])
def test_the_board_links_only_to_pages_the_person_may_open(
    username: str, board: str, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(get_user_model().objects.get(username=username))
    response = client.get(board, follow=True)
    if response.status_code != 200:
        return  # no board at all for this person: nothing links anywhere
    html = response.content.decode()
    for link in (
        "/tensions/calendar/",
        "/tensions/rumours/",
        "/tensions/early-warning/",
        "/tensions/levels/",
    ):
        opens = client.get(link).status_code == 200
        shown = f'href="{link}"' in html or f'href="{link}?' in html
        assert shown == opens, (username, board, link)
