"""Estimates computed from a weighted wave, kept so pages and downloads need not recompute.

They are replaced as a whole whenever the wave is (re)weighted, in the same transaction
as the weights, so a page never shows estimates from one weighting with the report of
another.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.surveys.choices import DomainKind, Statistic
from cohesion.surveys.models.surveys import Wave
from cohesion.surveys.permissions import VIEW


class EstimateQuerySet(RestrictedQuerySet["Estimate"]):
    def restrict(self, user: Any, action: str = VIEW) -> EstimateQuerySet:
        """Estimates are read by whoever may view the wave; only weighting writes them."""
        if action != VIEW:
            return self.none()
        return self.filter(wave__in=Wave.objects.restrict(user, VIEW))


class Estimate(models.Model):
    """One weighted estimate: a question's headline percentage, an answer's percentage or a mean score, for one group.

    ``estimate``, ``lower`` and ``upper`` are percentages (0-100) for percentages and
    scores for means. ``base`` is the unweighted number of respondents behind it (in
    the group, with an in-base answer); ``weighted_base`` the sum of their weights.
    ``suppressed`` is set when the base is below the survey's threshold: the value is
    kept for the record but never shown or published.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="estimates")
    question_code = models.CharField(max_length=80)
    statistic = models.CharField(max_length=20, choices=Statistic.choices)
    option_code = models.CharField(max_length=60, blank=True)
    domain_kind = models.CharField(max_length=20, choices=DomainKind.choices)
    domain_code = models.CharField(max_length=60)
    domain_label = models.CharField(max_length=200)
    estimate = models.FloatField(null=True)
    se = models.FloatField(null=True)
    lower = models.FloatField(null=True)
    upper = models.FloatField(null=True)
    base = models.PositiveIntegerField()
    weighted_base = models.FloatField()
    suppressed = models.BooleanField(default=False)

    objects = EstimateQuerySet.as_manager()

    class Meta:
        ordering = ["wave", "question_code", "statistic", "option_code", "domain_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "wave",
                    "question_code",
                    "statistic",
                    "option_code",
                    "domain_kind",
                    "domain_code",
                ],
                name="surveys_estimate_unique_cell",
            )
        ]
        indexes = [
            models.Index(
                fields=["wave", "statistic", "domain_kind"], name="surveys_estimate_lookup"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_code} {self.statistic} {self.option_code} {self.domain_label}"
