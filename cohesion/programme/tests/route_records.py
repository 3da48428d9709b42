"""Middlesbrough programme records for the permission and audit tests (route_examples.py, the audit test).

A partners-only youth session of the North Ormesby Community Hub in North
Ormesby, with one recorded outcome. Every Middlesbrough persona reads it; carol,
alice and erin change it; dave (Darlington) gets 404. A public session in 2030, at
which anyone may ask for an interpreter. And an application to
Middlesbrough's open public grant round with a monitoring return due: alice,
nadia and erin read it, alice and erin change it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cohesion.programme.tests.factories import EventFactory, OutcomeFactory


def make_programme_records() -> dict[str, Any]:
    event = EventFactory(is_public=False, starts_at=dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC))
    OutcomeFactory(event=event)
    upcoming = EventFactory(
        title="Summer welcome café", starts_at=dt.datetime(2030, 7, 1, 10, tzinfo=dt.UTC)
    )
    return {
        "programme_event": event,
        "public_programme_event": upcoming,
        **make_grant_records(),
    }


def make_grant_records() -> dict[str, Any]:
    """A Middlesbrough application to an open public grant round, with a monitoring return due."""
    from cohesion.programme.tests.factories_grants import (
        ApplicationFactory,
        MonitoringReturnFactory,
    )

    application = ApplicationFactory()
    return {
        "grant_application": application,
        "grant_return": MonitoringReturnFactory(application=application),
    }
