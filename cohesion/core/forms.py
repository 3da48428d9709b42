"""GOV.UK Design System rendering for every Django form in Cohesion.

``{{ form }}`` renders an error summary and each field with its label, hint,
error message and the GOV.UK classes for its widget; radios and checkboxes
become fieldsets. Forms need no per-template markup, so all forms look and
behave the same.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from cohesion.core.languages import SWITCH_FIELD, offered


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "input": "govuk-input",
    "checkbox": "govuk-checkboxes__input",
}


class GovukFormMixin:
    """Adds GOV.UK classes and error states to a form's widgets."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Give each widget its GOV.UK class; call again after adding fields in ``__init__``."""
        for field in self.fields.values():
            kind = widget_kind(field.widget)
            css = _CLASSES.get(kind)
            existing = field.widget.attrs.get("class", "")
            if css and css not in existing.split():
                field.widget.attrs["class"] = f"{css} {existing}".strip()

    @property
    def switching_language(self) -> bool:
        """Sent by a language switcher button: show the form again in the new language, save nothing.

        What was typed stays in the fields (the form is bound), no error is
        shown, and ``is_valid()`` is False so the view saves nothing
        (cohesion/core/languages.py).
        """
        data = getattr(self, "data", None) or {}
        return bool(getattr(self, "is_bound", False) and offered(data.get(SWITCH_FIELD)))

    def is_valid(self) -> bool:
        return not self.switching_language and super().is_valid()  # type: ignore[misc]

    def full_clean(self) -> None:
        if self.switching_language:
            self._errors = ErrorDict()  # type: ignore[attr-defined]
            self.cleaned_data: dict[str, Any] = {}
            return
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields and widget_kind(self.fields[name].widget) in (
                "input",
                "select",
                "textarea",
                "file",
            ):
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "")
                error_class = {
                    "select": "govuk-select--error",
                    "textarea": "govuk-textarea--error",
                    "file": "govuk-file-upload--error",
                }.get(widget_kind(widget), "govuk-input--error")
                if error_class not in base:
                    widget.attrs["class"] = f"{base} {error_class}".strip()


class FixedChoicesMixin:
    """For a choice field whose list is fixed in code: each form shares the list, not a deep copy.

    Django deep-copies every field for every form; for a list of choices that
    no form changes in place, that copy is work for nothing on busy public forms.
    Assigning new choices to a form's field (``field.choices = ...``) still works.
    """

    _choices: Any

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = forms.Field.__deepcopy__(self, memo)  # type: ignore[attr-defined]
        result._choices = self._choices
        return result


class FixedChoiceField(FixedChoicesMixin, forms.ChoiceField):
    pass


class FixedMultipleChoiceField(FixedChoicesMixin, forms.MultipleChoiceField):
    pass


HONEYPOT = "website"


def refuse_filled_honeypot(form: forms.Form, data: dict[str, Any], message: Any) -> None:
    """On a public form, refuse a filled-in honeypot box (``website``) and show it with ``message``.

    Robots fill every box; people never see this one (hidden from sight and from
    screen readers, skipped by the Tab key). A browser's autofill may still fill
    it, so the form is shown again with the box visible, reachable by keyboard
    and explained, rather than the submission silently dropped.
    """
    if data.get(HONEYPOT):
        form.fields[HONEYPOT].widget.attrs.pop("tabindex", None)
        form.add_error(HONEYPOT, forms.ValidationError(message, code="honeypot"))


def tripped_honeypot(form: forms.Form) -> bool:
    return any(e.code == "honeypot" for e in form.errors.as_data().get(HONEYPOT, []))


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


# Bidirectional embedding, override and isolate controls (Unicode UAX #9): in a
# report they would show an officer reversed or reordered text. Removed from
# what people type; pages isolate user text as well (dir="auto", <bdi>).
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None)
# Joiners change how Arabic and Indic scripts are drawn, and marks set the
# direction of neutral characters: both are kept.
_KEPT_FORMAT = {"\u200c", "\u200d", "\u200e", "\u200f"}


def neutralise_text(text: str) -> str:
    """``text`` without bidi overrides and without control characters other than line breaks and tabs."""
    text = text.translate(BIDI_CONTROLS)
    return "".join(
        ch
        for ch in text
        if ch in "\n\r\t" or ch in _KEPT_FORMAT or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def visible_length(text: str) -> int:
    """How many characters of ``text`` can be seen: not spaces, not invisible format characters."""
    return sum(
        1
        for ch in text
        if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn")
    )


class UserTextField(forms.CharField):
    """Text a person types: overrides and invisible controls removed; nothing visible counts as empty."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not isinstance(text, str) or not text:
            return text
        text = neutralise_text(text).strip()
        return text if visible_length(text) else self.empty_value


class InterpreterQuestion(forms.Form):
    """ "Do you need an interpreter? Which language?", for any form a resident fills in.

    A form that inherits it gains the two questions; :meth:`interpreter_asked_for` is
    the language asked for, or "" when none is needed. The answer goes where the work
    is (a report's case, an event's bookings), so that an officer can book one of the
    partnership's community interpreters before getting in touch.
    """

    needs_interpreter = forms.BooleanField(
        label=_("I would like an interpreter"),
        help_text=_("We will try to arrange one when we contact you about your report."),
        required=False,
    )
    interpreter_language = UserTextField(
        label=_("Which language?"),
        help_text=_("For example, Polish, Arabic, Tigrinya or British Sign Language."),
        max_length=60,
        required=False,
        error_messages={
            "max_length": _("Write the language in %(limit_value)s characters or fewer.")
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        language = (data.get("interpreter_language") or "").strip()
        if (
            data.get("needs_interpreter")
            and not language
            and "interpreter_language" not in self.errors
        ):
            self.add_error(
                "interpreter_language",
                forms.ValidationError(
                    _(
                        "Write which language you need an interpreter for, or untick “I would like an interpreter”."
                    ),
                    code="interpreter_needs_language",
                ),
            )
        return data

    def interpreter_asked_for(self) -> str:
        """The language asked for (a language typed without the tick counts), or ""."""
        data = getattr(self, "cleaned_data", {})
        return (data.get("interpreter_language") or "").strip()


_TIME_OF_DAY = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?:(?P<half>[ap])\.?\s*m\.?)?", re.IGNORECASE
)


def parse_time_of_day(text: str) -> dt.time | None:
    """A time as people write it on either clock: "21:30", "21.30", "9:30pm", "9.30 p.m.", "9pm".

    None when it is not a time. A bare hour needs am or pm ("9" could be either);
    12am is midnight and 12pm is noon, as on the 12-hour clock.
    """
    match = _TIME_OF_DAY.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    elif match["minute"] is None:
        return None
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeOfDayField(forms.TimeField):
    """A time of day typed on the 24-hour or the 12-hour clock.

    Browsers with a time picker send ``14:30`` whatever clock they show; one
    without sends what was typed, so "2:30pm" is understood too. The box is wide
    enough for a 12-hour time with its am/pm and the picker's button.
    """

    widget = forms.TimeInput(attrs={"type": "time", "class": "govuk-input--width-10"})

    def to_python(self, value: Any) -> dt.time | None:
        if isinstance(value, str) and value.strip():
            parsed = parse_time_of_day(value)
            if parsed is not None:
                return parsed
        return super().to_python(value)
