"""Fixtures for the accounts tests: the persona organisations and memberships by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cohesion.accounts.models import Membership, Organisation


@pytest.fixture
def middlesbrough(db: None) -> Organisation:
    return Organisation.objects.get(name="Middlesbrough Council")


@pytest.fixture
def darlington(db: None) -> Organisation:
    return Organisation.objects.get(name="Darlington Borough Council")


@pytest.fixture
def membership_of(db: None) -> Callable[[str], Membership]:
    """The (only) membership of a persona, by username."""

    def find(username: str) -> Membership:
        return Membership.objects.select_related("organisation", "user").get(
            user__username=username
        )

    return find


@pytest.fixture
def fresh(db: None) -> Callable[[Any], Any]:
    """The same account read again, without memberships cached on the object."""

    def reload(user: Any) -> Any:
        return type(user).objects.get(pk=user.pk)

    return reload
