"""Site-wide response headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Everything Cohesion serves is local: no CDN, no third-party tiles or fonts.
# Map polygons are drawn as SVG, so data: images are the only extra source.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'"
)


class SecurityHeadersMiddleware:
    """Adds a strict Content-Security-Policy that also proves the site needs no CDN."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(self), camera=(), microphone=()"
        )
        return response


class PrivateResponsesMiddleware:
    """``Cache-Control: no-store, private`` on everything drawn for a person, and on every download.

    Every answer to a signed-in person, and any response that varies on the
    session cookie (the session or the person was read, or a CSRF token was
    issued), may hold a case, a reporter's contact details or what someone typed
    into a form, so no browser, proxy or shared computer may keep a copy: the
    back button after signing out must not bring a case back. Every attachment
    (CSV, JSON, XLSX downloads) is treated the same way. Placed before
    WhiteNoise, so static files keep their long caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(response) or _signed_in(request):
            add_never_cache_headers(response)
        return response


def _signed_in(request: HttpRequest) -> bool:
    # Static files are answered before anyone is looked up, so they have no ``user``.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_private(response: HttpResponse) -> bool:
    """Whether a response depends on who asked (it varies on the cookie) or is a download."""
    varies = {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}
    download = response.headers.get("Content-Disposition", "").lower().startswith("attachment")
    return "cookie" in varies or "*" in varies or download
