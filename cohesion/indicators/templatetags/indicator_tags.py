from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from cohesion.indicators.models import IndicatorValue
from cohesion.indicators.queries import format_value

register = template.Library()


@register.filter
def shown(value: IndicatorValue | None, unit: str) -> str:
    """An indicator value as public pages show it: formatted in its unit, or suppressed."""
    if value is None:
        return "–"
    if value.suppressed:
        return _("Suppressed")
    return format_value(value.value, unit)


@register.filter
def number(value: float | None, unit: str) -> str:
    return format_value(value, unit)
