"""Every plan action a person may read, in one list: filters in the address (no JavaScript needed),
pages, downloads of the same filters, a fixed cost per page, an audit event, nothing out of scope."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from cohesion.audit.models import AuditEvent
from cohesion.plans.choices import ActionStatus
from cohesion.plans.tests.factories import (
    COUNCIL,
    HUB,
    NEWPORT,
    NORTH_ORMESBY,
    ActionFactory,
    PlanFactory,
    organisation,
)
from cohesion.testing.lists import queries_for, table_links

pytestmark = pytest.mark.django_db

ACTIONS = "/plans/actions/"


def _ids(response: Any) -> set[int]:
    return {int(pk) for pk in table_links(response, "action-table", r"/plans/actions/(\d+)/")}


@pytest.fixture
def mixed() -> dict[str, Any]:
    """Actions in one plan that each differ in one way from the one every filter finds."""
    plan = PlanFactory()
    overdue = timezone.localdate() - dt.timedelta(days=3)
    wanted = {
        "plan": plan,
        "title": "Youth outreach on Newport Road",
        "area_code": NEWPORT,
        "status": ActionStatus.AT_RISK,
        "due_on": overdue,
        "starts_on": overdue - dt.timedelta(days=30),
        "owner_organisation": organisation(HUB),
    }
    return {
        "match": ActionFactory(**wanted),
        "other plan": ActionFactory(**{**wanted, "plan": PlanFactory(title="Another plan")}),
        "other words": ActionFactory(**{**wanted, "title": "Street lighting"}),
        "other status": ActionFactory(**{**wanted, "status": ActionStatus.ON_TRACK}),
        "not overdue": ActionFactory(**{**wanted, "due_on": overdue + dt.timedelta(days=60)}),
        "other ward": ActionFactory(**{**wanted, "area_code": NORTH_ORMESBY}),
        "other owner": ActionFactory(**{**wanted, "owner_organisation": organisation(COUNCIL)}),
    }


def _every_filter(mixed: dict[str, Any]) -> dict[str, str]:
    return {
        "q": "outreach",
        "status": "at_risk",
        "due": "overdue",
        "ward": NEWPORT,
        "owner": str(organisation(HUB).pk),
        "plan": str(mixed["match"].plan_id),
    }


def test_every_action_filter_together_finds_the_one_action_that_meets_them_all(
    client_for: Any, alice: Any, mixed: dict[str, Any]
) -> None:
    response = client_for(alice).get(ACTIONS, _every_filter(mixed))
    assert response.status_code == 200
    assert _ids(response) == {mixed["match"].pk}
    html = response.content.decode()
    assert 'id="action-count">1 found' in html
    assert "Overdue</strong>" in html


@pytest.mark.parametrize(
    "name, left_out",
    [
        ("q", "other words"),
        ("status", "other status"),
        ("due", "not overdue"),
        ("ward", "other ward"),
        ("owner", "other owner"),
        ("plan", "other plan"),
    ],
)
def test_each_action_filter_alone_leaves_out_only_the_action_that_differs(
    client_for: Any, alice: Any, mixed: dict[str, Any], name: str, left_out: str
) -> None:
    found = _ids(client_for(alice).get(ACTIONS, {name: _every_filter(mixed)[name]}))
    assert found == {a.pk for key, a in mixed.items() if key != left_out}


def test_done_actions_are_not_overdue_and_open_leaves_them_out(client_for: Any, alice: Any) -> None:
    past = timezone.localdate() - dt.timedelta(days=10)
    done = ActionFactory(status=ActionStatus.DONE, due_on=past, starts_on=past)
    late = ActionFactory(due_on=past, starts_on=past)
    client = client_for(alice)
    assert _ids(client.get(ACTIONS, {"due": "overdue"})) == {late.pk}
    assert _ids(client.get(ACTIONS, {"status": "open"})) == {late.pk}
    assert _ids(client.get(ACTIONS)) == {late.pk, done.pk}


def test_actions_sort_by_due_date_either_way(client_for: Any, alice: Any) -> None:
    plan = PlanFactory()
    later = ActionFactory(plan=plan, due_on=dt.date(2026, 9, 1))
    sooner = ActionFactory(plan=plan, due_on=dt.date(2026, 5, 1))
    undated = ActionFactory(plan=plan, due_on=None)
    client = client_for(alice)
    pattern = r"/plans/actions/(\d+)/"
    assert table_links(client.get(ACTIONS), "action-table", pattern) == [
        str(a.pk) for a in (sooner, later, undated)
    ]
    assert table_links(client.get(ACTIONS, {"sort": "due_last"}), "action-table", pattern) == [
        str(a.pk) for a in (later, sooner, undated)
    ]


def test_another_councils_officer_sees_none_of_the_actions(client_for: Any, dave: Any) -> None:
    ActionFactory()
    response = client_for(dave).get(ACTIONS)
    assert response.status_code == 200
    assert _ids(response) == set()
    data = json.loads(client_for(dave).get("/plans/actions.json").content)
    assert data["count"] == 0


def test_pages_of_actions_keep_the_filters_and_the_page_is_audited(
    client_for: Any, alice: Any
) -> None:
    plan = PlanFactory()
    for _ in range(53):
        ActionFactory(plan=plan, status=ActionStatus.OFF_TRACK)
    ActionFactory(plan=plan)
    client = client_for(alice)
    first = client.get(ACTIONS, {"status": "off_track"})
    html = first.content.decode()
    assert len(_ids(first)) == 50 and "Page 1 of 2" in html
    assert 'href="?status=off_track&amp;page=2"' in html
    second = client.get(ACTIONS, {"status": "off_track", "page": "2"})
    assert len(_ids(second)) == 3
    event = AuditEvent.objects.filter(actor_username="alice").latest("pk")
    assert event.action == "view" and len(event.changes["ids"]) == 3


def test_the_action_downloads_hold_what_the_filters_find(client_for: Any, alice: Any) -> None:
    wanted = ActionFactory(title="Interpreters at the surgery", area_code=NEWPORT)
    ActionFactory(title="Litter pick")
    client = client_for(alice)
    data = json.loads(client.get("/plans/actions.json", {"q": "interpreters"}).content)
    assert data["count"] == 1
    assert data["actions"][0]["action"] == wanted.title
    assert data["actions"][0]["ward"] == NEWPORT
    body = client.get("/plans/actions.csv", {"q": "interpreters"}).content.decode()
    assert "Interpreters at the surgery" in body and "Litter pick" not in body


@pytest.mark.parametrize("params", [{}, {"due": "overdue", "sort": "title"}, {"status": "open"}])
def test_a_page_of_actions_costs_the_same_queries_however_many_it_lists(
    client_for: Any, alice: Any, params: dict[str, str]
) -> None:
    plan = PlanFactory()
    client = client_for(alice)
    ActionFactory(plan=plan, area_code=NEWPORT)
    client.get(ACTIONS)
    few = queries_for(client, ACTIONS, params)
    for i in range(30):
        ActionFactory(
            plan=plan,
            area_code=NEWPORT if i % 2 else NORTH_ORMESBY,
            owner_organisation=organisation(HUB if i % 3 else COUNCIL),
        )
    assert queries_for(client, ACTIONS, params) == few
