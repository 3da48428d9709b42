"""The slot computation: each cadence's current slot and next run, from a clock given to it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cohesion.jobs.schedule import (
    BadCadence,
    Cadence,
    current_slot,
    is_overdue,
    next_run,
    parse_cadence,
)

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> dt.datetime:
    """A London time written as 2026-04-01 06:59."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def cadence(text: str) -> Cadence:
    parsed = parse_cadence(text)
    assert parsed is not None
    return parsed


def slots(text: str, now: str) -> tuple[str, str]:
    c, moment = cadence(text), at(now)
    return (
        f"{current_slot(c, moment):%Y-%m-%d %H:%M}",
        f"{next_run(c, moment):%Y-%m-%d %H:%M}",
    )


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        # Hourly: on the hour, or at a minute past.
        ("hourly", "2026-06-10 14:00", ("2026-06-10 14:00", "2026-06-10 15:00")),
        ("hourly", "2026-06-10 14:59", ("2026-06-10 14:00", "2026-06-10 15:00")),
        ("hourly at :05", "2026-06-10 14:04", ("2026-06-10 13:05", "2026-06-10 14:05")),
        ("hourly at :05", "2026-12-31 23:30", ("2026-12-31 23:05", "2027-01-01 00:05")),
        # Daily: the time itself is the slot; just before it, yesterday's.
        ("daily at 02:00", "2026-06-10 02:00", ("2026-06-10 02:00", "2026-06-11 02:00")),
        ("daily at 02:00", "2026-06-10 01:59", ("2026-06-09 02:00", "2026-06-10 02:00")),
        ("daily at 07:00", "2026-03-01 00:10", ("2026-02-28 07:00", "2026-03-01 07:00")),
        ("daily at 07:00", "2024-03-01 00:10", ("2024-02-29 07:00", "2024-03-01 07:00")),
        ("daily at 23:30", "2027-01-01 00:00", ("2026-12-31 23:30", "2027-01-01 23:30")),
        # Weekly: the last Monday 05:00 (1 December 2026 is a Tuesday).
        ("weekly on monday at 05:00", "2026-12-01 12:00", ("2026-11-30 05:00", "2026-12-07 05:00")),
        ("weekly on monday at 05:00", "2026-11-30 04:59", ("2026-11-23 05:00", "2026-11-30 05:00")),
        ("weekly on sunday at 22:00", "2027-01-01 09:00", ("2026-12-27 22:00", "2027-01-03 22:00")),
        # Monthly on a day: across a month's end and a year's; day 31 in a short month.
        ("monthly on day 1 at 07:00", "2026-07-01 06:59", ("2026-06-01 07:00", "2026-07-01 07:00")),
        ("monthly on day 1 at 07:00", "2027-01-01 07:00", ("2027-01-01 07:00", "2027-02-01 07:00")),
        (
            "monthly on day 20 at 05:30",
            "2027-01-05 00:00",
            ("2026-12-20 05:30", "2027-01-20 05:30"),
        ),
        (
            "monthly on day 31 at 07:00",
            "2026-03-15 00:00",
            ("2026-02-28 07:00", "2026-03-31 07:00"),
        ),
        (
            "monthly on day 31 at 07:00",
            "2026-04-30 08:00",
            ("2026-04-30 07:00", "2026-05-31 07:00"),
        ),
        # The first working day: 1 August 2026 is a Saturday, so Monday 3 August.
        (
            "monthly on first working day at 07:00",
            "2026-08-01 09:00",
            ("2026-07-01 07:00", "2026-08-03 07:00"),
        ),
        (
            "monthly on first working day at 07:00",
            "2026-08-03 07:00",
            ("2026-08-03 07:00", "2026-09-01 07:00"),
        ),
        # Quarterly: 1 January, April, July, October, or the next weekday.
        # 1 January 2028 is a Saturday; 1 April 2028 a Saturday too (so Monday 3 April).
        (
            "quarterly on first working day at 07:00",
            "2027-12-31 23:00",
            ("2027-10-01 07:00", "2028-01-03 07:00"),
        ),
        (
            "quarterly on first working day at 07:00",
            "2028-01-03 07:00",
            ("2028-01-03 07:00", "2028-04-03 07:00"),
        ),
        (
            "quarterly on first working day at 07:00",
            "2026-06-30 23:59",
            ("2026-04-01 07:00", "2026-07-01 07:00"),
        ),
        (
            "quarterly on day 15 at 09:00",
            "2026-02-14 10:00",
            ("2026-01-15 09:00", "2026-04-15 09:00"),
        ),
        (
            "quarterly on day 15 at 09:00",
            "2026-01-14 10:00",
            ("2025-10-15 09:00", "2026-01-15 09:00"),
        ),
    ],
)
def test_each_cadence_gives_the_slot_due_now_and_the_next_run(
    text: str, now: str, expected: tuple[str, str]
) -> None:
    assert slots(text, now) == expected


def test_a_daily_job_keeps_its_local_time_when_the_clocks_change() -> None:
    # The clocks went forward at 01:00 GMT on 29 March 2026: 07:00 is 06:00 UTC after, 07:00 before.
    c = cadence("daily at 07:00")
    before = current_slot(c, at("2026-03-28 12:00"))
    after = current_slot(c, at("2026-03-29 12:00"))
    assert before.astimezone(dt.UTC).hour == 7
    assert after.astimezone(dt.UTC).hour == 6
    assert after.astimezone(dt.UTC) - before.astimezone(dt.UTC) == dt.timedelta(hours=23)


def test_an_hourly_job_has_one_slot_for_each_real_hour_as_the_clocks_go_back() -> None:
    # 25 October 2026: 01:00 to 02:00 happens twice in London.
    c = cadence("hourly")
    start = dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)
    seen = {current_slot(c, start + dt.timedelta(minutes=30 * n)) for n in range(8)}
    assert len(seen) == 4
    assert sorted(seen)[1] - sorted(seen)[0] == dt.timedelta(hours=1)


def test_current_slot_is_never_after_now_and_next_run_always_is() -> None:
    now = at("2026-03-26 23:00").astimezone(dt.UTC)  # steps of real time, across the clock change
    for text in (
        "hourly at :05",
        "daily at 01:30",
        "weekly on friday at 00:00",
        "monthly on first working day at 07:00",
        "quarterly on day 31 at 07:00",
    ):
        c = cadence(text)
        for minutes in range(0, 60 * 24 * 40, 97):
            moment = now + dt.timedelta(minutes=minutes)
            assert current_slot(c, moment) <= moment < next_run(c, moment), (text, moment)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("twice daily", "is not a cadence"),
        ("daily at 25:00", "is not a time of day"),
        ("weekly on funday at 06:00", "is not a day of the week"),
        ("monthly on day 32 at 06:00", "is not a day of the month"),
        ("monthly at 06:00", "is not a cadence"),
    ],
)
def test_an_unreadable_cadence_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(BadCadence, match=message):
        parse_cadence(text)


def test_off_means_no_schedule_and_case_and_spacing_do_not_matter() -> None:
    assert parse_cadence("off") is None
    assert parse_cadence("  Weekly  on Monday at 6:00 ") == Cadence(
        "weekly", 6, 0, 0, None, "weekly on monday at 6:00"
    )


def test_a_job_is_overdue_when_its_last_success_is_older_than_two_periods() -> None:
    c = cadence("daily at 02:00")
    now = at("2026-06-10 12:00")
    assert not is_overdue(c, now - dt.timedelta(hours=47), None, now)
    assert is_overdue(c, now - dt.timedelta(hours=49), None, now)
    # Never succeeded: overdue once its first attempt is two periods old; never tried: not.
    assert is_overdue(c, None, now - dt.timedelta(days=3), now)
    assert not is_overdue(c, None, now - dt.timedelta(hours=3), now)
    assert not is_overdue(c, None, None, now)
    weekly = cadence("weekly on monday at 05:00")
    assert not is_overdue(weekly, now - dt.timedelta(days=13), None, now)
    assert is_overdue(weekly, now - dt.timedelta(days=15), None, now)
