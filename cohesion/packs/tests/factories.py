"""Packs made directly, with frozen sections, for tests of pages and permissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cohesion.packs.choices import PackKind, PackStatus
from cohesion.packs.contents import Section, Table
from cohesion.packs.models import Pack

NORTH_ORMESBY = "E05009867"
MIDDLESBROUGH = "E06000002"


def frozen_section() -> dict[str, Any]:
    table = Table(
        title="Incident reports by strand",
        columns=["Strand", "Reports"],
        rows=[["Race", 14], ["Religion", "fewer than 5"]],
        note="Counts under 5 are not shown.",
        key="by-strand",
    )
    return Section(
        key="ward-incidents",
        heading="Incident reports",
        paragraphs=["Reports made in the quarter."],
        tables=[table],
    ).to_dict()


def make_pack(
    status: str = PackStatus.ISSUED, area_code: str = NORTH_ORMESBY, **extra: Any
) -> Pack:
    """A Middlesbrough ward briefing for 2025 Q2, issued unless ``status`` says otherwise."""
    from cohesion.accounts.models import Organisation

    now = timezone.now()
    fields: dict[str, Any] = {
        "organisation": Organisation.objects.get(name="Middlesbrough Council"),
        "kind": PackKind.WARD_BRIEFING,
        "title": "Ward councillor briefing: North Ormesby, 2025 Q2",
        "area_code": area_code,
        "area_name": "North Ormesby",
        "council_code": MIDDLESBROUGH,
        "period_start": dt.date(2025, 4, 1),
        "period_end": dt.date(2025, 6, 30),
        "period_label": "2025 Q2",
        "status": status,
        "made_at": now,
        "issued_at": now if status == PackStatus.ISSUED else None,
        "outline": [{"key": "ward-incidents", "heading": "Incident reports"}],
        "sections": [frozen_section()],
    }
    fields.update(extra)
    return Pack.objects.create(**fields)
