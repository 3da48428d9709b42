"""Plan actions name the directory services they deliver; a service's page lists those actions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cohesion.accounts.personas import DARLINGTON
from cohesion.directory.choices import PublicationState
from cohesion.directory.tests.factories import OrganisationFactory, ServiceFactory
from cohesion.plans.models import Action
from cohesion.plans.queries import actions_delivering
from cohesion.plans.tests.factories import (
    COUNCIL,
    MIDDLESBROUGH,
    ActionFactory,
    PlanFactory,
    organisation,
    user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered() -> dict:
    return {
        "esol": ServiceFactory(name="ESOL for beginners"),
        "youth": ServiceFactory(name="Youth club"),
        "draft": ServiceFactory(name="Draft service", state=PublicationState.DRAFT),
        "darlington": ServiceFactory(
            name="Darlington drop-in", organisation=OrganisationFactory(council_code=DARLINGTON)
        ),
    }


def _post(client, plan, **extra):
    return client.post(
        reverse("plans-action-create", args=[plan.pk]),
        {
            "title": "Conversation clubs",
            "owner_organisation": organisation(COUNCIL).pk,
            "status": "not_started",
            "progress": 0,
            "weight": 1,
            **extra,
        },
    )


def test_the_action_form_offers_only_the_councils_public_services(client_for, offered):
    plan = PlanFactory()
    form = client_for(user("nadia")).get(reverse("plans-action-create", args=[plan.pk]))
    choices = form.context["form"].fields["services"].choices
    assert [name for _pk, name in choices] == ["ESOL for beginners", "Youth club"]


def test_an_action_saves_the_services_it_names(client_for, offered):
    plan = PlanFactory()
    ids = [str(offered["esol"].pk), str(offered["youth"].pk)]
    response = _post(client_for(user("nadia")), plan, services=ids)
    assert response.status_code == 302
    assert Action.objects.get(title="Conversation clubs").service_ids == ids


@pytest.mark.parametrize("which", ["darlington", "draft"])
def test_a_service_not_offered_is_a_clear_error_and_nothing_is_saved(client_for, offered, which):
    plan = PlanFactory()
    response = _post(client_for(user("nadia")), plan, services=[str(offered[which].pk)])
    assert response.status_code == 400
    assert "is not a service of this council&#x27;s directory" in response.content.decode()
    assert not Action.objects.filter(title="Conversation clubs").exists()


def test_editing_keeps_and_changes_the_named_services(client_for, offered):
    action = ActionFactory(service_ids=[str(offered["esol"].pk)])
    client = client_for(user("nadia"))
    form = client.get(reverse("plans-action-edit", args=[action.pk])).context["form"]
    assert form.initial["services"] == [str(offered["esol"].pk)]


def test_the_action_page_links_to_the_services_pages(client_for, offered):
    action = ActionFactory(service_ids=[str(offered["esol"].pk)])
    page = client_for(user("nadia")).get(reverse("plans-action", args=[action.pk]))
    url = reverse("directory-service", args=[offered["esol"].pk])
    assert f'<a class="govuk-link" href="{url}">ESOL for beginners</a>' in page.content.decode()


@pytest.fixture
def delivering(offered) -> dict:
    esol = [str(offered["esol"].pk)]
    public_plan = PlanFactory(is_published=True)
    return {
        "public": ActionFactory(
            plan=public_plan, title="Public conversation clubs", service_ids=esol
        ),
        "hidden": ActionFactory(
            plan=public_plan, title="Quiet referrals", is_public=False, service_ids=esol
        ),
        "draft": ActionFactory(plan=PlanFactory(), title="Draft plan action", service_ids=esol),
        "other": ActionFactory(plan=public_plan, title="Youth outreach", service_ids=[]),
    }


def test_the_public_service_page_lists_only_public_actions_of_public_plans(offered, delivering):
    service = offered["esol"]
    page = Client().get(reverse("directory-service", args=[service.pk])).content.decode()
    assert "Plan actions that deliver this service" in page
    assert "Public conversation clubs" in page
    locality = delivering["public"].plan.locality
    assert reverse("plans-locality-public", args=[MIDDLESBROUGH, locality.slug]) in page
    for hidden in ("Quiet referrals", "Draft plan action", "Youth outreach"):
        assert hidden not in page


def test_a_partner_sees_the_actions_it_may_read_linked_to_their_pages(
    client_for, offered, delivering
):
    service = offered["esol"]
    page = client_for(user("nadia")).get(reverse("directory-service", args=[service.pk]))
    text = page.content.decode()
    for title in ("Public conversation clubs", "Quiet referrals", "Draft plan action"):
        assert title in text
    assert reverse("plans-action", args=[delivering["draft"].pk]) in text
    data = client_for(user("nadia")).get(
        reverse("directory-service-twin", args=[service.pk, "json"])
    )
    assert len(data.json()["plan_actions"]) == 3


def test_another_councils_officer_sees_only_the_public_actions(offered, delivering):
    titles = [
        r["title"] for r in actions_delivering(user("dave"), MIDDLESBROUGH, str(offered["esol"].pk))
    ]
    assert titles == ["Public conversation clubs"]


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("pl", "Działania z planów, które realizują tę usługę"),
        ("ar", "إجراءات الخطط التي تقدم هذه الخدمة"),
    ],
)
def test_the_service_pages_list_of_actions_is_in_the_readers_language(
    offered, delivering, language, heading
):
    response = Client(headers={"accept-language": language}).get(
        reverse("directory-service", args=[offered["esol"].pk])
    )
    assert heading in response.content.decode()
