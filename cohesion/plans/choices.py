"""The fixed vocabularies of localities, plans, actions and meetings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalityKind(models.TextChoices):
    """A named locality of wards, or a whole council for its strategy."""

    LOCALITY = "locality", _("Locality (one or more wards)")
    STRATEGY = "strategy", _("Council strategy (the whole council)")


class PlanKind(models.TextChoices):
    """What a plan belongs to."""

    LOCALITY = "locality", _("Locality action plan")
    STRATEGY = "strategy", _("Council strategy")
    ISSUE = "issue", _("Issue-based plan")


class IssueSource(models.TextChoices):
    """The record an issue-based plan was opened from (and an action raised from)."""

    ALERT = "alert", _("Early-warning alert")
    ASSESSMENT = "assessment", _("Tension assessment")
    TRIGGER_EVENT = "trigger_event", _("Trigger event")
    RUMOUR = "rumour", _("Rumour")
    IMPACT = "impact", _("Community impact assessment")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ActionStatus(models.TextChoices):
    """An action's status as its owner reports it (Decidim accountability's result statuses, adapted)."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.AT_RISK,
    ActionStatus.OFF_TRACK,
)


class MeetingKind(models.TextChoices):
    """Partnership meetings are recorded the same way; a plan review is one of them."""

    PLAN_REVIEW = "plan_review", _("Monthly plan review")
    LOCALITY = "locality", _("Weekly locality meeting")
    STEERING = "steering", _("Steering group")
    ASB = "asb", _("Anti-social behaviour meeting")
    OTHER = "other", _("Other partnership meeting")


class TargetDirection(models.TextChoices):
    DECREASE = "decrease", _("Reduce the value")
    INCREASE = "increase", _("Increase the value")
