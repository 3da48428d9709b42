"""Survey estimates as pages write them: never finer than their base supports (see
:mod:`cohesion.surveys.calculations.precision`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from cohesion.surveys.calculations.precision import is_small_base, places_for

register = template.Library()


@register.filter
def percent_on(value: Any, base: Any) -> str:
    """A percentage (or a difference in points) written to the places its base supports."""
    if value is None or value == "":
        return ""
    return str(floatformat(value, places_for(_base(base))))


@register.filter
def mean_on(value: Any, base: Any) -> str:
    """A mean score written to the places its base supports."""
    if value is None or value == "":
        return ""
    return str(floatformat(value, places_for(_base(base), mean=True)))


@register.filter
def small_base(base: Any) -> bool:
    """Whether the estimate rests on a small base and is to be marked so."""
    return is_small_base(_base(base))


def _base(base: Any) -> int | None:
    try:
        return None if base is None or base == "" else int(base)
    except (TypeError, ValueError):
        return None
