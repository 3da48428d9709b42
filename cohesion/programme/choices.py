"""The fixed vocabularies of the partnership programme: kinds of event and audience groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class Accreditation(models.TextChoices):
    """A volunteer's accreditation as a community interpreter (the partnership's own two levels)."""

    NONE = "none", _("None")
    LEVEL_1 = "level_1", _("Level 1")
    LEVEL_2 = "level_2", _("Level 2")


class CheckKind(models.TextChoices):
    """Checks made before and while someone volunteers."""

    DBS = "dbs", _("DBS check")
    ENHANCED_DBS = "enhanced_dbs", _("Enhanced DBS check")
    # A referee's word for the volunteer, not a reference number: translators need the context.
    REFERENCE = "reference", pgettext_lazy("volunteer check", "Reference")
    TRAINING = "training", _("Training")


class VolunteerRole(models.TextChoices):
    """What a volunteer did at a session."""

    INTERPRETER = "interpreter", _("Interpreter")
    HELPER = "helper", _("Helper")
    BEFRIENDER = "befriender", _("Befriender")
    ORGANISER = "organiser", _("Organiser")


class BookingStatus(models.TextChoices):
    """Where an interpreter booking stands."""

    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
