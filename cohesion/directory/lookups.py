"""What other apps read from the directory: locations and services by identifier.

The partnership programme links an event to a directory location (its venue)
and to services (what the event connects people with). It reads them only
through these functions: published entries of the council, or entries the
person may see.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q
from django.urls import reverse

from cohesion.directory.models import Location, Service
from cohesion.directory.permissions import VIEW


def _visible(queryset: Any, user: Any) -> Any:
    return queryset.filter(
        Q(pk__in=queryset.published().values("pk"))
        | Q(pk__in=queryset.model.objects.restrict(user, VIEW).values("pk"))
    )


def locations_offered(user: Any, council_code: str) -> list[tuple[str, str, str]]:
    """A council's physical locations ``user`` may choose: (id, name, ward code)."""
    rows = _visible(Location.objects.filter(council_code=council_code), user).order_by("name")
    return [
        (str(pk), name, ward)
        for pk, name, ward in rows.values_list("pk", "name", "ward_code")[:1000]
    ]


def services_offered(user: Any, council_code: str) -> list[tuple[str, str]]:
    """A council's services ``user`` may choose: (id, name)."""
    rows = _visible(Service.objects.filter(council_code=council_code), user).order_by("name")
    return [(str(pk), name) for pk, name in rows.values_list("pk", "name")[:1000]]


def public_services_with_pages(council_code: str) -> list[tuple[str, str, str]]:
    """A council's published services with the address of their pages: (id, name, URL).

    Registered with plans (:func:`cohesion.plans.services.register_service_lookup`)
    so that a plan action can name the services it delivers.
    """
    rows = Service.objects.published().filter(council_code=council_code).order_by("name")
    return [
        (str(pk), name, reverse("directory-service", args=[pk]))
        for pk, name in rows.values_list("pk", "name")[:1000]
    ]


def location_named(user: Any, council_code: str, location_id: str) -> tuple[str, str] | None:
    """(name, ward code) of one location ``user`` may choose in the council, or None."""
    try:
        key = uuid.UUID(str(location_id))
    except ValueError:
        return None
    row = (
        _visible(Location.objects.filter(council_code=council_code, pk=key), user)
        .values_list("name", "ward_code")
        .first()
    )
    return (row[0], row[1]) if row else None
