from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from cohesion.core.forms import widget_kind as _widget_kind

register = template.Library()


@register.filter
def widget_kind(field: BoundField) -> str:
    return _widget_kind(field.field.widget)


@register.filter
def error_anchor(field: BoundField) -> str:
    """Where an error summary link should take focus: the field, or the first of its radios or boxes."""
    if _widget_kind(field.field.widget) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


@register.filter
def is_short_choice(field: BoundField) -> bool:
    choices = list(getattr(field.field, "choices", []))
    return len(choices) <= 2 and all(len(str(label)) < 12 for _, label in choices)


@register.filter
def with_describedby(field: BoundField) -> SafeString:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"aria-describedby": " ".join(ids)} if ids else {}
    return field.as_widget(attrs=attrs)
