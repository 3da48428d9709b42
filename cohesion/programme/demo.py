"""The programme part of the demo: a term of sessions across Middlesbrough, with outcomes (synthetic).

Every event here is synthetic and labelled so (``synthetic=True``, shown as
"Synthetic demo" on every page and in the calendar feeds). The term is the
fifteen weeks before the demo is loaded:

- 16 orientation sessions for new arrivals: a weekly series of eight run by the
  council in Newport and one of eight run by the North Ormesby Community Hub;
- seven community conversations in seven wards and four funding workshops;
- a celebration event;

each with an outcome (attendance, languages spoken, interpreters, pledges,
volunteers, referrals, signposting, feedback) drawn from a seeded generator,
so the demo is the same every time. Upcoming: a weekly ESOL conversation café,
the council's "Feast of Fun" holiday youth sessions in North Ormesby (which a
hub's holiday activity session in the same ward and week clashes with), a
funding workshop and a partners-only planning session.

The volunteer and community interpreter register that served the term, with
checks, hours and bookings, is made by :mod:`cohesion.programme.demo_volunteers`.

The step prints the term's totals as a pack would quote them, with small
numbers suppressed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from cohesion.accounts.models import Organisation
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.programme.choices import AudienceGroup, EventKind
from cohesion.programme.demo_volunteers import run_register
from cohesion.programme.models import Event, Outcome
from cohesion.programme.services import session_dates

MIDDLESBROUGH = "E06000002"
NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"
COUNCIL = "Middlesbrough Council"
POLICE = "Cleveland Police"
HUB = "North Ormesby Community Hub"
TERM_WEEKS = 15

# Languages spoken at the sessions (the seeds count "more than 25 languages").
LANGUAGES = (
    "English",
    "Arabic",
    "Kurdish (Sorani)",
    "Kurdish (Kurmanji)",
    "Farsi",
    "Dari",
    "Pashto",
    "Tigrinya",
    "Amharic",
    "Somali",
    "Oromo",
    "Urdu",
    "Punjabi",
    "Bengali",
    "Polish",
    "Romanian",
    "Slovak",
    "Romani",
    "Lithuanian",
    "Ukrainian",
    "Russian",
    "Albanian",
    "Turkish",
    "Portuguese",
    "French",
    "Lingala",
    "Swahili",
    "Mandarin",
)


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def term_start(today: dt.date) -> dt.date:
    """The Monday the demo's term began: fifteen weeks before this week's Monday."""
    return today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=TERM_WEEKS)


def holiday_start(today: dt.date) -> dt.date:
    """The Monday of the demo's holiday week: the Feast of Fun sessions (two weeks on)."""
    return monday_on_or_after(today + dt.timedelta(days=1)) + dt.timedelta(weeks=2)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _outcome(event: Event, day: dt.date, rng: random.Random, size: tuple[int, int]) -> Outcome:
    attendance = rng.randint(*size)
    spoken = ["English", *rng.sample(LANGUAGES[1:], rng.randint(3, 8))]
    families = rng.randint(0, attendance // 3)
    return Outcome(
        event=event,
        session_on=day,
        attendance=attendance,
        attendance_by_group={AudienceGroup.FAMILIES: families} if families else {},
        languages_spoken=spoken,
        interpreters_used=rng.randint(0, 3),
        pledges=rng.randint(0, attendance // 4),
        volunteers_recruited=rng.randint(0, 3),
        referrals=rng.randint(0, 5),
        signposting=rng.randint(2, 10),
        feedback=rng.choice(
            [
                "People stayed to talk after the session.",
                "Interpreters made a real difference.",
                "Asked for more on housing and schools.",
                "Good mix of new and long-standing residents.",
            ]
        ),
    )


def run(data_dir: Path, say: Callable[[str], None], today: dt.date | None = None) -> dict[str, Any]:
    from cohesion.programme.queries import programme_totals

    council = Area.objects.current(Level.COUNCIL).filter(code=MIDDLESBROUGH).first()
    if council is None:
        say("  Middlesbrough is not loaded: no programme.")
        return {}
    today = today or timezone.localdate()
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[COUNCIL, HUB, POLICE])
    }
    if COUNCIL not in organisations or HUB not in organisations:
        say("  The demo organisations are missing: no programme.")
        return {}
    wards = {
        a.code: a for a in Area.objects.current(Level.WARD).filter(parent=council).order_by("name")
    }
    rng = random.Random(13)
    start = term_start(today)
    events: list[Event] = []

    def add(**fields: Any) -> Event:
        partners = fields.pop("partners", [])
        event = Event(council=council, synthetic=True, **fields)
        event.full_clean()
        event.save()
        event.partners.set([organisations[n] for n in partners if n in organisations])
        events.append(event)
        return event

    with transaction.atomic():
        Event.objects.filter(council_code=MIDDLESBROUGH, synthetic=True).delete()
        action = _plan_action()
        council_org, hub = organisations[COUNCIL], organisations[HUB]
        orientation = [
            add(
                kind=EventKind.ORIENTATION,
                title="Welcome to Middlesbrough: orientation session",
                description="Living in Middlesbrough: services, rights, schools, GP registration and meeting neighbours.",
                starts_at=_at(start + dt.timedelta(days=1), 10),
                ends_at=_at(start + dt.timedelta(days=1), 12),
                repeat_weeks=8,
                venue="Newport Hub",
                ward=wards.get(NEWPORT),
                organiser=council_org,
                partners=[HUB, POLICE],
                audience_groups=[AudienceGroup.NEW_ARRIVALS, AudienceGroup.REFUGEES],
                age_from=16,
                languages=["English", "Arabic", "Kurdish (Sorani)", "Tigrinya"],
                is_public=True,
                plan_action_id=action[0] if action else None,
                plan_action_title=action[1] if action else "",
            ),
            add(
                kind=EventKind.ORIENTATION,
                title="New in North Ormesby: orientation session",
                description="An orientation session for people newly arrived in the area, with interpreters.",
                starts_at=_at(start + dt.timedelta(weeks=2, days=3), 13, 30),
                ends_at=_at(start + dt.timedelta(weeks=2, days=3), 15, 30),
                repeat_weeks=8,
                venue="North Ormesby Community Hub",
                ward=wards.get(NORTH_ORMESBY),
                organiser=hub,
                partners=[COUNCIL],
                audience_groups=[AudienceGroup.NEW_ARRIVALS],
                age_from=16,
                languages=["English", "Arabic", "Polish", "Romanian"],
                is_public=True,
            ),
        ]
        conversation_wards = [w for w in wards.values() if w.code not in (NEWPORT,)][:7]
        one_offs: list[tuple[Event, tuple[int, int]]] = []
        for n, ward in enumerate(conversation_wards):
            day = start + dt.timedelta(weeks=1 + 2 * n, days=2)
            one_offs.append(
                (
                    add(
                        kind=EventKind.CONVERSATION,
                        title=f"Community conversation: {ward.name}",
                        description="What is it like to live here, and what would make it better?",
                        starts_at=_at(day, 18),
                        ends_at=_at(day, 19, 30),
                        venue=f"{ward.name} community centre",
                        ward=ward,
                        organiser=council_org,
                        partners=[POLICE],
                        is_public=True,
                        languages=["English"],
                    ),
                    (12, 30),
                )
            )
        for n in range(4):
            day = start + dt.timedelta(weeks=2 + 3 * n, days=1)
            one_offs.append(
                (
                    add(**_workshop(day, council_org)),
                    (8, 16),
                )
            )
        celebration_day = start + dt.timedelta(weeks=10, days=5)
        one_offs.append(
            (
                add(
                    kind=EventKind.CELEBRATION,
                    title="North Ormesby community celebration",
                    description="Food, music and stalls from the communities of North Ormesby.",
                    starts_at=_at(celebration_day, 12),
                    ends_at=_at(celebration_day, 17),
                    venue="North Ormesby Market Place",
                    ward=wards.get(NORTH_ORMESBY),
                    organiser=hub,
                    partners=[COUNCIL, POLICE],
                    is_public=True,
                ),
                (150, 220),
            )
        )
        outcomes = []
        for event in orientation:
            outcomes += [_outcome(event, day, rng, (18, 34)) for day in session_dates(event)]
        for event, size in one_offs:
            outcomes += [_outcome(event, day, rng, size) for day in session_dates(event)]
        Outcome.objects.bulk_create(outcomes)
        _upcoming(today, wards, organisations, add)
        register = run_register(council, organisations, LANGUAGES, today, COUNCIL, HUB)
    term_end = start + dt.timedelta(weeks=TERM_WEEKS) - dt.timedelta(days=1)
    result = programme_totals(MIDDLESBROUGH, start, term_end)
    by_kind = programme_totals(MIDDLESBROUGH, start, term_end, by="kind")["groups"]
    orientation_sessions = sum(
        g["sessions"] for g in by_kind if g["group"] == EventKind.ORIENTATION
    )
    say(
        f"  Programme (synthetic): {len(events)} events; term {start:%d %b} to {term_end:%d %b %Y}: "
        f"{result['sentence']} ({orientation_sessions} orientation sessions)"
    )
    say(register)
    from cohesion.programme import demo_grants

    demo_grants.run(council, wards, say, today)
    return result


def _workshop(day: dt.date, council: Organisation) -> dict[str, Any]:
    """A small grants funding workshop at the town hall, 14:00 to 16:00."""
    return {
        "kind": EventKind.FUNDING_WORKSHOP,
        "title": "Small grants funding workshop",
        "description": "How to apply for the community cohesion small grants, step by step.",
        "starts_at": _at(day, 14),
        "ends_at": _at(day, 16),
        "venue": "Middlesbrough Town Hall",
        "organiser": council,
        "audience_groups": [AudienceGroup.VOLUNTEERS],
        "is_public": True,
    }


def _plan_action() -> tuple[int, str] | None:
    """An open Middlesbrough plan action the orientation sessions serve, read through plans' public function."""
    from django.contrib.auth import get_user_model

    from cohesion.plans.queries import actions_readable

    alice = get_user_model().objects.filter(username="alice").first()
    if alice is None:
        return None
    actions = actions_readable(alice, MIDDLESBROUGH)
    return actions[0] if actions else None


def _upcoming(
    today: dt.date,
    wards: dict[str, Area],
    organisations: dict[str, Organisation],
    add: Callable[..., Event],
) -> None:
    next_week = monday_on_or_after(today + dt.timedelta(days=1))
    holiday = holiday_start(today)
    add(
        kind=EventKind.ESOL_CAFE,
        title="English conversation café",
        description="Practise English over a cup of tea; all levels welcome.",
        starts_at=_at(next_week + dt.timedelta(days=2), 10),
        ends_at=_at(next_week + dt.timedelta(days=2), 11, 30),
        repeat_weeks=10,
        venue="North Ormesby Community Hub",
        ward=wards.get(NORTH_ORMESBY),
        organiser=organisations[HUB],
        age_from=16,
        languages=["English"],
        is_public=True,
    )
    add(
        kind=EventKind.YOUTH,
        title="Feast of Fun: holiday activities and lunch",
        description="Games, sport and a hot lunch for children in the school holidays.",
        starts_at=_at(holiday, 10),
        ends_at=_at(holiday, 13),
        repeat_weeks=2,
        venue="North Ormesby Primary School",
        ward=wards.get(NORTH_ORMESBY),
        organiser=organisations[COUNCIL],
        age_from=5,
        age_to=16,
        audience_groups=[AudienceGroup.CHILDREN, AudienceGroup.FAMILIES],
        languages=["English"],
        is_public=True,
    )
    add(**_workshop(next_week + dt.timedelta(weeks=1, days=1), organisations[COUNCIL]))
    add(
        kind=EventKind.TRAINING,
        title="Partners' planning session for the spring programme",
        starts_at=_at(next_week + dt.timedelta(days=3), 9, 30),
        ends_at=_at(next_week + dt.timedelta(days=3), 11),
        venue="Middlesbrough Town Hall",
        organiser=organisations[COUNCIL],
        partners=[HUB, POLICE],
        is_public=False,
    )
