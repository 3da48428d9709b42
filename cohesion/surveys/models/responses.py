"""Responses, and the files of responses that officers import.

A **response** is one resident's answers to one wave: online (resumable with a private
link), on paper, at the door, by telephone, or from an imported file. ``answers`` maps
question codes to answer codes; the demographic answers are also copied into their own
columns so that weighting and breakdowns need no JSON queries. Once complete, a
response is never deleted by the application and its answers are never rewritten
(weighting only sets ``weight``): an accepted response is never lost.

An **import batch** keeps the uploaded file itself until it has been imported, so
matching columns to questions and fixing problems can take several visits. Nothing is
imported until every row is acceptable; the import is then one transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.surveys.choices import ImportStatus, ResponseMode, ResponseStatus
from cohesion.surveys.models.surveys import Wave
from cohesion.surveys.permissions import MANAGE, VIEW, WRITE_ACTIONS, survey_scope

# Imports are read into memory to check them; larger files should be split.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# The longest comment a resident may write at the end of the questionnaire (characters).
COMMENT_MAX_LENGTH = 2000


def hash_token(token: str) -> str:
    """Only a hash of a resume link's token is stored, so the database cannot reveal live links."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ManagedByWaveQuerySet(RestrictedQuerySet[Any]):
    """Records seen and changed only by those who may manage their wave."""

    # The path from the record to its wave.
    wave_field = "wave"

    def restrict(self, user: Any, action: str = VIEW) -> ManagedByWaveQuerySet:
        if action != VIEW and action not in WRITE_ACTIONS:
            return self.none()
        scope = survey_scope(user).manage
        if scope.everywhere:
            return self
        return self.filter(**{f"{self.wave_field}__in": Wave.objects.restrict(user, MANAGE)})


class ResponseQuerySet(ManagedByWaveQuerySet):
    def complete(self) -> ResponseQuerySet:
        return self.filter(status=ResponseStatus.COMPLETE)


class Response(models.Model):
    """One resident's answers to one wave."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses")
    mode = models.CharField(max_length=20, choices=ResponseMode.choices)
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    language = models.CharField(max_length=10, default="en")
    started_from = models.CharField(
        max_length=32,
        blank=True,
        help_text=_(
            "A keyed hash of the address an online response was started from (rate limit)."
        ),
    )
    respondent_ref = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The reference on a paper form or in an imported file; unique in a wave."),
    )
    answers = models.JSONField(default=dict, blank=True)
    # Free text typed by the resident (may hold personal data): only those who manage
    # the wave read it, on the audited comments page. Never exported with the answers.
    comment = models.CharField(max_length=COMMENT_MAX_LENGTH, blank=True)
    # The language a resident asked for an interpreter in, on the wave's optional last
    # step; blank when not asked or declined. Responses are anonymous, so this is only ever
    # counted (the wave's page), never used to contact anyone.
    interpreter_language = models.CharField(max_length=60, blank=True)
    page = models.PositiveIntegerField(default=1)
    ward = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    age_band = models.CharField(max_length=30, blank=True)
    sex = models.CharField(max_length=30, blank=True)
    ethnic_group = models.CharField(max_length=30, blank=True)
    tenure = models.CharField(max_length=30, blank=True)
    weight = models.FloatField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    import_batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["wave", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "respondent_ref"],
                condition=~Q(respondent_ref=""),
                name="surveys_response_unique_reference_per_wave",
            ),
            models.CheckConstraint(
                condition=Q(status=ResponseStatus.IN_PROGRESS) | Q(submitted_at__isnull=False),
                name="surveys_response_complete_has_submitted_at",
            ),
        ]
        indexes = [
            models.Index(fields=["wave", "status"], name="surveys_response_wave_status"),
            models.Index(
                fields=["started_from", "started_at"], name="surveys_response_started_from"
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.wave}"

    @property
    def is_complete(self) -> bool:
        return self.status == ResponseStatus.COMPLETE


class ImportBatch(models.Model):
    """An uploaded CSV or XLSX file of responses, its column mapping and the problems found.

    ``mapping`` maps each column heading to a question code, to ``respondent_ref``, or to
    nothing. ``problems`` lists ``{"row", "column", "value", "message"}``; row 1 is the
    first data row after the heading.
    """

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(max_length=255)
    content = models.BinaryField(max_length=MAX_IMPORT_BYTES)
    columns = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    mode = models.CharField(
        max_length=20,
        choices=ResponseMode.choices,
        default=ResponseMode.PAPER,
        help_text=_("How the responses in the file were collected."),
    )
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    problems = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = ManagedByWaveQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} for {self.wave}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys-import-detail", args=[self.pk])
