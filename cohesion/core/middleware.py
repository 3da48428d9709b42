"""Site-wide response headers, and the methods each page answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from cohesion.core.routes import class_of

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


class PageMethodsMiddleware:
    """Answers 405 to any verb a page was not declared to take.

    A page answers GET and HEAD; POST only when its route is declared as a form (``*_FORM``
    in the app's ``ROUTE_CLASSES``, cohesion/core/routes.py); OPTIONS, PUT, PATCH and DELETE
    never (pages are same-origin, so nothing needs OPTIONS). Views written as
    ``if request.method == "POST": ... else: show the page`` would otherwise answer a PUT,
    an OPTIONS or a POST to a page with no form as if it were a GET. REST API views decide
    their own methods (Django REST framework answers 405 itself).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        if request.method in READ_METHODS or _is_api_view(view_func):
            return None
        match = request.resolver_match
        route_class = class_of(match, getattr(request, "urlconf", None)) if match else None
        # An unclassified route fails the permission test; until then it keeps its methods.
        methods = route_class.methods if route_class else (*READ_METHODS, "POST")
        if request.method in methods:
            return None
        return HttpResponseNotAllowed(methods)


READ_METHODS = ("GET", "HEAD")


def _is_api_view(view_func: Callable[..., Any]) -> bool:
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)
