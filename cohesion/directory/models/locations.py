"""Where services happen: locations, their addresses and accessibility, and services at locations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.directory.choices import AddressType, LocationType
from cohesion.directory.models.base import Entry, EntryQuerySet, Part
from cohesion.directory.models.organisations import Organisation
from cohesion.directory.models.services import Service


class LocationQuerySet(EntryQuerySet):
    PARTNER = "organisation__partner"


class Location(Entry):
    """An HSDS ``location``: a place people go, a postal address or a virtual location.

    ``ward_code`` is the ward the point falls in (assigned from the
    coordinates with :mod:`cohesion.places.assignment` when they are set), so a
    search near a ward or locality needs no geometry at query time.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(blank=True)
    name = models.CharField(max_length=250, blank=True)
    alternate_name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True, help_text=_("Buses, parking, how to get there."))
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    ward_code = models.CharField(max_length=12, blank=True, db_index=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(
        max_length=50, blank=True, help_text=_("e.g. UPRN.")
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="directory_location_point"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="directory_location_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="directory_location_longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(Part):
    """An HSDS ``address`` of a location."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=250, blank=True)
    address_1 = models.CharField(max_length=250)
    address_2 = models.CharField(max_length=250, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(
        max_length=100, help_text=_("The county or council, e.g. North Yorkshire or Middlesbrough.")
    )
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="GB", help_text=_("ISO 3166-1 code."))
    address_type = models.CharField(
        max_length=10, choices=AddressType.choices, default=AddressType.PHYSICAL
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return ", ".join(p for p in (self.address_1, self.city, self.postal_code) if p)


class Accessibility(Part):
    """An HSDS ``accessibility`` note of a location (step-free access, a hearing loop...)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("accessibility")

    def __str__(self) -> str:
        return self.description[:60]


class ServiceAtLocationQuerySet(EntryQuerySet):
    PARTNER = "service__organisation__partner"
    COUNCIL = "service__council_code"
    STATE = "service__state"


class ServiceAtLocation(Part):
    """An HSDS ``service_at_location``: a service delivered at one location.

    Sessions that happen at a particular place hang their schedules here; it is
    public when its service is.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_at")
    description = models.TextField(blank=True)
    last_modified = models.DateTimeField(auto_now=True)

    objects = ServiceAtLocationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="directory_service_at_location_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"
