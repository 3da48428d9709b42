"""Synthetic tension assessments, partner intelligence, trigger events and rumours for the demo.

Everything made here is marked ``synthetic`` and shown with the synthetic label.
The step then runs early warning over the reports in the demo, so the spike the
reports step seeds shows as an alert on the board and its chart. Running it
again updates the same records rather than adding more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohesion.places.queries import children_of, get_area
from cohesion.tensions.alerting import run_early_warning
from cohesion.tensions.assessments import save_assessment
from cohesion.tensions.models.alerts import AreaFollow
from cohesion.tensions.models.assessment import (
    PartnerIntelligence,
    TensionAssessment,
    TensionLevel,
    monday_of,
)
from cohesion.tensions.models.events import Rumour, TriggerEvent

MIDDLESBROUGH = "E06000002"
PREFIX = "[Synthetic] "

# Levels for the last four weeks (oldest first) in some of Middlesbrough's wards.
# North Ormesby rises as the demo's spike of reports arrives; the rest are steady.
WARD_LEVELS: dict[str, tuple[int, int, int, int]] = {
    "North Ormesby": (2, 2, 3, 4),
    "Newport": (2, 3, 3, 3),
    "Central": (2, 2, 2, 3),
    "Brambles & Thorntree": (1, 1, 2, 2),
    "Park": (1, 1, 1, 1),
    "Linthorpe": (1, 1, 1, 2),
    "Berwick Hills & Pallister": (2, 2, 2, 2),
    "Ayresome": (1, 2, 2, 1),
}
COUNCIL_LEVELS = (2, 2, 2, 3)

RATIONALES = {
    1: "Normal community relations; no reports beyond the usual and partners report nothing of note.",
    2: "A few reports of abuse, each dealt with; no sign that they are linked. Keep monitoring.",
    3: "Reports are rising and a rumour is circulating online; an event is coming up. Partners to meet.",
    4: "A spike in reports of racially motivated abuse this week, with talk of a gathering. "
    "Partnership response under way: extra patrols, community leaders briefed, counter-messaging.",
}


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def create_demo_assessments(say: Callable[[str], None] = print) -> dict[str, int]:
    """Record the synthetic assessments, events and rumours, and run early warning. Returns counts made."""
    alice, bob, nadia = _user("alice"), _user("bob"), _user("nadia")
    if alice is None or not TensionLevel.objects.exists():
        say("  No persona accounts or tension scale: skipped.")
        return {}
    council = get_area(MIDDLESBROUGH)
    wards = {w.name: w for w in children_of(council)}
    levels = {level.order: level for level in TensionLevel.objects.all()}
    this_week = monday_of(timezone.localdate())
    weeks = [this_week - dt.timedelta(weeks=back) for back in (3, 2, 1, 0)]
    made = {"assessments": 0, "intelligence": 0, "trigger_events": 0, "rumours": 0}

    plan = [(wards[name], orders) for name, orders in WARD_LEVELS.items() if name in wards]
    plan.append((council, COUNCIL_LEVELS))
    police = bob.memberships.first().organisation if bob is not None else None
    for area, orders in plan:
        for week, order in zip(weeks, orders, strict=True):
            assessment, created = TensionAssessment.objects.update_or_create(
                area_code=area.code,
                week_start=week,
                defaults={
                    "area": area,
                    "level": levels[order],
                    "rationale": PREFIX + RATIONALES[min(order, 4)],
                    "author": alice,
                    "synthetic": True,
                    "others_consulted": "Ward councillors; mosque and church leaders"
                    if order >= 3
                    else "",
                    "actions": "Extra patrols at the weekend; reassurance visits; counter-messaging online."
                    if order >= 3
                    else "",
                },
            )
            if police is not None and order >= 3:
                assessment.partners_consulted.add(police)
            if created:
                save_assessment(assessment, by=alice, created=True)
                made["assessments"] += 1

    if bob is not None and police is not None and "North Ormesby" in wards:
        _, created = PartnerIntelligence.objects.update_or_create(
            area_code=wards["North Ormesby"].code,
            week_start=this_week,
            organisation=police,
            defaults={
                "area": wards["North Ormesby"],
                "summary": PREFIX
                + "Neighbourhood officers have heard talk of a gathering near the shops on Saturday; "
                "posts about it are being shared in local groups.",
                "grading": PartnerIntelligence.Grading.UNTESTED,
                "author": bob,
                "synthetic": True,
            },
        )
        made["intelligence"] += int(created)

    today = timezone.localdate()
    events: list[tuple[str, str, Any, int, int]] = [
        ("Middlesbrough FC home match", TriggerEvent.Kind.MATCH, council, 5, 2),
        ("Anniversary of the August 2024 disorder", TriggerEvent.Kind.ANNIVERSARY, council, 12, 3),
        (
            "Planned march through the town centre",
            TriggerEvent.Kind.MARCH,
            wards.get("Central"),
            9,
            3,
        ),
        ("Ward by-election", TriggerEvent.Kind.ELECTION, wards.get("Newport"), 30, 2),
        ("Eid al-Adha", TriggerEvent.Kind.FESTIVAL, council, 45, 1),
    ]
    for title, kind, area, in_days, risk in events:
        if area is None:
            continue
        _, created = TriggerEvent.objects.update_or_create(
            title=PREFIX + title,
            defaults={
                "area": area,
                "kind": kind,
                "starts_on": today + dt.timedelta(days=in_days),
                "expected_risk": levels[risk],
                "description": "Made up for the demo.",
                "mitigation": "Partners to agree policing and communications a week before."
                if risk >= 3
                else "",
                "created_by": alice,
                "synthetic": True,
            },
        )
        made["trigger_events"] += int(created)

    rumours = [
        (
            "A house on the estate is to be given to asylum seekers and local families moved out.",
            "North Ormesby",
            Rumour.Source.SOCIAL_MEDIA,
            Rumour.Reach.NEIGHBOURHOOD,
            Rumour.Status.CHECKING,
            "",
        ),
        (
            "The attack outside the shop last week was carried out by a group from another town.",
            "North Ormesby",
            Rumour.Source.STREET,
            Rumour.Reach.STREET,
            Rumour.Status.FALSE,
            "Police have confirmed one arrest, a local man; there was no group involved.",
        ),
        (
            "The community centre is closing so the site can be sold.",
            "Newport",
            Rumour.Source.PARTNER,
            Rumour.Reach.FEW,
            Rumour.Status.COUNTERED,
            "The centre stays open; the council's budget keeps it funded this year.",
        ),
    ]
    for what, ward_name, source, reach, status, counter in rumours:
        ward = wards.get(ward_name)
        if ward is None:
            continue
        _, created = Rumour.objects.update_or_create(
            what=PREFIX + what,
            defaults={
                "area": ward,
                "heard_on": today - dt.timedelta(days=3),
                "where_heard": source,
                "reach": reach,
                "status": status,
                "counter_message": counter,
                "owner": nadia or alice,
                "created_by": alice,
                "synthetic": True,
            },
        )
        made["rumours"] += int(created)

    AreaFollow.objects.get_or_create(user=alice, area_code=council.code, defaults={"area": council})
    if nadia is not None and "North Ormesby" in wards:
        AreaFollow.objects.get_or_create(
            user=nadia,
            area_code=wards["North Ormesby"].code,
            defaults={"area": wards["North Ormesby"]},
        )
    say(
        f"  {made['assessments']} assessments, {made['intelligence']} partner intelligence, "
        f"{made['trigger_events']} trigger events, {made['rumours']} rumours (all synthetic)."
    )
    summary = run_early_warning([MIDDLESBROUGH])
    for line in summary.lines():
        say(f"  Early warning: {line}")
    made["alerts"] = summary.new_alerts
    return made
