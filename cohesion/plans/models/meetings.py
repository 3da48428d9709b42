"""Reviews and partnership meetings, and the exceptions they escalate.

Every partnership meeting is recorded the same way: the monthly review of a plan
("individual multi-agency Action Plans … reviewed on a monthly basis"), the
weekly locality meeting, the steering group ("to monitor all locality Action
Plans"), the anti-social behaviour meeting. A meeting has a date, who attended
and for which organisations, its decisions, the status changes it made to
actions (each an :class:`~cohesion.plans.models.actions.ActionUpdate` pointing
at the meeting) and the actions it raised. A review is a meeting of kind
``plan_review`` with its plan. Exceptions a review cannot resolve are
**escalated** to the steering group ("exceptions fed back to the Strategic
group") and stay on the steering-group page until resolved.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import VIEW, RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.plans.choices import MeetingKind
from cohesion.plans.models.localities import Locality
from cohesion.plans.models.plans import Plan


class MeetingQuerySet(RestrictedQuerySet["Meeting"]):
    def restrict(self, user: Any, action: str = VIEW) -> MeetingQuerySet:
        """A plan's review: as its plan. Any other meeting: council and police members in scope read it;
        council coordinators in scope and whoever recorded it change it."""
        from cohesion.accounts.choices import Role
        from cohesion.plans.access import council_scope, plan_edit_q, plan_view_q

        if getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if action == VIEW:
            of_plan = Q(plan__in=Plan.objects.filter(plan_view_q(user)).values("pk"))
            standalone = council_scope(user).q("council_code")
        else:
            of_plan = Q(plan__in=Plan.objects.filter(plan_edit_q(user)).values("pk"))
            standalone = council_scope(user, Role.COORDINATOR).q("council_code") | Q(
                created_by=user
            )
        return self.filter(Q(plan__isnull=False) & of_plan | Q(plan__isnull=True) & standalone)


class Meeting(models.Model):
    """A plan review or any partnership meeting: who came, what was decided, what changed."""

    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    council = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    title = models.CharField(max_length=200, blank=True)
    held_on = models.DateField()
    attendees = models.TextField(
        blank=True, help_text=_("Who attended, one per line (names and roles).")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", help_text=_("The organisations represented.")
    )
    decisions = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text=_("For partners only; never published."))
    next_on = models.DateField(null=True, blank=True, help_text=_("When it meets next."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="plans_meeting_kind_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind=MeetingKind.PLAN_REVIEW) | Q(plan__isnull=False),
                name="plans_meeting_review_has_plan",
            ),
            models.CheckConstraint(
                condition=Q(next_on__isnull=True) | Q(next_on__gt=models.F("held_on")),
                name="plans_meeting_next_after_held",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.held_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.council.code
        super().save(*args, **kwargs)


class EscalationQuerySet(RestrictedQuerySet["Escalation"]):
    def restrict(self, user: Any, action: str = VIEW) -> EscalationQuerySet:
        """As the meeting that raised it."""
        return self.filter(meeting__in=Meeting.objects.restrict(user, action))


class Escalation(models.Model):
    """An exception a meeting escalates to the steering group, open until resolved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="escalations")
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="escalations"
    )
    summary = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return self.summary[:80]
