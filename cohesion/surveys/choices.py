from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """What a question is about; the online form shows one topic per page, in this order."""

    COHESION = "cohesion", _("Getting on together")
    BELONGING = "belonging", _("Belonging and trust")
    INFLUENCE = "influence", _("Influence and taking part")
    SAFETY = "safety", _("Feeling safe")
    AREA = "area", _("Your area")
    SOCIAL = "social", _("Friends and support")
    LOCAL = "local", _("Local questions")
    ABOUT_YOU = "about_you", _("About you")


TOPIC_ORDER = {topic: index for index, topic in enumerate(Topic)}


class DemographicRole(models.TextChoices):
    """The questions weighting needs: each maps onto one population margin."""

    AGE_BAND = "age_band", _("Age band")
    SEX = "sex", _("Sex")
    WARD = "ward", _("Ward")
    ETHNIC_GROUP = "ethnic_group", _("Ethnic group")
    TENURE = "tenure", _("Housing tenure")
    # Breakdowns only: asked so estimates can be split by them, never weighted to.
    RELIGION = "religion", _("Religion")
    DISABILITY = "disability", _("Long-term health condition")


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")
    HIGHER_IS_WORSE = "higher_is_worse", _("Higher is worse")
    NEUTRAL = "neutral", _("Neutral")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ResponseMode(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper questionnaire")
    DOORSTEP = "doorstep", _("Door-step interview")
    TELEPHONE = "telephone", _("Telephone interview")
    IMPORT = "import", _("Imported file")


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETE = "complete", _("Complete")


class WeightingStatus(models.TextChoices):
    NOT_WEIGHTED = "not_weighted", _("Not weighted yet")
    WEIGHTED = "weighted", _("Weighted")
    FAILED = "failed", _("Weighting failed")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: columns to match")
    HAS_ERRORS = "has_errors", _("Checked: problems to fix")
    READY = "ready", _("Checked: ready to import")
    IMPORTED = "imported", _("Imported")


class DomainKind(models.TextChoices):
    """The groups an estimate can be for."""

    ALL = "all", _("Whole survey area")
    WARD = "ward", _("Ward")
    AGE_BAND = "age_band", _("Age band")
    SEX = "sex", _("Sex")
    ETHNIC_GROUP = "ethnic_group", _("Ethnic group")
    TENURE = "tenure", _("Housing tenure")
    RELIGION = "religion", _("Religion")
    DISABILITY = "disability", _("Long-term health condition")


class Statistic(models.TextChoices):
    HEADLINE = "headline", _("Headline percentage")
    OPTION = "option", _("Percentage giving this answer")
    MEAN = "mean", _("Mean score")


class Margin(models.TextChoices):
    """Population margins a wave can be weighted to (each a separate margin)."""

    AGE_BAND = "age_band", _("Age band (ONS mid-2020 estimates, summed to wards)")
    SEX = "sex", _("Sex (Census 2021, council)")
    WARD = "ward", _("Ward (Census 2021 population)")
    ETHNIC_GROUP = "ethnic_group", _("Ethnic group (Census 2021, summed to wards)")
    TENURE = "tenure", _("Housing tenure (Census 2021 households, summed to wards)")


ALL_MARGINS = [m.value for m in Margin]
