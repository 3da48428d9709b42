"""Checking an event for clashes against the calendar, and the dates of its sessions.

The rules are in :mod:`cohesion.programme.calculations.clashes`; here the
candidate's neighbours are fetched (same council and kind, in the weeks it
runs) and turned into :class:`~cohesion.programme.calculations.clashes.Session`
values. Every event of the council is compared, whoever may read it: a clash
is named by the other event's title, organiser and date, which partners share
on the calendar anyway.
"""

from __future__ import annotations

import datetime as dt

from cohesion.programme.calculations.clashes import (
    Clash,
    Session,
    clashes,
    last_end,
    occurrences,
)
from cohesion.programme.models import Event


def session_of(event: Event) -> Session:
    """An event (saved or not) as clash detection sees it."""
    return Session(
        key=event.pk,
        kind=event.kind,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        organiser=event.organiser_id,
        ward_code=event.ward.code if event.ward is not None else "",
        venue=event.venue,
        location_id=str(event.location_id or ""),
        age_from=event.age_from,
        age_to=event.age_to,
        groups=frozenset(event.audience_groups or ()),
        repeat_weeks=event.repeat_weeks,
        repeat_until=event.repeat_until,
        label=f"{event.title} ({event.organiser.name})" if event.organiser_id else event.title,
    )


def clashes_for(event: Event) -> list[Clash]:
    """The events of the same council and kind that ``event`` clashes with."""
    candidate = session_of(event)
    window_end = last_end(candidate)
    neighbours = (
        Event.objects.filter(council_code=event.council.code, kind=event.kind)
        .exclude(pk=event.pk)
        .exclude(organiser=event.organiser_id)
        .filter(starts_at__lt=window_end)
        .select_related("organiser", "ward")
    )
    others = [
        session_of(other)
        for other in neighbours
        if last_end(session_of(other)) > candidate.starts_at
    ]
    return clashes(candidate, others)


def clash_message(clash: Clash) -> str:
    """A clash in words: the other event and the first date the two meet."""
    from django.utils import formats, timezone
    from django.utils.translation import gettext as _

    return _("Clashes with %(other)s on %(date)s.") % {
        "other": clash.other.label,
        "date": formats.date_format(timezone.localtime(clash.other_starts_at), "DATETIME_FORMAT"),
    }


def session_dates(event: Event) -> list[dt.date]:
    """The local dates of each of an event's sessions."""
    from django.utils import timezone

    return [timezone.localtime(start).date() for start, _end in occurrences(session_of(event))]
