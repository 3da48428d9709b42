"""Taxonomies, their terms, how terms map across taxonomies, and attributes that tag records with terms.

Cohesion ships one taxonomy of the needs this field meets
(:mod:`cohesion.directory.taxonomy`); imported feeds bring theirs (LGA service
types, Open Eligibility...). ``TermMapping`` says which of our terms an
imported term means, so a search by need finds imported services too.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.directory.choices import TermRelation
from cohesion.directory.models.base import Part, optional_link
from cohesion.directory.models.locations import Location, ServiceAtLocation
from cohesion.directory.models.organisations import Organisation
from cohesion.directory.models.services import Service
from cohesion.directory.permissions import VIEW


class TaxonomyQuerySet(RestrictedQuerySet[Any]):
    def restrict(self, user: Any, action: str = VIEW) -> Any:
        """Taxonomies are public vocabulary: anyone reads them; only staff change them (imports, migrations)."""
        if action == VIEW:
            return self
        if getattr(user, "is_superuser", False):
            return self
        return self.none()


class Taxonomy(Part):
    """An HSDS ``taxonomy``: a vocabulary of terms (ours, or one an imported feed uses)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(Part):
    """An HSDS ``taxonomy_term``: one need or kind of service, possibly under a broader term.

    ``minimum_age``/``maximum_age`` narrow a term to ages (youth provision 8-12,
    13-16, 17-19), so a search by age finds the right sessions.
    """

    taxonomy = optional_link(Taxonomy, "terms")
    code = models.CharField(max_length=100, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = optional_link("self", "children")
    language = models.CharField(max_length=35, blank=True)
    term_uri = models.URLField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "code"],
                condition=~Q(code=""),
                name="directory_term_code_unique_in_taxonomy",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TermMapping(models.Model):
    """That ``term`` (usually an imported taxonomy's) means, or nearly means, ``target`` (usually ours)."""

    term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="mappings")
    target = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="mapped_from")
    relation = models.CharField(
        max_length=10, choices=TermRelation.choices, default=TermRelation.EXACT
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "target"], name="directory_term_mapping_once"),
            models.CheckConstraint(
                condition=~Q(term=models.F("target")), name="directory_term_mapping_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.relation} {self.target}"


class Attribute(Part):
    """An HSDS ``attribute``: a record tagged with a taxonomy term (a service's needs, a location's features).

    Exactly one of the links is set; ``link_type`` says what the tag means
    (``need`` for what a service meets, free text otherwise) and ``value`` holds
    a value where the term takes one.
    """

    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes"
    )
    service = optional_link(Service, "attributes")
    organisation = optional_link(Organisation, "attributes")
    location = optional_link(Location, "attributes")
    service_at_location = optional_link(ServiceAtLocation, "attributes")
    link_type = models.CharField(max_length=50, blank=True)
    value = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        service__isnull=False,
                        organisation__isnull=True,
                        location__isnull=True,
                        service_at_location__isnull=True,
                    )
                    | Q(
                        service__isnull=True,
                        organisation__isnull=False,
                        location__isnull=True,
                        service_at_location__isnull=True,
                    )
                    | Q(
                        service__isnull=True,
                        organisation__isnull=True,
                        location__isnull=False,
                        service_at_location__isnull=True,
                    )
                    | Q(
                        service__isnull=True,
                        organisation__isnull=True,
                        location__isnull=True,
                        service_at_location__isnull=False,
                    )
                ),
                name="directory_attribute_links_one_record",
            ),
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"],
                condition=Q(service__isnull=False),
                name="directory_attribute_term_once_per_service",
            ),
        ]
        indexes = [
            models.Index(fields=["taxonomy_term", "service"], name="directory_attr_term_service")
        ]

    def __str__(self) -> str:
        return str(self.taxonomy_term)

    @property
    def link_entity(self) -> str:
        for entity in ("service", "organisation", "location", "service_at_location"):
            if getattr(self, f"{entity}_id") is not None:
                return "organization" if entity == "organisation" else entity
        return ""

    @property
    def link_id(self) -> Any:
        return (
            self.service_id
            or self.organisation_id
            or self.location_id
            or self.service_at_location_id
        )
