"""Clash and duplication warnings between planned sessions: a pure function, no database.

The scrutiny panel asked that "programmes of activities and events … are
planned, discussed and co-ordinated in advance between partners … to avoid
unnecessary duplication (for example, that the Holiday Activity Fund provision
is co-ordinated in conjunction with Feast of Fun)". Two sessions clash when
all of these hold:

1. they are the same kind of activity (two youth sessions, two ESOL cafés);
2. they are run by different organisers (a partner's own weekly series is not
   a clash with itself);
3. they are in the same place: the same ward when both name a ward, otherwise
   the same directory location or the same venue name (compared without case,
   spaces or punctuation). Sessions in different wards never clash;
4. their audiences overlap: the age ranges overlap (a missing bound is open)
   and the audience groups share a group (no group named means everyone);
5. some occurrence of one overlaps some occurrence of the other in time
   (weekly recurrences are expanded: ``count`` sessions in all, or weekly until
   a date, inclusive).

Intervals are half-open, ``[start, end)``: a session ending at 12:00 does not
clash with one starting at 12:00.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

MAX_OCCURRENCES = 104


@dataclass(frozen=True)
class Session:
    """What clash detection needs to know of a planned event or weekly session."""

    key: object  # the event's id (None for one not yet saved)
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    organiser: object
    ward_code: str = ""
    venue: str = ""
    location_id: str = ""
    age_from: int | None = None
    age_to: int | None = None
    groups: frozenset[str] = field(default_factory=frozenset)
    repeat_weeks: int | None = None
    repeat_until: dt.date | None = None
    label: str = ""


@dataclass(frozen=True)
class Clash:
    """Two sessions that clash, and the first pair of dates on which they meet."""

    session: Session
    other: Session
    starts_at: dt.datetime  # the start of the first overlapping occurrence of ``session``
    other_starts_at: dt.datetime


def occurrences(session: Session) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Each (start, end) of a session: once, or weekly for ``repeat_weeks`` sessions or until ``repeat_until``."""
    duration = session.ends_at - session.starts_at
    week = dt.timedelta(days=7)
    if session.repeat_weeks:
        count = min(session.repeat_weeks, MAX_OCCURRENCES)
    elif session.repeat_until:
        days = (session.repeat_until - session.starts_at.date()).days
        count = min(max(days // 7 + 1, 1), MAX_OCCURRENCES)
    else:
        count = 1
    for n in range(count):
        start = session.starts_at + n * week
        yield start, start + duration


def _venue_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def same_place(a: Session, b: Session) -> bool:
    """Same ward when both name one; otherwise the same directory location or venue name."""
    if a.ward_code and b.ward_code:
        return a.ward_code == b.ward_code
    if a.location_id and b.location_id:
        return a.location_id == b.location_id
    return bool(_venue_key(a.venue)) and _venue_key(a.venue) == _venue_key(b.venue)


def audiences_overlap(a: Session, b: Session) -> bool:
    """The age ranges overlap (a missing bound is open) and the groups share one (none named: everyone)."""
    low = max(
        a.age_from if a.age_from is not None else 0, b.age_from if b.age_from is not None else 0
    )
    high = min(a.age_to if a.age_to is not None else 200, b.age_to if b.age_to is not None else 200)
    if low > high:
        return False
    return not a.groups or not b.groups or bool(a.groups & b.groups)


def first_overlap(a: Session, b: Session) -> tuple[dt.datetime, dt.datetime] | None:
    """The starts of the first occurrences of ``a`` and ``b`` that overlap in time, or None."""
    others = list(occurrences(b))
    for start, end in occurrences(a):
        for other_start, other_end in others:
            if start < other_end and other_start < end:
                return start, other_start
    return None


def clashes(session: Session, others: Iterable[Session]) -> list[Clash]:
    """The sessions among ``others`` that ``session`` clashes with (rules in the module docstring)."""
    found = []
    for other in others:
        if session.key is not None and other.key == session.key:
            continue
        if other.kind != session.kind or other.organiser == session.organiser:
            continue
        if not same_place(session, other) or not audiences_overlap(session, other):
            continue
        when = first_overlap(session, other)
        if when is not None:
            found.append(Clash(session, other, *when))
    return sorted(found, key=lambda c: (c.starts_at, str(c.other.label)))


def last_end(session: Session) -> dt.datetime:
    """When the last occurrence of a session ends: the window other sessions are fetched for."""
    ends = [end for _start, end in occurrences(session)]
    return ends[-1]


def all_clashes(sessions: Sequence[Session]) -> list[Clash]:
    """Every clashing pair among ``sessions``, each pair once."""
    found = []
    for i, session in enumerate(sessions):
        found.extend(clashes(session, sessions[i + 1 :]))
    return found
