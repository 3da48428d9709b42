"""When a service runs: its schedules as iCalendar recurrences, school terms, "open now".

An HSDS 3.0 ``schedule`` is a recurrence rule in the terms of iCalendar
(RFC 5545, section 3.3.10 "Recurrence Rule"): ``FREQ`` (weekly or monthly),
``INTERVAL``, ``BYDAY`` (``MO,WE``; with an ordinal in a monthly rule, ``1SA`` is
the first Saturday, ``-1FR`` the last Friday), ``BYMONTHDAY``, ``DTSTART``, and
``opens_at``/``closes_at`` in local time; ``valid_from``/``valid_to`` bound the
dates. Cohesion adds ``term_time``: a session that follows the school year.

These functions answer for one date or moment. They are pure: the caller
passes the recurrence as a :class:`Recurrence` and the school terms as a
:class:`TermCalendar`, so a council can give its own term dates. Without them,
:func:`english_school_terms` approximates the pattern most English councils
follow (see its docstring), which is good enough to say "runs in term time".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BYDAY_RE = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")

WEEKLY = "WEEKLY"
MONTHLY = "MONTHLY"
ALL_YEAR = ""
TERM_TIME = "term_time"
HOLIDAYS = "holidays"

# Weeks in a mean Gregorian year (365.2425 / 7) and months in it.
WEEKS_PER_YEAR = 365.2425 / 7
# England's school year is 190 teaching days, 39 weeks of term once the five
# training days are counted (DfE, "School attendance: guidance", and the
# "School teachers' pay and conditions document": 195 days); the other 13 weeks
# are holidays.
TERM_WEEKS = 39
HOLIDAY_WEEKS = 52 - TERM_WEEKS


@dataclass(frozen=True)
class Recurrence:
    """The parts of one schedule that say when it happens."""

    freq: str = ""
    interval: int | None = None
    byday: str = ""
    bymonthday: str = ""
    dtstart: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    term_time: str = ALL_YEAR


@dataclass(frozen=True)
class TermCalendar:
    """School terms as (first day, last day) ranges, half terms left out."""

    terms: tuple[tuple[dt.date, dt.date], ...] = field(default_factory=tuple)

    def in_term(self, day: dt.date) -> bool:
        return any(start <= day <= end for start, end in self.terms)


def parse_byday(text: str) -> tuple[tuple[int | None, int], ...]:
    """``"MO,WE"`` -> ``((None, 0), (None, 2))``; ``"1SA,-1FR"`` -> ``((1, 5), (-1, 4))``.

    Weekdays are numbered as Python's ``date.weekday()`` (Monday 0). Raises
    ValueError on a part that is not an RFC 5545 weekday.
    """
    parts = [p.strip().upper() for p in text.split(",") if p.strip()]
    days: list[tuple[int | None, int]] = []
    for part in parts:
        match = BYDAY_RE.match(part)
        if match is None:
            raise ValueError(f"{part!r} is not an iCalendar day such as MO, TU or 1SA")
        ordinal = int(match.group(1)) if match.group(1) else None
        days.append((ordinal, WEEKDAYS.index(match.group(2))))
    return tuple(days)


def parse_bymonthday(text: str) -> tuple[int, ...]:
    """``"1,15,-1"`` -> ``(1, 15, -1)``: days of the month, negative from its end."""
    days = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if not re.fullmatch(r"[+-]?\d{1,2}", part) or not 1 <= abs(int(part)) <= 31:
            raise ValueError(f"{part!r} is not a day of the month (1 to 31, or -1 for the last)")
        days.append(int(part))
    return tuple(days)


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date | None:
    """The ``ordinal``-th ``weekday`` of the month (negative counts from the end), or None."""
    last = calendar.monthrange(year, month)[1]
    matches = [
        dt.date(year, month, d)
        for d in range(1, last + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    index = ordinal - 1 if ordinal > 0 else ordinal
    return matches[index] if -len(matches) <= index < len(matches) else None


def _month_day(year: int, month: int, day: int) -> dt.date | None:
    last = calendar.monthrange(year, month)[1]
    number = day if day > 0 else last + 1 + day
    return dt.date(year, month, number) if 1 <= number <= last else None


def _within_dates(rule: Recurrence, day: dt.date) -> bool:
    if rule.valid_from and day < rule.valid_from:
        return False
    if rule.valid_to and day > rule.valid_to:
        return False
    return not (rule.dtstart and day < rule.dtstart)


def _follows_terms(rule: Recurrence, day: dt.date, terms: TermCalendar | None) -> bool:
    if rule.term_time == ALL_YEAR or terms is None:
        return True
    in_term = terms.in_term(day)
    return in_term if rule.term_time == TERM_TIME else not in_term


def occurs_on(rule: Recurrence, day: dt.date, terms: TermCalendar | None = None) -> bool:
    """Whether a session of ``rule`` falls on ``day``.

    A rule without a frequency but with days is read as weekly (what people
    mean by "Tuesdays"). A rule with neither says nothing about days, so it is
    never counted as happening on one. ``INTERVAL`` counts weeks or months from
    ``DTSTART`` (RFC 5545); without a ``DTSTART`` it cannot be placed and every
    matching week or month is taken.
    """
    if not _within_dates(rule, day) or not _follows_terms(rule, day, terms):
        return False
    freq = rule.freq.upper() or (WEEKLY if rule.byday else "")
    interval = max(1, rule.interval or 1)
    days = parse_byday(rule.byday)
    if freq == WEEKLY:
        weekdays = {weekday for _, weekday in days} or (
            {rule.dtstart.weekday()} if rule.dtstart else set()
        )
        if day.weekday() not in weekdays:
            return False
        if interval > 1 and rule.dtstart:
            start_week = rule.dtstart - dt.timedelta(days=rule.dtstart.weekday())
            return ((day - start_week).days // 7) % interval == 0
        return True
    if freq == MONTHLY:
        if interval > 1 and rule.dtstart:
            months = (day.year - rule.dtstart.year) * 12 + day.month - rule.dtstart.month
            if months % interval:
                return False
        for ordinal, weekday in days:
            if ordinal is None and day.weekday() == weekday:
                return True
            if ordinal is not None and _nth_weekday(day.year, day.month, weekday, ordinal) == day:
                return True
        monthdays = parse_bymonthday(rule.bymonthday)
        if not days and not monthdays and rule.dtstart:
            monthdays = (rule.dtstart.day,)
        return any(_month_day(day.year, day.month, d) == day for d in monthdays)
    return False


def is_open_at(rule: Recurrence, moment: dt.datetime, terms: TermCalendar | None = None) -> bool:
    """Whether a session of ``rule`` is running at ``moment`` (local time, naive).

    Opening times are half-open: open from ``opens_at`` up to, not including,
    ``closes_at``. A session closing after midnight (closes before it opens)
    runs on into the next day. A session without both times is never "open
    now", because nobody can say when to turn up.
    """
    if rule.opens_at is None or rule.closes_at is None:
        return False
    now = moment.time()
    today = moment.date()
    if rule.opens_at < rule.closes_at:
        return rule.opens_at <= now < rule.closes_at and occurs_on(rule, today, terms)
    if now >= rule.opens_at and occurs_on(rule, today, terms):
        return True
    return now < rule.closes_at and occurs_on(rule, today - dt.timedelta(days=1), terms)


def sessions_per_week(rule: Recurrence) -> float:
    """Average sessions a week over a year while the schedule runs.

    Weekly: the days named, divided by the interval. Monthly: the sessions in a
    month (one for each ordinal day such as ``1SA`` and each month day; a plain
    weekday falls WEEKS_PER_YEAR / 12, about 4.35, times a month) x 12 /
    WEEKS_PER_YEAR, divided by the interval. Term-time sessions are scaled by 39/52 and
    holiday sessions by 13/52. A rule that names no day counts as none.
    """
    freq = rule.freq.upper() or (WEEKLY if rule.byday else "")
    interval = max(1, rule.interval or 1)
    days = parse_byday(rule.byday)
    if freq == WEEKLY:
        weekly = float(len({w for _, w in days}) or (1 if rule.dtstart else 0))
    elif freq == MONTHLY:
        per_month = sum(1.0 if o is not None else WEEKS_PER_YEAR / 12 for o, _ in days)
        per_month += len(parse_bymonthday(rule.bymonthday))
        if not days and not rule.bymonthday and rule.dtstart:
            per_month = 1.0
        weekly = per_month * 12 / WEEKS_PER_YEAR
    else:
        return 0.0
    weekly /= interval
    if rule.term_time == TERM_TIME:
        weekly *= TERM_WEEKS / 52
    elif rule.term_time == HOLIDAYS:
        weekly *= HOLIDAY_WEEKS / 52
    return weekly


def runs_on_weekday(rule: Recurrence, weekday: int) -> bool:
    """Whether the rule can ever fall on ``weekday`` (Monday 0), whatever the date."""
    freq = rule.freq.upper() or (WEEKLY if rule.byday else "")
    days = parse_byday(rule.byday)
    if days:
        return any(w == weekday for _, w in days)
    if freq == WEEKLY and rule.dtstart:
        return rule.dtstart.weekday() == weekday
    return freq == MONTHLY and bool(rule.bymonthday or rule.dtstart)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar.

    The "anonymous Gregorian algorithm" (Meeus/Jones/Butcher), J. Meeus,
    *Astronomical Algorithms*, 2nd ed., 1998, chapter 8.
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _last_weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _working_day_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def english_school_terms(first_year: int) -> TermCalendar:
    """An approximation of an English council's school year starting in September ``first_year``.

    Councils set their own dates, but most follow the same pattern (the Local
    Government Association's standard school year; see e.g. Middlesbrough's and
    Stockton's published term dates), which this reproduces to within a few days:

    * autumn: the first weekday on or after 3 September to the last Friday on or
      before 19 December, with half term the week of the last Monday in October;
    * spring: the first Monday on or after 4 January to the Friday before the
      Easter holiday, with half term the week of the third Monday in February;
    * the Easter holiday: from the Monday before Good Friday to the Friday after
      Easter Monday (two weeks);
    * summer: the Monday after the Easter holiday to the last weekday on or before
      22 July, with half term the week of the spring bank holiday (last Monday
      in May).

    Where the council's own dates are known, build a :class:`TermCalendar` from them.
    """
    y1, y2 = first_year, first_year + 1

    def week_off(monday: dt.date) -> tuple[dt.date, dt.date]:
        return monday - dt.timedelta(days=3), monday + dt.timedelta(days=6)

    autumn_start = _working_day_on_or_after(dt.date(y1, 9, 3))
    autumn_end = _last_weekday_on_or_before(dt.date(y1, 12, 19), 4)
    october_half = _last_weekday_on_or_before(dt.date(y1, 10, 31), 0)
    spring_start = _first_weekday_on_or_after(dt.date(y2, 1, 4), 0)
    february_half = _first_weekday_on_or_after(dt.date(y2, 2, 1), 0) + dt.timedelta(weeks=2)
    easter = easter_sunday(y2)
    easter_holiday_start = easter - dt.timedelta(days=6)  # Monday of Holy Week
    easter_holiday_end = easter + dt.timedelta(days=5)  # Friday after Easter Monday
    spring_end = easter_holiday_start - dt.timedelta(days=3)
    summer_start = easter_holiday_end + dt.timedelta(days=3)
    may_half = _last_weekday_on_or_before(dt.date(y2, 5, 31), 0)
    summer_end = dt.date(y2, 7, 22)
    while summer_end.weekday() >= 5:
        summer_end -= dt.timedelta(days=1)
    terms: list[tuple[dt.date, dt.date]] = []
    for start, end, half in (
        (autumn_start, autumn_end, october_half),
        (spring_start, spring_end, february_half),
        (summer_start, summer_end, may_half),
    ):
        before, after = week_off(half)
        terms += [(start, before), (after, end)]
    return TermCalendar(tuple(terms))


def school_terms_around(day: dt.date) -> TermCalendar:
    """Approximate English terms of the school years either side of ``day``."""
    first = day.year - 1
    terms: list[tuple[dt.date, dt.date]] = []
    for year in (first, first + 1):
        terms += english_school_terms(year).terms
    return TermCalendar(tuple(terms))


def days_in_week_running(
    rules: Iterable[Recurrence], week_start: dt.date, terms: TermCalendar | None = None
) -> list[dt.date]:
    """The dates in the week from ``week_start`` on which any of ``rules`` runs."""
    rules = list(rules)
    days = [week_start + dt.timedelta(days=i) for i in range(7)]
    return [d for d in days if any(occurs_on(r, d, terms) for r in rules)]
