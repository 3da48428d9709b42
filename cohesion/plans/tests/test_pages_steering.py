"""The steering-group page: localities × themes with a written status, and the exceptions that need the group."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cohesion.audit.models import AuditEvent
from cohesion.places.queries import get_area
from cohesion.plans.choices import ActionStatus
from cohesion.plans.models import CouncilTheme, Escalation
from cohesion.plans.tests.factories import (
    MIDDLESBROUGH,
    NORTH_ORMESBY,
    POLICE,
    ActionFactory,
    LocalityFactory,
    MeetingFactory,
    PlanFactory,
    PlanThemeFactory,
    TargetFactory,
    organisation,
    user,
)

pytestmark = pytest.mark.django_db


def council_theme(name: str, order: int = 0) -> CouncilTheme:
    return CouncilTheme.objects.create(
        council=get_area(MIDDLESBROUGH),
        name=name,
        lead_organisation=organisation(POLICE),
        order=order,
    )


@pytest.fixture
def steering_plans() -> dict:
    today = timezone.localdate()
    safe = council_theme("Making people feel safe", 1)
    homes = council_theme("Homes", 2)
    newport = PlanFactory(
        starts_on=today - dt.timedelta(days=90), ends_on=today + dt.timedelta(days=300)
    )
    newport_safe = PlanThemeFactory(plan=newport, name=safe.name, council_theme=safe)
    newport_homes = PlanThemeFactory(plan=newport, name=homes.name, council_theme=homes)
    ActionFactory(plan=newport, theme=newport_safe, status=ActionStatus.OFF_TRACK, title="Patrols")
    ActionFactory(
        plan=newport,
        theme=newport_homes,
        status=ActionStatus.ON_TRACK,
        title="Empty homes back in use",
        starts_on=today - dt.timedelta(days=60),
        due_on=today + dt.timedelta(days=30),
        progress=40,
    )
    overdue = ActionFactory(
        plan=newport,
        theme=newport_homes,
        status=ActionStatus.AT_RISK,
        title="Landlord licensing letters",
        starts_on=today - dt.timedelta(days=60),
        due_on=today - dt.timedelta(days=3),
    )
    TargetFactory(
        plan=newport, theme=newport_safe, computed_status="deterioration", title="ASB down"
    )
    MeetingFactory(plan=newport, held_on=today - dt.timedelta(days=45))
    north = PlanFactory(
        locality=LocalityFactory(name="North Ormesby", wards=[get_area(NORTH_ORMESBY)]),
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=300),
    )
    north_safe = PlanThemeFactory(plan=north, name=safe.name, council_theme=safe)
    ActionFactory(
        plan=north, theme=north_safe, status=ActionStatus.ON_TRACK, due_on=None, starts_on=None
    )
    review = MeetingFactory(plan=north, held_on=today - dt.timedelta(days=5))
    Escalation.objects.create(
        meeting=review, plan=north, summary="Street lighting needs capital funding"
    )
    return {"newport": newport, "north": north, "overdue": overdue}


def test_steering_page_shows_each_theme_status_in_words_and_the_exceptions(
    client_for, steering_plans
):
    response = client_for(user("alice")).get(reverse("plans-steering", args=[MIDDLESBROUGH]))
    assert response.status_code == 200
    page = response.content.decode()
    grid = page.split('id="steering-grid"')[1].split("</table>")[0]
    assert "Making people feel safe" in grid and "Homes" in grid
    # Newport: safety is off track (an action off track, a target deteriorating); homes is off
    # track because an action is overdue. North Ormesby has no homes theme.
    assert grid.count("govuk-tag--red") == 2
    assert grid.count(">Off track<") == 2
    assert ">On track<" in grid
    assert "Not in this plan" in grid
    assert "ASB down" in page.split('id="targets-off-track"')[1]
    assert "Landlord licensing letters" in page.split('id="overdue-actions"')[1]
    missed = page.split('id="missed-reviews"')[1].split('id="open-escalations"')[0]
    assert "Newport locality action plan" in missed and "North Ormesby" not in missed
    assert "Street lighting needs capital funding" in page.split('id="open-escalations"')[1]
    assert AuditEvent.objects.filter(actor__username="alice", action="view").exists()


def test_steering_twins_give_the_same_grid_as_json_and_csv(client_for, steering_plans):
    client = client_for(user("bob"))
    data = client.get(reverse("plans-steering-twin", args=[MIDDLESBROUGH, "json"])).json()
    newport = next(p for p in data["plans"] if p["locality"] == "Newport")
    assert [t["status"] for t in newport["themes"]] == ["red", "red"]
    # Patrols (due at the end of June) and the licensing letters are past their dates.
    assert data["overdue_count"] == 2
    assert [m["plan"] for m in data["missed_reviews"]] == ["Newport locality action plan"]
    csv = client.get(reverse("plans-steering-twin", args=[MIDDLESBROUGH, "csv"])).content.decode()
    assert csv.splitlines()[0].endswith("Making people feel safe,Homes")
    assert "Off track" in csv


def test_a_councillor_sees_only_the_plans_covering_their_ward(client_for, steering_plans):
    data = (
        client_for(user("cllr.hussain"))
        .get(reverse("plans-steering-twin", args=[MIDDLESBROUGH, "json"]))
        .json()
    )
    assert [p["locality"] for p in data["plans"]] == ["North Ormesby"]


def test_another_councils_officer_gets_404(client_for, steering_plans):
    response = client_for(user("dave")).get(reverse("plans-steering", args=[MIDDLESBROUGH]))
    assert response.status_code == 404


def test_a_ward_has_no_steering_group_page(client_for, steering_plans):
    response = client_for(user("alice")).get(reverse("plans-steering", args=[NORTH_ORMESBY]))
    assert response.status_code == 404
