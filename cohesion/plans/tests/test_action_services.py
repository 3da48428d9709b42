"""Plan actions name directory services through a registered lookup; plans never imports the directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from cohesion.plans import services
from cohesion.plans.models import Action
from cohesion.plans.tests.factories import COUNCIL, ActionFactory, PlanFactory, organisation, user

pytestmark = pytest.mark.django_db

PLANS = Path(services.__file__).resolve().parent
IMPORTS_DIRECTORY = re.compile(r"^\s*(from|import)\s+cohesion\.directory\b", re.MULTILINE)


@pytest.mark.django_db(False)
def test_plans_imports_nothing_from_the_directory():
    offenders = [
        str(path.relative_to(PLANS))
        for path in PLANS.rglob("*.py")
        if IMPORTS_DIRECTORY.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _lookup(council_code: str) -> list[tuple[str, str, str]]:
    if council_code != "E06000002":
        return []
    return [("svc-2", "Youth club", "/y/"), ("svc-1", "ESOL for beginners", "/e/")]


def test_without_a_lookup_no_services_are_offered_and_the_action_saves(client_for, monkeypatch):
    monkeypatch.setattr(services, "_service_lookups", [])
    plan = PlanFactory()
    client = client_for(user("nadia"))
    form = client.get(reverse("plans-action-create", args=[plan.pk])).context["form"]
    assert "services" not in form.fields
    response = client.post(
        reverse("plans-action-create", args=[plan.pk]),
        {
            "title": "Litter pick",
            "owner_organisation": organisation(COUNCIL).pk,
            "status": "not_started",
            "progress": 0,
            "weight": 1,
            "services": ["svc-1"],
        },
    )
    assert response.status_code == 302
    assert Action.objects.get(title="Litter pick").service_ids == []


def test_a_registered_lookup_offers_its_services_by_name_once(monkeypatch):
    monkeypatch.setattr(services, "_service_lookups", [])
    services.register_service_lookup(_lookup)
    services.register_service_lookup(_lookup)
    assert [(o.id, o.name, o.url) for o in services.services_offered("E06000002")] == [
        ("svc-1", "ESOL for beginners", "/e/"),
        ("svc-2", "Youth club", "/y/"),
    ]
    assert services.services_offered("E06000005") == []


def test_the_action_page_lists_named_services_and_counts_those_no_longer_listed(
    client_for, monkeypatch
):
    monkeypatch.setattr(services, "_service_lookups", [_lookup])
    action = ActionFactory(service_ids=["svc-1", "gone"])
    response = client_for(user("nadia")).get(reverse("plans-action", args=[action.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a class="govuk-link" href="/e/">ESOL for beginners</a>' in page
    assert "Youth club" not in page
    assert "1 service no longer in the public directory" in page
    data = client_for(user("nadia")).get(reverse("plans-action-twin", args=[action.pk, "json"]))
    assert data.json()["services"] == [{"id": "svc-1", "name": "ESOL for beginners", "url": "/e/"}]


def test_the_api_gives_an_actions_service_ids(client_for):
    action = ActionFactory(service_ids=["svc-1", "svc-2"])
    response = client_for(user("nadia")).get(f"/api/v1/plans/actions/{action.pk}/")
    assert response.status_code == 200
    assert response.json()["services"] == ["svc-1", "svc-2"]
