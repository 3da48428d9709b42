"""Demo step: one recorded monthly review of Newport's plan, and an issue plan opened from an alert.

Runs after the plans step that seeds Middlesbrough's locality plans (read here by
locality slug ``newport``). The review changes two actions' statuses with notes,
raises one action and escalates one exception to the steering group; the issue
plan is opened by alice from the latest early-warning alert in Middlesbrough,
and one action is raised from the same alert. Every record made here says it is
an example. Running the step again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from cohesion.plans.choices import OPEN_ACTION_STATUSES, ActionStatus, MeetingKind, PlanKind
from cohesion.plans.models import Meeting, Plan
from cohesion.plans.reviews import (
    MeetingRecord,
    NewAction,
    StatusChange,
    open_issue_plan,
    raise_action_from,
    record_meeting,
)

MIDDLESBROUGH = "E06000002"
REVIEW_TITLE = "Monthly review (example record)"
ISSUE_TITLE = "Response to an early-warning alert (example plan)"


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _review_newport(say: Callable[[str], None], today: dt.date) -> None:
    plan = (
        Plan.objects.filter(
            kind=PlanKind.LOCALITY, locality__slug="newport", council_code=MIDDLESBROUGH
        )
        .order_by("pk")
        .first()
    )
    if plan is None:
        say("  No Newport plan to review (the plans step has not run).")
        return
    if Meeting.objects.filter(plan=plan, title=REVIEW_TITLE).exists():
        say("  Newport's example review is already recorded.")
        return
    actions = list(
        plan.actions.filter(status__in=OPEN_ACTION_STATUSES)
        .select_related("owner_organisation")
        .order_by("due_on", "pk")[:2]
    )
    changes = []
    if actions:
        first = actions[0]
        changes.append(
            StatusChange(
                first,
                ActionStatus.ON_TRACK,
                min(100, first.progress + 25),
                note="Partners reported steady progress at the review.",
            )
        )
    if len(actions) > 1:
        second = actions[1]
        changes.append(
            StatusChange(
                second,
                ActionStatus.AT_RISK,
                second.progress,
                note="Staff shortages this month; the partner expects to catch up by the next review.",
            )
        )
    partners = list(plan.partners.order_by("name"))
    held_on = max(plan.starts_on, today - dt.timedelta(days=7))
    meeting = Meeting(
        kind=MeetingKind.PLAN_REVIEW,
        plan=plan,
        council=plan.council,
        locality=plan.locality,
        title=REVIEW_TITLE,
        held_on=held_on,
        attendees="Nadia Novak, neighbourhood manager\nBob Bell, police community engagement",
        decisions="Keep the Saturday patrols; ask the steering group about CCTV funding.",
        next_on=held_on + dt.timedelta(days=28),
    )
    owner = partners[0] if partners else None
    record_meeting(
        MeetingRecord(
            meeting=meeting,
            organisations=partners,
            changes=changes,
            new_actions=[
                NewAction(
                    "Leaflet the flats on Newport Road about the drop-in (example)",
                    owner,
                    held_on + dt.timedelta(days=30),
                )
            ]
            if owner is not None
            else [],
            escalations=["No budget yet for a CCTV camera on Union Street (example)."],
        ),
        by=_user("nadia"),
    )
    say(
        f"  Newport: an example monthly review on {held_on:%d %b %Y}, "
        f"{len(changes)} action status change(s), 1 escalation."
    )


def _issue_plan_from_alert(say: Callable[[str], None], today: dt.date) -> None:
    from cohesion.accounts.models import Organisation
    from cohesion.tensions.sources import ALERT, latest_alert_pk, source_record

    alice = _user("alice")
    alert_pk = latest_alert_pk(MIDDLESBROUGH)
    if alice is None or alert_pk is None:
        say("  No early-warning alert in Middlesbrough to open an issue plan from.")
        return
    if Plan.objects.filter(source_kind=ALERT, source_id=alert_pk).exists():
        say("  The example issue plan is already open.")
        return
    source = source_record(alice, ALERT, alert_pk)
    partners = list(
        Organisation.objects.filter(name__in=["Middlesbrough Council", "Cleveland Police"])
    )
    plan = open_issue_plan(
        source,
        title=ISSUE_TITLE,
        summary=f"Opened from the alert: {source.label}",
        by=alice,
        partners=partners,
        today=today,
    )
    police = next((o for o in partners if o.name == "Cleveland Police"), None)
    if police is not None:
        raise_action_from(
            source,
            NewAction(
                "Visit the area with the neighbourhood team this week (example)",
                police,
                today + dt.timedelta(days=7),
            ),
            by=_user("bob") or alice,
        )
    say(f"  Issue plan opened from the alert {source.label!r} (plan {plan.pk}).")


def run_demo(data_dir: Path, say: Callable[[str], None]) -> None:
    today = timezone.localdate()
    _review_newport(say, today)
    _issue_plan_from_alert(say, today)


def register() -> None:
    from cohesion.core import demo

    demo.register("plan reviews and issue plans", 90, run_demo)
