"""The programme's forms that residents fill in without signing in (every text public)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import GovukForm, UserTextField, refuse_filled_honeypot, tripped_honeypot


class InterpreterRequestForm(GovukForm):
    """A resident's request for an interpreter at a public event: the language, and a honeypot."""

    language = UserTextField(
        label=_("Which language do you need an interpreter for?"),
        help_text=_("For example, Polish, Arabic, Tigrinya or British Sign Language."),
        max_length=60,
        error_messages={
            "required": _("Write the language you need an interpreter for."),
            "max_length": _("Write the language in %(limit_value)s characters or fewer."),
        },
    )
    # Robots fill every box; people never see this one (as on the public report form).
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_filled_honeypot(
            self,
            data,
            _(
                "Your request has not been sent yet. Your browser filled in a box that "
                "must be left empty: delete what is in it and send again."
            ),
        )
        return data

    @property
    def tripped_honeypot(self) -> bool:
        return tripped_honeypot(self)
