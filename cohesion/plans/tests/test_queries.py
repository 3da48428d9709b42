"""What packs read from plans: the targets, actions and reviews covering an area, as plain rows."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.packs.contents import SECTION_BUILDERS
from cohesion.packs.making import load_builders
from cohesion.packs.tests.reports import context
from cohesion.plans.choices import ActionStatus
from cohesion.plans.models import ActionUpdate
from cohesion.plans.queries import action_rows, plans_covering, review_rows, target_rows
from cohesion.plans.tests.factories import (
    DARLINGTON,
    NEWPORT,
    NORTH_ORMESBY,
    ActionFactory,
    MeetingFactory,
    PlanFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 10, 1), dt.date(2026, 12, 31)


@pytest.fixture
def newport_plan():
    plan = PlanFactory()
    TargetFactory(plan=plan, title="Fewer ASB incidents", computed_status="deterioration")
    ActionFactory(plan=plan, title="Patrols on Newport Road", due_on=dt.date(2026, 11, 30))
    ActionFactory(plan=plan, title="Youth club open later", due_on=dt.date(2027, 2, 28))
    done = ActionFactory(plan=plan, title="Lighting survey", status=ActionStatus.DONE)
    ActionUpdate.objects.create(action=done, new_status=ActionStatus.DONE, new_progress=100)
    MeetingFactory(plan=plan, held_on=dt.date(2026, 11, 12), decisions="Escalate lighting.")
    MeetingFactory(plan=plan, held_on=dt.date(2026, 9, 10), decisions="Before the period.")
    return plan


def test_a_wards_plans_list_their_targets_and_open_actions(newport_plan):
    rows = plans_covering(NEWPORT)
    assert {
        "plan": "Newport locality action plan",
        "target": "Fewer ASB incidents",
        "status": "Deterioration",
        "action": "",
    } in rows
    assert [r["action"] for r in rows if r["action"]] == [
        "Patrols on Newport Road",
        "Youth club open later",
    ]
    assert plans_covering(NORTH_ORMESBY) == []
    assert plans_covering(DARLINGTON) == []


def test_the_scrutiny_rows_hold_targets_overdue_and_closed_actions_and_reviews_in_the_period(
    newport_plan,
):
    [target] = target_rows(NEWPORT, START, END)
    assert target[0] == "Fewer ASB incidents" and target[4] == "Deterioration"
    actions = {row[0]: row[3] for row in action_rows(NEWPORT, START, END)}
    assert actions == {"Patrols on Newport Road": "Overdue (On track)", "Lighting survey": "Done"}
    assert review_rows(NEWPORT, START, END) == [
        ["2026-11-12", "Monthly plan review: Newport locality action plan", "Escalate lighting."]
    ]


def test_a_ward_briefing_shows_the_plans_covering_the_ward(newport_plan, alice):
    load_builders()
    ctx = context("ward_briefing", NEWPORT, user=alice)
    section = SECTION_BUILDERS["ward-plans"](ctx)
    [table] = section.tables
    cells = [cell for row in table.rows for cell in row]
    assert "Fewer ASB incidents" in cells and "Patrols on Newport Road" in cells


def test_the_locality_page_shows_each_targets_chart_with_its_status_and_a_link_to_its_page(
    newport_plan, client
):
    from django.urls import reverse

    client.force_login(newport_plan.manager)
    page = client.get(reverse("plans-locality", args=[newport_plan.locality_id])).content.decode()
    target = newport_plan.targets.get()
    assert reverse("plans-target-detail", args=[target.pk]) in page
    assert f'id="target-{target.pk}"' in page
    assert "<svg" in page and "Dashed line: the path to the target" in page
