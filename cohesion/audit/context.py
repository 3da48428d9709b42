"""Who is acting, for audit records written far from the view (signals, tasks).

The middleware puts the request's person, organisation and address into a
context variable; :func:`cohesion.audit.log.record` reads it when a caller does
not say who acted.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import ipaddress
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


@functools.lru_cache(maxsize=8)
def _networks(
    addresses: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(a, strict=False) for a in addresses)


def _is_trusted_proxy(remote: str) -> bool:
    """Is ``remote`` one of ``TRUSTED_PROXY_ADDRESSES`` (addresses or networks such as 10.0.0.0/8)?"""
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    listed = tuple(getattr(settings, "TRUSTED_PROXY_ADDRESSES", ()) or ())
    return any(address in network for network in _networks(listed))


def client_ip(request: HttpRequest) -> str:
    """The address of the person making the request.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default) this is ``REMOTE_ADDR``: the
    ``X-Forwarded-For`` header is set by the sender and is never believed. Behind
    N trusted proxies, each appends the address it received from, so the Nth
    entry from the right of ``X-Forwarded-For`` was written by our outermost
    proxy and is the client's address; entries to its left are the sender's own
    claims and are ignored. The header is only read on a connection from one of
    ``TRUSTED_PROXY_ADDRESSES``: anyone else who reaches the server directly
    could write it. When the header has fewer than N entries (a request that
    bypassed a proxy), ``REMOTE_ADDR`` is used.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0 or not _is_trusted_proxy(remote):
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < trusted:
        return remote
    return forwarded[-trusted]


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
