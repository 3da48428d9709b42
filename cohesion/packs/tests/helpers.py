"""A section builder over real rows, for testing the packs app apart from the real sections.

``test-values`` lists the indicator values recorded for the pack's area within its
period: figures that live in the database, so a test can change them after a pack
is issued and see the frozen pack keep what it showed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cohesion.packs.contents import SECTION_BUILDERS, Chart, PackContext, Section, Table, section

NORTH_ORMESBY = "E05009867"
NEWPORT = "E05009866"
MIDDLESBROUGH = "E06000002"
DARLINGTON = "E06000005"
TEST_TEMPLATE = [{"key": "test-values", "heading": "Recorded values"}]
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
    '<rect x="0" y="10" width="120" height="20" fill="#1d70b8"/></svg>'
)


def test_values(context: PackContext) -> Section:
    from cohesion.indicators.models import IndicatorValue

    values = IndicatorValue.objects.filter(
        area_code=context.area_code,
        period_start__gte=context.period_start,
        period_end__lte=context.period_end,
    ).order_by("indicator__code")
    rows = [[v.indicator.title, v.value] for v in values.select_related("indicator")]
    chart = Chart(
        title="Values", svg=SVG, alt="A bar chart of the recorded values.", table_key="values"
    )
    return Section(
        key="test-values",
        heading="",
        paragraphs=[f"{len(rows)} values recorded."],
        tables=[
            Table(title="Recorded values", columns=["Indicator", "Value"], rows=rows, key="values")
        ],
        charts=[chart] if rows else [],
    )


if "test-values" not in SECTION_BUILDERS:
    section("test-values")(test_values)


def record_value(area_code: str, title: str, value: float, year: int = 2025) -> Any:
    """An indicator value for ``area_code`` in ``year`` (the indicator and dataset made as needed)."""
    from cohesion.indicators.models import Dataset, Indicator, IndicatorValue

    indicator, _ = Indicator.objects.get_or_create(
        code=f"pack-test-{title.lower().replace(' ', '-')}",
        defaults={
            "title": title,
            "definition": title,
            "unit": "count",
            "levels": ["ward", "council"],
        },
    )
    dataset, _ = Dataset.objects.get_or_create(source="pack-test", title="Pack test values")
    return IndicatorValue.objects.create(
        indicator=indicator,
        dataset=dataset,
        area_code=area_code,
        area_level="ward" if area_code.startswith("E05") else "council",
        period_start=dt.date(year, 4, 1),
        period_end=dt.date(year, 6, 30),
        value=value,
    )


def another_middlesbrough_ward() -> Any:
    """A Middlesbrough ward other than Newport and North Ormesby (outside Nadia's scope)."""
    from cohesion.places.models import Area

    return (
        Area.objects.current("ward")
        .filter(parent__code=MIDDLESBROUGH)
        .exclude(code__in=[NEWPORT, NORTH_ORMESBY])
        .order_by("code")
        .first()
    )
