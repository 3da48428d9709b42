"""Services and what describes them: schedules, languages, costs, eligibility, areas, contacts.

Field names follow HSDS 3.0 with the Open Referral UK profile, so a record maps
to and from the wire format without translation tables; where Cohesion needs
more than the standard (term-time schedules, no recourse to public funds, the
referral route) the field says so.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.directory.choices import (
    AttendingType,
    EligibleGroup,
    Frequency,
    NoRecourse,
    PhoneType,
    PublicationState,
    ReferralRoute,
    ServiceStatus,
    TermTime,
)
from cohesion.directory.models.base import Entry, EntryQuerySet, Part, optional_link
from cohesion.directory.models.organisations import Organisation


class ServiceQuerySet(EntryQuerySet):
    PARTNER = "organisation__partner"

    def published(self) -> Any:
        """What the public sees: published services of published organisations."""
        return super().published().filter(organisation__state=PublicationState.PUBLISHED)


class Service(Entry):
    """An HSDS ``service``: help that an organisation provides to people."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    fees = models.TextField(
        blank=True, help_text=_("What it costs, in words (HSDS fees_description).")
    )
    accreditations = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility_description = models.TextField(blank=True)
    no_recourse = models.CharField(
        max_length=3,
        choices=NoRecourse.choices,
        blank=True,
        default=NoRecourse.UNKNOWN,
        verbose_name=_("Open to people with no recourse to public funds"),
    )
    referral_route = models.CharField(
        max_length=20, choices=ReferralRoute.choices, default=ReferralRoute.SELF
    )
    application_process = models.TextField(
        blank=True, help_text=_("How to get the service: the steps to apply or be referred.")
    )
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    alert = models.TextField(
        blank=True, help_text=_("A short-term notice, e.g. closed for August.")
    )
    last_checked = models.DateField(
        null=True, blank=True, help_text=_("When someone last confirmed the details are right.")
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["council_code", "state"], name="directory_service_council"),
            models.Index(fields=["name"], name="directory_service_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(maximum_age__gte=models.F("minimum_age")),
                name="directory_service_ages_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ServiceStatus.values),
                name="directory_service_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Eligibility(Part):
    """A group of people a service is for, beyond its ages (women, refugees, families...)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="eligibility")
    group = models.CharField(max_length=40, choices=EligibleGroup.choices)
    description = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["group"]
        verbose_name_plural = _("eligibility")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "group"], name="directory_eligibility_one_per_group"
            )
        ]

    def __str__(self) -> str:
        return self.get_group_display()


class CostOption(Part):
    """An HSDS ``cost_option``: one price; a service with none (or only 0.00) is free."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=250, blank=True, help_text=_("e.g. Per session."))
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount_description = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="directory_cost_option_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.option or str(self.amount)


class Funding(Part):
    """An HSDS ``funding``: who pays for a service or an organisation."""

    service = optional_link(Service, "funding")
    organisation = optional_link(Organisation, "funding")
    source = models.CharField(max_length=250)

    def __str__(self) -> str:
        return self.source


class RequiredDocument(Part):
    """An HSDS ``required_document``: what to bring (proof of address, a biometric residence permit...)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.CharField(max_length=250)
    uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.document


class ServiceArea(Part):
    """An HSDS ``service_area``: where people must live or be to use the service.

    ``area_code`` links to the places app by GSS code (a ward, council or
    region), so the area follows whichever boundary generation is current.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=250, blank=True)
    area_code = models.CharField(max_length=12, blank=True, db_index=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True, help_text=_("A GeoJSON geometry, when drawn by hand."))
    extent_type = models.CharField(max_length=50, blank=True)
    uri = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name or self.area_code


class Language(Part):
    """An HSDS ``language`` a service is delivered in, without an interpreter.

    ``code`` is an IETF BCP 47 tag (``ar``, ``fa``, ``ku``, ``ti``...).
    """

    service = optional_link(Service, "languages")
    location = optional_link("directory.Location", "languages")
    phone = optional_link("directory.Phone", "languages")
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=35, db_index=True)
    note = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(Part):
    """An HSDS ``contact``: a named person or role to ask for."""

    organisation = optional_link(Organisation, "contacts")
    service = optional_link(Service, "contacts")
    service_at_location = optional_link("directory.ServiceAtLocation", "contacts")
    location = optional_link("directory.Location", "contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name or self.title


class Phone(Part):
    """An HSDS ``phone`` number, of whichever record it belongs to."""

    location = optional_link("directory.Location", "phones")
    service = optional_link(Service, "phones")
    organisation = optional_link(Organisation, "phones")
    contact = optional_link(Contact, "phones")
    service_at_location = optional_link("directory.ServiceAtLocation", "phones")
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=10, choices=PhoneType.choices, blank=True)
    description = models.CharField(max_length=250, blank=True)

    def __str__(self) -> str:
        return self.number


class Schedule(Part):
    """An HSDS ``schedule``: when a service runs, as an iCalendar recurrence (RFC 5545).

    A weekly session on Tuesdays from 10:00 to 12:00 is ``freq=WEEKLY``,
    ``byday="TU"``, ``opens_at=10:00``, ``closes_at=12:00``; a session on the
    first Saturday of the month is ``freq=MONTHLY``, ``byday="1SA"``.
    ``valid_from``/``valid_to`` bound the dates it runs; ``term_time`` says
    whether it follows the school year (holiday food and activities run only in
    the holidays; most youth and children's centre sessions only in term).
    """

    service = optional_link(Service, "schedules")
    service_at_location = optional_link("directory.ServiceAtLocation", "schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=7, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(
        max_length=40, blank=True, help_text=_("iCalendar days, e.g. MO,WE or 1SA.")
    )
    bymonthday = models.CharField(max_length=40, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=20, choices=AttendingType.choices, blank=True)
    notes = models.TextField(blank=True)
    term_time = models.CharField(
        max_length=10, choices=TermTime.choices, blank=True, default=TermTime.ALL_YEAR
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(service_at_location__isnull=False),
                name="directory_schedule_belongs_to_a_service",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="directory_schedule_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday} {self.opens_at}-{self.closes_at}"
