from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from cohesion.core.languages import switcher_links
from cohesion.core.navigation import items_for


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name, phase, navigation and language switcher, shown on every page."""
    from cohesion.audit.permissions import can_view_audit

    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": items_for(request),
        "user_can_audit": can_view_audit(getattr(request, "user", None)),
        "language_links": switcher_links(request),
    }
