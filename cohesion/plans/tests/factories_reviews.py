"""Records of a reviewed plan for the route and audit tests: a review, its escalation and an action."""

from __future__ import annotations

from typing import Any

from cohesion.plans.models import Escalation
from cohesion.plans.tests.factories import ActionFactory, MeetingFactory


def review_records() -> dict[str, Any]:
    """Newport's plan with one action, a recorded review and an open escalation."""
    meeting = MeetingFactory(title="November review")
    action = ActionFactory(plan=meeting.plan)
    escalation = Escalation.objects.create(
        meeting=meeting, plan=meeting.plan, summary="No funding for the CCTV camera"
    )
    return {
        "meeting": meeting,
        "plan": meeting.plan,
        "plan_action": action,
        "escalation": escalation,
    }
