"""``{% term "slug" %}``: a link from a term of art to its plain-words entry in the glossary."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cohesion.core.glossary import BY_SLUG

register = template.Library()


@register.simple_tag
def term(slug: str) -> SafeString:
    """A small "what is this?" link to the glossary entry, with the meaning as its title."""
    entry = BY_SLUG[slug]
    return format_html(
        '<a class="govuk-link govuk-body-s cohesion-term" href="{}#{}" title="{}">{}'
        '<span class="govuk-visually-hidden"> {}</span></a>',
        reverse("core-glossary"),
        entry.slug,
        entry.meaning,
        _("What is this?"),
        entry.name,
    )
