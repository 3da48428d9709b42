"""When a response to a report is due.

Councils publish response timescales per kind of report: Rotherham answers a
hate incident within 24 hours and has a senior officer in contact within 7
days; Hull answers other community tension reports within 2 working days.
This module turns "N hours / calendar days / working days after receipt" into
a due moment. Pure: no database, no settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

__all__ = ["UNITS", "add_working_days", "due_at"]

UNITS = ("hours", "days", "working_days")

LONDON = ZoneInfo("Europe/London")


def add_working_days(start: dt.date, days: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The date ``days`` working days after ``start`` (Monday to Friday, skipping ``holidays``).

    Follows the "business day offset" rule of ``numpy.busday_offset`` with
    ``roll="forward"``: a start on a weekend or holiday first rolls forward to
    the next working day, then counting begins. So 2 working days after
    Friday is Tuesday, and after Saturday is Wednesday (Saturday rolls to
    Monday; Monday + 2 = Wednesday). The tests pin this to numpy.

    Raises ValueError for a negative ``days``.
    """
    if days < 0:
        raise ValueError(f"days must be zero or more; got {days}.")
    closed = set(holidays)

    def is_working(day: dt.date) -> bool:
        return day.weekday() < 5 and day not in closed

    current = start
    while not is_working(current):
        current += dt.timedelta(days=1)
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_working(current):
            remaining -= 1
    return current


def due_at(
    received: dt.datetime,
    amount: int,
    unit: str,
    holidays: Iterable[dt.date] = (),
    zone: dt.tzinfo = LONDON,
) -> dt.datetime:
    """The moment a response is due, ``amount`` ``unit`` after ``received``.

    - ``hours``: elapsed time (24 hours across a clock change is 24 real hours).
    - ``days``: the same local clock time ``amount`` calendar days later.
    - ``working_days``: the same local clock time ``amount`` working days later
      (see :func:`add_working_days`); a report arriving at the weekend is
      counted from the next working day at the time it arrived.

    ``received`` must be timezone-aware; the result is in ``zone``. Raises
    ValueError for an unknown unit, a negative amount or a naive datetime.
    """
    if received.tzinfo is None:
        raise ValueError("received must be a timezone-aware datetime.")
    if amount < 0:
        raise ValueError(f"amount must be zero or more; got {amount}.")
    if unit == "hours":
        # Add in UTC: Python adds to an aware datetime by wall clock within one zone,
        # which would make 24 hours across a clock change 23 or 25 real hours.
        elapsed = received.astimezone(dt.UTC) + dt.timedelta(hours=amount)
        return elapsed.astimezone(zone)
    local = received.astimezone(zone)
    if unit == "days":
        day = local.date() + dt.timedelta(days=amount)
    elif unit == "working_days":
        day = add_working_days(local.date(), amount, holidays)
    else:
        raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}.")
    naive = dt.datetime.combine(day, local.time().replace(tzinfo=None))
    return naive.replace(tzinfo=zone)
