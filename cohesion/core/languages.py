"""The languages a page is shown in, and how a person chooses one.

Cohesion has English and every language with message files under
``cohesion/locale/<code>/LC_MESSAGES/django.po`` (Welsh, Polish and Arabic to
begin with). A council offers some or all of them: ``COHESION_LANGUAGES`` in the
environment (``en,cy``), the first being the site's default; the others are
never shown, and ``?lang=`` naming one is ignored (docs/operators.md,
"Languages").

How the language of a page is decided (:class:`LanguageMiddleware`, after
Django's ``LocaleMiddleware`` and the sign-in):

- ``?lang=cy`` on any page, or a form sent with its ``switch_language`` button,
  shows that page in that language;
- a resident (not signed in) keeps the choice in Django's language cookie, so
  the next pages follow it; without a choice, the browser's languages decide;
- a signed-in person reads every page in the language set on their account
  page (until they set one, their browser's language if the council offers
  it, else the site's default). A choice on a public page shows that one page
  in that language and changes nothing else, and the language cookie a
  resident's page left in a shared browser is ignored: the original complaint
  was an officer who opened a resident's page in Arabic and found every staff
  page right to left, in mixed Arabic and English, with no way back.

The switcher in the layout (GOV.UK Frontend's language navigation) links to the
same page with the query kept and ``lang=`` set. On a page whose form opts in
(``{% include "core/_language_switcher.html" with form_id="..." %}``) it is
made of buttons that send the half-filled form with ``switch_language``: the
form comes back in the new language with what was typed, no errors, and
nothing saved (``GovukFormMixin``). With JavaScript, the switcher saves the
page's form values in ``sessionStorage`` and puts them back after the page
reloads in the new language (``static/js/language-switcher.js``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# The field a language switcher button sends with a half-filled form.
SWITCH_FIELD = "switch_language"
# Where a signed-in person's language is kept for the length of their session.
SESSION_KEY = "cohesion_language"

# Each language named in itself, as a language switcher shows it. A language
# added by its message files alone is named by Django's own list.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ar": "العربية"}
# The order a switcher lists them in: English, then Welsh (the Welsh Language
# Standards ask that Welsh is not treated less favourably), then the rest.
FIRST_LANGUAGES = ("en", "cy", "pl", "ar")

# A form up to this size is read by the middleware to find ``switch_language``;
# larger bodies are left to the view (the report form refuses them with its own page).
_SWITCH_BODY_LIMIT = 512 * 1024
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def language_name(code: str) -> str:
    """A language named in itself: "Cymraeg" for ``cy``."""
    return LANGUAGE_NAMES.get(code) or str(LANG_INFO.get(code, {}).get("name_local", code))


def languages_with_messages(locale_dir: Path) -> list[str]:
    """English and every language with message files under ``locale_dir``, in switcher order."""
    found = {
        po.parent.parent.name
        for po in locale_dir.glob("*/LC_MESSAGES/django.po")
        if po.parent.parent.name in LANG_INFO
    }
    found.add("en")
    first = [code for code in FIRST_LANGUAGES if code in found]
    return first + sorted(found - set(first))


def council_languages(wanted: Iterable[str] | None, available: list[str]) -> list[str]:
    """The languages a council offers: ``wanted`` (all ``available`` when not set), checked.

    Raises ``ImproperlyConfigured`` for a code Cohesion has no messages for, so a
    mistyped ``COHESION_LANGUAGES`` stops the site at start-up instead of quietly
    offering a language nobody translated.
    """
    if wanted is None:
        return list(available)
    chosen: list[str] = []
    for raw in wanted:
        code = raw.strip().lower()
        if code not in available:
            raise ImproperlyConfigured(
                f"COHESION_LANGUAGES: Cohesion has no messages for {raw!r}. "
                f"It has {', '.join(available)}; add cohesion/locale/<code>/LC_MESSAGES/django.po "
                "for another (docs/operators.md, Languages)."
            )
        if code not in chosen:
            chosen.append(code)
    if not chosen:
        raise ImproperlyConfigured("COHESION_LANGUAGES names no language; leave it unset for all.")
    return chosen


def site_languages() -> list[str]:
    """The codes of the languages this council offers, default first."""
    return [code for code, _name in settings.LANGUAGES]


def offered(code: object) -> str | None:
    """``code`` if it is one of the council's languages, else None."""
    return code if isinstance(code, str) and code in site_languages() else None


def default_language() -> str:
    return str(settings.LANGUAGE_CODE)


def _switch_in_body(request: HttpRequest) -> str | None:
    if request.method != "POST" or request.content_type not in _FORM_TYPES:
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length > _SWITCH_BODY_LIMIT:
        return None
    return offered(request.POST.get(SWITCH_FIELD))


def asked_language(request: HttpRequest) -> str | None:
    """The language this request asks for: ``?lang=``, or a form's ``switch_language`` button."""
    return offered(request.GET.get("lang")) or _switch_in_body(request)


def is_language_switch(request: HttpRequest) -> bool:
    """Whether this is a half-filled form sent by a language switcher button (nothing to save)."""
    return _switch_in_body(request) is not None


def without_language_switch(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A form's data without the switcher's field, for a step that must still be checked."""
    if SWITCH_FIELD not in data:
        return data
    copy = data.copy()  # type: ignore[attr-defined]
    copy.pop(SWITCH_FIELD, None)
    return copy  # type: ignore[no-any-return]


def _session_cookie_sent(request: HttpRequest) -> bool:
    # Only a browser holding a session cookie can be signed in; looking at the
    # session of anyone else would make every public page vary on the cookie.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(_session_cookie_sent(request) and user is not None and user.is_authenticated)


def _staff_language(request: HttpRequest) -> str:
    """The signed-in person's own language (their account page), kept in the session."""
    session = request.session
    if SESSION_KEY not in session:
        from cohesion.accounts.queries import language_preference

        session[SESSION_KEY] = language_preference(request.user)
    return offered(session.get(SESSION_KEY)) or _browser_language(request)


def _browser_language(request: HttpRequest) -> str:
    """The browser's own language (``Accept-Language``) if the council offers it, else the default.

    For a signed-in person who has not chosen one: their browser's setting is
    theirs, unlike the language cookie, which any page a resident opened in the
    same browser may have left.
    """
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return default_language()


def remember_staff_language(request: HttpRequest, code: str) -> None:
    """Keep a signed-in person's language for the rest of their session (set at sign-in)."""
    request.session[SESSION_KEY] = code


class LanguageMiddleware:
    """Decides each page's language: a one-off choice, a resident's cookie, or a person's own.

    Placed after ``AuthenticationMiddleware``; ``LocaleMiddleware`` before it has
    already chosen from the cookie and the browser's languages, restricted to the
    council's. See the module's docstring for the rules.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked = asked_language(request)
        signed_in = _signed_in(request)
        language = asked or (_staff_language(request) if signed_in else None)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if asked and not signed_in:
            remember_language(response, asked)
        elif signed_in:
            # A public page's choice is for that page only: nothing left for later pages.
            response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        if is_language_switch(request) and response.status_code == 400:
            # The view showed the form again because nothing was to be saved:
            # that is what was asked for, not a mistake.
            response.status_code = 200
        return response


def language_from_query(request: HttpRequest) -> str | None:
    """``?lang=pl`` switches the page's language (the middleware has done so already)."""
    lang = offered(request.GET.get("lang"))
    if lang:
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
    return lang


def remember_language(response: HttpResponse, lang: str | None) -> HttpResponse:
    """Keep the language a resident chose in the language cookie."""
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
    """The council's languages for a switcher: code, name in itself, and whether it is the current one."""
    current = translation.get_language() or default_language()
    return [
        {"code": code, "name": language_name(code), "current": current.split("-")[0] == code}
        for code in site_languages()
    ]


def switcher_links(request: HttpRequest) -> list[dict[str, Any]]:
    """:func:`language_choices`, each with the address of the same page in that language."""
    query = [
        (key, value) for key, values in request.GET.lists() for value in values if key != "lang"
    ]
    links = []
    for choice in language_choices():
        href = request.path + "?" + urlencode([*query, ("lang", choice["code"])])
        links.append({**choice, "href": href})
    return links
