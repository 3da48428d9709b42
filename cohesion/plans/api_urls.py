"""Plans endpoints of the REST API, included under /api/v1/."""

from __future__ import annotations

from typing import Any

from cohesion.core.routes import RouteClass

urlpatterns: list[Any] = []

# Who may open each address (cohesion/core/routes.py; the permission test refuses a route missing here).
ROUTE_CLASSES: dict[str, RouteClass] = {}
