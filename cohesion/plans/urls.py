"""Addresses of localities, plans, targets, meetings and actions (DESIGN.md, "Addresses").

Each part of the app keeps its routes in its own block below, with their classes
in ``ROUTE_CLASSES`` (cohesion/core/routes.py; the permission test refuses a route missing here).
"""

from __future__ import annotations

from typing import Any

from cohesion.core.routes import RouteClass

urlpatterns: list[Any] = []

ROUTE_CLASSES: dict[str, RouteClass] = {}
