"""The period a pack covers, written as people write it: ``2025-Q3``, ``2025-07``, ``2025``,
or ``2025-04-01..2025-06-30``. Quarters are calendar quarters (Q1 is January to March)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _


class BadPeriod(ValueError):
    """A period that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Read a period, or raise :class:`BadPeriod` with a message a person understands."""
    value = (text or "").strip()
    try:
        if m := re.fullmatch(r"(\d{4})-?Q([1-4])", value, re.IGNORECASE):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            return Period(date(year, first, 1), _month_end(year, first + 2), f"{year} Q{quarter}")
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            start = date(year, month, 1)
            return Period(start, _month_end(year, month), start.strftime("%B %Y"))
        if m := re.fullmatch(r"(\d{4})", value):
            year = int(m[1])
            return Period(date(year, 1, 1), date(year, 12, 31), str(year))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if end < start:
                raise BadPeriod(_("The period ends before it starts."))
            return Period(start, end, f"{start:%-d %B %Y} to {end:%-d %B %Y}")
    except ValueError as error:
        if isinstance(error, BadPeriod):
            raise
        raise BadPeriod(_("%(value)s is not a real date.") % {"value": value}) from error
    raise BadPeriod(
        _(
            "Write the period as a quarter (2025-Q3), a month (2025-07), a year (2025) "
            "or two dates (2025-04-01..2025-06-30)."
        )
    )


def previous_quarter(today: date) -> Period:
    """The calendar quarter before the one ``today`` is in (what a quarterly report covers)."""
    first_of_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first_of_this - timedelta(days=1)
    return parse_period(f"{last.year}-Q{(last.month - 1) // 3 + 1}")


def first_working_day(year: int, month: int, holidays: frozenset[date] = frozenset()) -> date:
    """The first weekday of a month that is not a bank holiday."""
    day = date(year, month, 1)
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def next_run(cadence: str, today: date) -> date:
    """The next day a schedule of ``cadence`` runs: the first working day of the next quarter
    (or month) on or after ``today``."""
    year, month = today.year, today.month
    while True:
        if cadence != "quarterly" or month % 3 == 1:
            day = first_working_day(year, month)
            if day >= today:
                return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
