from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    VOLUNTARY = "voluntary", _("Voluntary sector")
    REPORTING_CENTRE = "reporting_centre", _("Third-party reporting centre")


class Role(models.TextChoices):
    """What a member may do within their organisation's areas, least to most."""

    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("Officer")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


ROLE_RANK = {Role.VIEWER: 1, Role.OFFICER: 2, Role.COORDINATOR: 3, Role.ADMINISTRATOR: 4}
