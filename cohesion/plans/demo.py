"""The plans part of the demo: Middlesbrough's locality working, with targets on real series.

Middlesbrough chose Newport and North Ormesby as priority localities from the
data, gave each a neighbourhood manager and individual multi-agency action
plans under "nine key themes … together with appropriate service leads",
reviewed monthly, "linked to the Performance Management Framework indicators".
This step builds that:

- the council's nine themes with their leads (council services are the
  ``lead_service`` of Middlesbrough Council; the police and the housing partner
  lead their own);
- the housing partner organisation (Thirteen Housing Group) if absent;
- the two localities (wards, nadia as manager, partners, a frozen copy of the
  ward ranking they were chosen from and the locality survey's baseline wave);
- a locality action plan for each with the nine themes, objectives and actions
  (the plans' contents are illustrative, labelled as such in each plan's
  summary), and a council strategy plan;
- targets bound to real series: anti-social behaviour per 1,000 residents from
  police.uk (rolling 12 months), monthly police.uk counts of anti-social
  behaviour, and "feel safe after dark" from the locality survey waves
  (synthetic responses that reproduce the council's published percentages);
  their statuses are computed from the loaded values, never set by hand.

Plans of other demo steps (reviews, issue plans) find these by locality slug
``newport`` and ``north-ormesby``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cohesion.accounts.choices import OrganisationKind
from cohesion.accounts.models import Organisation
from cohesion.indicators.queries import SeriesPoint, area_series
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.plans.choices import ActionStatus, LocalityKind, PlanKind, TargetDirection
from cohesion.plans.models import (
    Action,
    CouncilTheme,
    Locality,
    Objective,
    Plan,
    PlanTheme,
    Target,
)
from cohesion.plans.services import frozen_ranking, refresh_target_statuses

MIDDLESBROUGH = "E06000002"
NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"
COUNCIL = "Middlesbrough Council"
POLICE = "Cleveland Police"
HUB = "North Ormesby Community Hub"
HOUSING = "Thirteen Housing Group"

ASB_RATE = "crime-anti-social-behaviour"
ASB_MONTH = "crime-month-anti-social-behaviour"
SAFE_AFTER_DARK = "survey_synthetic_safe_after_dark"
LOCALITY_SURVEY = "Locality survey, Newport and North Ormesby (synthetic)"
BASELINE_WAVE = "September 2020"

PLAN_START = dt.date(2024, 4, 1)
PLAN_END = dt.date(2027, 3, 31)
TARGET_DATE = dt.date(2027, 3, 31)

# (theme, lead organisation, lead service) — the list of Middlesbrough's nine themes.
THEMES = (
    ("Making people feel safe", POLICE, "Neighbourhood policing"),
    ("Healthier population", COUNCIL, "Public Health"),
    ("Better economic outcomes", COUNCIL, "Education & Partnerships"),
    ("Better outcomes for children", COUNCIL, "Children's Social Care"),
    ("Improved environmental standards", COUNCIL, "Environment & Community Services"),
    ("Improved physical appearance", COUNCIL, "Environment & Community Services"),
    ("Improved customer experience", COUNCIL, "Stronger Communities"),
    ("Improved community capacity", HOUSING, "Tenancy and community services"),
    ("Improved perceptions", HOUSING, "Tenancy and community services"),
)

# Theme -> (objective, our part, your part, [(action, owner organisation, status, per cent done)]).
CONTENT: dict[str, tuple[str, str, str, list[tuple[str, str, str, int]]]] = {
    "Making people feel safe": (
        "Fewer residents feel unsafe after dark",
        "Patrols at the times and places residents tell us they feel least safe.",
        "Tell us where and when you feel unsafe, and report anti-social behaviour.",
        [
            (
                "Evening patrols on the main shopping street, Thursday to Saturday",
                POLICE,
                ActionStatus.ON_TRACK,
                60,
            ),
            (
                "Street lighting survey of alleys and back streets",
                COUNCIL,
                ActionStatus.AT_RISK,
                30,
            ),
        ],
    ),
    "Healthier population": (
        "More residents take up health checks",
        "Health checks and stop-smoking sessions at the community hub.",
        "Book a free health check.",
        [("Monthly health check drop-in at the community hub", HUB, ActionStatus.ON_TRACK, 50)],
    ),
    "Better economic outcomes": (
        "More residents in work or training",
        "Job clubs and adult learning close to home.",
        "Come to a job club or course.",
        [("Weekly job club with Jobcentre Plus", COUNCIL, ActionStatus.NOT_STARTED, 0)],
    ),
    "Better outcomes for children": (
        "More children ready for school",
        "Family support and early help in the locality.",
        "Ask about free childcare and early help.",
        [("Early help drop-in for families", COUNCIL, ActionStatus.ON_TRACK, 40)],
    ),
    "Improved environmental standards": (
        "Cleaner streets and fewer fly-tips",
        "Faster removal of fly-tipping and enforcement against those responsible.",
        "Report fly-tipping and use the bulky waste service.",
        [
            ("Fly-tipping removed within two working days", COUNCIL, ActionStatus.OFF_TRACK, 20),
            ("Back-alley clean-up days with residents", HOUSING, ActionStatus.DONE, 100),
        ],
    ),
    "Improved physical appearance": (
        "Empty homes brought back into use",
        "Selective licensing of private landlords and work on empty homes.",
        "Tell us about empty or neglected properties.",
        [
            (
                "Selective licensing inspections of private rented homes",
                COUNCIL,
                ActionStatus.ON_TRACK,
                55,
            )
        ],
    ),
    "Improved customer experience": (
        "Residents get answers in one place",
        "A single point of contact at the community hub.",
        "Bring your question to the hub.",
        [("One-stop advice session at the hub", HUB, ActionStatus.ON_TRACK, 70)],
    ),
    "Improved community capacity": (
        "More residents volunteering",
        "Support for residents' groups and volunteers.",
        "Join a residents' group or volunteer.",
        [
            ("Start a residents' association", HOUSING, ActionStatus.AT_RISK, 25),
            ("Community grants round", HOUSING, ActionStatus.DROPPED, 0),
        ],
    ),
    "Improved perceptions": (
        "More residents satisfied with the area",
        "Regular news of what the partnership has done.",
        "Tell us what would make the area better.",
        [("Quarterly 'You said, we did' newsletter", HOUSING, ActionStatus.ON_TRACK, 50)],
    ),
}

# Done work was due last summer; off-track work is overdue; the rest falls due by the plan's end.
DUE_ON: dict[str, dt.date] = {
    ActionStatus.DONE: dt.date(2026, 6, 30),
    ActionStatus.OFF_TRACK: dt.date(2026, 10, 31),
    ActionStatus.AT_RISK: dt.date(2027, 1, 31),
    ActionStatus.ON_TRACK: dt.date(2027, 3, 31),
    ActionStatus.NOT_STARTED: dt.date(2027, 3, 31),
    ActionStatus.DROPPED: dt.date(2026, 9, 30),
}
# Who answers for each organisation's actions: the demo's personas (the housing partner has none).
OWNERS = {COUNCIL: "nadia", POLICE: "bob", HUB: "carol"}

LOCALITIES = (
    ("Newport", "newport", NEWPORT),
    ("North Ormesby", "north-ormesby", NORTH_ORMESBY),
)


def _organisations() -> dict[str, Organisation]:
    council_area = Area.objects.current(Level.COUNCIL).filter(code=MIDDLESBROUGH).first()
    housing, created = Organisation.objects.get_or_create(
        name=HOUSING, defaults={"kind": OrganisationKind.HOUSING}
    )
    if created and council_area is not None:
        housing.areas.add(council_area)
    return {
        o.name: o for o in Organisation.objects.filter(name__in=[COUNCIL, POLICE, HUB, HOUSING])
    }


def _council_themes(council: Area, organisations: dict[str, Organisation]) -> list[CouncilTheme]:
    themes = []
    for order, (name, lead, service) in enumerate(THEMES):
        theme, _ = CouncilTheme.objects.update_or_create(
            council=council,
            name=name,
            defaults={
                "lead_organisation": organisations[lead],
                "lead_service": service,
                "order": order,
            },
        )
        themes.append(theme)
    return themes


def _locality(
    council: Area,
    name: str,
    slug: str,
    ward: Area,
    manager: Any,
    partners: list[Organisation],
    ranking: dict[str, Any],
) -> Locality:
    locality, _ = Locality.objects.update_or_create(
        council=council,
        slug=slug,
        defaults={
            "kind": LocalityKind.LOCALITY,
            "name": name,
            "description": (
                f"{name} is one of Middlesbrough's priority localities, chosen from the data, "
                "where the council, police, housing and community partners work from one plan."
            ),
            "manager": manager,
            "chosen_from": ranking,
            "baseline_wave": f"{LOCALITY_SURVEY}, {BASELINE_WAVE}",
        },
    )
    locality.wards.set([ward])
    locality.partners.set(partners)
    return locality


def _plan(
    *,
    kind: str,
    council: Area,
    title: str,
    locality: Locality | None,
    manager: Any,
    partners: list[Organisation],
    wards: list[Area],
    themes: list[CouncilTheme],
    organisations: dict[str, Organisation],
    ward_code: str,
) -> Plan:
    plan = Plan.objects.filter(council=council, title=title).first()
    if plan is not None:
        return plan
    plan = Plan.objects.create(
        kind=kind,
        council=council,
        locality=locality,
        title=title,
        summary=(
            "Demonstration plan: the themes and leads are Middlesbrough's; the objectives and "
            "actions are illustrative. Targets are measured on real police.uk data and on the "
            "synthetic locality survey."
        ),
        internal_notes="Partners only: illustrative notes for the demonstration.",
        manager=manager,
        starts_on=PLAN_START,
        ends_on=PLAN_END,
        is_published=True,
    )
    plan.wards.set(wards)
    plan.partners.set(partners)
    people = {
        organisation: user
        for organisation, username in OWNERS.items()
        if (user := get_user_model().objects.filter(username=username).first()) is not None
    }
    for order, council_theme in enumerate(themes):
        theme = PlanTheme.objects.create(
            plan=plan,
            council_theme=council_theme,
            name=council_theme.name,
            lead_organisation=council_theme.lead_organisation,
            lead_service=council_theme.lead_service,
            order=order,
        )
        objective_title, our_part, your_part, actions = CONTENT[council_theme.name]
        theme.our_part, theme.your_part = our_part, your_part
        theme.save(update_fields=["our_part", "your_part"])
        objective = Objective.objects.create(theme=theme, title=objective_title)
        for action_title, owner, status, progress in actions:
            Action.objects.create(
                plan=plan,
                theme=theme,
                objective=objective,
                council=council,
                area_code=ward_code,
                title=action_title,
                owner_organisation=organisations[owner],
                owner_person=people.get(owner),
                starts_on=PLAN_START,
                due_on=DUE_ON[status],
                status=status,
                progress=progress,
                dropped_reason=(
                    "The grant fund was withdrawn; residents' groups are supported through "
                    "the housing partner's community fund instead."
                    if status == ActionStatus.DROPPED
                    else ""
                ),
            )
    return plan


def _point(code: str, area: str, start: dt.date | None = None) -> SeriesPoint | None:
    """The series point starting on ``start`` (or the earliest shown) for an area."""
    points = [p for p in area_series(code, area) if p.value is not None]
    if start is not None:
        points = [p for p in points if p.period_start == start]
    return points[0] if points else None


def _target(
    plan: Plan,
    theme_name: str,
    title: str,
    code: str,
    area: str,
    baseline: SeriesPoint | None,
    target_value: Callable[[float], float],
    direction: str,
    say: Callable[[str], None],
) -> None:
    if baseline is None or baseline.value is None:
        say(f"  No values of {code} for {area}: target “{title}” left out.")
        return
    theme = plan.themes.filter(name=theme_name).first()
    Target.objects.update_or_create(
        plan=plan,
        title=title,
        defaults={
            "theme": theme,
            "objective": theme.objectives.first() if theme else None,
            "indicator_code": code,
            "area_code": area,
            "baseline_value": baseline.value,
            "baseline_start": baseline.period_start,
            "baseline_end": baseline.period_end,
            "baseline_lower": baseline.lower,
            "baseline_upper": baseline.upper,
            "target_value": round(target_value(baseline.value), 1),
            "target_date": TARGET_DATE,
            "direction": direction,
        },
    )


def _publish_locality_survey(say: Callable[[str], None]) -> None:
    """Publish the locality survey's waves to indicators, so "feel safe after dark" has a series."""
    from cohesion.surveys.models import Wave
    from cohesion.surveys.publishing import PublishError, publish_wave

    for wave in Wave.objects.filter(survey__title=LOCALITY_SURVEY).order_by("period_start"):
        try:
            publish_wave(wave)
        except PublishError as error:
            say(f"  {wave.name}: {error}")


def run(data_dir: Path, say: Callable[[str], None]) -> None:
    council = Area.objects.current(Level.COUNCIL).filter(code=MIDDLESBROUGH).first()
    if council is None:
        say("  Middlesbrough is not loaded: no plans.")
        return
    _publish_locality_survey(say)
    user_model = get_user_model()
    nadia = user_model.objects.filter(username="nadia").first()
    with transaction.atomic():
        organisations = _organisations()
        partners = [organisations[name] for name in (COUNCIL, POLICE, HUB, HOUSING)]
        themes = _council_themes(council, organisations)
        ranking = frozen_ranking(council)
        wards = {a.code: a for a in Area.objects.current(Level.WARD).filter(parent=council)}
        for name, slug, code in LOCALITIES:
            locality = _locality(council, name, slug, wards[code], nadia, partners, ranking)
            plan = _plan(
                kind=PlanKind.LOCALITY,
                council=council,
                title=f"{name} locality action plan 2024–27",
                locality=locality,
                manager=nadia,
                partners=partners,
                wards=[wards[code]],
                themes=themes,
                organisations=organisations,
                ward_code=code,
            )
            safe = "Making people feel safe"
            _target(
                plan,
                safe,
                f"Anti-social behaviour per 1,000 residents in {name}",
                ASB_RATE,
                code,
                _point(ASB_RATE, code),
                lambda v: v * 0.8,
                TargetDirection.DECREASE,
                say,
            )
            _target(
                plan,
                safe,
                f"Anti-social behaviour recorded in a month in {name}",
                ASB_MONTH,
                code,
                _point(ASB_MONTH, code, dt.date(2024, 4, 1)),
                lambda v: v * 0.75,
                TargetDirection.DECREASE,
                say,
            )
            _target(
                plan,
                safe,
                f"Residents of {name} who feel safe after dark",
                SAFE_AFTER_DARK,
                code,
                _point(SAFE_AFTER_DARK, code, dt.date(2020, 9, 1)),
                lambda v: 50.0,
                TargetDirection.INCREASE,
                say,
            )
        strategy_locality, _ = Locality.objects.update_or_create(
            council=council,
            slug="middlesbrough",
            defaults={
                "kind": LocalityKind.STRATEGY,
                "name": "Middlesbrough",
                "description": "The council's strategy for community safety and cohesion.",
                "manager": nadia,
            },
        )
        strategy_locality.partners.set(partners)
        strategy = _plan(
            kind=PlanKind.STRATEGY,
            council=council,
            title="Middlesbrough community safety and cohesion strategy 2024–27",
            locality=strategy_locality,
            manager=nadia,
            partners=partners,
            wards=[],
            themes=themes,
            organisations=organisations,
            ward_code="",
        )
        _target(
            strategy,
            "Making people feel safe",
            "Anti-social behaviour per 1,000 residents in Middlesbrough",
            ASB_RATE,
            MIDDLESBROUGH,
            _point(ASB_RATE, MIDDLESBROUGH),
            lambda v: v * 0.85,
            TargetDirection.DECREASE,
            say,
        )
        refresh_target_statuses(targets=Target.objects.filter(plan__council=council))
    for target in Target.objects.filter(plan__council=council).select_related("plan"):
        say(
            f"  {target.title}: {target.get_computed_status_display()}. {target.computed_explanation}"
        )
