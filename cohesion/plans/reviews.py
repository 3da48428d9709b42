"""Recording reviews and partnership meetings, raising actions, escalating and resolving exceptions.

A meeting is saved in one transaction with everything it did: each action's
status change (an append-only :class:`~cohesion.plans.models.ActionUpdate`
pointing at the meeting), the actions it raised and the exceptions it escalated
to the steering group. Nothing is half-saved: if any part is refused, nothing is.

Actions and issue-based plans may also be raised from a tensions record (an
early-warning alert, a tension assessment, a trigger event, a rumour or a
community impact assessment): the record is read through
:func:`cohesion.tensions.sources.source_record`, and the new action or plan keeps
``source_kind``/``source_id`` so the record's page lists what was raised from it
(:func:`linked_to`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from cohesion.accounts.permissions import VIEW
from cohesion.places.models import Area
from cohesion.places.queries import get_area
from cohesion.plans.choices import ActionStatus, PlanKind, PlanStatus
from cohesion.plans.models import Action, ActionUpdate, Escalation, Meeting, Plan

ISSUE_PLAN_DAYS = 90  # an issue-based plan runs for three months unless changed


@dataclass(frozen=True)
class StatusChange:
    """What a meeting decided about one action."""

    action: Action
    status: str
    progress: int
    note: str = ""
    dropped_reason: str = ""


@dataclass(frozen=True)
class NewAction:
    """An action a meeting (or a tensions record) raised."""

    title: str
    owner_organisation: Any
    due_on: dt.date | None = None
    description: str = ""
    area_code: str = ""


@dataclass
class MeetingRecord:
    """Everything one meeting did, for :func:`record_meeting`."""

    meeting: Meeting
    organisations: Sequence[Any] = ()
    changes: Sequence[StatusChange] = ()
    new_actions: Sequence[NewAction] = ()
    escalations: Sequence[str] = ()
    saved_updates: list[ActionUpdate] = field(default_factory=list)


def change_action(
    change: StatusChange, *, by: Any, meeting: Meeting | None = None
) -> ActionUpdate | None:
    """Apply one status change and append its history line; None if nothing changed and no note."""
    action = change.action
    old_status, old_progress = action.status, action.progress
    unchanged = old_status == change.status and old_progress == change.progress
    if unchanged and not change.note.strip():
        return None
    action.status = change.status
    action.progress = change.progress
    if change.status == ActionStatus.DROPPED:
        action.dropped_reason = change.dropped_reason.strip()
    action.save(update_fields=["status", "progress", "dropped_reason", "updated_at"])
    return action.note_change(
        by=by,
        meeting=meeting,
        old_status=old_status,
        old_progress=old_progress,
        note=change.note,
    )


def _new_action(
    new: NewAction, *, council: Area, by: Any, plan: Plan | None, meeting: Meeting | None
) -> Action:
    return Action.objects.create(
        title=new.title.strip(),
        description=new.description,
        council=council,
        area_code=new.area_code,
        plan=plan,
        meeting=meeting,
        owner_organisation=new.owner_organisation,
        due_on=new.due_on,
        created_by=by,
    )


def record_meeting(record: MeetingRecord, *, by: Any) -> Meeting:
    """Save a meeting with its status changes, new actions and escalations, all or nothing."""
    meeting = record.meeting
    with transaction.atomic():
        if meeting.created_by_id is None:
            meeting.created_by = by
        meeting.save()
        meeting.organisations.set(record.organisations)
        for change in record.changes:
            update = change_action(change, by=by, meeting=meeting)
            if update is not None:
                record.saved_updates.append(update)
        for new in record.new_actions:
            _new_action(new, council=meeting.council, by=by, plan=meeting.plan, meeting=meeting)
        Escalation.objects.bulk_create(
            [
                Escalation(meeting=meeting, plan=meeting.plan, summary=text.strip(), raised_by=by)
                for text in record.escalations
                if text.strip()
            ]
        )
    return meeting


def resolve_escalation(
    escalation: Escalation, resolution: str, *, now: dt.datetime | None = None
) -> None:
    """Close an escalation with what the steering group decided."""
    escalation.resolution = resolution.strip()
    escalation.resolved_at = now or timezone.now()
    escalation.save(update_fields=["resolution", "resolved_at"])


def raise_action_from(source: Any, new: NewAction, *, by: Any) -> Action:
    """An action raised from a tensions record (a :class:`~cohesion.tensions.sources.SourceRecord`)."""
    council = get_area(source.council_code)
    action = _new_action(
        NewAction(
            title=new.title,
            owner_organisation=new.owner_organisation,
            due_on=new.due_on,
            description=new.description,
            area_code=source.area_code if source.area_code != source.council_code else "",
        ),
        council=council,
        by=by,
        plan=None,
        meeting=None,
    )
    action.source_kind = source.kind
    action.source_id = source.pk
    action.source_text = source.actions_text
    action.save(update_fields=["source_kind", "source_id", "source_text"])
    return action


def open_issue_plan(
    source: Any,
    *,
    title: str,
    summary: str,
    by: Any,
    partners: Iterable[Any],
    today: dt.date | None = None,
) -> Plan:
    """An issue-based plan opened from a tensions record, managed by the person who opens it."""
    today = today or timezone.localdate()
    council = get_area(source.council_code)
    with transaction.atomic():
        plan = Plan.objects.create(
            kind=PlanKind.ISSUE,
            council=council,
            title=title.strip(),
            summary=summary.strip(),
            status=PlanStatus.ACTIVE,
            manager=by,
            starts_on=today,
            ends_on=today + dt.timedelta(days=ISSUE_PLAN_DAYS),
            review_every_days=7,
            source_kind=source.kind,
            source_id=source.pk,
            source_label=source.label,
            created_by=by,
        )
        if source.area_code and source.area_code != source.council_code:
            plan.wards.set(Area.objects.filter(code=source.area_code, parent=council)[:1])
        plan.partners.set(list(partners))
    return plan


@dataclass(frozen=True)
class Linked:
    """What was raised from one tensions record and may be shown to the person asking."""

    actions: list[Action]
    plans: list[Plan]


def linked_to(user: Any, source_kind: str, source_id: int) -> Linked:
    """The actions and issue plans raised from a tensions record that ``user`` may read.

    The public function the tensions pages call (through the ``linked_actions`` template tag).
    """
    actions = list(
        Action.objects.restrict(user, VIEW)
        .filter(source_kind=source_kind, source_id=source_id)
        .select_related("owner_organisation")
        .order_by("due_on", "pk")
    )
    plans = list(
        Plan.objects.restrict(user, VIEW)
        .filter(source_kind=source_kind, source_id=source_id)
        .order_by("-starts_on", "pk")
    )
    return Linked(actions=actions, plans=plans)
