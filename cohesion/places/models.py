"""Reference geography, versioned.

Boundaries change. Wards are redrawn by the Local Government Boundary Commission
almost every May somewhere in England, and ONS re-issues small areas after each
Census. A record made in 2022 belongs to the ward *as it was in 2022*. So Cohesion
never edits a boundary in place: each ONS release is loaded as a new
**generation** (WD21, WD22, WD24, WD25, LSOA11, LSOA21, ...) with the dates it was
valid, and every area belongs to exactly one generation. An unchanged ward keeps
its GSS code across generations and simply appears once in each.

Official codes are data, not keys: an area is identified by (generation, code).
Where the same code appears in several generations, "the current one" is the
generation valid today, or the most recent.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.places.choices import Level, RelationKind

__all__ = [
    "Area",
    "AreaRelation",
    "Generation",
    "GenerationSource",
    "Level",
    "Postcode",
    "PostcodeFile",
    "RelationKind",
]


class GenerationQuerySet(models.QuerySet["Generation"]):
    def valid_on(self, on_date: dt.date) -> GenerationQuerySet:
        return self.filter(valid_from__lte=on_date).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on_date)
        )


class Generation(models.Model):
    """One release of one kind of area (for example ONS "Wards (May 2025)").

    ``valid_to`` is empty while the release is current. Two generations of the
    same level should not overlap in time; ``current_for_level`` takes the latest.
    """

    code = models.CharField(
        max_length=20, unique=True, help_text=_("Short name, e.g. WD25 or LSOA21.")
    )
    level = models.CharField(max_length=40, choices=Level.choices)
    name = models.CharField(max_length=200)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    has_boundaries = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GenerationQuerySet.as_manager()

    class Meta:
        ordering = ["level", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="places_generation_valid_to_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def current_for_level(cls, level: str, on_date: dt.date | None = None) -> Generation | None:
        on_date = on_date or timezone.localdate()
        return cls.objects.filter(level=level).valid_on(on_date).order_by("-valid_from").first()


class GenerationSource(models.Model):
    """A file that contributed areas, boundaries or links to a generation: its provenance."""

    generation = models.ForeignKey(Generation, on_delete=models.PROTECT, related_name="sources")
    path = models.CharField(max_length=500, help_text=_("File path relative to the data folder."))
    sha256 = models.CharField(max_length=64)
    publisher = models.CharField(max_length=200)
    licence = models.CharField(max_length=200)
    upstream = models.CharField(max_length=500, blank=True)
    areas_added = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "path", "sha256"],
                name="places_source_unique_file_per_generation",
            )
        ]

    def __str__(self) -> str:
        return self.path


class AreaQuerySet(models.QuerySet["Area"]):
    def current(self, level: str | None = None, on_date: dt.date | None = None) -> AreaQuerySet:
        """Areas of the generation(s) valid on ``on_date`` (today by default)."""
        on_date = on_date or timezone.localdate()
        qs = self.filter(generation__valid_from__lte=on_date).filter(
            Q(generation__valid_to__isnull=True) | Q(generation__valid_to__gte=on_date)
        )
        return qs.filter(level=level) if level else qs

    def search(self, text: str) -> AreaQuerySet:
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(Q(code__iexact=text) | Q(name__icontains=text))


class Area(models.Model):
    """A council, ward, small area or locality, as defined in one generation.

    ``parent`` is the main line of the hierarchy (output area -> LSOA -> ward ->
    council). Other memberships (council -> region, police force area, community
    safety partnership; LSOA 2011 -> LSOA 2021) are :class:`AreaRelation` rows.
    The boundary is GeoJSON in WGS 84 longitude/latitude; the bounding box is kept
    beside it so that point look-ups and maps do not parse every polygon.
    """

    generation = models.ForeignKey(Generation, on_delete=models.PROTECT, related_name="areas")
    code = models.CharField(
        max_length=12, db_index=True, help_text=_("ONS GSS code, e.g. E05009863.")
    )
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=40, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    population_source = models.CharField(max_length=200, blank=True)
    boundary = models.TextField(blank=True, help_text=_("GeoJSON geometry, WGS 84."))
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "code"], name="places_area_unique_code_in_generation"
            )
        ]
        indexes = [models.Index(fields=["level", "code"], name="places_area_level_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("places-area-detail", args=[self.code])

    @property
    def geometry(self) -> dict[str, Any] | None:
        return json.loads(self.boundary) if self.boundary else None

    def related(self, kind: str = RelationKind.WITHIN) -> AreaQuerySet:
        """Areas this one lies within (or is succeeded by, or best fits), besides its parent."""
        return Area.objects.filter(
            incoming_relations__from_area=self, incoming_relations__kind=kind
        )

    def ancestors(self) -> list[Area]:
        """The parent line, nearest first."""
        chain: list[Area] = []
        node = self.parent
        while node is not None and len(chain) < 10:
            chain.append(node)
            node = node.parent
        return chain


class AreaRelation(models.Model):
    """A link between two areas other than the main parent line."""

    from_area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="outgoing_relations")
    to_area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="incoming_relations")
    kind = models.CharField(max_length=20, choices=RelationKind.choices)
    change_code = models.CharField(
        max_length=1,
        blank=True,
        help_text=_(
            "ONS change code for successors: U unchanged, S split, M merged, X redesigned."
        ),
    )
    source = models.ForeignKey(GenerationSource, on_delete=models.PROTECT, related_name="relations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_area", "to_area", "kind"], name="places_relation_unique_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_area.code} {self.kind} {self.to_area.code}"


# Postcodes are optional reference data. An operator loads the ONS Postcode Directory
# (ONSPD), or only the councils they serve, with ``cohesion load-postcodes``; the
# directory search then finds services near a postcode. A postcode is a point (the
# ONSPD's centroid of its addresses, to 1 m in Great Britain) with the ward, council
# and LSOA ONS placed it in. Unlike boundaries, postcodes are not kept per release:
# ONSPD is cumulative (terminated postcodes stay in it with their end date), so a
# newer file brings every postcode up to date in place, and ``source`` says which
# file each row last came from.


class PostcodeFile(models.Model):
    """A postcode file that was loaded: its provenance."""

    name = models.CharField(
        max_length=500, help_text=_("The file's name, e.g. ONSPD_FEB_2025_UK.csv.")
    )
    sha256 = models.CharField(max_length=64, unique=True)
    publisher = models.CharField(max_length=200)
    licence = models.CharField(max_length=200)
    postcodes_loaded = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """One postcode: where it is and the areas ONS placed it in.

    ``compact`` (upper case, no spaces, ``TS12AB``) is what look-ups compare;
    ``postcode`` is the form people write (``TS1 2AB``). A postcode without a
    grid reference (ONSPD gives latitude 99.999999) has no coordinates.
    """

    compact = models.CharField(max_length=7, unique=True)
    postcode = models.CharField(max_length=8)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    council_code = models.CharField(max_length=9, blank=True, db_index=True)
    ward_code = models.CharField(max_length=9, blank=True, db_index=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    introduced = models.DateField(null=True, blank=True)
    terminated = models.DateField(null=True, blank=True)
    source = models.ForeignKey(PostcodeFile, on_delete=models.PROTECT, related_name="postcodes")

    class Meta:
        ordering = ["compact"]

    def __str__(self) -> str:
        return self.postcode
