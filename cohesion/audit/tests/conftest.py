"""Helpers for the audit tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cohesion.accounts.models import Organisation
from cohesion.audit.models import AuditEvent


@pytest.fixture
def new_events(db: None) -> Callable[..., list[AuditEvent]]:
    """Events written since the fixture was made (optionally of one action), oldest first."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def since(action: str | None = None) -> list[AuditEvent]:
        events = AuditEvent.objects.filter(id__gt=last).order_by("id")
        if action is not None:
            events = events.filter(action=action)
        return list(events)

    return since


@pytest.fixture
def middlesbrough(db: None) -> Organisation:
    return Organisation.objects.get(name="Middlesbrough Council")
