"""Reports for the pack tests: a fixed quarter of Middlesbrough reports with small and large counts."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from cohesion.accounts.models import Organisation
from cohesion.packs.contents import Audience, PackContext
from cohesion.tensions.choices import Category, Channel, LinkKind
from cohesion.tensions.models import Referral, ReportLink
from cohesion.tensions.tests.factories_reports import ReportFactory

UK = ZoneInfo("Europe/London")
MIDDLESBROUGH = "E06000002"
NORTH_ORMESBY = "E05009867"
NEWPORT = "E05009866"
CENTRAL = "E05009857"
HEMLINGTON = "E05009859"
QUARTER = (dt.date(2025, 7, 1), dt.date(2025, 9, 30))

# ward, category, channel, strands, how many
PLAN: list[tuple[str, str, str, list[str], int]] = [
    (NORTH_ORMESBY, Category.HATE_INCIDENT, Channel.PUBLIC_ONLINE, ["race"], 7),
    (NORTH_ORMESBY, Category.HATE_INCIDENT, Channel.REPORTING_CENTRE, ["race", "religion"], 2),
    (NORTH_ORMESBY, Category.TENSION, Channel.PARTNER_STAFF, [], 6),
    (NEWPORT, Category.HATE_INCIDENT, Channel.PUBLIC_ONLINE, ["religion"], 6),
    (NEWPORT, Category.HATE_INCIDENT, Channel.PARTNER_STAFF, ["disability"], 1),
    (NEWPORT, Category.TENSION, Channel.PUBLIC_ONLINE, [], 3),
    (CENTRAL, Category.HATE_INCIDENT, Channel.PUBLIC_ONLINE, ["sexual_orientation"], 1),
    (HEMLINGTON, Category.HATE_INCIDENT, Channel.PUBLIC_ONLINE, ["race"], 8),
    (HEMLINGTON, Category.TENSION, Channel.REPORTING_CENTRE, [], 1),
]


def make_quarter_of_reports() -> list[Any]:
    """The reports of :data:`PLAN`, received through the quarter, some handled, referred and linked."""
    council = Organisation.objects.get(name="Middlesbrough Council")
    police = Organisation.objects.get(name="Cleveland Police")
    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    made = []
    day = 0
    for ward, category, channel, strands, count in PLAN:
        for _i in range(count):
            day += 1
            received = dt.datetime(2025, 7, 1, 10, tzinfo=UK) + dt.timedelta(days=day)
            handled = len(made) % 3 != 0
            made.append(
                ReportFactory(
                    ward_code=ward,
                    category=category,
                    channel=channel,
                    motivations=strands if category == Category.HATE_INCIDENT else [],
                    created_at=received,
                    occurred_at=None,
                    entered_by_organisation=hub if channel == Channel.REPORTING_CENTRE else None,
                    assigned_organisation=council if handled else None,
                    first_contact_at=received + dt.timedelta(hours=5) if handled else None,
                    senior_contact_at=received + dt.timedelta(days=3 if day % 2 else 9)
                    if handled
                    else None,
                )
            )
    for report in made[:6]:
        Referral.objects.create(report=report, organisation=police, consent_basis="police")
    ReportLink.objects.create(report=made[0], to_report=made[1], kind=LinkKind.REPEAT_VICTIM)
    ReportLink.objects.create(report=made[2], to_report=made[3], kind=LinkKind.REPEAT_LOCATION)
    return made


# Every section the quarterly report and the ward briefing can show.
SECTION_KEYS = {
    "quarterly_hate": [
        "hate-strands",
        "hate-channels",
        "hate-wards",
        "hate-trend",
        "hate-timescales",
        "hate-repeats",
        "hate-referrals",
        "hate-centres",
    ],
    "ward_briefing": [
        "ward-tension",
        "ward-incidents",
        "ward-alerts",
        "ward-triggers",
        "ward-indicators",
        "ward-surveys",
        "ward-plans",
    ],
}


def context(kind: str, area: str, audience: str = "public", user: Any = None) -> PackContext:
    return PackContext(
        kind=kind,
        area_code=area,
        period_start=QUARTER[0],
        period_end=QUARTER[1],
        audience=Audience(audience, "Community Safety Scrutiny Panel"),
        user=user,
    )
