"""Residents' comments and the coding frame officers theme them with.

A wave that asks for a comment ends its questionnaire with an optional box
("Is there anything else you would like to tell us about your area?"); the text is
kept on the response (``Response.comment``). Each wave has its own **coding frame**:
a short list of **themes** ("Litter and fly-tipping", "Feeling safe at night") that
officers define, and each comment is **coded** with none, one or several of them.
Theme counts (how many coded comments mention each theme) are an aggregate of
what residents wrote, so they leave the app through disclosure control
(:mod:`cohesion.surveys.comments`).

Comments may hold personal data, so themes, codings and comments are seen and
changed only by those who may manage the wave. Removing a theme removes its codings;
who coded what, and when, is kept on each coding and in the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.surveys.models.responses import ManagedByWaveQuerySet, Response
from cohesion.surveys.models.surveys import Wave

THEME_LABEL_MAX_LENGTH = 80


class CommentTheme(models.Model):
    """One theme of a wave's coding frame."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="comment_themes")
    label = models.CharField(max_length=THEME_LABEL_MAX_LENGTH)
    description = models.TextField(
        blank=True, max_length=500, help_text=_("What belongs under this theme, for coders.")
    )
    order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ManagedByWaveQuerySet.as_manager()

    class Meta:
        ordering = ["wave", "order", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "label"], name="surveys_commenttheme_unique_label_per_wave"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CodingQuerySet(ManagedByWaveQuerySet):
    wave_field = "theme__wave"


class CommentCoding(models.Model):
    """A comment coded with a theme: by whom and when."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(CommentTheme, on_delete=models.CASCADE, related_name="codings")
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coded_at = models.DateTimeField(auto_now_add=True)

    objects = CodingQuerySet.as_manager()

    class Meta:
        ordering = ["response", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "theme"], name="surveys_commentcoding_one_per_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response} – {self.theme}"
