"""The volunteer and community interpreter register.

A **volunteer** is held on the register of one partner organisation, the
*coordinating organisation* (a council, a community hub...), which alone sees
their personal details: the minimum the partnership needs to ask them to help
(a name, optional email and phone, the languages they speak, their
accreditation as an interpreter, when they are usually free). Other partners
never see a volunteer's details: they request an interpreter and learn only
whether one is booked (:mod:`cohesion.programme.access`).

A volunteer's **checks** (DBS, enhanced DBS, references, training) have the
date they were made and, for most, a date they expire; the coordinating
organisation is reminded of checks about to expire
(:mod:`cohesion.programme.volunteer_reminders`).

**Hours** are logged per volunteer per session of an event on the calendar, with
the role they played. An **interpreter booking** asks a coordinating
organisation for an interpreter in a language, for a session of an event or for
a home visit in a ward. A home visit names the ward and nothing about the
resident: the booking holds no resident's personal data at all.

When a volunteer stops volunteering, their record is marked inactive; after
``VOLUNTEER_RETENTION_DAYS`` the retention job removes their personal details
and checks, keeping the anonymous hours and bookings
(:mod:`cohesion.programme.volunteer_retention`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import VIEW, RestrictedQuerySet
from cohesion.programme.choices import (
    Accreditation,
    BookingStatus,
    CheckKind,
    VolunteerRole,
)
from cohesion.programme.models.events import Event

REMOVED_NAME = "Former volunteer"


def speaks(languages: list[str], language: str) -> bool:
    """Whether ``language`` is among ``languages``, whatever the case and spacing."""
    wanted = language.strip().casefold()
    return any(spoken.strip().casefold() == wanted for spoken in languages)


class VolunteerQuerySet(RestrictedQuerySet["Volunteer"]):
    def restrict(self, user: Any, action: str = VIEW) -> VolunteerQuerySet:
        """See :mod:`cohesion.programme.access`: officers (and above) of the coordinating
        organisation see and change its volunteers; nobody else sees them."""
        from cohesion.programme.access import volunteer_q

        return self.filter(volunteer_q(user, action))

    def speaking(self, language: str) -> list[Volunteer]:
        """The volunteers (of this queryset) who speak ``language``."""
        return [v for v in self if speaks(v.languages, language)]


class Volunteer(models.Model):
    """A volunteer or community interpreter on a partner organisation's register."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Coordinating organisation"),
        help_text=_("The organisation that holds this volunteer's record."),
    )
    name = models.CharField(_("Name"), max_length=150)
    email = models.EmailField(_("Email address"), blank=True)
    phone = models.CharField(_("Phone number"), max_length=30, blank=True)
    languages = models.JSONField(
        _("Languages spoken"), default=list, blank=True, help_text=_("Names or codes.")
    )
    accreditation = models.CharField(
        _("Interpreting accreditation"),
        max_length=10,
        choices=Accreditation.choices,
        default=Accreditation.NONE,
    )
    availability = models.CharField(
        _("Availability"),
        max_length=300,
        blank=True,
        help_text=_("When they are usually free, for example: weekday mornings."),
    )
    active = models.BooleanField(_("Active"), default=True)
    inactive_since = models.DateField(null=True, blank=True, editable=False)
    personal_data_removed_on = models.DateField(null=True, blank=True, editable=False)
    synthetic = models.BooleanField(
        default=False, help_text=_("Made up for the demo; labelled wherever it shows.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accreditation__in=Accreditation.values),
                name="programme_volunteer_accreditation_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"Volunteer {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The retention clock starts when a volunteer stops, and stops if they come back.
        if self.active:
            self.inactive_since = None
        elif self.inactive_since is None:
            self.inactive_since = timezone.localdate()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme-volunteer", args=[self.pk])

    def speaks(self, language: str) -> bool:
        return speaks(self.languages, language)


class VolunteerCheck(models.Model):
    """A pre-volunteering check of one volunteer: when it was made and when it expires."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(_("Kind of check"), max_length=20, choices=CheckKind.choices)
    checked_on = models.DateField(_("Date of the check"))
    expires_on = models.DateField(
        _("Expiry date"), null=True, blank=True, help_text=_("Leave empty if it does not expire.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["volunteer", "expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("checked_on")),
                name="programme_volunteer_check_expires_after_check",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CheckKind.values), name="programme_volunteer_check_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of volunteer {self.volunteer_id}"

    def clean(self) -> None:
        if self.checked_on and self.expires_on and self.expires_on < self.checked_on:
            raise ValidationError(
                {"expires_on": _("The expiry date cannot be before the date of the check.")}
            )
        if self.checked_on and self.checked_on > timezone.localdate():
            raise ValidationError(
                {"checked_on": _("The date of the check cannot be in the future.")}
            )

    def expires_within(self, days: int, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on <= today + dt.timedelta(days=days)


class CheckReminder(models.Model):
    """One reminder email about an expiring check, so that none is ever sent twice."""

    check_record = models.ForeignKey(
        VolunteerCheck, on_delete=models.CASCADE, related_name="reminders"
    )
    expires_on = models.DateField()
    recipient = models.EmailField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["check_record", "expires_on", "recipient"],
                name="programme_check_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"Reminder of {self.check_record} to {self.recipient}"


class HoursLogged(models.Model):
    """Hours one volunteer gave at one session of an event, in a role."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="volunteer_hours")
    session_on = models.DateField(_("Date of the session"))
    hours = models.DecimalField(
        _("Hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    role = models.CharField(_("Role"), max_length=20, choices=VolunteerRole.choices)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-session_on", "pk"]
        verbose_name_plural = "hours logged"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="programme_hours_in_a_day"
            ),
            models.UniqueConstraint(
                fields=["volunteer", "event", "session_on", "role"],
                name="programme_hours_once_per_session_and_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours at {self.event} on {self.session_on}"


class BookingQuerySet(RestrictedQuerySet["InterpreterBooking"]):
    def restrict(self, user: Any, action: str = VIEW) -> BookingQuerySet:
        """See :mod:`cohesion.programme.access`: the coordinating organisation's officers and
        the requesting organisation's members read; the coordinating officers change."""
        from cohesion.programme.access import booking_q

        return self.filter(pk__in=self.model.objects.filter(booking_q(user, action)).values("pk"))


class InterpreterBooking(models.Model):
    """A request to a coordinating organisation for an interpreter, for an event or a home visit.

    A home visit is named by its ward only: no resident's name, address or
    anything else about them is held here.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Register"),
        help_text=_("The organisation whose interpreters are asked."),
    )
    language = models.CharField(_("Language"), max_length=60)
    starts_at = models.DateTimeField(_("Starts"))
    ends_at = models.DateTimeField(_("Ends"))
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interpreter_bookings",
        verbose_name=_("Event"),
    )
    ward_code = models.CharField(max_length=12, blank=True, db_index=True)
    council_code = models.CharField(max_length=12, db_index=True)
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("Interpreter"),
    )
    status = models.CharField(
        max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requesting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="programme_booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=False, ward_code="")
                | Q(event__isnull=True) & ~Q(ward_code=""),
                name="programme_booking_event_or_home_visit",
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.CONFIRMED) | Q(volunteer__isnull=False),
                name="programme_booking_confirmed_has_interpreter",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="programme_booking_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Interpreter booking {self.pk} ({self.language})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.event is not None:
            self.council_code = self.event.council_code
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme-booking", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The booking must end after it starts.")
        if self.volunteer_id is not None:
            volunteer = self.volunteer
            if volunteer is None or volunteer.organisation_id != self.organisation_id:
                errors["volunteer"] = _("Choose an interpreter on this register.")
            elif not volunteer.speaks(self.language):
                errors["volunteer"] = _("That interpreter does not speak %(language)s.") % {
                    "language": self.language
                }
        if self.status == BookingStatus.CONFIRMED and self.volunteer_id is None:
            errors["volunteer"] = _("Choose the interpreter before confirming.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_home_visit(self) -> bool:
        return self.event_id is None

    @property
    def booked(self) -> bool:
        """What a requesting partner may know: whether an interpreter is booked."""
        return self.status == BookingStatus.CONFIRMED
