"""The permission matrix: every sensitive view, every persona, the status each must get.

An app lists its views as :class:`Case` rows and calls :func:`check_case` from a
test parametrised over ``CASES x PERSONAS``. The expected statuses are written
out in full so a reviewer can read who may do what.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from cohesion.accounts.personas import PERSONAS

ANONYMOUS = "anonymous"
ALL_PERSONAS = (ANONYMOUS, *(p.username for p in PERSONAS))


@dataclass(frozen=True)
class Case:
    """One view, one method, and the status each persona must get.

    ``url`` is a string or a callable taking the test's ``objects`` mapping (for
    addresses that need a primary key made in the test). ``default`` applies to
    any persona not named in ``expect``.
    """

    name: str
    url: str | Callable[[Mapping[str, Any]], str]
    expect: Mapping[str, int]
    default: int = 404
    method: str = "get"
    data: Mapping[str, Any] | Callable[[Mapping[str, Any]], Mapping[str, Any]] = field(
        default_factory=dict
    )

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.default)


def check_case(
    case: Case, persona: str, client: Client, objects: Mapping[str, Any] | None = None
) -> None:
    objects = objects or {}
    url = case.url(objects) if callable(case.url) else case.url
    data = case.data(objects) if callable(case.data) else case.data
    response = getattr(client, case.method)(url, data)
    expected = case.status_for(persona)
    actual = response.status_code
    if expected == 302 and actual == 302 and persona == ANONYMOUS:
        assert "/accounts/sign-in/" in response["Location"], (
            f"{case.name}: anonymous was not sent to sign in"
        )
    assert actual == expected, (
        f"{case.name}: {persona} got {actual}, expected {expected} ({case.method.upper()} {url})"
    )
