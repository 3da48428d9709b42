"""The survey forms residents fill in without signing in, beyond the questions themselves (every text public)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import GovukForm, InterpreterQuestion


class InterpreterStepForm(InterpreterQuestion, GovukForm):
    """The online questionnaire's optional last step: would an interpreter help you take part?

    The two questions of :class:`InterpreterQuestion`, with a hint that fits an
    anonymous survey: nobody will get in touch, since the survey does not ask who
    the resident is; the languages asked for are counted, so that the council can
    hold interviews (by phone or face to face) with an interpreter in them.
    """

    needs_interpreter = forms.BooleanField(
        label=_("I would like an interpreter"),
        help_text=_(
            "We will not contact you: this survey does not ask who you are. We count the "
            "languages people ask for, and arrange interviews with interpreters in them."
        ),
        required=False,
    )

    def clean_interpreter_language(self) -> str:
        language = str(self.cleaned_data.get("interpreter_language") or "").strip()
        if language and not any(ch.isalpha() for ch in language):
            raise forms.ValidationError(
                _("Write the name of a language, for example Polish."),
                code="interpreter_not_a_language",
            )
        return language
