"""Totals of session outcomes by period, ward and kind: a pure function, no database.

A pack quotes the programme as "16 sessions, 412 residents, 27 languages". Here
a *session* is one recorded outcome (one date an event met), *residents* is the
sum of attendance, and *languages* is the number of distinct languages spoken
across the sessions counted (compared without case, so "Arabic" and "arabic"
are one). Interpreters, pledges, volunteers recruited, referrals and
signposting are sums.

Totals are raw. A caller that shows them publicly passes them through the
disclosure-control module first
(:func:`cohesion.programme.queries.programme_totals` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

COUNTED = ("attendance", "interpreters", "pledges", "volunteers", "referrals", "signposting")


@dataclass(frozen=True)
class OutcomeRow:
    """One session's outcome, as totals need it."""

    session_on: dt.date
    kind: str
    ward_code: str
    attendance: int
    languages: tuple[str, ...] = ()
    interpreters: int = 0
    pledges: int = 0
    volunteers: int = 0
    referrals: int = 0
    signposting: int = 0


@dataclass
class Totals:
    """The totals of a group of sessions."""

    sessions: int = 0
    attendance: int = 0
    interpreters: int = 0
    pledges: int = 0
    volunteers: int = 0
    referrals: int = 0
    signposting: int = 0
    language_set: set[str] = field(default_factory=set)

    @property
    def languages(self) -> int:
        return len(self.language_set)

    def add(self, row: OutcomeRow) -> None:
        self.sessions += 1
        self.attendance += row.attendance
        self.interpreters += row.interpreters
        self.pledges += row.pledges
        self.volunteers += row.volunteers
        self.referrals += row.referrals
        self.signposting += row.signposting
        self.language_set.update(lang.strip().casefold() for lang in row.languages if lang.strip())


def quarter(day: dt.date) -> str:
    """A period key: the calendar quarter, as ``2026-Q3``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


BY: dict[str, Callable[[OutcomeRow], Hashable]] = {
    "kind": lambda row: row.kind,
    "ward": lambda row: row.ward_code,
    "quarter": lambda row: quarter(row.session_on),
    "month": lambda row: month(row.session_on),
}


def totals(
    rows: Iterable[OutcomeRow],
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str | None = None,
) -> tuple[Totals, dict[Hashable, Totals]]:
    """The totals of the sessions from ``start`` to ``end`` (inclusive), overall and grouped ``by``
    one of ``kind``, ``ward``, ``quarter`` or ``month`` (no groups when ``by`` is None)."""
    if by is not None and by not in BY:
        raise ValueError(f"Totals can be grouped by {', '.join(BY)}; not {by!r}.")
    overall = Totals()
    groups: dict[Hashable, Totals] = {}
    for row in rows:
        if (start and row.session_on < start) or (end and row.session_on > end):
            continue
        overall.add(row)
        if by is not None:
            groups.setdefault(BY[by](row), Totals()).add(row)
    return overall, dict(sorted(groups.items(), key=lambda item: str(item[0])))
