"""Pack templates and packs.

A **template** is a council's own list of sections for one kind of pack: which
section builders run, in what order, under what headings. It is data, edited on
a page, so a council can make the ward briefing its own without a developer.

A **pack** is one document made from a template for an area, a period and an
audience. Its sections are stored with it as plain JSON (``sections``), so what
a panel saw can be shown again exactly, in any format, after the data behind it
has been corrected. A draft can be rebuilt; an issued pack never changes. A
reissue is a new version (``reissue_of`` the first issue), built afresh, with
``changes`` listing every figure that differs from the version before.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.packs import access
from cohesion.packs.choices import AudienceKind, Cadence, PackKind, PackStatus
from cohesion.packs.contents import Audience, Section


class PackTemplateQuerySet(RestrictedQuerySet["PackTemplate"]):
    def restrict(self, user: Any, action: str = "view") -> PackTemplateQuerySet:
        return self.filter(access.template_q(user, action))


class PackTemplate(models.Model):
    """A council's adaptable template for one kind of pack: ordered section keys and headings."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="pack_templates"
    )
    kind = models.CharField(max_length=40, choices=PackKind.choices)
    # [{"key": "ward-tension", "heading": "Tension level and trend"}, ...] in the order shown.
    sections = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PackTemplateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="packs_template_one_per_kind"
            )
        ]
        ordering = ["organisation", "kind"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"


class PackQuerySet(RestrictedQuerySet["Pack"]):
    def restrict(self, user: Any, action: str = "view") -> PackQuerySet:
        return self.filter(access.pack_q(user, action))


class Pack(models.Model):
    """One pack for an area, period and audience, with its sections frozen as JSON."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="packs"
    )
    kind = models.CharField(max_length=40, choices=PackKind.choices)
    title = models.CharField(max_length=300)
    area_code = models.CharField(max_length=9, db_index=True)
    area_name = models.CharField(max_length=200)
    # Slugs of the plans' localities in the council (area_code) that the pack is about, e.g.
    # ["newport", "north-ormesby"] for a scrutiny update of two localities; empty for a whole area.
    localities = models.JSONField(default=list, blank=True)
    council_code = models.CharField(max_length=9, db_index=True)
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField(max_length=60)
    audience_kind = models.CharField(
        max_length=20, choices=AudienceKind.choices, default=AudienceKind.PUBLIC
    )
    audience_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, default="en")
    # A line shown under the title in every format, e.g. that the figures come from
    # synthetic demonstration data.
    notice = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    reissue_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reissues"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # The committee paper's frame as the officer wrote it (purpose, recommendations, ...).
    frame = models.JSONField(default=dict, blank=True)
    # The sections asked for ({"key", "heading"}, in order), copied from the template when the
    # pack was made, so a rebuild or reissue follows the same outline whatever the template says now.
    outline = models.JSONField(default=list)
    # The frozen sections: a list of Section.to_dict(), exactly as shown.
    sections = models.JSONField(default=list)
    # What changed since the version before: [{"section", "table", "row", "column", "was", "now"}].
    changes = models.JSONField(default=list, blank=True)

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="packs_pack_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["reissue_of", "version"], name="packs_pack_one_version_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def audience(self) -> Audience:
        return Audience(self.audience_kind, self.audience_name)

    @property
    def area_description(self) -> str:
        """The area as a pack shows it: "North Ormesby (E05009867)", or localities and their council."""
        if self.localities:
            return str(_("%(names)s (localities in %(code)s)")) % {
                "names": self.area_name,
                "code": self.area_code,
            }
        return f"{self.area_name} ({self.area_code})"

    @property
    def period_description(self) -> str:
        """The period's label, with its dates when the label does not already say them."""
        dates = f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"
        return self.period_label if self.period_label == dates else f"{self.period_label} ({dates})"

    @property
    def is_issued(self) -> bool:
        return self.status == PackStatus.ISSUED

    @property
    def restricted(self) -> bool:
        return self.audience_kind == AudienceKind.RESTRICTED

    def frozen_sections(self) -> list[Section]:
        return [Section.from_dict(data) for data in self.sections]

    @property
    def first_issue(self) -> Pack:
        return self.reissue_of or self


class PackScheduleQuerySet(RestrictedQuerySet["PackSchedule"]):
    def restrict(self, user: Any, action: str = "view") -> PackScheduleQuerySet:
        return self.filter(access.template_q(user, action))


class PackSchedule(models.Model):
    """A pack made and issued on a timetable and emailed to a distribution list by role.

    For example Middlesbrough's quarterly hate-incident report: on the first working
    day of each quarter, the report for the quarter just ended is made, issued and
    sent to the council's members with the named roles whose scope covers the area.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="pack_schedules"
    )
    kind = models.CharField(max_length=40, choices=PackKind.choices)
    area_code = models.CharField(max_length=9)
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY)
    audience_kind = models.CharField(
        max_length=20, choices=AudienceKind.choices, default=AudienceKind.PUBLIC
    )
    audience_name = models.CharField(max_length=200, blank=True)
    # Roles (accounts.Role values) of the organisation's members who receive the pack by email.
    roles = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    last_period_end = models.DateField(
        null=True,
        blank=True,
        help_text=_("The end of the last period made, so none is made twice."),
    )
    last_error = models.TextField(blank=True)

    objects = PackScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "kind", "area_code"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.area_code}, {self.get_cadence_display()}"
