"""Localities, plans, targets, meetings and actions (see each module's docstring)."""

from cohesion.plans.models.actions import Action, ActionUpdate
from cohesion.plans.models.localities import CouncilTheme, Locality
from cohesion.plans.models.meetings import Escalation, Meeting
from cohesion.plans.models.plans import Objective, Plan, PlanTheme, Target

__all__ = [
    "Action",
    "ActionUpdate",
    "CouncilTheme",
    "Escalation",
    "Locality",
    "Meeting",
    "Objective",
    "Plan",
    "PlanTheme",
    "Target",
]
