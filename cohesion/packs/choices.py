from django.db import models
from django.utils.translation import gettext_lazy as _


class PackKind(models.TextChoices):
    WARD_BRIEFING = "ward-briefing", _("Ward councillor briefing")
    SCRUTINY_UPDATE = "scrutiny-update", _("Scrutiny update")
    HATE_QUARTERLY = "hate-quarterly", _("Quarterly hate-incident report")
    COMMITTEE_PAPER = "committee-paper", _("Committee paper")


class PackStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class AudienceKind(models.TextChoices):
    PUBLIC = "public", _("Public or full council")
    RESTRICTED = "restricted", _("Restricted: a named panel")


class Purpose(models.TextChoices):
    DECISION = "decision", _("For decision")
    DISCUSSION = "discussion", _("For discussion")
    NOTING = "noting", _("For noting")


class Cadence(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly, on the first working day of each quarter")
    MONTHLY = "monthly", _("Monthly, on the first working day of each month")
