"""Reminders to action owners about actions that are due soon or overdue.

``cohesion send-action-reminders`` (or the task
:data:`cohesion.plans.tasks.send_action_reminders_task`), run once a day like
``cohesion send-reminders``, emails each owner one list of their open actions
due within :data:`LEAD_DAYS` days or already late. The owner is the action's
named person, else its plan's neighbourhood manager; only someone who may
still open the action is told about it. An action is reminded about at most
once every :data:`INTERVAL_DAYS` days (``Action.reminded_on``), so running the
job twice sends nothing twice. Emails hold action titles, due dates and
addresses only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cohesion.accounts.permissions import VIEW, may
from cohesion.core.mail import email_list
from cohesion.plans.choices import OPEN_ACTION_STATUSES
from cohesion.plans.models import Action

LEAD_DAYS = 7  # remind a week before the due date
INTERVAL_DAYS = 7  # and then at most once a week while it stays open


@dataclass
class ActionReminderResult:
    actions: int = 0
    emails: int = 0
    unreachable: list[int] = field(default_factory=list)  # ids of actions nobody could be told of


def actions_needing_reminders(today: dt.date) -> list[Action]:
    quiet_since = today - dt.timedelta(days=INTERVAL_DAYS)
    return list(
        Action.objects.filter(
            status__in=OPEN_ACTION_STATUSES, due_on__lte=today + dt.timedelta(days=LEAD_DAYS)
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=quiet_since))
        .select_related("owner_person", "plan__manager")
        .order_by("due_on", "pk")
    )


def owner_of(action: Action) -> Any:
    """Who is told: the named owner, else the plan's manager; only if they may still open it."""
    candidates = [action.owner_person, action.plan.manager if action.plan else None]
    for person in candidates:
        if person is not None and person.email and may(Action.objects, person, VIEW, action):
            return person
    return None


def _line(action: Action, today: dt.date) -> str:
    assert action.due_on is not None
    state = "OVERDUE since" if action.due_on < today else "due"
    url = settings.SITE_URL + reverse("plans-action", args=[action.pk])
    return f"- {action.title} ({state} {action.due_on:%d %b %Y})\n  {url}"


def send_action_reminders(today: dt.date | None = None) -> ActionReminderResult:
    """Email each owner their due and overdue actions; mark those actions reminded today."""
    today = today or timezone.localdate()
    actions = actions_needing_reminders(today)
    result = ActionReminderResult(actions=len(actions))
    by_person: dict[Any, list[Action]] = defaultdict(list)
    for action in actions:
        person = owner_of(action)
        if person is None:
            result.unreachable.append(action.pk)
        else:
            by_person[person].append(action)
    for person, theirs in by_person.items():
        email_list(
            person,
            f"{len(theirs)} action(s) due",
            f"{len(theirs)} action(s) you answer for are due soon or overdue:",
            (_line(a, today) for a in theirs),
            "Sign in to Cohesion to update their status.",
        )
        result.emails += 1
    reminded = [a.pk for people in by_person.values() for a in people]
    Action.objects.filter(pk__in=reminded).update(reminded_on=today)
    return result
