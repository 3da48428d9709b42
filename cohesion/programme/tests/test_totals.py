"""Totals of outcomes: the pure function, and the public figures with small numbers suppressed."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.programme.calculations.totals import OutcomeRow, quarter, totals


def row(day: int, month: int = 9, **changes: object) -> OutcomeRow:
    base: dict[str, object] = {
        "session_on": dt.date(2026, month, day),
        "kind": "orientation",
        "ward_code": "E05009867",
        "attendance": 25,
        "languages": ("Arabic", "Kurdish"),
    }
    base.update(changes)
    return OutcomeRow(**base)  # type: ignore[arg-type]


def test_sessions_residents_and_distinct_languages_are_counted_once_each():
    rows = [
        row(1, languages=("Arabic", "Polish")),
        row(8, attendance=30, languages=("arabic", " Tigrinya ")),
        row(15, attendance=2, kind="conversation", languages=()),
    ]
    overall, groups = totals(rows, by="kind")
    assert (overall.sessions, overall.attendance, overall.languages) == (3, 57, 3)
    assert groups["orientation"].attendance == 55
    assert groups["conversation"].sessions == 1


def test_the_period_is_inclusive_at_both_ends():
    rows = [row(1), row(15), row(30)]
    overall, _groups = totals(rows, start=dt.date(2026, 9, 15), end=dt.date(2026, 9, 30))
    assert overall.sessions == 2


def test_grouping_by_quarter_and_refusing_an_unknown_grouping():
    rows = [row(1, month=3), row(1, month=4), row(2, month=4)]
    _overall, groups = totals(rows, by="quarter")
    assert {k: g.sessions for k, g in groups.items()} == {"2026-Q1": 1, "2026-Q2": 2}
    assert quarter(dt.date(2026, 12, 31)) == "2026-Q4"
    with pytest.raises(ValueError):
        totals(rows, by="colour")
