"""Response deadlines, pinned to numpy's business-day arithmetic and to the published timescales."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from cohesion.tensions.calculations.timescales import add_working_days, due_at

LONDON = ZoneInfo("Europe/London")
# England and Wales bank holidays around Christmas 2025 (GOV.UK bank-holidays.json).
HOLIDAYS = [dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1)]


def test_working_days_agree_with_numpy_busday_offset_for_every_start_over_two_months() -> None:
    start = dt.date(2025, 12, 1)
    for offset in range(60):
        day = start + dt.timedelta(days=offset)
        for days in (0, 1, 2, 5, 10):
            expected = np.busday_offset(
                np.datetime64(day), days, roll="forward", holidays=HOLIDAYS
            ).astype(dt.date)
            assert add_working_days(day, days, HOLIDAYS) == expected, (day, days)


def test_two_working_days_after_a_friday_afternoon_is_tuesday_afternoon() -> None:
    friday = dt.datetime(2025, 11, 21, 15, 30, tzinfo=LONDON)
    assert due_at(friday, 2, "working_days") == dt.datetime(2025, 11, 25, 15, 30, tzinfo=LONDON)


def test_a_report_on_christmas_eve_is_due_after_the_bank_holidays() -> None:
    eve = dt.datetime(2025, 12, 24, 10, 0, tzinfo=LONDON)
    assert due_at(eve, 2, "working_days", HOLIDAYS) == dt.datetime(
        2025, 12, 30, 10, 0, tzinfo=LONDON
    )


def test_twenty_four_hours_across_the_clock_change_is_twenty_four_real_hours() -> None:
    # Clocks went back at 02:00 BST on 26 October 2025.
    received = dt.datetime(2025, 10, 25, 12, 0, tzinfo=LONDON)
    due = due_at(received, 24, "hours")
    assert due.astimezone(dt.UTC) - received.astimezone(dt.UTC) == dt.timedelta(hours=24)
    assert due.astimezone(LONDON).hour == 11  # 12:00 BST + 24 h = 11:00 GMT


def test_seven_calendar_days_keep_the_local_clock_time_across_the_clock_change() -> None:
    received = dt.datetime(2025, 10, 22, 9, 0, tzinfo=LONDON)
    assert due_at(received, 7, "days") == dt.datetime(2025, 10, 29, 9, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [(-1, "hours", "zero or more"), (2, "fortnights", "unknown unit")],
)
def test_bad_timescales_are_refused_plainly(amount: int, unit: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        due_at(dt.datetime(2025, 1, 1, tzinfo=LONDON), amount, unit)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_at(dt.datetime(2025, 1, 1), 1, "hours")
