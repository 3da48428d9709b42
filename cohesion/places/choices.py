from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Kinds of area, from the largest to the smallest."""

    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    COMBINED_AUTHORITY = "combined_authority", _("Combined authority")
    POLICE_FORCE_AREA = "police_force_area", _("Police force area")
    COMMUNITY_SAFETY_PARTNERSHIP = "community_safety_partnership", _("Community safety partnership")
    UPPER_TIER = "upper_tier", _("Upper-tier council")
    COUNCIL = "council", _("Council")
    WARD = "ward", _("Ward")
    MSOA = "msoa", _("Middle layer super output area")
    LSOA = "lsoa", _("Lower layer super output area")
    OUTPUT_AREA = "output_area", _("Output area")
    LOCALITY = "locality", _("Locality")


class RelationKind(models.TextChoices):
    """How one area relates to another beyond its main parent."""

    WITHIN = "within", _("Lies within")
    SUCCESSOR = "successor", _("Replaced by (next generation)")
    BEST_FIT = "best_fit", _("Best fit (population-weighted centroid)")
