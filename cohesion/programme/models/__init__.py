"""Events and sessions of the partnership calendar, their outcomes, the volunteer and
interpreter register, and grants (see each module's docstring)."""

from cohesion.programme.models.events import Event, InterpreterRequest
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
from cohesion.programme.models.volunteers import (
    CheckReminder,
    HoursLogged,
    InterpreterBooking,
    Volunteer,
    VolunteerCheck,
)

__all__ = [
    "Application",
    "CheckReminder",
    "Decision",
    "DueDiligence",
    "Event",
    "FundingStream",
    "GrantRound",
    "HoursLogged",
    "InterpreterBooking",
    "InterpreterRequest",
    "MonitoringReturn",
    "Outcome",
    "Score",
    "Volunteer",
    "VolunteerCheck",
]
