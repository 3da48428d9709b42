"""The grants part of the programme demo (synthetic, and labelled so everywhere it appears).

One round from applications to monitoring returns: Middlesbrough's "Bringing
neighbours together" autumn round of its community cohesion small grants (ward
budgets), with eight applications from community groups in several wards and
languages, the officer's due diligence on each, two panel members' scores,
five awards within the budget and three refusals, and monitoring returns:
three received, two due within a fortnight. A spring round of the same fund is
open on the public form at ``/grants/`` with its eligibility questions in
English, Polish and Arabic. The step prints a one-line summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from cohesion.places.models import Area
from cohesion.programme.choices import DecisionOutcome, StreamKind
from cohesion.programme.grants import decide
from cohesion.programme.models import (
    Application,
    DueDiligence,
    FundingStream,
    GrantRound,
    MonitoringReturn,
    Score,
)

QUESTIONS = [
    {
        "question": {
            "en": "Is your group a charity or a constituted community group?",
            "pl": "Czy Twoja grupa jest organizacją charytatywną lub formalnie działającą grupą społeczną?",
            "ar": "هل مجموعتك جمعية خيرية أو مجموعة مجتمعية لها نظام أساسي؟",
        },
        "eligible": True,
    },
    {
        "question": {
            "en": "Will the project take place in Middlesbrough?",
            "pl": "Czy projekt będzie realizowany w Middlesbrough?",
            "ar": "هل سيُنفَّذ المشروع في ميدلزبره؟",
        },
        "eligible": True,
    },
    {
        "question": {
            "en": "Is the project mainly to make a profit or to promote a political party?",
            "pl": "Czy głównym celem projektu jest zysk lub promowanie partii politycznej?",
            "ar": "هل الهدف الرئيسي للمشروع تحقيق الربح أو الترويج لحزب سياسي؟",
        },
        "eligible": False,
    },
]

# (group, contact, project, wards, amount asked, language, decision: amount awarded or None)
APPLICATIONS = [
    (
        "North Ormesby Community Hub",
        "Maria Lopes",
        "Saturday family cafe",
        ["North Ormesby"],
        2500,
        "en",
        2500,
    ),
    (
        "Newport Women's Circle",
        "Amina Yusuf",
        "Sewing and English circle",
        ["Newport"],
        1800,
        "ar",
        1800,
    ),
    (
        "Polish Saturday School Teesside",
        "Ewa Kowalska",
        "Neighbours' language exchange",
        ["Newport", "Central"],
        3000,
        "pl",
        2400,
    ),
    ("Gresham Residents Together", "John Hart", "Street lunches", ["Central"], 1200, "en", 1200),
    (
        "Boro Youth Football",
        "Dan Price",
        "Mixed youth league",
        ["North Ormesby", "Brambles & Thorntree"],
        4000,
        "en",
        3500,
    ),
    (
        "Park End Allotment Group",
        "Sue Wells",
        "Shared allotment plots",
        ["Park End & Beckfield"],
        2200,
        "en",
        None,
    ),
    ("Tees Faith Forum", "Imran Ali", "Interfaith walking tours", ["Central"], 5000, "en", None),
    (
        "Linthorpe Art Collective",
        "Petra Novak",
        "Mural of many languages",
        ["Linthorpe"],
        4500,
        "pl",
        None,
    ),
]


def run(
    council: Area, wards: dict[str, Area], say: Callable[[str], None], today: dt.date | None = None
) -> dict[str, Any]:
    today = today or timezone.localdate()
    people = {
        u.username: u for u in get_user_model().objects.filter(username__in=["alice", "nadia"])
    }
    if "alice" not in people:
        say("  Grants (synthetic): no grant officer account, so no grant round.")
        return {}
    alice = people["alice"]
    panel = [p for p in (people.get("alice"), people.get("nadia")) if p is not None]
    by_name = {w.name: w for w in wards.values()}
    opened = today - dt.timedelta(weeks=30)
    with transaction.atomic():
        Application.objects.filter(council_code=council.code, synthetic=True).delete()
        GrantRound.objects.filter(council_code=council.code, synthetic=True).delete()
        FundingStream.objects.filter(council_code=council.code, synthetic=True).delete()
        stream = FundingStream.objects.create(
            council=council,
            name="Community cohesion small grants",
            kind=StreamKind.INTERNAL,
            amount=Decimal(60000),
            strands=["Ward budgets"],
            ends_on=dt.date(today.year + 1, 3, 31),
            synthetic=True,
        )
        FundingStream.objects.create(
            council=council,
            name="Migration fund",
            kind=StreamKind.EXTERNAL,
            amount=Decimal(120000),
            strands=["ESOL and integration", "Community cohesion", "Services under pressure"],
            ends_on=dt.date(today.year + 1, 3, 31),
            synthetic=True,
        )
        autumn = GrantRound.objects.create(
            stream=stream,
            title="Bringing neighbours together: autumn round",
            strand="Ward budgets",
            budget=Decimal(15000),
            opens_on=opened,
            closes_on=opened + dt.timedelta(weeks=4),
            eligibility=QUESTIONS,
            max_request=Decimal(5000),
            is_public=True,
            synthetic=True,
        )
        GrantRound.objects.create(
            stream=stream,
            title="Bringing neighbours together: spring round",
            strand="Ward budgets",
            budget=Decimal(15000),
            opens_on=today - dt.timedelta(days=7),
            closes_on=today + dt.timedelta(weeks=6),
            eligibility=QUESTIONS,
            max_request=Decimal(5000),
            is_public=True,
            synthetic=True,
        )
        received = due = 0
        for n, (group, contact, project, ward_names, asked, language, award) in enumerate(
            APPLICATIONS
        ):
            served = [by_name[w] for w in ward_names if w in by_name] or list(wards.values())[:1]
            application = Application.objects.create(
                round=autumn,
                organisation_name=group,
                contact_name=contact,
                contact_email=f"{contact.split()[0].lower()}@example.org",
                ward_codes=[w.code for w in served],
                ward_names=[w.name for w in served],
                project_title=project,
                summary=f"{project}: a synthetic demo application from {group}.",
                amount_requested=Decimal(asked),
                eligibility_answers={"0": True, "1": True, "2": False},
                language=language,
                submitted_at=timezone.make_aware(
                    dt.datetime.combine(opened + dt.timedelta(days=2 + 3 * n), dt.time(10))
                ),
                synthetic=True,
            )
            DueDiligence.objects.create(
                application=application,
                constituted_checked=True,
                bank_details_verified=True,
                safeguarding_seen=award is not None or n % 2 == 0,
                no_extremist_links=True,
                note="Constitution, bank statement and safeguarding policy seen; open-source check found nothing of concern.",
                checked_by=alice,
                checked_on=autumn.closes_on + dt.timedelta(days=3),
            )
            for k, member in enumerate(panel):
                base = 4 if award is not None else 2
                Score.objects.create(
                    application=application,
                    scorer=member,
                    need=min(5, base + (n + k) % 2),
                    cohesion=min(5, base + (n % 3 == 0)),
                    deliverability=base,
                    value=min(5, base + k),
                    comment="Clear plan, reaches new arrivals."
                    if award
                    else "Little on bringing groups together.",
                )
            if award is None:
                decide(
                    application,
                    alice,
                    outcome=DecisionOutcome.DECLINED,
                    reasons="Scored below the panel's threshold; feedback offered.",
                )
                continue
            decide(
                application,
                alice,
                outcome=DecisionOutcome.AWARDED,
                reasons="Scored well on need and on bringing people together.",
                amount=Decimal(award),
                return_due_on=today - dt.timedelta(days=20)
                if n < 3
                else today + dt.timedelta(days=10),
            )
            if n < 3:
                MonitoringReturn.objects.filter(application=application).update(
                    submitted_on=today - dt.timedelta(days=18 - n),
                    spend=Decimal(award) * Decimal("0.8"),
                    people_reached=40 + 15 * n,
                    outputs="Weekly sessions ran as planned.",
                    outcomes="People from different backgrounds met and kept in touch.",
                    evidence_note="Attendance sheets and photographs seen.",
                )
                received += 1
            else:
                due += 1
    awarded = autumn.awarded_total()
    spent = MonitoringReturn.objects.filter(
        application__round=autumn, submitted_on__isnull=False
    ).aggregate(spend=Sum("spend"), people=Sum("people_reached"))
    say(
        f"  Grants (synthetic): {autumn.title}: {len(APPLICATIONS)} applications, "
        f"{autumn.applications.filter(decision__outcome=DecisionOutcome.AWARDED).count()} awarded "
        f"£{awarded:,.0f} of £{autumn.budget:,.0f}; {received} returns received "
        f"(£{spent['spend'] or 0:,.0f} spent, {spent['people'] or 0} people reached), {due} due; "
        "the spring round is open at /grants/"
    )
    return {"awarded": awarded, "received": received, "due": due}
