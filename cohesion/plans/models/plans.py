"""Plans, their themes and objectives, and SMART targets bound to indicators.

A **plan** belongs to a locality, to a council's strategy, or to an issue: an
issue-based plan is opened from an early-warning alert, a tension assessment, a
trigger event or a rumour and keeps a link back to it (``source_kind`` and
``source_id``; the record stays in its own app and is read through that app's
functions). Access is decided on the plan: its partners and wards are copied
from the locality when it is made and can differ afterwards (an issue plan may
bring in the police for one ward).

A plan has **themes** (copied from the council's theme set, each with a lead
organisation and an "Our part / Your part" statement for the public page),
**objectives** under themes, **actions** (see :mod:`cohesion.plans.models.actions`)
and **targets**. Progress rolls up by weight from actions to objective, theme,
plan and locality (:mod:`cohesion.plans.calculations.rollup`).

A **target** names an indicator and an area, a baseline (value and period), a
target value and date and the desired direction. Its status is computed from
the indicator's live series by :func:`cohesion.plans.calculations.progress.target_status`;
the last computation is kept on the row (``computed_*``) so overviews can list
hundreds of targets in a constant number of queries, and is refreshed whenever
the indicator's values are published again. A manual status may override it,
with a reason; both are shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import CHANGE, VIEW, RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.plans.calculations.progress import STATUS_LABELS, Status
from cohesion.plans.choices import IssueSource, PlanKind, PlanStatus, TargetDirection
from cohesion.plans.models.localities import CouncilTheme, Locality

# Lazy labels, so each reader sees the status in their own language.
TARGET_STATUS_CHOICES = [(status.value, STATUS_LABELS[status]) for status in Status]


class PlanQuerySet(RestrictedQuerySet["Plan"]):
    def restrict(self, user: Any, action: str = VIEW) -> PlanQuerySet:
        """``view``: partners in scope and the manager; ``change``/``delete``: the manager and partner council coordinators."""
        from cohesion.plans.access import plan_edit_q, plan_view_q

        condition = plan_view_q(user) if action == VIEW else plan_edit_q(user)
        return self.filter(pk__in=Plan.objects.filter(condition).values("pk"))


class Plan(models.Model):
    """A multi-agency action plan for a locality, a council strategy or an issue."""

    kind = models.CharField(max_length=20, choices=PlanKind.choices)
    council = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    wards = models.ManyToManyField(
        Area, blank=True, related_name="+", help_text=_("Leave empty for the whole council.")
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text=_("Public: what the plan is for."))
    internal_notes = models.TextField(
        blank=True, help_text=_("For partners only; never published.")
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    review_every_days = models.PositiveSmallIntegerField(
        default=31,
        help_text=_("How often the plan is reviewed; a review later than this is missed."),
    )
    source_kind = models.CharField(max_length=20, choices=IssueSource.choices, blank=True)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    source_label = models.CharField(
        max_length=300, blank=True, help_text=_("What the source record was, kept for history.")
    )
    is_published = models.BooleanField(
        default=False, help_text=_("Show the public parts of the plan on the locality page.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["council_code", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values), name="plans_plan_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plans_plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(kind=PlanKind.ISSUE) | Q(source_id__isnull=False),
                name="plans_plan_issue_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.council.code
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The plan must end on or after the day it starts.")}
            )


class PlanTheme(models.Model):
    """One theme of a plan, its lead, weight and the public "Our part / Your part" statement."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    council_theme = models.ForeignKey(
        CouncilTheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_service = models.CharField(max_length=200, blank=True)
    our_part = models.TextField(blank=True, help_text=_("Public: what the partners commit to."))
    your_part = models.TextField(blank=True, help_text=_("Public: what residents are asked to do."))
    weight = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"], name="plans_plantheme_name_unique_in_plan"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """What a theme sets out to achieve; actions and targets hang from it."""

    theme = models.ForeignKey(PlanTheme, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["theme", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class TargetQuerySet(RestrictedQuerySet["Target"]):
    def restrict(self, user: Any, action: str = VIEW) -> TargetQuerySet:
        """As the plan: readers of the plan read its targets; its editors change them."""
        return self.filter(plan__in=Plan.objects.restrict(user, VIEW if action == VIEW else CHANGE))


class Target(models.Model):
    """A SMART target bound to an indicator's live series for one area."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    theme = models.ForeignKey(
        PlanTheme, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="targets"
    )
    title = models.CharField(max_length=300)
    indicator_code = models.SlugField(
        max_length=80, help_text=_("The indicator the target is measured by.")
    )
    area_code = models.CharField(
        max_length=12, help_text=_("GSS code of the ward or council measured.")
    )
    baseline_value = models.FloatField()
    baseline_start = models.DateField()
    baseline_end = models.DateField()
    baseline_lower = models.FloatField(null=True, blank=True)
    baseline_upper = models.FloatField(null=True, blank=True)
    target_value = models.FloatField()
    target_date = models.DateField()
    direction = models.CharField(max_length=10, choices=TargetDirection.choices)
    manual_status = models.CharField(max_length=30, choices=TARGET_STATUS_CHOICES, blank=True)
    manual_reason = models.TextField(blank=True)
    manual_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    manual_set_at = models.DateTimeField(null=True, blank=True)
    computed_status = models.CharField(
        max_length=30, choices=TARGET_STATUS_CHOICES, default=Status.NOT_ENOUGH_DATA
    )
    computed_explanation = models.TextField(blank=True)
    computed_latest_value = models.FloatField(null=True, blank=True)
    computed_latest_end = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order", "pk"]
        indexes = [
            models.Index(fields=["indicator_code", "area_code"], name="plans_target_series_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_end__gte=models.F("baseline_start")),
                name="plans_target_baseline_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(target_date__gt=models.F("baseline_end")),
                name="plans_target_date_after_baseline",
            ),
            models.CheckConstraint(
                condition=Q(manual_status="") | ~Q(manual_reason=""),
                name="plans_target_manual_status_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Plain words for the constraints, and a target that asks for the wrong way."""
        errors: dict[str, Any] = {}
        if self.baseline_start and self.baseline_end and self.baseline_end < self.baseline_start:
            errors["baseline_end"] = _("The baseline period must end on or after it starts.")
        elif self.baseline_end and self.target_date and self.target_date <= self.baseline_end:
            errors["target_date"] = _("The target date must be after the baseline period.")
        if self.manual_status and not self.manual_reason.strip():
            errors["manual_reason"] = _("Say why the status is set by hand.")
        if self.baseline_value is not None and self.target_value is not None:
            if (
                self.direction == TargetDirection.DECREASE
                and self.target_value >= self.baseline_value
            ):
                errors["target_value"] = _(
                    "The target asks for a decrease: it must be below the baseline."
                )
            elif (
                self.direction == TargetDirection.INCREASE
                and self.target_value <= self.baseline_value
            ):
                errors["target_value"] = _(
                    "The target asks for an increase: it must be above the baseline."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def shown_status(self) -> str:
        """The status the partnership reports: the manual one where set, else the computed one."""
        return self.manual_status or self.computed_status
