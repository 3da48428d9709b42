"""Showing what people typed: never able to reorder the page around it.

Reports stored before the forms removed bidirectional overrides may still hold
them; ``plain_text`` removes them on the way out too. Templates also isolate
user text (``dir="auto"``, ``<bdi>``) and let long words wrap (``cohesion-user-text``).
"""

from __future__ import annotations

from django import template

from cohesion.core.forms import neutralise_text

register = template.Library()


@register.filter
def plain_text(value: object) -> str:
    """The text without bidi embedding, override or isolate controls or other invisible controls."""
    return neutralise_text(str(value or ""))
