"""What came of a session: who came, in which languages, and what followed.

One **outcome** per session date: for a weekly session, one for each date it
met. Attendance is a total, with counts by audience group where the organiser
collected them; the rest are counts of what followed (pledges, volunteers
recruited, referrals and signposting) and a short piece of feedback. No person
is named: outcomes are counts, and public figures built from them go through
the disclosure-control module (:func:`cohesion.programme.queries.programme_totals`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.programme.models.events import Event


class Outcome(models.Model):
    """The outcome of one session of an event (one date)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes")
    session_on = models.DateField(help_text=_("The date of the session."))
    attendance = models.PositiveIntegerField(help_text=_("Everyone who came, in total."))
    attendance_by_group = models.JSONField(
        default=dict, blank=True, help_text=_("Counts by audience group, where collected.")
    )
    languages_spoken = models.JSONField(default=list, blank=True)
    interpreters_used = models.PositiveSmallIntegerField(default=0)
    pledges = models.PositiveIntegerField(default=0)
    volunteers_recruited = models.PositiveIntegerField(default=0)
    referrals = models.PositiveIntegerField(default=0)
    signposting = models.PositiveIntegerField(default=0)
    feedback = models.TextField(blank=True, max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "session_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "session_on"], name="programme_outcome_one_per_session"
            ),
            models.CheckConstraint(
                condition=Q(attendance__gte=0), name="programme_outcome_attendance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} on {self.session_on}"

    def clean(self) -> None:
        by_group = self.attendance_by_group or {}
        if any(not isinstance(v, int) or v < 0 for v in by_group.values()):
            raise ValidationError(
                {"attendance_by_group": _("Counts by group must be whole numbers, 0 or more.")}
            )
        if sum(by_group.values()) > (self.attendance or 0):
            raise ValidationError(
                _("The counts by group add up to more than the total attendance.")
            )

    def as_row(self) -> dict[str, Any]:
        return {
            "session_on": self.session_on,
            "attendance": self.attendance,
            "languages_spoken": ", ".join(self.languages_spoken),
            "interpreters_used": self.interpreters_used,
            "pledges": self.pledges,
            "volunteers_recruited": self.volunteers_recruited,
            "referrals": self.referrals,
            "signposting": self.signposting,
        }
