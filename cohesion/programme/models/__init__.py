"""Events and sessions of the partnership calendar, their outcomes, and the volunteer and
interpreter register (see each module's docstring)."""

from cohesion.programme.models.events import Event
from cohesion.programme.models.outcomes import Outcome
from cohesion.programme.models.volunteers import (
    CheckReminder,
    HoursLogged,
    InterpreterBooking,
    Volunteer,
    VolunteerCheck,
)

__all__ = [
    "CheckReminder",
    "Event",
    "HoursLogged",
    "InterpreterBooking",
    "Outcome",
    "Volunteer",
    "VolunteerCheck",
]
