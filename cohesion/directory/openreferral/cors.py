"""``Access-Control-Allow-Origin: *`` on every Open Referral response, as the UK compliance rules require.

Every answer under ``/openreferral/`` carries it, refusals included, so a web
page on another site can read the feed; an ``OPTIONS`` preflight is answered
here, before the site's method rules (which refuse OPTIONS on pages).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class CorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._prefix = ""

    def prefix(self) -> str:
        if not self._prefix:
            self._prefix = reverse("directory-oruk-root")
        return self._prefix

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.prefix()):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "*"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        return response
