"""Writing indicator values: the one path by which numbers enter the indicators tables.

Loaders, council uploads and other parts of Cohesion (through
:mod:`cohesion.indicators.publish`) all store values here, so the rules hold
everywhere:

* a value replaces the value held for the same indicator, area and period, in
  one transaction, so a reader never sees half a release;
* counts of events below ``settings.SUPPRESSION_THRESHOLD`` (never below the
  site floor) are flagged as suppressed when the indicator counts events
  (crimes, reports), by :mod:`cohesion.core.disclosure`; a publisher that
  shares totals across its series (tensions) also flags the complementary
  cells it hid, through the same module;
* bad input (an unknown unit, a period that ends before it starts, a value
  that is not a finite number, the same area and period twice) raises
  :class:`IndicatorDataError` with a plain message, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Min

from cohesion.core.disclosure import threshold_rule
from cohesion.indicators.choices import Aggregation, Polarity, Unit
from cohesion.indicators.models import Dataset, Indicator, IndicatorValue

CHUNK = 500
logger = logging.getLogger(__name__)


class IndicatorDataError(ValueError):
    """Indicator values that cannot be stored as given; nothing was saved."""


@dataclass(frozen=True)
class ValueRow:
    """One value ready to store: an area (code and level), a period and the numbers."""

    area_code: str
    area_level: str
    period_start: dt.date
    period_end: dt.date
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    lower: float | None = None
    upper: float | None = None
    suppressed: bool = False
    aggregation: str = Aggregation.AS_PUBLISHED


def _number(value: float | None, name: str, row: ValueRow) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise IndicatorDataError(
            f"The {name} for {row.area_code} ({row.period_start}) is not a number: {value!r}."
        ) from error
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise IndicatorDataError(
            f"The {name} for {row.area_code} ({row.period_start}) is infinite."
        )
    return number


def _aggregation(row: ValueRow) -> str:
    if row.aggregation not in Aggregation.values:
        raise IndicatorDataError(
            f"Unknown aggregation method {row.aggregation!r} for {row.area_code}: use one of "
            f"{', '.join(Aggregation.values)}."
        )
    return str(row.aggregation)


def check_definition(unit: str, polarity: str) -> None:
    if unit not in Unit.values:
        raise IndicatorDataError(f"Unknown unit {unit!r}: use one of {', '.join(Unit.values)}.")
    if polarity not in Polarity.values:
        raise IndicatorDataError(
            f"Unknown polarity {polarity!r}: use one of {', '.join(Polarity.values)}."
        )


def is_small_number(indicator: Indicator, row: ValueRow) -> bool:
    """True when the value rests on fewer events than the suppression threshold.

    The count of events is the numerator for a rate, or the value itself for a
    count. Values that do not count events (percentages of Census residents,
    deprivation scores) are never suppressed here.
    """
    if not indicator.counts_events:
        return False
    events = row.numerator if row.numerator is not None else row.value
    if indicator.unit == Unit.COUNT and row.numerator is None:
        events = row.value
    return events is not None and threshold_rule().is_small(events)


def replace_values(dataset: Dataset, indicator: Indicator, rows: Iterable[ValueRow]) -> int:
    """Store ``rows`` for ``indicator`` from ``dataset``, replacing what is held for the same areas and periods.

    Returns the number of values stored. Raises :class:`IndicatorDataError`
    (nothing written) for a period that ends before it starts, a non-numeric or
    infinite number, or the same area and period given twice.
    """
    prepared: list[IndicatorValue] = []
    seen: set[tuple[str, dt.date, dt.date]] = set()
    by_period: dict[tuple[dt.date, dt.date], list[str]] = defaultdict(list)
    for row in rows:
        if not row.area_code:
            raise IndicatorDataError("A value has no area code.")
        if row.period_end < row.period_start:
            raise IndicatorDataError(
                f"The period for {row.area_code} ends ({row.period_end}) before it starts "
                f"({row.period_start})."
            )
        key = (row.area_code, row.period_start, row.period_end)
        if key in seen:
            raise IndicatorDataError(
                f"{indicator.code}: {row.area_code} has more than one value for the period "
                f"{row.period_start} to {row.period_end}."
            )
        seen.add(key)
        by_period[(row.period_start, row.period_end)].append(row.area_code)
        value = IndicatorValue(
            indicator=indicator,
            dataset=dataset,
            area_code=row.area_code,
            area_level=row.area_level,
            period_start=row.period_start,
            period_end=row.period_end,
            value=_number(row.value, "value", row),
            numerator=_number(row.numerator, "numerator", row),
            denominator=_number(row.denominator, "denominator", row),
            lower=_number(row.lower, "lower limit", row),
            upper=_number(row.upper, "upper limit", row),
            suppressed=row.suppressed or is_small_number(indicator, row),
            aggregation=_aggregation(row),
        )
        prepared.append(value)
    with transaction.atomic():
        for (start, end), codes in by_period.items():
            for chunk in _chunks(codes):
                IndicatorValue.objects.filter(
                    indicator=indicator, period_start=start, period_end=end, area_code__in=chunk
                ).delete()
        IndicatorValue.objects.bulk_create(prepared, batch_size=CHUNK)
        refresh_dataset_summary(dataset)
        announce_values_stored(indicator.code, {v.area_code for v in prepared})
    return len(prepared)


def announce_values_stored(indicator_code: str, area_codes: set[str]) -> None:
    """Tell listeners (plans' targets) once the transaction commits that values were stored.

    Sent with :data:`cohesion.indicators.signals.values_stored` after the
    commit, so a listener never sees half a release and its failure (logged,
    ``robust``) never undoes the values.
    """
    from cohesion.indicators.signals import values_stored

    def send() -> None:
        for receiver, result in values_stored.send_robust(
            sender=Indicator, indicator_code=indicator_code, area_codes=frozenset(area_codes)
        ):
            if isinstance(result, Exception):
                logger.error(
                    "A listener (%s) failed after values of %s were stored: %s",
                    getattr(receiver, "__qualname__", receiver),
                    indicator_code,
                    result,
                )

    transaction.on_commit(send, robust=True)


def refresh_dataset_summary(dataset: Dataset) -> None:
    """Keep a dataset's count of values held and (unless given by the source) the period it covers."""
    summary = dataset.values.aggregate(
        n=Count("id"), start=Min("period_start"), end=Max("period_end")
    )
    dataset.values_count = summary["n"]
    if dataset.period_start is None or dataset.kind != "file":
        dataset.period_start = summary["start"]
    if dataset.period_end is None or dataset.kind != "file":
        dataset.period_end = summary["end"]
    dataset.save(update_fields=["values_count", "period_start", "period_end", "updated_at"])


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
