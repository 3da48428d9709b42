"""Choosing the language of a public page without JavaScript: ``?lang=pl`` switches it and remembers it.

Public forms (the report form, the grant application) show a list of the
site's languages, each a plain link to the same page with ``?lang=``; the
choice is kept in Django's language cookie, so the next pages and the form's
POST are in the same language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from cohesion.core.params import text_param

# Each language named in itself, as a language switcher shows it.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ar": "العربية"}


def language_from_query(request: HttpRequest) -> str | None:
    """``?lang=pl`` switches the page's language (to be remembered by :func:`remember_language`)."""
    lang = text_param(request.GET, "lang")
    if lang in dict(settings.LANGUAGES):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return lang
    return None


def remember_language(response: HttpResponse, lang: str | None) -> HttpResponse:
    """Keep the language chosen with ``?lang=`` in the language cookie."""
    if lang:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def language_choices() -> list[dict[str, Any]]:
    """The site's languages for a switcher: code, name in itself, and whether it is the current one."""
    current = translation.get_language() or "en"
    return [
        {"code": code, "name": LANGUAGE_NAMES.get(code, code), "current": current.startswith(code)}
        for code, _label in settings.LANGUAGES
    ]
