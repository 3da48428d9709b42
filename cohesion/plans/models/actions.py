"""The one action model every app raises actions with.

An **action** is something a named organisation (and person) will do by a date:
under a plan's objective or theme, raised at a meeting, or raised from a tension
assessment, a community impact assessment, a rumour or an alert
(``source_kind`` and ``source_id``; those records keep their own free-text
"actions" for history, and link to these). Its status is reported by its owner
(not started, on track, at risk, off track, done, or dropped with a reason) with
a progress percentage and notes; every change is an append-only
:class:`ActionUpdate` (who, when, from what to what, at which meeting).

Each partner edits its own actions: officers and above of the owner
organisation change them, as do the plan's editors. Actions outside a plan are
read by council and police members whose scope covers the area and by the
owner and partner organisations.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import VIEW, RestrictedQuerySet
from cohesion.core.append_only import AppendOnlyModel, AppendOnlyQuerySetMixin
from cohesion.places.models import Area
from cohesion.plans.choices import ActionStatus, IssueSource
from cohesion.plans.models.meetings import Meeting
from cohesion.plans.models.plans import Objective, Plan, PlanTheme


class ActionQuerySet(RestrictedQuerySet["Action"]):
    def restrict(self, user: Any, action: str = VIEW) -> ActionQuerySet:
        """``view``: readers of its plan or meeting; outside both, council and police members in scope and
        the owner and partner organisations. ``change``: the plan's (or meeting's) editors and officers
        of the owner organisation. ``delete``: the plan's editors only."""
        from cohesion.plans.access import (
            council_scope,
            organisations_acting,
            plan_edit_q,
            plan_view_q,
        )

        if getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if action == VIEW:
            plans = Plan.objects.filter(plan_view_q(user)).values("pk")
            meetings = Meeting.objects.restrict(user, VIEW).values("pk")
            orgs = organisations_acting(user, "viewer")
            condition = (
                Q(plan__in=plans)
                | Q(plan__isnull=True, meeting__in=meetings)
                | Q(plan__isnull=True, meeting__isnull=True)
                & (
                    council_scope(user).q("council_code", "area_code")
                    | Q(owner_organisation__in=orgs)
                    | Q(partners__in=orgs)
                )
            )
        else:
            plans = Plan.objects.filter(plan_edit_q(user)).values("pk")
            condition = Q(plan__in=plans)
            if action != "delete":
                meetings = Meeting.objects.restrict(user, action).values("pk")
                condition |= Q(plan__isnull=True, meeting__in=meetings)
                condition |= Q(owner_organisation__in=organisations_acting(user))
            condition &= Q(pk__in=self.model.objects.restrict(user, VIEW).values("pk"))
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))


class Action(models.Model):
    """Something a partner will do by a date, with its status, progress and history."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    council = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    area_code = models.CharField(
        max_length=12, db_index=True, blank=True, help_text=_("The ward it is for, if one.")
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    theme = models.ForeignKey(
        PlanTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_actions",
        help_text=_("The meeting that raised it."),
    )
    source_kind = models.CharField(max_length=20, choices=IssueSource.choices, blank=True)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    source_text = models.TextField(
        blank=True, help_text=_("The free text the action was raised from, kept for history.")
    )
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Per cent complete."))
    dropped_reason = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    is_public = models.BooleanField(
        default=True, help_text=_("Show the title and status on the public locality page.")
    )
    service_ids = models.JSONField(
        default=list,
        blank=True,
        help_text=_("The stable ids of the directory services the action delivers."),
    )
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["source_kind", "source_id"], name="plans_action_source_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="plans_action_status_is_known"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="plans_action_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(due_on__gte=models.F("starts_on")),
                name="plans_action_due_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DROPPED) | ~Q(dropped_reason=""),
                name="plans_action_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.council.code
        if self.status == ActionStatus.DONE:
            # Done work is complete, however it was reported: the roll-ups count it in full.
            self.progress = 100
        super().save(*args, **kwargs)

    def note_change(
        self,
        *,
        by: Any,
        old_status: str,
        old_progress: int | None,
        note: str = "",
        meeting: Meeting | None = None,
    ) -> ActionUpdate | None:
        """Append a line to the action's history if its status or progress changed, or a note was given.

        The one way every form, review, import and API call writes an action's history.
        """
        note = note.strip()
        if old_status == self.status and old_progress == self.progress and not note:
            return None
        return ActionUpdate.objects.create(
            action=self,
            by=by,
            meeting=meeting,
            old_status=old_status,
            new_status=self.status,
            old_progress=old_progress,
            new_progress=self.progress,
            note=note,
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            errors["due_on"] = _("The due date must be on or after the start date.")
        if self.status == ActionStatus.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = _("Say why the action was dropped.")
        if errors:
            raise ValidationError(errors)


class ActionUpdateQuerySet(AppendOnlyQuerySetMixin, models.QuerySet["ActionUpdate"]):
    pass


class ActionUpdate(AppendOnlyModel):
    """One dated change to an action: status, progress, a note; append-only."""

    append_only_message = "An action's history is append-only: record a new update instead."

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="action_updates"
    )
    old_status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    new_status = models.CharField(max_length=20, choices=ActionStatus.choices)
    old_progress = models.PositiveSmallIntegerField(null=True, blank=True)
    new_progress = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True, help_text=_("Progress note; for partners only."))

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.old_status}→{self.new_status}"
