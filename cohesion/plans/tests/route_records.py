"""Middlesbrough plan records for the permission and audit tests (route_examples.py, the audit test).

Newport's plan (managed by nadia; the council, Cleveland Police and the North
Ormesby Community Hub as partners) with a theme, an objective, a target and a
police action, and one of the council's themes. Every persona but dave reads
the plan; nadia, alice and erin change it; bob changes the police action.
"""

from __future__ import annotations

from typing import Any

from cohesion.places.queries import get_area
from cohesion.plans.models import CouncilTheme
from cohesion.plans.tests.factories import (
    MIDDLESBROUGH,
    POLICE,
    ActionFactory,
    ObjectiveFactory,
    PlanFactory,
    PlanThemeFactory,
    TargetFactory,
    organisation,
)


def make_plan_records() -> dict[str, Any]:
    plan = PlanFactory(is_published=True)
    theme = PlanThemeFactory(plan=plan, name="Making people feel safe")
    objective = ObjectiveFactory(theme=theme)
    return {
        "locality": plan.locality,
        "plan": plan,
        "plan_theme": theme,
        "objective": objective,
        "target": TargetFactory(plan=plan, theme=theme),
        "plan_action": ActionFactory(plan=plan, theme=theme, objective=objective),
        "council_theme": CouncilTheme.objects.create(
            council=get_area(MIDDLESBROUGH),
            name="Making people feel safe",
            lead_organisation=organisation(POLICE),
        ),
    }
