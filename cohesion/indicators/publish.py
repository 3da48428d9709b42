"""How other parts of Cohesion publish series into indicators.

Tensions publishes weekly counts of reports by ward and category; surveys
publish weighted estimates by ward and wave. Each calls :func:`publish_series`
with the definition and the values; indicators keeps the definition, one
dataset per source, and the values, and shows them on profiles, rankings and
maps like any other indicator (with small counts suppressed on public pages).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from cohesion.indicators.choices import DatasetKind, Unit
from cohesion.indicators.models import Dataset, Indicator, IndicatorValue
from cohesion.indicators.store import IndicatorDataError, ValueRow, check_definition, replace_values

__all__ = ["IndicatorDataError", "SeriesValue", "publish_series"]

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")

# Areas that values may be published for although Cohesion holds no boundary for them.
NATIONAL_AREAS = {
    "E92000001": "country",  # England
    "W92000004": "country",  # Wales
    "K04000001": "country",  # England and Wales
}


# Most local first: where one code names areas at several levels, the first wins.
LEVEL_PRECEDENCE = [
    "output_area",
    "lsoa",
    "msoa",
    "ward",
    "locality",
    "council",
    "upper_tier",
    "community_safety_partnership",
    "police_force_area",
    "combined_authority",
    "region",
    "country",
]


@dataclass(frozen=True)
class SeriesValue:
    """One value of a published series: an area (GSS code), a period and the estimate."""

    area_code: str
    period_start: dt.date
    period_end: dt.date
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    lower: float | None = None
    upper: float | None = None
    # Hidden by the publisher's disclosure control (cohesion.core.disclosure),
    # for example as a complement of a small count elsewhere in its tables.
    suppressed: bool = False


def area_levels(codes: Iterable[str]) -> dict[str, str]:
    """The level of each known GSS code (council, ward, lsoa...), from places and the national codes."""
    from cohesion.places.models import Area

    wanted = set(codes)
    levels = {code: level for code, level in NATIONAL_AREAS.items() if code in wanted}
    remaining = list(wanted - set(levels))
    for start in range(0, len(remaining), 500):
        chunk = remaining[start : start + 500]
        for code, level in Area.objects.filter(code__in=chunk).values_list("code", "level"):
            # A unitary council's code is also an upper-tier code: keep the more local level.
            held = levels.get(code)
            if held is None or LEVEL_PRECEDENCE.index(level) < LEVEL_PRECEDENCE.index(held):
                levels[code] = level
    return levels


def publish_series(
    *,
    indicator_code: str,
    title: str,
    unit: str,
    polarity: str,
    source: str,
    description: str,
    values: Iterable[SeriesValue],
) -> int:
    """Create or update the indicator and its source's dataset, and replace the given values.

    The values for the given (area, period)s are replaced atomically; values
    for other areas and periods are kept. Returns the number stored.

    Raises :class:`IndicatorDataError` (a ``ValueError``; nothing saved) for an
    unknown unit or polarity, an indicator code that is not a slug, an empty
    title or source, an area code Cohesion does not know, a period that ends
    before it starts, a number that is not finite, the same area and period
    twice, or an indicator code already fed by a different source.
    """
    check_definition(unit, polarity)
    if not _CODE.match(indicator_code or ""):
        raise IndicatorDataError(
            f"The indicator code {indicator_code!r} must be lower-case letters, digits, "
            "hyphens or underscores (at most 80)."
        )
    if not title.strip():
        raise IndicatorDataError("The indicator needs a title.")
    if not source.strip():
        raise IndicatorDataError("The series needs a source (the part of Cohesion publishing it).")
    series = list(values)
    levels = area_levels(v.area_code for v in series)
    unknown = sorted({v.area_code for v in series} - set(levels))
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise IndicatorDataError(f"Unknown area code(s): {shown}.")
    rows = [
        ValueRow(
            area_code=v.area_code,
            area_level=levels[v.area_code],
            period_start=v.period_start,
            period_end=v.period_end,
            value=v.value,
            numerator=v.numerator,
            denominator=v.denominator,
            lower=v.lower,
            upper=v.upper,
            suppressed=v.suppressed,
        )
        for v in series
    ]
    with transaction.atomic():
        indicator = Indicator.objects.filter(code=indicator_code).first() or Indicator(
            code=indicator_code
        )
        indicator.title = title.strip()
        indicator.definition = description.strip() or title.strip()
        indicator.source = source
        indicator.unit = unit
        indicator.polarity = polarity
        indicator.counts_events = unit in (Unit.COUNT, Unit.RATE_PER_1000)
        indicator.levels = sorted(set(indicator.levels or []) | set(levels.values()))
        indicator.save()
        dataset, _ = Dataset.objects.get_or_create(
            source=source,
            sha256="",
            defaults={
                "kind": DatasetKind.PUBLISHED,
                "title": f"Published by Cohesion: {source}",
                "publisher": "Cohesion",
            },
        )
        foreign = (
            IndicatorValue.objects.filter(indicator=indicator)
            .exclude(dataset__source=source)
            .exists()
        )
        if foreign:
            raise IndicatorDataError(
                f"The indicator {indicator_code!r} already holds values from another source; "
                "choose a different indicator code."
            )
        return replace_values(dataset, indicator, rows)
