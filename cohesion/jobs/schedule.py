"""When each background job runs: cadences as written in ``COHESION_SCHEDULE``, and their slots.

A cadence is a short phrase (case does not matter)::

    off
    hourly                                  (on the hour; "hourly at :15" for a quarter past)
    daily at 02:30
    weekly on monday at 06:00
    monthly on day 1 at 07:00               (days past a month's end run on its last day)
    monthly on first working day at 07:00
    quarterly on first working day at 07:00 (January, April, July, October)
    quarterly on day 15 at 07:00

Times are the site's local time (``TIME_ZONE``, Europe/London), so a daily job at 07:00
runs at 07:00 in summer and in winter. A *slot* is one scheduled time: the job's run for
that slot happens once, however many schedulers are running and however late they are.
:func:`current_slot` is the latest slot at or before a moment (the one due now, if it has
not run); :func:`next_run` the first after it. Both are pure: the clock is an argument.

The first working day is the first weekday of the month (the same rule as scheduled
packs, :func:`cohesion.packs.periods.first_working_day`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cohesion.packs.periods import first_working_day

EVERY = ("hourly", "daily", "weekly", "monthly", "quarterly")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# How long one period lasts, at most: a job is overdue when its last success is older than two.
PERIOD = {
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(days=7),
    "monthly": timedelta(days=31),
    "quarterly": timedelta(days=92),
}

_AT = r"(?:\s+at\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
_PATTERNS = {
    "hourly": re.compile(r"hourly(?:\s+at\s+:(?P<minute>\d{2}))?"),
    "daily": re.compile(r"daily" + _AT),
    "weekly": re.compile(r"weekly\s+on\s+(?P<weekday>[a-z]+)" + _AT),
    "monthly": re.compile(
        r"monthly\s+on\s+(?:day\s+(?P<day>\d{1,2})|(?P<working>first\s+working\s+day))" + _AT
    ),
    "quarterly": re.compile(
        r"quarterly\s+on\s+(?:day\s+(?P<day>\d{1,2})|(?P<working>first\s+working\s+day))" + _AT
    ),
}


class BadCadence(ValueError):
    """A cadence that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class Cadence:
    """One job's cadence. ``day`` None on a monthly or quarterly cadence means the first working day."""

    every: str
    hour: int = 0
    minute: int = 0
    weekday: int | None = None
    day: int | None = None
    text: str = ""

    @property
    def period(self) -> timedelta:
        return PERIOD[self.every]

    def __str__(self) -> str:
        return self.text


def parse_cadence(text: str) -> Cadence | None:
    """Read a cadence (see the module's docstring); None for ``off``. Raises :class:`BadCadence`."""
    value = " ".join((text or "").lower().split())
    if value in ("off", "never", ""):
        return None
    every = value.split(" ", 1)[0]
    pattern = _PATTERNS.get(every)
    match = pattern.fullmatch(value) if pattern else None
    if match is None:
        raise BadCadence(
            f"{text!r} is not a cadence. Write one of: off; hourly; hourly at :MM; daily at HH:MM; "
            "weekly on DAY at HH:MM; monthly on day N at HH:MM; monthly on first working day "
            "at HH:MM; quarterly on first working day at HH:MM; quarterly on day N at HH:MM."
        )
    parts = match.groupdict()
    hour = int(parts.get("hour") or 0)
    minute = int(parts.get("minute") or 0)
    if hour > 23 or minute > 59:
        raise BadCadence(f"{text!r}: {hour:02d}:{minute:02d} is not a time of day.")
    weekday = None
    if every == "weekly":
        if parts["weekday"] not in WEEKDAYS:
            raise BadCadence(f"{text!r}: {parts['weekday']!r} is not a day of the week.")
        weekday = WEEKDAYS.index(parts["weekday"])
    day = int(parts["day"]) if parts.get("day") else None
    if day is not None and not 1 <= day <= 31:
        raise BadCadence(f"{text!r}: day {day} is not a day of the month.")
    return Cadence(every, hour, minute, weekday, day, value)


def _local(c: Cadence, day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(c.hour, c.minute), tzinfo=zone)


def _month_day(c: Cadence, year: int, month: int) -> date:
    if c.day is None:
        return first_working_day(year, month)
    return date(year, month, min(c.day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _occurrence(c: Cadence, local: datetime, shift: int, zone: ZoneInfo) -> datetime:
    """The cadence's time in the period holding ``local``, moved ``shift`` periods."""
    if c.every == "hourly":
        # Every hour of UTC is an hour of the site's time (Britain's offsets are whole hours).
        hour = local.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        return (hour + timedelta(hours=shift)).replace(minute=c.minute).astimezone(zone)
    today = local.date()
    if c.every == "daily":
        return _local(c, today + timedelta(days=shift), zone)
    if c.every == "weekly":
        assert c.weekday is not None
        start = today - timedelta(days=(today.weekday() - c.weekday) % 7)
        return _local(c, start + timedelta(weeks=shift), zone)
    step = 3 if c.every == "quarterly" else 1
    first_month = today.month - (today.month - 1) % step
    year, month = _add_months(today.year, first_month, shift * step)
    return _local(c, _month_day(c, year, month), zone)


def current_slot(c: Cadence, now: datetime, zone: str = "Europe/London") -> datetime:
    """The latest scheduled time at or before ``now`` (an aware datetime), in the site's zone."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    now = now.astimezone(UTC)  # compared as instants, not as wall-clock times
    slot = _occurrence(c, local, 0, tz)
    if slot > now:
        slot = _occurrence(c, local, -1, tz)
    return slot


def next_run(c: Cadence, now: datetime, zone: str = "Europe/London") -> datetime:
    """The first scheduled time after ``now``."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    now = now.astimezone(UTC)
    slot = _occurrence(c, local, 0, tz)
    if slot <= now:
        slot = _occurrence(c, local, 1, tz)
    return slot


def is_overdue(
    c: Cadence, last_success: datetime | None, since: datetime | None, now: datetime
) -> bool:
    """Whether a job has stopped running: its last success (or, never having succeeded, its
    first attempt ``since``) is more than two periods before ``now``. A job never tried is not."""
    reference = last_success or since
    return reference is not None and now - reference > 2 * c.period
