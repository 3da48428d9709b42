"""Localities: the places a partnership chooses to work in, and why.

Middlesbrough's locality working chose its priority localities (Newport, North
Ormesby) from the data, named a neighbourhood manager for each and brought the
partners round one table. A **locality** here is one or more wards of one
council (or the whole council, for its strategy), with its manager, its partner
organisations and the evidence that chose it: a frozen copy of the priority
ranking it came from (so the reason survives later data) and the survey wave
that gives its baseline.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import CHANGE, VIEW, RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.plans.choices import LocalityKind


class LocalityQuerySet(RestrictedQuerySet["Locality"]):
    def restrict(self, user: Any, action: str = VIEW) -> LocalityQuerySet:
        """``view``: as the plans in it (partners in scope, and its manager); ``change``: as plan editors."""
        from cohesion.plans.access import plan_edit_q, plan_view_q

        if action == VIEW:
            condition = plan_view_q(user)
        elif action in (CHANGE, "add"):
            condition = plan_edit_q(user)
        else:
            condition = Q(pk__in=[]) if not getattr(user, "is_superuser", False) else Q()
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))


class Locality(models.Model):
    """A named locality of wards (or a whole council), its manager, partners and the evidence that chose it."""

    council = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    kind = models.CharField(
        max_length=20, choices=LocalityKind.choices, default=LocalityKind.LOCALITY
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True, help_text=_("Shown on the public locality page."))
    wards = models.ManyToManyField(
        Area, blank=True, related_name="+", help_text=_("Leave empty for the whole council.")
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The neighbourhood manager."),
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    chosen_from = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("A frozen copy of the priority ranking the locality was chosen from."),
    )
    baseline_wave = models.CharField(
        max_length=200, blank=True, help_text=_("The survey wave that gives the baseline.")
    )
    is_public = models.BooleanField(
        default=True, help_text=_("Publish the locality page with the public parts of its plans.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocalityQuerySet.as_manager()

    class Meta:
        ordering = ["council_code", "name"]
        verbose_name_plural = "localities"
        constraints = [
            models.UniqueConstraint(
                fields=["council_code", "slug"], name="plans_locality_slug_unique_in_council"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LocalityKind.values), name="plans_locality_kind_is_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.council.code
        super().save(*args, **kwargs)


class CouncilTheme(models.Model):
    """One of a council's plan themes and the organisation that leads it ("nine key themes … with service leads")."""

    council = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    name = models.CharField(max_length=200)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_service = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The service within the lead organisation, e.g. Public Health."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["council_code", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council_code", "name"], name="plans_counciltheme_name_unique_in_council"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.council.code
        super().save(*args, **kwargs)
