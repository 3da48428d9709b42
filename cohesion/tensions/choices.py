"""Choices for incident reports and cases.

Labels are what residents and officers read, so they are short and plain and
go through ``gettext_lazy`` to be translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The two kinds of thing Cohesion takes reports of."""

    HATE_INCIDENT = "hate_incident", _("Hate incident or hate crime")
    TENSION = "tension", _("Community tension")


class Motivation(models.TextChoices):
    """What the victim or anyone else perceived to motivate a hate incident.

    The five monitored strands of hate crime in England and Wales (Home Office,
    "Hate crime, England and Wales" statistical bulletins) plus "other".
    Recording follows perception, not proof (College of Policing, Hate Crime
    Operational Guidance, 2020).
    """

    RACE = "race", _("Race, ethnicity or nationality")
    RELIGION = "religion", _("Religion or belief")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    DISABILITY = "disability", _("Disability")
    TRANSGENDER = "transgender", _("Transgender identity")
    OTHER = "other", _("Something else")


class TensionType(models.TextChoices):
    """The kind of community tension matter reported."""

    DISPUTE = "dispute", _("A dispute between people or groups")
    PROTEST = "protest", _("A protest or gathering")
    GRAFFITI = "graffiti", _("Graffiti or damage")
    ONLINE = "online", _("Something online")
    RUMOUR = "rumour", _("A rumour")
    OTHER = "other", _("Something else")


class ReporterRole(models.TextChoices):
    VICTIM = "victim", _("It happened to me")
    WITNESS = "witness", _("I saw it happen")
    ON_BEHALF = "on_behalf", _("I am reporting for someone else")


class ToldPolice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")


class Channel(models.TextChoices):
    """How the report reached Cohesion."""

    PUBLIC_ONLINE = "public_online", _("Public online form")
    REPORTING_CENTRE = "reporting_centre", _("Third-party reporting centre")
    PARTNER_STAFF = "partner_staff", _("Partner staff")


class EEPClassification(models.TextChoices):
    """Evidenced, experienced or potential (see the block comment on ``Report.eep``)."""

    UNCLASSIFIED = "", _("Not yet classified")
    EVIDENCED = "evidenced", _("Evidenced")
    EXPERIENCED = "experienced", _("Experienced")
    POTENTIAL = "potential", _("Potential")


class Status(models.TextChoices):
    """Where a case is in its life: new -> triaged -> assigned -> referred -> in progress -> closed."""

    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    REFERRED = "referred", _("Referred")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    NO_FURTHER_ACTION = "no_further_action", _("No further action needed")
    REFERRED_ON = "referred_on", _("Handed to a partner to lead")
    NO_CONTACT = "no_contact", _("Could not contact the reporter")
    WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")
    DUPLICATE = "duplicate", _("Duplicate of another report")
    NOT_RELEVANT = "not_relevant", _("Not a hate incident or tension matter")


class LocationSource(models.TextChoices):
    """How the area of a report was found."""

    NONE = "", _("Not known")
    POINT = "point", _("From a point on the map")
    WARD_LIST = "ward_list", _("Chosen from the list of areas")
    OFFICER = "officer", _("Set by an officer")


class TimescaleUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")


class LinkKind(models.TextChoices):
    SAME_INCIDENT = "same_incident", _("Same incident")
    REPEAT_VICTIM = "repeat_victim", _("Repeat victim")
    REPEAT_LOCATION = "repeat_location", _("Repeat location")


class EventKind(models.TextChoices):
    """What a line in a report's history records."""

    CREATED = "created", _("Report received")
    RESENT = "resent", _("Sent again with more details")
    STATUS = "status", _("Status changed")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    REFERRED = "referred", _("Referred")
    NOTE = "note", _("Note added")
    LINKED = "linked", _("Linked to another report")
    CONTACT_MADE = "contact_made", _("Contact made")
    CONTACT_REMOVED = "contact_removed", _("Contact details removed")
    REMINDER = "reminder", _("Reminder sent")
