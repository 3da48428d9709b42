"""Early-warning alerts and the people who follow an area to receive them.

An **alert** is one week of one series (reports in a ward, of one category or
of all categories together) that a statistical method flagged as unusually
high against its recent past: EARS C1, C2 or C3, the negative-binomial
count model, or the improved Farrington method
(cohesion/tensions/calculations/early_warning.py). An alert is a
prompt to look, not a finding: the tension assessment is where people judge.
Alerts hold counts only, never anything about a person.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import Role
from cohesion.accounts.permissions import ADD, CHANGE, DELETE, VIEW, RestrictedQuerySet
from cohesion.tensions.models.assessment import (
    TENSION_PARTNER_KINDS,
    AreaKeyedModel,
    AreaKeyedQuerySet,
)

ALL_CATEGORIES = "all"


class Method(models.TextChoices):
    C1 = "C1", _("EARS C1")
    C2 = "C2", _("EARS C2")
    C3 = "C3", _("EARS C3")
    NEGATIVE_BINOMIAL = "negative_binomial", _("Count model (negative binomial)")
    FARRINGTON_FLEXIBLE = "farrington_flexible", _("Improved Farrington (Noufaily)")


class AlertSource(models.TextChoices):
    REPORTS = "reports", _("Reports to Cohesion")
    POLICE_UK = "police_uk", _("police.uk recorded crime")


class AlertQuerySet(AreaKeyedQuerySet):
    """Alerts are counts, so everyone who may see the tension board in scope may see them.

    ``view``: viewer or above in a council or police force covering the area;
    ``change`` (acknowledge): officer or above there. Alerts are made by the
    early-warning run, never by hand, and are not deleted.
    """

    RULES = {
        VIEW: (Role.VIEWER, TENSION_PARTNER_KINDS),
        CHANGE: (Role.OFFICER, TENSION_PARTNER_KINDS),
    }


class Alert(AreaKeyedModel):
    """One flagged week of one series: observed count above the method's threshold."""

    source = models.CharField(max_length=20, choices=AlertSource.choices, default="reports")
    category = models.CharField(
        max_length=60, help_text=_('The report category, or "all" for every category together.')
    )
    week_start = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    observed = models.PositiveIntegerField()
    threshold = models.FloatField()
    alpha = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "area_code", "category", "method"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "area_code", "category", "week_start", "method"],
                name="tensions_alert_one_per_series_week_and_method",
            ),
            models.CheckConstraint(
                condition=Q(
                    method__in=["C1", "C2", "C3", "negative_binomial", "farrington_flexible"]
                ),
                name="tensions_alert_method_is_known",
            ),
        ]
        indexes = [
            models.Index(fields=["council_code", "week_start"], name="tensions_alert_council_week")
        ]

    def __str__(self) -> str:
        return (
            f"{self.area.name}: {self.category_label} {self.period_text} "
            f"({self.get_method_display()}, {self.observed} > {self.threshold:g})"
        )

    @property
    def is_monthly(self) -> bool:
        """police.uk publishes crime by month; reports to Cohesion are counted by week."""
        return self.source == AlertSource.POLICE_UK

    @property
    def period_text(self) -> str:
        if self.is_monthly:
            return str(_("in %(month)s") % {"month": date_format(self.week_start, "F Y")})
        return str(_("week of %(date)s") % {"date": date_format(self.week_start, "d F Y")})

    @property
    def category_label(self) -> str:
        from cohesion.tensions.alerting import category_label

        return category_label(self.category)


class AreaFollowQuerySet(RestrictedQuerySet["AreaFollow"]):
    def restrict(self, user: Any, action: str = VIEW) -> AreaFollowQuerySet:
        """People see and change only their own follows; superusers see all."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if action in (VIEW, ADD, CHANGE, DELETE):
            return self.filter(user=user)
        return self.none()


class AreaFollow(AreaKeyedModel):
    """A person follows a ward or a council and is emailed its early-warning alerts.

    Following a council covers all its wards. Alerts are only sent while the
    person may still see the area's alerts, so a follow outlives nothing it should not.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tension_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AreaFollowQuerySet.as_manager()

    class Meta:
        ordering = ["area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "area_code"], name="tensions_follow_once_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.area.name}"
