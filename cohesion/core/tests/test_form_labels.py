"""Every label a form shows can be translated.

A model form takes a field's label from the model when the form names none; for a field
without a ``verbose_name`` that label is made from the field's name, in English, and no
translator can reach it. So every form field a person sees must carry a label marked for
translation (``gettext_lazy``), in the form or its ``Meta.labels``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms
from django.utils.functional import Promise

import cohesion


def _form_classes() -> list[type[forms.BaseForm]]:
    classes: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(cohesion.__path__, "cohesion."):
        name = module_info.name
        # Forms live in forms.py, forms/ and *_forms.py / forms_*.py of each app.
        if "form" not in name or any(part in name for part in (".tests", ".migrations")):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__.startswith("cohesion.")
            ):
                classes[f"{value.__module__}.{value.__qualname__}"] = value
    return list(classes.values())


def untranslatable_labels(form_class: type[forms.BaseForm]) -> list[str]:
    """The form's visible fields whose label is plain text (or made from the field's name)."""
    found = []
    for name, field in form_class.base_fields.items():  # type: ignore[attr-defined]
        if field.widget.is_hidden:
            continue
        label = field.label
        if label is None or (not isinstance(label, Promise) and any(c.isalpha() for c in label)):
            found.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}: {label!r}")
    return found


# Fields whose label is set when the form is made (from the record), or a checkbox whose
# text is the page's own button.
LABELLED_AT_RUN_TIME = {
    "cohesion.accounts.forms.SignInForm.username",  # Django's own, translated label ("Username")
    "cohesion.tensions.forms.assessment.FollowForm.follow",  # a button; the field is not shown
}


def test_every_visible_form_field_has_a_translatable_label() -> None:
    found = [
        problem
        for form_class in _form_classes()
        for problem in untranslatable_labels(form_class)
        if problem.split(":")[0] not in LABELLED_AT_RUN_TIME
    ]
    assert found == [], "Labels no translator can reach:\n" + "\n".join(found)


def test_the_check_notices_a_label_made_from_a_field_name() -> None:
    class Form(forms.Form):
        where_heard = forms.CharField()
        heard_on = forms.DateField(label="Heard on")
        hidden = forms.CharField(widget=forms.HiddenInput)

    assert untranslatable_labels(Form) == [
        f"{__name__}.test_the_check_notices_a_label_made_from_a_field_name.<locals>.Form.where_heard: None",
        f"{__name__}.test_the_check_notices_a_label_made_from_a_field_name.<locals>.Form.heard_on: 'Heard on'",
    ]
