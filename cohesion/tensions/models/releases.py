"""What the public was shown of one council's weekly report counts, kept as it was first shown.

Reports often arrive days after the incident, and the counts are by the day the
incident happened, so a week's counts go on changing after the week is over. If
each day's page were protected afresh, comparing two days would undo the
suppression: a ward shown as "fewer than 5" on Monday and as 5 on Tuesday, while
the council's total rose by one, was 4 on Monday. So the first time a completed
week's counts are shown through disclosure control, the figures shown are kept
here and every later page, download, published indicator and pack shows those
same figures (the practice of official statistics: figures are revised at
announced revisions, not day by day). A revision (``cohesion revise-public-counts``)
adds a newer release for the week; nothing is changed or deleted.
"""

from __future__ import annotations

from django.db import models

from cohesion.core.append_only import AppendOnlyModel, AppendOnlyQuerySetMixin


class CountReleaseQuerySet(AppendOnlyQuerySetMixin, models.QuerySet["CountRelease"]):
    pass


class CountRelease(AppendOnlyModel):
    """One completed week of a council's counts as released: every (area, category) shown or hidden."""

    append_only_message = "Released counts are kept as shown: revise them with a new release."

    council_code = models.CharField(max_length=12)
    week = models.DateField(help_text="The Monday the week starts.")
    rule = models.CharField(
        max_length=200, help_text="The disclosure rule the figures were made under."
    )
    # {"<area>|<category>": count or null (hidden)}
    figures = models.JSONField()
    released_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True, help_text="Why a revision was made.")

    objects = CountReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["council_code", "week", "released_at", "pk"]
        indexes = [models.Index(fields=["council_code", "week"], name="tensions_release_week_idx")]

    def __str__(self) -> str:
        return f"{self.council_code} week of {self.week} ({self.released_at:%Y-%m-%d})"
