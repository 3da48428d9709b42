"""Surveys and their waves.

A **survey** is a council's repeated resident survey ("Middlesbrough Residents' Survey").
A **wave** is one round of it: a fieldwork period, the wards it covers, a target sample
and the questionnaire version it used. Waves of the same survey are compared with each
other (change between waves). Weighting and estimates belong to the wave: the
weighting report (iterations, achieved against target margins, design effect,
effective sample size) is stored on it, so its methods note can always be shown.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.surveys.choices import ALL_MARGINS, Margin, WeightingStatus
from cohesion.surveys.models.questions import Questionnaire, QuestionnaireVersion
from cohesion.surveys.permissions import VIEW, survey_scope


def _default_margins() -> list[str]:
    return list(ALL_MARGINS)


def _public_code() -> str:
    return secrets.token_urlsafe(9)


class SurveyQuerySet(RestrictedQuerySet["Survey"]):
    def restrict(self, user: Any, action: str = VIEW) -> SurveyQuerySet:
        """See the rules in :mod:`cohesion.surveys.permissions`."""
        scope = survey_scope(user).for_action(action)
        if scope is None:
            return self.none()
        if scope.everywhere:
            return self
        if not (scope.councils or scope.wards):
            return self.none()
        condition = Q(council__code__in=list(scope.councils))
        if scope.wards:
            if action == VIEW:
                condition |= Q(waves__target_wards__code__in=list(scope.wards))
            else:
                only_theirs = (
                    Survey.objects.filter(waves__target_wards__code__in=list(scope.wards))
                    .exclude(
                        waves__target_wards__in=Area.objects.exclude(code__in=list(scope.wards))
                    )
                    .values("pk")
                )
                condition |= Q(pk__in=only_theirs)
        return self.filter(pk__in=Survey.objects.filter(condition).values("pk"))


class Survey(models.Model):
    """A council's repeated resident perception survey."""

    council = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The council that runs the survey."),
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="surveys"
    )
    is_synthetic = models.BooleanField(
        default=False,
        help_text=_("Made-up responses for demonstration or training; labelled everywhere."),
    )
    suppression_threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Hide estimates with fewer respondents than this. Leave empty for the site "
            "setting (SUPPRESSION_THRESHOLD)."
        ),
    )
    weight_by = models.JSONField(
        default=_default_margins,
        blank=True,
        help_text=_("The population margins waves are raked to; none means unweighted."),
    )
    trim_upper = models.FloatField(
        null=True,
        blank=True,
        default=5.0,
        help_text=_("Cap weights at this multiple of the mean weight (empty: no cap)."),
    )
    trim_lower = models.FloatField(
        null=True,
        blank=True,
        default=0.2,
        help_text=_("Floor weights at this multiple of the mean weight (empty: no floor)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["council__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trim_upper__isnull=True) | Q(trim_upper__gt=1),
                name="surveys_survey_trim_upper_above_one",
            ),
            models.CheckConstraint(
                condition=Q(trim_lower__isnull=True) | (Q(trim_lower__gte=0) & Q(trim_lower__lt=1)),
                name="surveys_survey_trim_lower_below_one",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys-survey-detail", args=[self.pk])

    @property
    def weight_by_labels(self) -> list[str]:
        return [str(Margin(m).label) for m in (self.weight_by or []) if m in Margin.values]

    @property
    def threshold(self) -> int:
        """Estimates on fewer respondents than this are suppressed."""
        from cohesion.core.disclosure import at_least_floor

        # Never below the site floor, even for a value stored before the floor was raised.
        return at_least_floor(self.suppression_threshold or None)


class WaveQuerySet(RestrictedQuerySet["Wave"]):
    def restrict(self, user: Any, action: str = VIEW) -> WaveQuerySet:
        """A wave is seen by whoever may see its survey, and managed by whoever may manage it."""
        scope = survey_scope(user).for_action(action)
        if scope is None:
            return self.none()
        if scope.everywhere:
            return self
        return self.filter(survey__in=Survey.objects.restrict(user, action))


class Wave(models.Model):
    """One round of a survey: when, where, how many, and the questionnaire version it froze."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="waves")
    name = models.CharField(max_length=100, help_text=_("For example “September 2021”."))
    period_start = models.DateField()
    period_end = models.DateField()
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="waves",
        help_text=_("A published version; the wave keeps it even when newer versions appear."),
    )
    target_wards = models.ManyToManyField(Area, related_name="+")
    target_sample = models.PositiveIntegerField(
        default=0, help_text=_("How many completed responses the wave aims for in total.")
    )
    accepting_online = models.BooleanField(
        default=False, help_text=_("Residents can answer online at the wave's public address.")
    )
    asks_comment = models.BooleanField(
        default=False,
        help_text=_(
            "End the questionnaire with an optional box for residents to write anything else "
            "about their area (up to 2,000 characters), for officers to theme."
        ),
    )
    # New waves ask it; waves made before the question existed were migrated with it
    # off, so a questionnaire already in the field does not change under its residents.
    ask_interpreter = models.BooleanField(
        default=True,
        help_text=_(
            "The online questionnaire ends with an optional question: would the resident like "
            "an interpreter's help to take part, and in which language."
        ),
    )
    public_code = models.CharField(max_length=20, unique=True, default=_public_code)
    weighting_status = models.CharField(
        max_length=20, choices=WeightingStatus.choices, default=WeightingStatus.NOT_WEIGHTED
    )
    weighting_message = models.TextField(blank=True)
    weighting_report = models.JSONField(default=dict, blank=True)
    weighted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="surveys_wave_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["survey", "name"], name="surveys_wave_unique_name_per_survey"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys-wave-detail", args=[self.pk])

    def wards(self) -> list[Area]:
        return list(self.target_wards.select_related("parent").order_by("name"))

    def previous(self) -> Wave | None:
        return (
            Wave.objects.filter(survey=self.survey, period_start__lt=self.period_start)
            .order_by("-period_start")
            .first()
        )
