"""Indicators as data: where each number came from, what it means, and its values.

Three things are kept apart, as statistical producers keep them apart:

* a **dataset** is one release of one source (the Census 2021 output-area
  tables, IMD 2025, police.uk street crime to November 2025, a council's own
  spreadsheet, or the weekly counts another part of Cohesion publishes), with
  its provenance: publisher, licence, release date, the period and geography
  it covers, and the file with its SHA-256. Loading the same file twice finds
  the same dataset and changes nothing; a new release is a new dataset and
  adds new periods beside the old ones;
* an **indicator** is a definition: a plain-English title and meaning with a
  citation for the measure, its unit, numerator and denominator, which way is
  good, the levels of geography it exists for and how it is calculated;
* an **indicator value** is one number for one area (by ONS GSS code) and one
  period, from one dataset, with the numerator and denominator it was computed
  from where there are any, a confidence interval where the source gives one,
  and a flag for values too small to publish.

Values are keyed by area *code* and level rather than by a link to a
:class:`~cohesion.places.models.Area` row: a code is how every publisher names
an area, values outlive boundary generations (a council code is unchanged by a
ward review), and comparisons with England and the regions need codes whose
areas Cohesion may not hold boundaries for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import RestrictedQuerySet, memberships_with
from cohesion.indicators.choices import (
    Aggregation,
    DatasetKind,
    Polarity,
    Topic,
    Unit,
    UploadStatus,
)

__all__ = ["Dataset", "Indicator", "IndicatorValue", "Upload"]


def period_label(start: dt.date, end: dt.date) -> str:
    """A short, plain name for a period: a day, a month, a year, a financial year or a range of months."""
    if start == end:
        return start.strftime("%-d %b %Y")
    next_day = end + dt.timedelta(days=1)
    whole_months = start.day == 1 and next_day.day == 1
    if whole_months:
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        if months == 1:
            return start.strftime("%b %Y")
        if months == 12 and start.month == 1:
            return str(start.year)
        if months == 12 and start.month == 4:
            return f"{start.year}/{str(start.year + 1)[-2:]}"
        if months == 3:
            return f"{start.strftime('%b')}–{end.strftime('%b %Y')}"
        return f"{start.strftime('%b %Y')} – {end.strftime('%b %Y')}"
    return f"{start.strftime('%-d %b %Y')} – {end.strftime('%-d %b %Y')}"


class DatasetQuerySet(RestrictedQuerySet["Dataset"]):
    """Datasets are public reference data; only the council that uploaded one may remove it.

    ``view``: everyone. ``delete``/``change``: uploads made by a council the
    person is an officer (or above) of. Published files and series from other
    parts of Cohesion are changed only by loaders, never through the site.
    """

    def restrict(self, user: Any, action: str = "view") -> DatasetQuerySet:
        if action == "view":
            return self.all()
        if getattr(user, "is_superuser", False):
            return self.all()
        organisations = [
            m.organisation_id
            for m in memberships_with(
                user, min_role=Role.OFFICER, kinds=(OrganisationKind.COUNCIL,)
            )
        ]
        if action in ("change", "delete"):
            return self.filter(kind=DatasetKind.UPLOAD, organisation__in=organisations)
        return self.none()


class Dataset(models.Model):
    """One release of one source, with its provenance (see the module docstring)."""

    source = models.CharField(
        max_length=100,
        help_text=_("The loader or part of Cohesion that supplies it, e.g. police_uk_street."),
    )
    kind = models.CharField(max_length=20, choices=DatasetKind.choices, default=DatasetKind.FILE)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    upstream = models.CharField(
        max_length=500, blank=True, help_text=_("Where the file came from.")
    )
    release_date = models.DateField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    geography_level = models.CharField(
        max_length=40, blank=True, help_text=_("The smallest areas the source describes.")
    )
    generation_code = models.CharField(
        max_length=20, blank=True, help_text=_("Boundary generation of those areas, e.g. LSOA21.")
    )
    file_path = models.CharField(
        max_length=500, blank=True, help_text=_("File path relative to the data folder.")
    )
    sha256 = models.CharField(max_length=64, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_datasets",
        help_text=_("For uploads: the council whose data it is."),
    )
    values_count = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["source", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "sha256"], name="indicators_dataset_unique_release_per_source"
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="indicators_dataset_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def for_topic(self, topic: str) -> IndicatorQuerySet:
        return self.filter(topic=topic)


class Indicator(models.Model):
    """What a measure means: title, definition with its citation, unit, numerator, denominator, polarity."""

    code = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=80, blank=True)
    definition = models.TextField(help_text=_("Plain-English meaning of the measure."))
    citation = models.TextField(
        blank=True, help_text=_("Who defines this measure, and where (report, table, paper).")
    )
    source = models.CharField(max_length=300, blank=True, help_text=_("Where the data comes from."))
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.LOCAL)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=20, choices=Polarity.choices, default=Polarity.NEUTRAL)
    numerator = models.CharField(max_length=300, blank=True)
    denominator = models.CharField(max_length=300, blank=True)
    levels = models.JSONField(
        default=list, blank=True, help_text=_("Levels of geography the indicator is held for.")
    )
    calculation = models.TextField(blank=True, help_text=_("How the value is computed."))
    counts_events = models.BooleanField(
        default=False,
        help_text=_(
            "Values count events (crimes, reports): small numbers are suppressed on public pages."
        ),
    )
    headline = models.BooleanField(default=False, help_text=_("Shown first on area profiles."))
    display_order = models.PositiveIntegerField(default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__in=Unit.values), name="indicators_indicator_unit_is_known"
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=Polarity.values),
                name="indicators_indicator_polarity_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("indicators-indicator-detail", args=[self.code])


class IndicatorValueQuerySet(models.QuerySet["IndicatorValue"]):
    def for_area(self, code: str) -> IndicatorValueQuerySet:
        return self.filter(area_code=code)

    def latest_period(self, indicator: Indicator, level: str | None = None) -> dt.date | None:
        qs = self.filter(indicator=indicator)
        if level:
            qs = qs.filter(area_level=level)
        row = qs.order_by("-period_end").values_list("period_end", flat=True).first()
        return row


class IndicatorValue(models.Model):
    """One value of one indicator for one area and period, from one dataset."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="values")
    area_code = models.CharField(max_length=12, help_text=_("ONS GSS code."))
    area_level = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    lower = models.FloatField(null=True, blank=True, help_text=_("Lower confidence limit."))
    upper = models.FloatField(null=True, blank=True, help_text=_("Upper confidence limit."))
    suppressed = models.BooleanField(
        default=False,
        help_text=_("Based on too few events to show publicly (SUPPRESSION_THRESHOLD)."),
    )
    aggregation = models.CharField(
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.AS_PUBLISHED,
        help_text=_(
            "How the value was built from small areas: from output areas, from LSOAs "
            "apportioned by the population of their output areas, from whole LSOAs by best "
            "fit, or as the source published it for the area."
        ),
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area_code", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period_start", "period_end"],
                name="indicators_value_one_per_area_and_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="indicators_value_period_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(aggregation__in=Aggregation.values),
                name="indicators_value_aggregation_is_known",
            ),
        ]
        indexes = [
            models.Index(fields=["area_code", "indicator"], name="indicators_value_area"),
            models.Index(
                fields=["indicator", "area_level", "period_end"], name="indicators_value_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area_code} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)


class UploadQuerySet(RestrictedQuerySet["Upload"]):
    """A council's upload waiting for review.

    ``view`` and ``change`` (import or discard): officers, coordinators and
    administrators of the council that made it. Everyone else gets 404.
    """

    def restrict(self, user: Any, action: str = "view") -> UploadQuerySet:
        if getattr(user, "is_superuser", False):
            return self.all()
        if action not in ("view", "change", "delete"):
            return self.none()
        organisations = [
            m.organisation_id
            for m in memberships_with(
                user, min_role=Role.OFFICER, kinds=(OrganisationKind.COUNCIL,)
            )
        ]
        return self.filter(organisation__in=organisations)


class Upload(models.Model):
    """A council's own CSV or spreadsheet of (area code, period, value), checked row by row before import.

    Nothing reaches :class:`IndicatorValue` until the rows are clean, or the
    officer chooses to import only the clean ones; the checked rows are kept
    here so the preview can be shown again and the choice audited.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="indicator_uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="indicator_uploads"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="uploads"
    )
    indicator_code = models.SlugField(max_length=80)
    indicator_title = models.CharField(max_length=200)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    rows = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=UploadStatus.choices, default=UploadStatus.PENDING
    )
    dataset = models.ForeignKey(
        Dataset, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    imported_rows = models.PositiveIntegerField(default=0)

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("indicators-upload-detail", args=[self.pk])

    @property
    def error_rows(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if row.get("errors")]

    @property
    def clean_rows(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if not row.get("errors")]
