"""Creating and changing plans, themes, objectives and actions, and reporting an action's status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cohesion.places.queries import get_area
from cohesion.plans.choices import ActionStatus
from cohesion.plans.models import Action, ActionUpdate, CouncilTheme, Plan
from cohesion.plans.tests.factories import (
    COUNCIL,
    HUB,
    MIDDLESBROUGH,
    NEWPORT,
    POLICE,
    ActionFactory,
    LocalityFactory,
    PlanFactory,
    PlanThemeFactory,
    organisation,
    user,
)

pytestmark = pytest.mark.django_db


def test_a_plan_made_from_a_locality_copies_its_wards_partners_manager_and_the_councils_themes(
    client_for,
):
    locality = LocalityFactory()
    for order, name in enumerate(["Making people feel safe", "Homes"]):
        CouncilTheme.objects.create(
            council=get_area(MIDDLESBROUGH),
            name=name,
            lead_organisation=organisation(POLICE),
            lead_service="Neighbourhood policing",
            order=order,
        )
    client = client_for(user("nadia"))
    form = client.get(reverse("plans-plan-create", args=[locality.pk])).context["form"]
    assert form.initial["manager"] == user("nadia").pk
    assert form.initial["wards"] == [get_area(NEWPORT).pk]
    assert sorted(form.initial["partners"]) == sorted(
        organisation(n).pk for n in (COUNCIL, POLICE, HUB)
    )
    response = client.post(
        reverse("plans-plan-create", args=[locality.pk]),
        {
            "title": "Newport plan 2026–27",
            "status": "active",
            "manager": user("nadia").pk,
            "wards": [get_area(NEWPORT).pk],
            "partners": form.initial["partners"],
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
            "review_every_days": 31,
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(title="Newport plan 2026–27")
    assert plan.locality == locality and plan.manager == user("nadia")
    assert [(t.name, t.lead_service) for t in plan.themes.order_by("order")] == [
        ("Making people feel safe", "Neighbourhood policing"),
        ("Homes", "Neighbourhood policing"),
    ]


def test_a_plan_ending_before_it_starts_is_refused_with_a_clear_message_and_nothing_saved(
    client_for,
):
    locality = LocalityFactory()
    response = client_for(user("nadia")).post(
        reverse("plans-plan-create", args=[locality.pk]),
        {
            "title": "Backwards",
            "status": "active",
            "starts_on": "2027-04-01",
            "ends_on": "2026-03-31",
            "review_every_days": 31,
        },
    )
    assert response.status_code == 400
    assert "The plan must end on or after the day it starts." in response.content.decode()
    assert not Plan.objects.filter(title="Backwards").exists()


def test_an_action_due_before_it_starts_is_refused(client_for):
    plan = PlanFactory()
    response = client_for(user("nadia")).post(
        reverse("plans-action-create", args=[plan.pk]),
        {
            "title": "Litter pick",
            "owner_organisation": organisation(COUNCIL).pk,
            "starts_on": "2026-06-01",
            "due_on": "2026-05-01",
            "status": "not_started",
            "progress": 0,
            "weight": 1,
        },
    )
    assert response.status_code == 400
    assert "The due date must be on or after the start date." in response.content.decode()
    assert not Action.objects.filter(title="Litter pick").exists()


def test_a_partner_adds_actions_only_for_its_own_organisation(client_for):
    plan = PlanFactory()
    client = client_for(user("carol"))
    form = client.get(reverse("plans-action-create", args=[plan.pk])).context["form"]
    assert list(form.fields["owner_organisation"].queryset) == [organisation(HUB)]
    response = client.post(
        reverse("plans-action-create", args=[plan.pk]),
        {
            "title": "Police patrols",
            "owner_organisation": organisation(POLICE).pk,
            "status": "not_started",
            "progress": 0,
            "weight": 1,
        },
    )
    assert response.status_code == 400
    assert "Choose one of the options offered." in response.content.decode()
    assert not Action.objects.filter(title="Police patrols").exists()


def test_the_owner_reports_status_with_a_note_and_the_history_keeps_it(client_for):
    action = ActionFactory(progress=20)
    response = client_for(user("bob")).post(
        reverse("plans-action-status", args=[action.pk]),
        {"status": "at_risk", "progress": 35, "note": "Two officers off sick."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.AT_RISK, 35)
    update = ActionUpdate.objects.get(action=action)
    assert (update.old_status, update.new_status, update.old_progress, update.new_progress) == (
        "on_track",
        "at_risk",
        20,
        35,
    )
    assert update.note == "Two officers off sick." and update.by == user("bob")
    page = client_for(user("carol")).get(reverse("plans-action", args=[action.pk]))
    assert "Two officers off sick." in page.content.decode()


def test_dropping_an_action_needs_a_reason(client_for):
    action = ActionFactory()
    client = client_for(user("bob"))
    url = reverse("plans-action-status", args=[action.pk])
    response = client.post(url, {"status": "dropped", "progress": 0, "note": ""})
    assert response.status_code == 400
    assert "Say why the action was dropped." in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK and not action.updates.exists()
    client.post(url, {"status": "dropped", "progress": 0, "dropped_reason": "Funding ended."})
    action.refresh_from_db()
    assert (action.status, action.dropped_reason) == ("dropped", "Funding ended.")


def test_another_partner_may_read_but_not_change_an_action(client_for):
    action = ActionFactory()
    client = client_for(user("carol"))
    assert client.get(reverse("plans-action", args=[action.pk])).status_code == 200
    response = client.post(
        reverse("plans-action-status", args=[action.pk]), {"status": "done", "progress": 100}
    )
    assert response.status_code == 403
    assert (
        client_for(user("dave")).get(reverse("plans-action", args=[action.pk])).status_code == 404
    )


def test_the_plan_page_rolls_progress_up_by_weight(client_for):
    plan = PlanFactory()
    safe = PlanThemeFactory(plan=plan, name="Safety", weight=1)
    homes = PlanThemeFactory(plan=plan, name="Homes", weight=3)
    ActionFactory(plan=plan, theme=safe, status=ActionStatus.DONE, progress=10)
    ActionFactory(plan=plan, theme=homes, progress=40)
    ActionFactory(plan=plan, theme=homes, status=ActionStatus.DROPPED, dropped_reason="No money")
    data = client_for(user("amir")).get(reverse("plans-plan-twin", args=[plan.pk, "json"])).json()
    # Safety 100 (done), homes 40 (dropped left out): (100 × 1 + 40 × 3) / 4 = 55.
    assert {t["name"]: t["progress"] for t in data["themes"]} == {"Safety": 100.0, "Homes": 40.0}
    assert data["plan"]["progress"] == 55.0


def test_council_themes_are_set_by_its_coordinators_and_read_by_its_members(client_for):
    url = reverse("plans-council-themes", args=[MIDDLESBROUGH])
    response = client_for(user("alice")).post(
        url, {"name": "Tackling poverty", "lead_organisation": organisation(COUNCIL).pk, "order": 3}
    )
    assert response.status_code == 302
    assert CouncilTheme.objects.filter(council_code=MIDDLESBROUGH, name="Tackling poverty").exists()
    duplicate = client_for(user("alice")).post(url, {"name": "tackling poverty", "order": 4})
    assert duplicate.status_code == 400
    assert "The council already has a theme of that name." in duplicate.content.decode()
    assert "Tackling poverty" in client_for(user("amir")).get(url).content.decode()
    assert client_for(user("amir")).post(url, {"name": "Other", "order": 1}).status_code == 403
    assert client_for(user("dave")).get(url).status_code == 404


def test_the_manager_adds_a_theme_and_an_objective_and_a_read_only_member_may_not(client_for):
    plan = PlanFactory()
    client = client_for(user("nadia"))
    response = client.post(
        reverse("plans-theme-create", args=[plan.pk]),
        {"name": "Homes", "lead_organisation": organisation(COUNCIL).pk, "weight": 2, "order": 1},
    )
    assert response.status_code == 302
    theme = plan.themes.get(name="Homes")
    again = client.post(
        reverse("plans-theme-create", args=[plan.pk]), {"name": "homes", "weight": 1, "order": 2}
    )
    assert again.status_code == 400
    assert "The plan already has a theme of that name." in again.content.decode()
    response = client.post(
        reverse("plans-objective-create", args=[theme.pk]),
        {"title": "Bring empty homes back into use", "weight": 1, "order": 0},
    )
    assert response.status_code == 302
    assert theme.objectives.get().title == "Bring empty homes back into use"
    refused = client_for(user("amir")).post(
        reverse("plans-theme-edit", args=[theme.pk]), {"name": "Renamed", "weight": 1, "order": 0}
    )
    assert refused.status_code == 403
    theme.refresh_from_db()
    assert theme.name == "Homes"


def test_an_action_marked_done_is_complete_however_it_was_reported_and_its_history_says_so(
    client_for,
):
    action = ActionFactory(status=ActionStatus.ON_TRACK, progress=40)
    response = client_for(user("nadia")).post(
        reverse("plans-action-edit", args=[action.pk]),
        {
            "title": action.title,
            "owner_organisation": action.owner_organisation_id,
            "status": "done",
            "progress": 40,
            "weight": 1,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DONE, 100)
    assert [
        (u.old_status, u.new_status, u.old_progress, u.new_progress) for u in action.updates.all()
    ] == [(ActionStatus.ON_TRACK, ActionStatus.DONE, 40, 100)]
