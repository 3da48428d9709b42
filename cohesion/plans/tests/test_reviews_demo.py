"""The demo step records Newport's example review and opens an issue plan from an alert."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cohesion.plans.choices import MeetingKind, PlanKind
from cohesion.plans.demo_reviews import REVIEW_TITLE, run_demo
from cohesion.plans.models import Action, ActionUpdate, Escalation, Meeting, Plan
from cohesion.plans.tests.factories import ActionFactory, LocalityFactory, PlanFactory
from cohesion.tensions.tests.factories_assessment import AlertFactory

pytestmark = pytest.mark.django_db


def test_the_demo_step_reviews_newports_plan_and_opens_an_issue_plan_once(nadia):
    plan = PlanFactory(locality=LocalityFactory(slug="newport"), starts_on=dt.date(2026, 1, 1))
    first, second = ActionFactory(plan=plan), ActionFactory(plan=plan)
    alert = AlertFactory()
    said: list[str] = []

    run_demo(Path("."), said.append)
    run_demo(Path("."), said.append)  # again: nothing new

    meeting = Meeting.objects.get(plan=plan)
    assert (meeting.kind, meeting.title, meeting.created_by) == (
        MeetingKind.PLAN_REVIEW,
        REVIEW_TITLE,
        nadia,
    )
    assert set(ActionUpdate.objects.filter(meeting=meeting).values_list("action", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert Escalation.objects.filter(meeting=meeting, resolved_at__isnull=True).count() == 1
    issue = Plan.objects.get(kind=PlanKind.ISSUE)
    assert (issue.source_kind, issue.source_id) == ("alert", alert.pk)
    assert Action.objects.filter(source_kind="alert", source_id=alert.pk).count() == 1
    assert "  Newport's example review is already recorded." in said
