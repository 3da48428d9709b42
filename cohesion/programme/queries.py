"""What other apps (packs) and the public pages read from the programme.

Public events are the partnership's own announcements, not personal data. The
totals of outcomes are counts of people; whenever they leave the programme for
the public (or for a pack) they go through the disclosure-control module
(:mod:`cohesion.core.disclosure`): attendance, interpreters, pledges,
volunteers, referrals and signposting by group are linked to their overall
totals and protected together, so a hidden count cannot be worked out by
subtraction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from cohesion.core.disclosure import LinkedCounts, rule_for_council
from cohesion.programme.calculations.totals import COUNTED, OutcomeRow, Totals, totals
from cohesion.programme.calculations.totals import quarter as calc_quarter
from cohesion.programme.models import Event, Outcome

TOTAL = "all"


def still_running_q(since: dt.datetime) -> Q:
    """Events that may still have a session ending after ``since``: a cheap filter before the exact
    check on each event's last session (a weekly series runs at most two years)."""
    from cohesion.programme.models.events import MAX_OCCURRENCES

    earliest = since - dt.timedelta(weeks=MAX_OCCURRENCES + 1)
    return (
        Q(ends_at__gte=since)
        | Q(repeat_weeks__gt=1, starts_at__gte=earliest)
        | Q(repeat_until__gte=since.date())
    )


def still_running(events: Any, since: dt.datetime) -> list[Event]:
    """The events (a queryset) with a session ending at or after ``since``."""
    from cohesion.programme.calculations.clashes import last_end
    from cohesion.programme.services import session_of

    return [e for e in events.filter(still_running_q(since)) if last_end(session_of(e)) >= since]


def public_events(
    council_code: str,
    ward_codes: list[str] | None = None,
    since: dt.datetime | None = None,
) -> list[Event]:
    """A council's public events still running from ``since`` (now by default), optionally in some wards.

    A locality's list (``ward_codes`` given) also holds the council-wide events,
    those with no ward.
    """
    since = since or timezone.now()
    events = Event.objects.public().filter(council_code=council_code)
    if ward_codes:
        events = events.filter(Q(ward_code__in=ward_codes) | Q(ward_code=""))
    return still_running(
        events.select_related("organiser", "ward").prefetch_related("partners"), since
    )


def outcome_rows(council_code: str) -> list[OutcomeRow]:
    """The outcomes of a council's events as rows for :func:`~.calculations.totals.totals`."""
    return [
        OutcomeRow(
            session_on=o.session_on,
            kind=o.event.kind,
            ward_code=o.event.ward_code,
            attendance=o.attendance,
            languages=tuple(o.languages_spoken),
            interpreters=o.interpreters_used,
            pledges=o.pledges,
            volunteers=o.volunteers_recruited,
            referrals=o.referrals,
            signposting=o.signposting,
        )
        for o in Outcome.objects.filter(event__council_code=council_code).select_related("event")
    ]


def _figures(t: Totals) -> dict[str, int]:
    return {
        "attendance": t.attendance,
        "interpreters": t.interpreters,
        "pledges": t.pledges,
        "volunteers": t.volunteers,
        "referrals": t.referrals,
        "signposting": t.signposting,
    }


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of the calendar quarter holding ``day``."""
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = dt.date(first.year + (first.month + 3 > 12), (first.month + 2) % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


GROUPINGS = ("kind", "ward", "month")


def _quarter_release(rows: list[OutcomeRow], first: dt.date, last: dt.date, rule: Any) -> Any:
    """One quarter's figures, overall and by kind, ward and month, protected together.

    Every public figure of a quarter comes from this one release, whichever
    grouping the page asks for, so no two pages can be set against each other.
    """
    overall, _none = totals(rows, first, last)
    counts = LinkedCounts()
    grouped = {by: totals(rows, first, last, by)[1] for by in GROUPINGS}
    for measure in COUNTED:
        counts.add((measure, TOTAL), _figures(overall)[measure])
        for by, groups in grouped.items():
            for key, group in groups.items():
                counts.add((measure, by, key), _figures(group)[measure])
            if groups:
                counts.total((measure, TOTAL), [(measure, by, key) for key in groups])
    return counts.protect(rule)


def programme_totals(
    council_code: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """A council's programme totals for whole calendar quarters, overall and grouped ``by`` kind,
    ward, quarter or month, with small numbers suppressed (the council's disclosure rule).

    The calendar quarter is the unit released, as for the packs' incident
    counts: ``start`` and ``end`` are widened to the quarters holding them,
    each quarter's figures (overall and by kind, ward and month) are protected
    together, and a longer period shows, for each figure, the sum of its
    quarters' figures as shown, hidden if any is. So no two periods' totals can
    be subtracted to reveal a hidden count.

    Returns ``{"overall": {...}, "groups": [{"group": key, ...}], "rule": text,
    "sentence": text, "start": date, "end": date}``; a suppressed count is None.
    Sessions and languages are counts of sessions and of languages, not of
    people, and are shown as they are.
    """
    rows = outcome_rows(council_code)
    rule = rule_for_council(council_code)
    days = [row.session_on for row in rows]
    first_day = start or (min(days) if days else None)
    last_day = end or (max(days) if days else None)
    first = quarter_bounds(first_day)[0] if first_day else None
    last = quarter_bounds(last_day)[1] if last_day else None
    quarters: list[tuple[dt.date, dt.date]] = []
    if first and last:
        cursor = first
        while cursor <= last:
            quarters.append(quarter_bounds(cursor))
            cursor = quarters[-1][1] + dt.timedelta(days=1)
    releases = [(q, _quarter_release(rows, *q, rule)) for q in quarters]

    def summed(key: tuple[Hashable, ...]) -> dict[str, int | None]:
        figures: dict[str, int | None] = {}
        for measure in COUNTED:
            values = [r.shown.get((measure, *key), 0) for _q, r in releases]
            figures[measure] = None if None in values else sum(v or 0 for v in values)
        return figures

    overall_raw, groups_raw = totals(rows, first, last, by)
    result_overall = {
        "sessions": overall_raw.sessions,
        "languages": overall_raw.languages,
        **summed((TOTAL,)),
    }
    groups = []
    for key, raw in groups_raw.items():
        if by == "quarter":
            quarter_release = [r for q, r in releases if calc_quarter(q[0]) == key]
            figures = {
                m: (quarter_release[0].value((m, TOTAL)) if quarter_release else None)
                for m in COUNTED
            }
        else:
            figures = summed((by, key))
        groups.append(
            {"group": key, "sessions": raw.sessions, "languages": raw.languages, **figures}
        )
    return {
        "overall": result_overall,
        "groups": groups,
        "rule": rule.describe(),
        "sentence": totals_sentence(result_overall),
        "start": first,
        "end": last,
    }


def totals_sentence(figures: dict[str, Any]) -> str:
    """ "16 sessions, 412 residents, 27 languages" (with "fewer than N" words left to the caller)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    residents = figures.get("attendance")
    parts = [
        ngettext("%(n)d session", "%(n)d sessions", figures["sessions"])
        % {"n": figures["sessions"]},
        (
            ngettext("%(n)d resident", "%(n)d residents", residents) % {"n": residents}
            if residents is not None
            else _("a small number of residents")
        ),
        ngettext("%(n)d language", "%(n)d languages", figures["languages"])
        % {"n": figures["languages"]},
    ]
    return ", ".join(parts)


def interpreter_booking_url(user: Any, language: str, ward_code: str = "") -> str:
    """Where ``user`` asks the partnership's register for an interpreter in ``language`` for a
    home visit in ``ward_code`` (the form filled in for them), or "" if they may not ask."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from cohesion.programme.access import may_request_interpreter

    if not language or not may_request_interpreter(user):
        return ""
    query = {"language": language, **({"ward": ward_code} if ward_code else {})}
    return f"{reverse('programme-booking-add')}?{urlencode(query)}"


def events_readable(user: Any, council_codes: list[str] | None) -> list[tuple[int, str, str]]:
    """Events of these councils (all for ``None``) ``user`` may read, as (id, label, council code),
    for linking a record to one.

    Listening sessions come first (what a community impact assessment links to),
    then the rest, newest first within each; the label carries the date so two
    sessions of the same name can be told apart.
    """
    from django.db.models import Case, IntegerField, Value, When
    from django.utils.formats import date_format

    from cohesion.accounts.permissions import VIEW
    from cohesion.programme.choices import EventKind

    events = Event.objects.restrict(user, VIEW)
    if council_codes is not None:
        events = events.filter(council_code__in=council_codes)
    events = (
        events.annotate(
            listening_first=Case(
                When(kind=EventKind.LISTENING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("listening_first", "-starts_at", "pk")
        .only("pk", "title", "starts_at", "council_code")[:300]
    )
    return [
        (
            e.pk,
            f"{e.title} ({date_format(timezone.localtime(e.starts_at), 'j M Y')})",
            e.council_code,
        )
        for e in events
    ]
