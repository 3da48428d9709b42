"""Synthetic incident reports for the demo.

Every report made here is marked ``synthetic`` and says so in its text; pages
show a "Synthetic" label beside it. The reports are spread over the Tees
Valley wards across the last twelve weeks, with more in Middlesbrough, and a
spike of hate incidents in North Ormesby in the most recent weeks so that the
early-warning engine has something to flag. A fixed random seed makes the demo
the same every time. Running the step again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohesion.accounts.models import Organisation
from cohesion.tensions.choices import (
    Category,
    Channel,
    ClosureReason,
    EEPClassification,
    EventKind,
    Motivation,
    ReporterRole,
    Status,
    TensionType,
)
from cohesion.tensions.intake import due_dates, ward_directory
from cohesion.tensions.models import Referral, Report, ReporterContact, ReportEvent
from cohesion.tensions.models.reports import new_reference

SEED = 20251123
WEEKS = 12
SPIKE_WARD = "E05009867"  # North Ormesby, Middlesbrough
SPIKE_LAST_WEEK = 9
SPIKE_THIS_WEEK = 4
MIDDLESBROUGH = "E06000002"

HATE_TEXTS = [
    "[Synthetic] A group shouted abuse about where I come from as I walked home.",
    "[Synthetic] Someone pulled at my headscarf at the bus stop and swore at me.",
    "[Synthetic] Stickers with offensive slogans were put on our front door.",
    "[Synthetic] A neighbour keeps making comments about my wheelchair and blocking the ramp.",
    "[Synthetic] Two men followed us out of the shop calling us names because we are a gay couple.",
    "[Synthetic] My daughter was called names on the way to school because she is trans.",
    "[Synthetic] Eggs were thrown at the window of the mosque after evening prayers.",
]
TENSION_TEXTS = {
    TensionType.DISPUTE: "[Synthetic] An argument between families outside the flats is getting worse each week.",
    TensionType.PROTEST: "[Synthetic] Leaflets are going round about a protest outside the hotel on Saturday.",
    TensionType.GRAFFITI: "[Synthetic] New graffiti aimed at asylum seekers on the underpass.",
    TensionType.ONLINE: "[Synthetic] A local social media group is sharing posts blaming newcomers for crime.",
    TensionType.RUMOUR: "[Synthetic] People are saying the council is giving houses to new arrivals first.",
    TensionType.OTHER: "[Synthetic] Young people gathering late at night and people feel unsafe walking past.",
}
PLACES = [
    "Near the corner shop",
    "At the bus stop on the main road",
    "Outside the community centre",
    "In the park by the play area",
    "On the high street",
    "Online, in a local Facebook group",
]


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def create_demo_reports(say: Callable[[str], None] = print, now: dt.datetime | None = None) -> int:
    """Add the synthetic reports; returns how many were made (0 if they are already there)."""
    if Report.objects.filter(synthetic=True).exists():
        say("Synthetic reports are already present; nothing added.")
        return 0
    rng = random.Random(SEED)
    now = now or timezone.now()
    directory = ward_directory(refresh=True)
    if not directory.wards:
        say("No wards are loaded; no synthetic reports added.")
        return 0
    hub = Organisation.objects.filter(kind="reporting_centre").order_by("pk").first()
    police = Organisation.objects.filter(kind="police").order_by("pk").first()
    nadia = get_user_model().objects.filter(username="nadia").first()
    carol = get_user_model().objects.filter(username="carol").first()

    this_week = _week_start(timezone.localdate(now))
    # Which ward, week and category each report has is drawn first, from its own
    # generator, so the weekly counts are the same whatever day the demo is built.
    # (ward code, when, part of the spike, a hate incident)
    plans: list[tuple[str, dt.datetime, bool, bool]] = []
    for code, ward in directory.wards.items():
        weekly = 0.9 if ward.council_code == MIDDLESBROUGH else 0.3
        for week in range(WEEKS):
            start = this_week - dt.timedelta(weeks=week)
            for _ in range(_poisson(rng, weekly)):
                plans.append((code, _moment(rng, start, now), False, rng.random() < 0.55))
    last_week = this_week - dt.timedelta(weeks=1)
    plans += [
        (SPIKE_WARD, _moment(rng, last_week, now), True, True) for _ in range(SPIKE_LAST_WEEK)
    ]
    plans += [
        (SPIKE_WARD, _moment(rng, this_week, now), True, True) for _ in range(SPIKE_THIS_WEEK)
    ]
    rng = random.Random(SEED + 1)  # details: status, consent, wording

    reports: list[Report] = []
    contacts: list[tuple[int, ReporterContact]] = []
    referred: list[int] = []
    for index, (code, when, spike, hate) in enumerate(sorted(plans, key=lambda p: p[1])):
        ward = directory.wards[code]
        category = Category.HATE_INCIDENT if hate else Category.TENSION
        if category == Category.HATE_INCIDENT:
            motivations: list[str] = (
                [Motivation.RACE.value] if spike else [rng.choice(Motivation.values[:5])]
            )
            if spike and rng.random() < 0.4:
                motivations.append(Motivation.RELIGION.value)
            tension_type = ""
            description = HATE_TEXTS[0 if spike else rng.randrange(len(HATE_TEXTS))]
        else:
            motivations = []
            tension_type = rng.choice(TensionType.values)
            description = TENSION_TEXTS[TensionType(tension_type)]
        age = now - when
        via_hub = hub is not None and ward.council_code == MIDDLESBROUGH and rng.random() < 0.2
        first_due, senior_due = due_dates(category, when)
        status, closure = _status_for(rng, age)
        consent_police = rng.random() < 0.5
        report = Report(
            reference=new_reference(),
            category=category,
            motivations=motivations,
            tension_type=tension_type,
            description=description,
            occurred_at=when - dt.timedelta(hours=rng.randint(1, 30)),
            occurred_approximate=rng.random() < 0.3,
            location_text=rng.choice(PLACES),
            location_source="ward_list",
            ward_code=ward.code,
            ward_name=ward.name,
            council_code=ward.council_code,
            council_name=ward.council_name,
            area_generation=ward.generation,
            reporter_role=rng.choice(ReporterRole.values),
            told_police=rng.choice(["yes", "no", "not_sure"]),
            wants_support=rng.random() < 0.4,
            consent_police=consent_police,
            consent_partners=rng.random() < 0.4,
            channel=Channel.REPORTING_CENTRE if via_hub else Channel.PUBLIC_ONLINE,
            eep="" if status == Status.NEW else rng.choice(EEPClassification.values[1:]),
            status=status,
            closure_reason=closure,
            first_contact_due=first_due,
            senior_contact_due=senior_due,
            first_contact_at=(
                first_due - dt.timedelta(hours=rng.randint(1, 12))
                if status != Status.NEW and first_due and first_due < now
                else None
            ),
            entered_by=carol if via_hub else None,
            entered_by_organisation=hub if via_hub else None,
            on_behalf_of="[Synthetic] A resident who called in to the hub" if via_hub else "",
            assigned_officer=nadia
            if status in (Status.ASSIGNED, Status.IN_PROGRESS)
            and ward.code in ("E05009866", "E05009867")
            else None,
            language=rng.choice(["en", "en", "en", "pl", "ar"]),
            synthetic=True,
            created_at=when,
        )
        reports.append(report)
        if rng.random() < 0.35:
            contacts.append(
                (
                    index,
                    ReporterContact(
                        name=f"Synthetic Resident {index + 1}",
                        email=f"synthetic.resident.{index + 1}@example.org",
                        created_at=when,
                    ),
                )
            )
        if status == Status.REFERRED and consent_police and police is not None:
            referred.append(index)
        elif status == Status.REFERRED:
            report.status = Status.IN_PROGRESS

    with transaction.atomic():
        Report.objects.bulk_create(reports, batch_size=500)
        saved = {r.reference: r for r in Report.objects.filter(synthetic=True)}
        reports = [saved[r.reference] for r in reports]
        for index, contact in contacts:
            contact.report = reports[index]
        ReporterContact.objects.bulk_create([c for _, c in contacts], batch_size=500)
        if police is not None:
            Referral.objects.bulk_create(
                [
                    Referral(
                        report=reports[i],
                        organisation=police,
                        referred_at=reports[i].created_at + dt.timedelta(hours=6),
                        reason="[Synthetic] Referred for police follow-up",
                        consent_basis="police",
                    )
                    for i in referred
                ]
            )
        ReportEvent.objects.bulk_create(
            [
                ReportEvent(
                    report=r,
                    at=r.created_at,
                    kind=EventKind.CREATED,
                    to_status=Status.NEW,
                    actor_username="demo",
                    changes={"channel": r.channel, "synthetic": True},
                )
                for r in reports
            ],
            batch_size=500,
        )
    say(
        f"{len(reports)} synthetic reports across {len({r.ward_code for r in reports})} wards "
        f"over {WEEKS} weeks, with a spike of {SPIKE_LAST_WEEK + SPIKE_THIS_WEEK} in North Ormesby."
    )
    return len(reports)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw by Knuth's multiplication method (fine for the small means used here)."""
    limit, k, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _moment(rng: random.Random, week_start: dt.date, now: dt.datetime) -> dt.datetime:
    """A random moment in the week starting ``week_start``, never in the future."""
    start = timezone.make_aware(dt.datetime.combine(week_start, dt.time(7, 0)))
    span = min(dt.timedelta(days=7) - dt.timedelta(hours=8), max(now - start, dt.timedelta(0)))
    moment = start + dt.timedelta(seconds=rng.uniform(0, span.total_seconds()))
    return min(moment, now - dt.timedelta(minutes=5))


def _status_for(rng: random.Random, age: dt.timedelta) -> tuple[str, str]:
    if age < dt.timedelta(days=2):
        return rng.choice([Status.NEW, Status.NEW, Status.TRIAGED]), ""
    if age < dt.timedelta(days=14):
        return rng.choice(
            [Status.TRIAGED, Status.ASSIGNED, Status.REFERRED, Status.IN_PROGRESS, Status.NEW]
        ), ""
    if rng.random() < 0.7:
        return Status.CLOSED, rng.choice(
            [ClosureReason.RESOLVED, ClosureReason.NO_FURTHER_ACTION, ClosureReason.NO_CONTACT]
        )
    return Status.IN_PROGRESS, ""
