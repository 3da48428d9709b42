"""Records of a reviewed plan for the route and audit tests: a review, its escalation and an action."""

from __future__ import annotations

from typing import Any

from cohesion.plans.models import Escalation
from cohesion.plans.tests.factories import ActionFactory, MeetingFactory


def review_records() -> dict[str, Any]:
    """A review of a Newport plan with one action, and the review's open escalation."""
    meeting = MeetingFactory(title="November review")
    ActionFactory(plan=meeting.plan)
    escalation = Escalation.objects.create(
        meeting=meeting, plan=meeting.plan, summary="No funding for the CCTV camera"
    )
    return {"meeting": meeting, "escalation": escalation}
