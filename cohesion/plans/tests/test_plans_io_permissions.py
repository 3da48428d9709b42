"""Who may download and upload plans, actions and targets, and use the plans API: every persona, every route."""

from __future__ import annotations

import pytest

from cohesion.plans.tests.factories import ActionFactory, PlanFactory, TargetFactory
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db

READERS = {"alice": 200, "amir": 200, "nadia": 200, "bob": 200, "carol": 200, "erin": 200}
EDITORS = {"alice": 200, "nadia": 200, "erin": 200}


@pytest.fixture
def objects():
    plan = PlanFactory()
    return {"plan": plan, "action": ActionFactory(plan=plan), "target": TargetFactory(plan=plan)}


def _plan(path: str):
    return lambda o: path.format(plan=o["plan"].pk, action=o["action"].pk)


CASES = [
    Case(
        "export plans",
        "/plans/export/E06000002/plans.csv",
        {ANONYMOUS: 302, **READERS},
    ),
    Case(
        "export actions",
        _plan("/plans/{plan}/export/actions.xlsx"),
        {ANONYMOUS: 302, **READERS},
    ),
    Case(
        "export targets",
        _plan("/plans/{plan}/export/targets.csv"),
        {ANONYMOUS: 302, **READERS},
    ),
    Case(
        "import actions page",
        _plan("/plans/{plan}/import/actions/"),
        {ANONYMOUS: 302, **EDITORS, "bob": 200, "carol": 200, "amir": 403},
    ),
    Case(
        "import actions without a file",
        _plan("/plans/{plan}/import/actions/"),
        {
            ANONYMOUS: 302,
            "alice": 400,
            "nadia": 400,
            "erin": 400,
            "bob": 400,
            "carol": 400,
            "amir": 403,
        },
        method="post",
        default=404,
    ),
    Case(
        "import targets page",
        _plan("/plans/{plan}/import/targets/"),
        {ANONYMOUS: 302, **EDITORS, "amir": 403, "bob": 403, "carol": 403},
    ),
    Case(
        "import plans page",
        "/plans/import/plans/",
        {ANONYMOUS: 302, **EDITORS},
        default=403,
    ),
    Case("api plan list", "/api/v1/plans/", {ANONYMOUS: 403}, default=200),
    Case("api plan", _plan("/api/v1/plans/{plan}/"), {ANONYMOUS: 403, **READERS}),
    Case("api targets", _plan("/api/v1/plans/{plan}/targets/"), {ANONYMOUS: 403, **READERS}),
    Case("api actions", _plan("/api/v1/plans/{plan}/actions/"), {ANONYMOUS: 403, **READERS}),
    Case("api action", _plan("/api/v1/plans/actions/{action}/"), {ANONYMOUS: 403, **READERS}),
    Case(
        "api add a police action",
        _plan("/api/v1/plans/{plan}/actions/"),
        {
            ANONYMOUS: 403,
            "alice": 201,
            "nadia": 201,
            "erin": 201,
            "bob": 201,
            "carol": 400,  # the hub adds only its own actions
            "amir": 403,
        },
        method="post",
        data={"title": "Patrols at the station", "owner_organisation": "Cleveland Police"},
    ),
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case, persona, objects, client_for):
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("bob", 200),
        ("alice", 200),
        ("nadia", 200),
        ("carol", 403),
        ("amir", 403),
        ("cllr.hussain", 404),
        ("dave", 404),
    ],
)
def test_only_the_owner_organisation_and_the_plans_editors_change_an_action_through_the_api(
    persona, expected, objects, client_for
):
    from django.contrib.auth import get_user_model

    client = client_for(get_user_model().objects.get(username=persona))
    action = objects["action"]
    response = client.patch(
        f"/api/v1/plans/actions/{action.pk}/",
        {"status": "at_risk", "note": "Fewer officers this month."},
        content_type="application/json",
    )
    assert response.status_code == expected
    action.refresh_from_db()
    assert action.status == ("at_risk" if expected == 200 else "on_track")
