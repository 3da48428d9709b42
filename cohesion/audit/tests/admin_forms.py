"""Filling in Django admin change pages from a test."""

from __future__ import annotations

from typing import Any


def admin_form_data(response: Any, **changes: Any) -> dict[str, Any]:
    """The POST data a Django admin change page would send back unchanged, with ``changes`` applied."""
    data: dict[str, Any] = {}

    def take(form: Any) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    take(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        take(inline.formset.management_form)
        for form in inline.formset.forms:
            take(form)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data
