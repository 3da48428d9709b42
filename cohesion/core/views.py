from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache

from cohesion.core.params import BadParameter
from cohesion.places.models import Area, Level


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: the work waiting for them, from every app."""
    from cohesion.core.start import start_sections

    return render(request, "core/start.html", {"sections": start_sections(request.user)})


def home(request: HttpRequest) -> HttpResponse:
    councils = (
        Area.objects.current(Level.COUNCIL)
        .filter(children__isnull=False)
        .distinct()
        .order_by("name")
    )
    return render(request, "core/home.html", {"councils": councils})


def glossary(request: HttpRequest) -> HttpResponse:
    """Plain meanings of the terms of art beside Cohesion's figures."""
    from cohesion.core.glossary import TERMS

    return render(request, "core/glossary.html", {"terms": TERMS})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer; 503 otherwise. Plain text for load balancers.

    A scheduled job that has stopped running (its last success is older than two of its
    periods, cohesion.jobs) does not take the web server out of service: the answer stays
    200 and ``ok``, with a second line ``stale jobs: NAME, ...`` and the header
    ``Cohesion-Stale-Jobs``. ``/healthz?jobs`` answers 503 instead, for a monitor that
    should alert on it.
    """
    from django.utils import timezone

    from cohesion.jobs.queries import overdue_jobs

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        stale = overdue_jobs(timezone.now())
    except Exception:  # any database failure means unhealthy
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not stale:
        return HttpResponse("ok\n", content_type="text/plain")
    names = ", ".join(stale)
    if "jobs" in request.GET:
        response = HttpResponse(f"stale jobs: {names}\n", status=503, content_type="text/plain")
    else:
        response = HttpResponse(f"ok\nstale jobs: {names}\n", content_type="text/plain")
    response["Cohesion-Stale-Jobs"] = names
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400, or 413 for a request body over DATA_UPLOAD_MAX_MEMORY_SIZE, in the site's layout.

    A query parameter that could not be read says which and why.
    """
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        hook = _page_hook(request, "request_too_large")
        if hook is not None:
            return hook(request)
        return render(request, "413.html", status=413)
    message = exception.message if isinstance(exception, BadParameter) else ""
    if request.path.endswith(".json"):
        return JsonResponse({"error": message or "Bad request."}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # An address under the API that matches no endpoint answers in the API's error format.
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """A plain page that needs nothing that might itself be broken: no database, no context processors."""
    return HttpResponseServerError(loader.get_template("500.html").render())


def _page_hook(request: HttpRequest, name: str) -> Callable[[HttpRequest], HttpResponse] | None:
    """A view's own answer for a failure met before it ran (an attribute ``name`` on the view)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    hook: Any = getattr(match.func, name, None)
    return hook if callable(hook) else None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A page in the site's layout when the security token is missing or out of date (CSRF_FAILURE_VIEW).

    A view that can do better (the public report form shows itself again with
    what was typed) sets ``csrf_failure`` on itself.
    """
    hook = _page_hook(request, "csrf_failure")
    if hook is not None:
        return hook(request)
    return render(request, "csrf_failure.html", status=403)
