"""The survey forms residents fill in without signing in, beyond the questions themselves (every text public)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import GovukForm, InterpreterQuestion, UserTextField
from cohesion.surveys.models.responses import COMMENT_MAX_LENGTH

# Besides letters (any script), their marks and spaces, what the name of a language may hold:
# "Kurdish (Sorani)", "Dari/Farsi", "N'Ko", "Ga-Dangme", "Chinese, Cantonese", "Yue & Mandarin".
LANGUAGE_NAME_PUNCTUATION = frozenset("-‐‑–'’().,/&")


def is_language_name(text: str) -> bool:
    """Whether ``text`` could name a language: letters of any script (at least one), their
    combining marks, spaces and a little punctuation; no digits, markup or other symbols.

    The typed language is counted and shown to officers as a language with a link to
    book an interpreter in it, so "<script>", "1234" or "; DROP" must not become one.
    """
    if not any(ch.isalpha() for ch in text):
        return False
    return all(
        ch.isspace() or ch in LANGUAGE_NAME_PUNCTUATION or unicodedata.category(ch)[0] in "LM"
        for ch in text
    )


COMMENT_PROMPT = _("Is there anything else you would like to tell us about your area?")


class CommentField(UserTextField):
    """A resident's comment: line breaks as one character each, as the browser counted them.

    A browser's ``maxlength`` counts a line break once but sends it as CR LF; counted
    as sent, a comment the box accepted could be refused.
    """

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


def comment_field(label: Any = COMMENT_PROMPT) -> CommentField:
    """The optional comment box: any language, bidi overrides and invisible controls removed."""
    return CommentField(
        label=label,
        help_text=_(
            "Write in any language, up to 2,000 characters. Please do not "
            "include names, addresses or anything else that could identify you or someone else."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        # dir="auto": a comment in Arabic reads right to left on an English page and the reverse.
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto", "spellcheck": "true"}),
        error_messages={
            "max_length": _(
                "Your comment must be %(limit_value)s characters or fewer; it has %(show_value)s."
            )
        },
    )


class CommentForm(GovukForm):
    """The last question of a wave that asks for a comment, shown before the answers are sent."""

    comment = comment_field()


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
        if language and not is_language_name(language):
            raise forms.ValidationError(
                _("Write the name of a language, for example Polish."),
                code="interpreter_not_a_language",
            )
        return language
