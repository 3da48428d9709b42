"""The steering-group page and a locality's page read a fixed number of queries, however many plans and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohesion.plans.choices import ActionStatus
from cohesion.plans.models import Action, Plan, PlanTheme
from cohesion.plans.tests.factories import (
    MIDDLESBROUGH,
    POLICE,
    LocalityFactory,
    MeetingFactory,
    PlanFactory,
    TargetFactory,
    organisation,
    user,
)

pytestmark = pytest.mark.django_db

STATUSES = [s for s in ActionStatus.values if s != ActionStatus.DROPPED]


def add_plans(locality, plans: int, actions_each: int) -> None:
    police = organisation(POLICE)
    for n in range(plans):
        plan = PlanFactory(locality=locality, title=f"Plan {n}")
        themes = PlanTheme.objects.bulk_create(
            [PlanTheme(plan=plan, name=f"Theme {t}", order=t) for t in range(3)]
        )
        TargetFactory(plan=plan, theme=themes[0], computed_status="deterioration")
        MeetingFactory(plan=plan)
        Action.objects.bulk_create(
            Action(
                plan=plan,
                council_id=plan.council_id,
                council_code=plan.council_code,
                theme=themes[a % 3],
                title=f"Action {a}",
                owner_organisation=police,
                status=STATUSES[a % len(STATUSES)],
                progress=a % 100,
                due_on=dt.date(2026, 1, 1) + dt.timedelta(days=a),
            )
            for a in range(actions_each)
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["steering", "locality"])
def test_the_page_reads_as_many_queries_for_50_plans_of_300_actions_as_for_one(client_for, page):
    locality = LocalityFactory()
    add_plans(locality, 1, 3)
    url = (
        reverse("plans-steering", args=[MIDDLESBROUGH])
        if page == "steering"
        else reverse("plans-locality", args=[locality.pk])
    )
    client = client_for(user("alice"))
    client.get(url)  # warm the per-process caches (site settings, translations)
    few = queries(client, url)
    add_plans(locality, 49, 300)
    assert Plan.objects.count() == 50
    many = queries(client, url)
    assert many == few
