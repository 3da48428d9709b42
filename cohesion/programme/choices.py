"""The fixed vocabularies of the partnership programme: kinds of event and audience groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What kind of activity an event or session is (the seeds' own list)."""

    ORIENTATION = "orientation", _("Orientation session")
    CONVERSATION = "conversation", _("Community conversation")
    ESOL_CAFE = "esol_cafe", _("ESOL or conversation café")
    CELEBRATION = "celebration", _("Celebration event")
    DROP_IN = "drop_in", _("Drop-in")
    LISTENING = "listening", _("Listening session after an incident")
    FUNDING_WORKSHOP = "funding_workshop", _("Funding workshop")
    YOUTH = "youth", _("Youth session")
    TRAINING = "training", _("Training")


class AudienceGroup(models.TextChoices):
    """Who an event is for, beyond ages; an event for no named group is for everyone."""

    NEW_ARRIVALS = "new_arrivals", _("New arrivals")
    REFUGEES = "refugees", _("Refugees and people seeking asylum")
    FAMILIES = "families", _("Families")
    CHILDREN = "children", _("Children and young people")
    WOMEN = "women", _("Women")
    OLDER = "older", _("Older people")
    FAITH = "faith", _("Faith communities")
    RESIDENTS = "residents", _("Long-standing residents")
    VOLUNTEERS = "volunteers", _("Volunteers and partners")


class StreamKind(models.TextChoices):
    """Where a funding stream's money comes from."""

    EXTERNAL = "external", _("External fund the council administers")
    INTERNAL = "internal", _("The council's own budget")


class DecisionOutcome(models.TextChoices):
    """What the panel decided on an application."""

    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
