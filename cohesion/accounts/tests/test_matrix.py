"""The permission matrix for every accounts page: each persona, the status they must get.

Objects: Middlesbrough Council (members alice, amir, nadia, cllr.hussain, erin; erin is its
administrator) and amir's membership of it.
"""

import pytest

from cohesion.accounts.models import Membership, Organisation
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

MIDDLESBROUGH_MEMBERS = ("alice", "amir", "nadia", "cllr.hussain", "erin")
SIGN_IN_FIRST = {ANONYMOUS: 302}


def _everyone(status):
    return {persona: status for persona in ALL_PERSONAS if persona != ANONYMOUS}


def _org(objects):
    return objects["organisation"].pk


CASES = [
    Case("profile", "/accounts/profile/", {**SIGN_IN_FIRST, **_everyone(200)}),
    Case("organisation list", "/accounts/organisations/", {**SIGN_IN_FIRST, **_everyone(200)}),
    Case(
        "organisation page",
        lambda o: f"/accounts/organisations/{_org(o)}/",
        {**SIGN_IN_FIRST, **dict.fromkeys(MIDDLESBROUGH_MEMBERS, 200)},
    ),
    Case(
        "add member form",
        lambda o: f"/accounts/organisations/{_org(o)}/members/add/",
        {**SIGN_IN_FIRST, **dict.fromkeys(MIDDLESBROUGH_MEMBERS, 403), "erin": 200},
    ),
    Case(
        "add member",
        lambda o: f"/accounts/organisations/{_org(o)}/members/add/",
        {**SIGN_IN_FIRST, **dict.fromkeys(MIDDLESBROUGH_MEMBERS, 403), "erin": 302},
        method="post",
        data={"email": "priya@example.org", "role": "officer"},
    ),
    Case(
        "membership form",
        lambda o: f"/accounts/memberships/{o['membership'].pk}/",
        # amir may see his own membership but not change it; colleagues cannot see it.
        {**SIGN_IN_FIRST, "amir": 403, "erin": 200},
    ),
    Case(
        "change membership",
        lambda o: f"/accounts/memberships/{o['membership'].pk}/",
        {**SIGN_IN_FIRST, "amir": 403, "erin": 302},
        method="post",
        data={"role": "administrator", "is_active": "on"},
    ),
]


@pytest.fixture
def objects(db):
    organisation = Organisation.objects.get(name="Middlesbrough Council")
    return {
        "organisation": organisation,
        "membership": Membership.objects.get(organisation=organisation, user__username="amir"),
    }


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_accounts_pages_answer_each_persona_as_the_matrix_says(
    case, persona, objects, client_for, django_user_model
):
    user = None if persona == ANONYMOUS else django_user_model.objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)
