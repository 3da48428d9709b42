"""Template tags other apps use to show directory services (the report confirmation page)."""

from __future__ import annotations

from typing import Any

from django import template

from cohesion.directory.signposting import support_services

register = template.Library()


@register.inclusion_tag("directory/_support_services.html")
def local_support_services(is_hate_incident: bool, council_code: str) -> dict[str, Any]:
    """Published services of the report's council that help people after this kind of incident."""
    return {"services": support_services(is_hate_incident, council_code)}


@register.filter
def language_name(language: Any) -> Any:
    """A service's language named in the reader's language (Arabic is "arabski" in Polish)."""
    from cohesion.directory.forms import spoken_language_name

    return spoken_language_name(language.code, language.name)
