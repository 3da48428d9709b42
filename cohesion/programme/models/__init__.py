"""Events and sessions of the partnership calendar, their outcomes, and grants (see each module's docstring)."""

from cohesion.programme.models.events import Event
from cohesion.programme.models.grants import (
    Application,
    Decision,
    DueDiligence,
    FundingStream,
    GrantRound,
    MonitoringReturn,
    Score,
)
from cohesion.programme.models.outcomes import Outcome

__all__ = [
    "Application",
    "Decision",
    "DueDiligence",
    "Event",
    "FundingStream",
    "GrantRound",
    "MonitoringReturn",
    "Outcome",
    "Score",
]
