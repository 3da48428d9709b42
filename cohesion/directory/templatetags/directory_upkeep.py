"""Template tags for the links to keep an entry true: "Report a mistake" and "Manage this entry"."""

from __future__ import annotations

from typing import Any

from django import template

from cohesion.directory.models import Service
from cohesion.directory.permissions import CHANGE

register = template.Library()


@register.simple_tag
def may_manage(user: Any, service: Service) -> bool:
    """Whether this person maintains the service (its owner, or their council's coordinator)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(Service.objects.restrict(user, CHANGE).filter(pk=service.pk).exists())
