"""The partnership calendar: events and sessions the partners run.

An **event** is one activity on the shared calendar (an orientation session, a
community conversation, a listening session three days after an incident...),
organised by one partner organisation with others as partners, at a venue in a
ward of one council or at a directory location, for an audience (ages and
groups) in some languages. A weekly session is one event with a recurrence:
``repeat_weeks`` occurrences in all, or weekly until ``repeat_until``.

Links to other apps are by identifier, through those apps' public functions
(DESIGN.md: no app reaches into another's tables): a plan action
(:func:`cohesion.plans.queries.action_for`), a directory location and services
(:mod:`cohesion.directory.lookups`) and a trigger event in tensions
(:func:`cohesion.tensions.sources.source_record`). Each keeps a copy of the
label it had when linked, so the calendar reads well for someone who may not
open the linked record.

Only events marked public appear on the public events page and in the iCal
feeds; the partners' calendar shows every event of the councils and wards a
member works in (:mod:`cohesion.programme.access`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import VIEW, RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.programme.choices import EventKind

MAX_OCCURRENCES = 104  # two years of weekly sessions


def ward_council(ward: Area | None) -> str:
    """The GSS code of the council a ward lies in (empty if none)."""
    return ward.parent.code if ward is not None and ward.parent is not None else ""


class EventQuerySet(RestrictedQuerySet["Event"]):
    def restrict(self, user: Any, action: str = VIEW) -> EventQuerySet:
        """See :mod:`cohesion.programme.access`: members working in the area read; the organiser's
        officers and the council's coordinators change."""
        from cohesion.programme.access import event_q

        return self.filter(pk__in=self.model.objects.filter(event_q(user, action)).values("pk"))

    def public(self) -> EventQuerySet:
        """What anyone may see: events marked public."""
        return self.filter(is_public=True)


class Event(models.Model):
    """One event or (weekly) session on the partnership calendar."""

    council = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    council_code = models.CharField(max_length=12, db_index=True, editable=False)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=4000)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    repeat_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("For a weekly session: how many sessions in all, counting the first."),
    )
    repeat_until = models.DateField(
        null=True, blank=True, help_text=_("For a weekly session: the date of the last session.")
    )
    venue = models.CharField(max_length=200, blank=True, help_text=_("The venue's name."))
    ward = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ward_code = models.CharField(max_length=12, blank=True, db_index=True, editable=False)
    location_id = models.UUIDField(
        null=True, blank=True, help_text=_("A location of the directory, instead of a venue.")
    )
    location_name = models.CharField(max_length=250, blank=True, editable=False)
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    audience_groups = models.JSONField(default=list, blank=True)
    languages = models.JSONField(
        default=list, blank=True, help_text=_("Languages the event is run or interpreted in.")
    )
    is_public = models.BooleanField(
        default=False, help_text=_("Show it on the public events page and in the calendar feeds.")
    )
    plan_action_id = models.PositiveIntegerField(null=True, blank=True)
    plan_action_title = models.CharField(max_length=300, blank=True, editable=False)
    service_ids = models.JSONField(default=list, blank=True)
    service_names = models.JSONField(default=list, blank=True, editable=False)
    trigger_event_id = models.PositiveIntegerField(null=True, blank=True)
    trigger_event_label = models.CharField(max_length=300, blank=True, editable=False)
    synthetic = models.BooleanField(
        default=False, help_text=_("Made up for the demo; labelled wherever it shows.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="programme_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="programme_event_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(age_from__isnull=True)
                | Q(age_to__isnull=True)
                | Q(age_to__gte=F("age_from")),
                name="programme_event_ages_in_order",
            ),
            models.CheckConstraint(
                condition=Q(repeat_weeks__isnull=True) | Q(repeat_until__isnull=True),
                name="programme_event_one_way_to_repeat",
            ),
            models.CheckConstraint(
                condition=Q(repeat_weeks__isnull=True)
                | Q(repeat_weeks__gte=1, repeat_weeks__lte=MAX_OCCURRENCES),
                name="programme_event_repeat_weeks_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.council_code = self.council.code
        self.ward_code = self.ward.code if self.ward is not None else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programme-event", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            errors["age_to"] = _("The oldest age must be at least the youngest.")
        if self.repeat_weeks and self.repeat_until:
            errors["repeat_until"] = _(
                "Give either the number of sessions or the last date, not both."
            )
        if self.repeat_until and self.starts_at and self.repeat_until < self.starts_at.date():
            errors["repeat_until"] = _("The last session cannot be before the first.")
        if (
            self.repeat_until
            and self.starts_at
            and (self.repeat_until - self.starts_at.date()).days // 7 + 1 > MAX_OCCURRENCES
        ):
            errors["repeat_until"] = _("A weekly session can repeat for at most two years.")
        if self.ward_id and self.council_id and ward_council(self.ward) != self.council.code:
            errors["ward"] = _("Choose a ward of this council.")
        if errors:
            raise ValidationError(errors)

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    @property
    def place(self) -> str:
        return self.location_name or self.venue


class InterpreterRequest(models.Model):
    """A resident's "I need an interpreter at this event", in one language.

    Nothing about the person is kept: the language, when it was asked, and a keyed
    hash of the connection for the hourly limit. The event's organisers see the
    languages asked for beside the event and book an interpreter from the register.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interpreter_requests")
    language = models.CharField(_("Language"), max_length=60)
    submitter_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["event", "language", "pk"]

    def __str__(self) -> str:
        return f"Interpreter in {self.language} asked for at {self.event}"
