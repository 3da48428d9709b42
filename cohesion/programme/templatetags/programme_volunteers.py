"""The volunteer and interpreter part of an event's page: the way to book an interpreter or log
hours, and whether each interpreter requested for the event is booked (never who)."""

from __future__ import annotations

from typing import Any

from django import template

from cohesion.accounts.permissions import VIEW
from cohesion.programme.access import keeps_a_register, may_request_interpreter

register = template.Library()


@register.inclusion_tag("programme/_event_volunteers.html", takes_context=True)
def event_volunteers(context: Any, event: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "event": event,
        "may_book": may_request_interpreter(user),
        "keeps_register": keeps_a_register(user),
        "bookings": list(event.interpreter_bookings.restrict(user, VIEW).order_by("starts_at")),
    }
