"""What may raise tension: trigger events ahead, rumours going round, and the impact of incidents.

* A **trigger event** is something on the calendar that has raised tension
  before or may now: an anniversary, a march or demonstration, an election, a
  football match, a religious festival, a national event. Planning for them is
  the heart of community tension monitoring (College of Policing, "Engagement
  and communication: community tension monitoring").
* A **rumour** is logged with where it was heard, how far it has spread, who
  owns the response and the counter-message, because unanswered rumours are a
  common spark of disorder (Home Office, "Community cohesion: rumour management").
* A **community impact assessment** records who is affected by an incident or
  a coming event, how much, and what reassurance is planned (the police practice
  of community impact assessment, ACPO "Practice advice on professionalising the
  business of neighbourhood policing", 2006). It attaches to one or more incident
  reports, a trigger event, or simply an area (a ward or council), and at least
  one of them; everything it links lies in one council, so an assessment never
  carries one council's cases into another's records. It names the stakeholders
  to convene and the channels for messages, and links the listening session (an
  event on the programme calendar) and the plan actions that follow, by id through
  those apps' public functions with a copy of their labels.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import Role
from cohesion.accounts.permissions import ADD, CHANGE, DELETE, VIEW
from cohesion.tensions.models.assessment import (
    COUNCIL_ONLY,
    TENSION_PARTNER_KINDS,
    AreaKeyedModel,
    AreaKeyedQuerySet,
    TensionLevel,
    scope_for,
)


class TriggerEventQuerySet(AreaKeyedQuerySet):
    """The calendar is shared: council and police members in scope see it; officers keep it.

    ``view``: viewer or above in a council or police force covering the area;
    ``add``/``change``: officer or above there; ``delete``: council
    coordinator or above.
    """

    RULES = {
        VIEW: (Role.VIEWER, TENSION_PARTNER_KINDS),
        ADD: (Role.OFFICER, TENSION_PARTNER_KINDS),
        CHANGE: (Role.OFFICER, TENSION_PARTNER_KINDS),
        DELETE: (Role.COORDINATOR, COUNCIL_ONLY),
    }

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        """As the rules say; and a council-wide event is also seen by those working in any of its wards."""
        rows = super().restrict(user, action)
        if action != VIEW or not getattr(user, "is_authenticated", False):
            return rows
        wards = self.scope(user, VIEW).wards
        if not wards:
            return rows
        from cohesion.places.queries import councils_of_wards

        councils = councils_of_wards(wards)
        council_wide = Q(council_code__in=councils, area_code=F("council_code"))
        return rows | self.filter(council_wide)


class TriggerEvent(AreaKeyedModel):
    """A dated event that may raise tension in an area, with the risk expected."""

    class Kind(models.TextChoices):
        ANNIVERSARY = "anniversary", _("Anniversary")
        MARCH = "march", _("March, protest or demonstration")
        ELECTION = "election", _("Election")
        MATCH = "match", _("Sporting fixture")
        FESTIVAL = "festival", _("Religious or cultural festival")
        NATIONAL = "national", _("National or international event")
        LOCAL = "local", _("Local event or decision")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text=_("Leave empty for one day."))
    expected_risk = models.ForeignKey(
        TensionLevel,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The tension level this event could bring if nothing is done."),
    )
    description = models.TextField(blank=True)
    mitigation = models.TextField(blank=True, help_text=_("What partners will do beforehand."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synthetic = models.BooleanField(default=False)

    objects = TriggerEventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="tensions_trigger_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d %b %Y})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tensions-trigger-event-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must be on or after the start.")})


class RumourQuerySet(AreaKeyedQuerySet):
    """Rumours may name people, so only officers of the council and police in scope see them.

    ``view``/``add``/``change``: officer or above in a council or police
    force covering the area; ``delete``: council coordinator or above.
    """

    RULES = {
        VIEW: (Role.OFFICER, TENSION_PARTNER_KINDS),
        ADD: (Role.OFFICER, TENSION_PARTNER_KINDS),
        CHANGE: (Role.OFFICER, TENSION_PARTNER_KINDS),
        DELETE: (Role.COORDINATOR, COUNCIL_ONLY),
    }


class Rumour(AreaKeyedModel):
    """A rumour heard in an area: what, where, how far it spread, and the answer to it."""

    class Source(models.TextChoices):
        SOCIAL_MEDIA = "social_media", _("Social media")
        STREET = "street", _("In the street or a shop")
        SCHOOL = "school", _("School or college")
        WORSHIP = "worship", _("Place of worship")
        MEDIA = "media", _("Local press, radio or TV")
        PARTNER = "partner", _("Told by a partner")
        OTHER = "other", _("Other")

    class Reach(models.TextChoices):
        # Ordered from least to widest spread.
        FEW = "few", _("A few people")
        STREET = "street", _("A street or estate")
        NEIGHBOURHOOD = "neighbourhood", _("A neighbourhood or ward")
        TOWN = "town", _("Town-wide")
        ONLINE_WIDE = "online_wide", _("Widely shared online")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CHECKING = "checking", _("Being checked")
        TRUE = "true", _("Found to be true")
        FALSE = "false", _("Found to be false")
        COUNTERED = "countered", _("Counter-message out")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (Status.NEW, Status.CHECKING, Status.TRUE)

    what = models.TextField(help_text=_("What is being said. Leave out names of private people."))
    heard_on = models.DateField()
    where_heard = models.CharField(max_length=20, choices=Source.choices)
    where_heard_detail = models.CharField(
        max_length=300, blank=True, help_text=_("Which platform, place or partner.")
    )
    reach = models.CharField(max_length=20, choices=Reach.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    counter_message = models.TextField(
        blank=True, help_text=_("The facts partners will share in reply, and through whom.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who is responsible for the response."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synthetic = models.BooleanField(default=False)

    objects = RumourQuerySet.as_manager()

    class Meta:
        ordering = ["-heard_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "checking", "true", "false", "countered", "closed"]),
                name="tensions_rumour_status_is_known",
            )
        ]

    def __str__(self) -> str:
        text = self.what if len(self.what) <= 60 else self.what[:57] + "…"
        return f"{text} ({self.heard_on:%d %b %Y})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tensions-rumour-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class CommunityImpactQuerySet(AreaKeyedQuerySet):
    """An impact assessment may quote its reports, so it is seen only by those who may see all of them.

    ``view``: officer or above in a council or police force covering the
    area, who may also view every linked report and the linked trigger event;
    ``add``/``change``: the same; ``delete``: council coordinator or above.
    Viewers see none. An assessment whose report has since moved to a council
    the person cannot see is hidden from them (it fails closed).
    """

    RULES = {
        VIEW: (Role.OFFICER, TENSION_PARTNER_KINDS),
        ADD: (Role.OFFICER, TENSION_PARTNER_KINDS),
        CHANGE: (Role.OFFICER, TENSION_PARTNER_KINDS),
        DELETE: (Role.COORDINATOR, COUNCIL_ONLY),
    }

    def restrict(self, user: Any, action: str = VIEW) -> Any:
        rows = super().restrict(user, action)
        if user.is_authenticated and not user.is_superuser:
            from cohesion.tensions.models import Report

            readable = Report.objects.restrict(user, VIEW).values("pk")
            unreadable_links = CommunityImpactAssessment.reports.through.objects.exclude(
                report__in=readable
            ).values("communityimpactassessment_id")
            events = TriggerEvent.objects.restrict(user, VIEW).values("pk")
            rows = rows.exclude(pk__in=unreadable_links).filter(
                Q(trigger_event__isnull=True) | Q(trigger_event__in=events)
            )
        return rows


class CommunityImpactAssessment(AreaKeyedModel):
    """The effect of incidents or an event on a community, who to convene, and the reassurance planned.

    ``area`` is the ward or council assessed: chosen, or else that of the
    trigger event, or of the reports (their ward when they share one, else
    their council). ``listening_event_id`` and ``plan_action_ids`` point into
    the programme and plans apps, read through
    :func:`cohesion.programme.queries.events_readable` and
    :func:`cohesion.plans.queries.actions_readable`; their labels are copied so
    the page reads well for someone who may not open them.
    """

    class Impact(models.TextChoices):
        LOW = "low", _("Low: little wider concern")
        MEDIUM = "medium", _("Medium: concern in the community affected")
        HIGH = "high", _("High: fear, retaliation or disorder is possible")

    reports = models.ManyToManyField(
        "tensions.Report", blank=True, related_name="impact_assessments"
    )
    trigger_event = models.ForeignKey(
        TriggerEvent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="impact_assessments",
    )
    communities_affected = models.CharField(
        max_length=300, help_text=_("The groups or neighbourhoods affected.")
    )
    impact = models.CharField(max_length=10, choices=Impact.choices)
    summary = models.TextField(help_text=_("How the incident is affecting the community."))
    risk_of_escalation = models.TextField(blank=True)
    reassurance = models.TextField(
        blank=True, help_text=_("Visible patrols, community meetings, messages, support offered.")
    )
    stakeholders = models.TextField(
        blank=True,
        help_text=_(
            "Who to convene: faith and community leaders, schools, housing, ward councillors."
        ),
    )
    channels = models.TextField(
        blank=True,
        help_text=_("How messages will reach people: community WhatsApp groups, radio, leaflets."),
    )
    listening_event_id = models.PositiveIntegerField(null=True, blank=True)
    listening_event_label = models.CharField(max_length=300, blank=True, editable=False)
    plan_action_ids = models.JSONField(default=list, blank=True)
    plan_action_titles = models.JSONField(default=list, blank=True, editable=False)
    review_on = models.DateField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    synthetic = models.BooleanField(default=False)

    objects = CommunityImpactQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Community impact assessment {self.pk} ({self.area_code})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("tensions-impact-detail", args=[self.pk])

    def linked_actions(self) -> list[tuple[int, str]]:
        """The linked plan actions as (id, title), titles as copied when linked."""
        titles = list(self.plan_action_titles or [])
        return [
            (pk, titles[i] if i < len(titles) else "")
            for i, pk in enumerate(self.plan_action_ids or [])
        ]


__all__ = ["CommunityImpactAssessment", "Rumour", "TriggerEvent", "scope_for"]
