"""Who sees and changes plans and actions, decided by the plans querysets."""

from __future__ import annotations

import pytest

from cohesion.accounts.permissions import CHANGE, VIEW
from cohesion.places.queries import get_area
from cohesion.plans.models import Action, Locality, Meeting, Plan, Target
from cohesion.plans.tests.factories import (
    COUNCIL,
    DARLINGTON,
    NORTH_ORMESBY,
    ActionFactory,
    LocalityFactory,
    MeetingFactory,
    PlanFactory,
    TargetFactory,
    organisation,
)

pytestmark = pytest.mark.django_db


def visible(model: type, user: object, action: str = VIEW) -> set[int]:
    return set(model.objects.restrict(user, action).values_list("pk", flat=True))


def test_partners_in_scope_see_the_plan_and_another_council_does_not(
    alice, amir, nadia, bob, carol, dave, erin
):
    plan = PlanFactory()
    for person in (alice, amir, nadia, bob, carol, erin):
        assert plan.pk in visible(Plan, person), person.username
        assert plan.locality_id in visible(Locality, person), person.username
    assert plan.pk not in visible(Plan, dave)
    assert plan.locality_id not in visible(Locality, dave)


def test_councillor_reads_plans_covering_their_ward_but_not_another_locality(cllr_hussain):
    newport = PlanFactory()
    north_ormesby = PlanFactory(
        locality=LocalityFactory(name="North Ormesby", wards=[get_area(NORTH_ORMESBY)])
    )
    strategy = PlanFactory(
        kind="strategy", locality=None, council=get_area("E06000002"), manager=None, wards=[]
    )
    seen = visible(Plan, cllr_hussain)
    assert north_ormesby.pk in seen
    assert strategy.pk in seen
    assert newport.pk not in seen


def test_a_partner_left_off_the_plan_does_not_see_it(carol):
    plan = PlanFactory(partners=[organisation(COUNCIL)])
    assert plan.pk not in visible(Plan, carol)


def test_the_manager_and_council_coordinators_edit_the_plan_and_others_do_not(
    alice, amir, nadia, bob, carol, cllr_hussain, dave, erin
):
    plan = PlanFactory()
    target = TargetFactory(plan=plan)
    review = MeetingFactory(plan=plan)
    for person in (alice, nadia, erin):
        assert plan.pk in visible(Plan, person, CHANGE), person.username
        assert target.pk in visible(Target, person, CHANGE), person.username
        assert review.pk in visible(Meeting, person, CHANGE), person.username
    for person in (amir, bob, carol, cllr_hussain, dave):
        assert plan.pk not in visible(Plan, person, CHANGE), person.username
        assert target.pk not in visible(Target, person, CHANGE), person.username
        assert review.pk not in visible(Meeting, person, CHANGE), person.username


def test_each_partner_edits_its_own_actions(alice, nadia, bob, carol, amir, dave):
    police_action = ActionFactory()
    assert police_action.pk in visible(Action, bob, CHANGE)
    assert police_action.pk not in visible(Action, carol, CHANGE)
    assert police_action.pk not in visible(Action, amir, CHANGE)
    assert police_action.pk in visible(Action, nadia, CHANGE)
    assert police_action.pk in visible(Action, alice, CHANGE)
    assert police_action.pk in visible(Action, carol)
    assert police_action.pk not in visible(Action, dave)
    assert police_action.pk not in visible(Action, dave, CHANGE)


def test_an_action_outside_any_plan_is_read_in_scope_only(alice, bob, dave, carol):
    action = ActionFactory(plan=None, council=get_area("E06000002"), area_code=NORTH_ORMESBY)
    assert action.pk in visible(Action, alice)
    assert action.pk in visible(Action, bob)
    assert action.pk not in visible(Action, dave)
    other = ActionFactory(
        plan=None,
        council=get_area(DARLINGTON),
        owner_organisation=organisation("Darlington Borough Council"),
    )
    assert other.pk in visible(Action, dave)
    assert other.pk not in visible(Action, alice)
    assert other.pk not in visible(Action, carol)
