"""Events and sessions of the partnership calendar, and their outcomes (see each module's docstring)."""

from cohesion.programme.models.events import Event
from cohesion.programme.models.outcomes import Outcome

__all__ = ["Event", "Outcome"]
