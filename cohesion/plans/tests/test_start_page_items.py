"""What plans put on a person's start page: their actions due or late, and reviews due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cohesion.plans.choices import ActionStatus
from cohesion.plans.queries import start_page_items
from cohesion.plans.tests.factories import ActionFactory, MeetingFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _plan(**fields: Any) -> Any:
    today = _today()
    fields.setdefault("starts_on", today - dt.timedelta(days=10))
    fields.setdefault("ends_on", today + dt.timedelta(days=300))
    return PlanFactory(**fields)


def test_the_manager_sees_her_late_and_soon_due_actions_but_not_later_or_finished_ones(
    nadia: Any,
) -> None:
    plan = _plan()
    MeetingFactory(plan=plan, held_on=_today())  # reviewed today: no review due
    late = ActionFactory(plan=plan, title="Late", due_on=_today() - dt.timedelta(days=2))
    soon = ActionFactory(plan=plan, title="Soon", due_on=_today() + dt.timedelta(days=3))
    ActionFactory(plan=plan, title="Later", due_on=_today() + dt.timedelta(days=30))
    ActionFactory(plan=plan, title="Done", due_on=_today(), status=ActionStatus.DONE, progress=100)
    items = start_page_items(nadia)
    assert [i.text for i in items] == ["Late", "Soon"]
    assert items[0].urgent and not items[1].urgent
    assert items[0].url == reverse("plans-action", args=[late.pk])
    assert items[1].url == reverse("plans-action", args=[soon.pk])


def test_an_action_named_for_someone_else_is_theirs_not_the_managers(
    nadia: Any, alice: Any
) -> None:
    plan = _plan()
    MeetingFactory(plan=plan, held_on=_today())
    ActionFactory(plan=plan, title="Alice's", owner_person=alice, due_on=_today())
    assert [i.text for i in start_page_items(nadia)] == []
    assert "Alice's" in [i.text for i in start_page_items(alice)]


def test_a_review_falls_due_a_period_after_the_last_one(nadia: Any, bob: Any) -> None:
    plan = _plan(starts_on=_today() - dt.timedelta(days=100), review_every_days=31)
    MeetingFactory(plan=plan, held_on=_today() - dt.timedelta(days=40))
    items = [i for i in start_page_items(nadia) if i.url.endswith("/reviews/new/")]
    assert len(items) == 1
    assert items[0].text == f"Review of {plan.title}"
    assert items[0].urgent  # 40 days since the last, every 31
    assert items[0].url == reverse("plans-review-add", args=[plan.pk])
    # A partner who reads the plan but does not edit it is not asked to review it.
    assert not [i for i in start_page_items(bob) if i.url.endswith("/reviews/new/")]


def test_nobody_signed_out_gets_anything() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert start_page_items(AnonymousUser()) == []
