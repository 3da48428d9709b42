"""Signposting from the work: a case's person pointed or referred to a directory service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.directory.models.services import Service


class SignpostKind(models.TextChoices):
    SIGNPOST = "signpost", _("Signposted: the person was given the service's details")
    REFERRAL = (
        "referral",
        _("Referred: the service was contacted for the person, with their consent"),
    )


class SignpostQuerySet(RestrictedQuerySet[Any]):
    def restrict(self, user: Any, action: str = "view") -> Any:
        """A signpost is part of its case: whoever may see the case sees it, and nobody else."""
        from cohesion.tensions.models import Report

        return self.filter(report__in=Report.objects.restrict(user, "view"))


class Signpost(models.Model):
    """One time an officer or centre volunteer pointed a case's person to a service.

    Recorded on the case (a line in its history, through the tensions app's
    ``add_note``) and counted for the service. A referral passes the person's
    details to the service, so it needs their consent; a signpost does not.
    """

    report = models.ForeignKey(
        "tensions.Report", on_delete=models.CASCADE, related_name="signposts"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="signposts")
    kind = models.CharField(
        max_length=10, choices=SignpostKind.choices, default=SignpostKind.SIGNPOST
    )
    consent = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="signposts"
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = SignpostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="referral") | Q(consent=True),
                name="directory_signpost_referral_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.service}"
