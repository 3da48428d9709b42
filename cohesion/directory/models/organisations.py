"""Organisations that provide services, as the directory lists them.

A directory organisation is not a partner account. Most providers in a
directory (a mosque's conversation café, a national charity's helpline) have no
one signed in to Cohesion; where one does, ``partner`` links the listing to the
partner organisation whose members maintain it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.directory.models.base import Entry, EntryQuerySet, Part


class OrganisationQuerySet(EntryQuerySet):
    PARTNER = "partner"


class Organisation(Entry):
    """An HSDS ``organization``: a body that provides services."""

    name = models.CharField(max_length=250)
    description = models.TextField(
        blank=True, help_text=_("What the organisation does, in a sentence or two.")
    )
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    logo = models.URLField(blank=True)
    uri = models.URLField(blank=True, help_text=_("A persistent identifier of the organisation."))
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_organisations",
        help_text=_("The partner organisation whose members maintain this listing."),
    )
    last_checked = models.DateField(
        null=True, blank=True, help_text=_("When someone last confirmed the details are right.")
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["council_code", "name"], name="directory_org_council_name")]

    def __str__(self) -> str:
        return self.name


class OrganisationIdentifier(Part):
    """An HSDS ``organization_identifier``: a charity, company or other registered number."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identifiers"
    )
    identifier_scheme = models.CharField(
        max_length=50, blank=True, help_text=_("An org-id.guide scheme, e.g. GB-CHC or GB-COH.")
    )
    identifier_type = models.CharField(max_length=100)
    identifier = models.CharField(max_length=100)

    class Meta:
        ordering = ["identifier_scheme", "identifier"]

    def __str__(self) -> str:
        return f"{self.identifier_scheme or self.identifier_type} {self.identifier}"
