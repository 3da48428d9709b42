from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    """How an indicator's value is expressed (the agreed list in the publishing interface)."""

    PERCENTAGE = "percentage", _("Percentage")
    RATE_PER_1000 = "rate_per_1000", _("Rate per 1,000 residents")
    COUNT = "count", _("Count")
    SCORE = "score", _("Score")
    INDEX = "index", _("Index (0 to 1)")
    MEAN = "mean", _("Mean")


class Polarity(models.TextChoices):
    """Which direction is good news, for colours and for ranking."""

    HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")
    HIGHER_IS_WORSE = "higher_is_worse", _("Higher is worse")
    NEUTRAL = "neutral", _("Neither higher nor lower is better")


class Topic(models.TextChoices):
    POPULATION = "population", _("Population")
    LANGUAGE = "language", _("English language")
    ECONOMY = "economy", _("Work and the economy")
    SEGREGATION = "segregation", _("Residential segregation")
    DIVERSITY = "diversity", _("Diversity")
    MIGRATION = "migration", _("Migration")
    DEPRIVATION = "deprivation", _("Deprivation")
    CRIME = "crime", _("Crime and anti-social behaviour")
    ASYLUM = "asylum", _("Asylum support")
    WELLBEING = "wellbeing", _("Wellbeing and belonging")
    TENSIONS = "tensions", _("Community tensions")
    LOCAL = "local", _("Local measures")


class DatasetKind(models.TextChoices):
    FILE = "file", _("Published file")
    PUBLISHED = "published", _("Published by another part of Cohesion")
    UPLOAD = "upload", _("Uploaded by a council")


class UploadStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    IMPORTED = "imported", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class Aggregation(models.TextChoices):
    """How a value for an area was built from the small areas a source publishes."""

    AS_PUBLISHED = "as_published", _("As published for the area")
    OUTPUT_AREAS = "output_areas", _("Output areas")
    LSOA_APPORTIONED = "lsoa_apportioned", _("LSOA apportioned by OA population")
    LSOA_BEST_FIT = "lsoa_best_fit", _("LSOA best fit")
