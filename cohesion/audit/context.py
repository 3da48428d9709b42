"""Who is acting, for audit records written far from the view (signals, tasks).

The middleware puts the request's person, organisation and address into a
context variable; :func:`cohesion.audit.log.record` reads it when a caller does
not say who acted.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip_hash: str = ""
    path: str = ""


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar(
    "cohesion_audit_actor", default=None
)


def hash_identifier(value: str) -> str:
    """A keyed hash of an address or identifier: lets us count and correlate without storing it."""
    return hashlib.blake2b(
        value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    ).hexdigest()


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def actor_from_request(request: HttpRequest) -> Actor:
    return Actor(
        user=getattr(request, "user", None),
        ip_hash=hash_identifier(client_ip(request)),
        path=request.path[:300],
    )


def current_actor() -> Actor | None:
    return _current.get()


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(actor_from_request(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
