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


def programme_totals(
    council_code: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """A council's programme totals for the period, overall and grouped ``by`` kind, ward, quarter
    or month, with small numbers suppressed (the council's disclosure rule).

    Returns ``{"overall": {...}, "groups": [{"group": key, ...}], "rule": text, "sentence": text}``;
    a suppressed count is None. Sessions and languages are counts of sessions
    and of languages, not of people, and are shown as they are.
    """
    overall, groups = totals(outcome_rows(council_code), start, end, by)
    counts = LinkedCounts()
    for measure in COUNTED:
        counts.add((measure, TOTAL), _figures(overall)[measure])
        for key, group in groups.items():
            counts.add((measure, key), _figures(group)[measure])
        if groups:
            counts.total((measure, TOTAL), [(measure, key) for key in groups])
    rule = rule_for_council(council_code)
    disclosed = counts.protect(rule)

    def shown(key: Hashable, t: Totals) -> dict[str, Any]:
        return {
            "sessions": t.sessions,
            "languages": t.languages,
            **{measure: disclosed.value((measure, key)) for measure in COUNTED},
        }

    result_overall = shown(TOTAL, overall)
    return {
        "overall": result_overall,
        "groups": [{"group": key, **shown(key, t)} for key, t in groups.items()],
        "rule": rule.describe(),
        "sentence": totals_sentence(result_overall),
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
