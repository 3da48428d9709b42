from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from cohesion.places.models import Area, Level


def home(request: HttpRequest) -> HttpResponse:
    councils = (
        Area.objects.current(Level.COUNCIL)
        .filter(children__isnull=False)
        .distinct()
        .order_by("name")
    )
    return render(request, "core/home.html", {"councils": councils})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer; 503 otherwise. Plain text for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """A plain page that needs nothing that might itself be broken: no database, no context processors."""
    return HttpResponseServerError(loader.get_template("500.html").render())
