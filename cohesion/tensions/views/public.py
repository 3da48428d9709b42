"""The public report form at /report/ (an address people and partners rely on: DESIGN.md).

Anyone may report, anonymously if they wish, in English, Welsh, Polish or Arabic,
on a phone, without JavaScript. The view commits the report before it
answers, shows the same reference for a repeated submission, and never
answers with a bare error page.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cohesion.audit.context import client_ip, hash_identifier
from cohesion.core.languages import language_choices, language_from_query, remember_language
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.tensions.choices import Category, Channel
from cohesion.tensions.crypto import ContactKeyError
from cohesion.tensions.forms.public import PublicReportForm
from cohesion.tensions.intake import (
    IntakeError,
    PlaceError,
    RateLimited,
    submit_report,
    ward_directory,
)
from cohesion.tensions.models import Report

logger = logging.getLogger(__name__)

# A report form holds a few kilobytes of text; anything far larger is not a report.
# Generous enough that a description pasted well over its limit (in any script,
# percent-encoded) reaches the form, which refuses it and keeps what was typed.
MAX_BODY_BYTES = 256 * 1024


def _form_page(
    request: HttpRequest, form: PublicReportForm, status: int = 200, problem: str = ""
) -> HttpResponse:
    return render(
        request,
        "tensions/public/report_form.html",
        {
            "form": form,
            "problem": problem,
            "languages": language_choices(),
            "map_url": "tensions-public-areas",
        },
        status=status,
    )


def _problem(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "tensions/public/report_problem.html",
        {"title": title, "message": message, "languages": language_choices()},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def public_report(request: HttpRequest) -> HttpResponse:
    lang = language_from_query(request)
    if request.method != "POST":
        form = PublicReportForm(initial={"submission": secrets.token_urlsafe(24)})
        return remember_language(_form_page(request, form), lang)

    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return _report_too_large(request)
    form = PublicReportForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        result = submit_report(
            form.to_input(channel=Channel.PUBLIC_ONLINE, language=translation.get_language() or ""),
            idempotency_key=form.cleaned_data.get("submission", ""),
            submitter_hash=hash_identifier(client_ip(request)),
        )
    except RateLimited:
        form.add_error(
            None,
            _(
                "Too many reports have been sent from this connection in the last hour, "
                "so this report has not been sent yet. What you typed is still below: "
                "try again later, or report it another way: call the police on 101, "
                "report a hate crime online at www.report-it.org.uk (True Vision), "
                "or ask a hate crime reporting centre near you to report it for you."
            ),
        )
        return _form_page(request, form, status=429)
    except PlaceError as exc:
        form.add_error("area", str(exc))
        return _form_page(request, form, status=400)
    except IntakeError as exc:
        form.add_error(None, str(exc))
        return _form_page(request, form, status=400)
    except ContactKeyError:
        logger.exception("A report with contact details was refused: the contact key is missing.")
        form.add_error(
            None,
            _(
                "We cannot store contact details at the moment, so your report was not saved. "
                "You can send it without contact details, or call the police on 101."
            ),
        )
        return _form_page(request, form, status=503)
    except Exception:  # never a bare 500: the transaction saved nothing, so say so plainly
        logger.exception("A public report could not be saved.")
        return _problem(
            request,
            _("Sorry, there is a problem with the service"),
            _(
                "Your report was not saved. Please try again in a few minutes, or call the police on 101."
            ),
            503,
        )
    # Post/redirect/get: the confirmation has its own address, so refreshing it,
    # going back to it or switching its language keeps the reference. What it
    # shows travels in a signed cookie, not the session, so sending a report
    # writes nothing but the report itself.
    response = redirect("tensions-public-report-sent")
    _remember_sent(response, result.report, result.reachable, not form.contact_given())
    return response


def _report_csrf_failure(request: HttpRequest) -> HttpResponse:
    """The form again, with what was typed and a fresh security token, when the token had expired.

    Not validated: nothing is saved and the person only has to send it again.
    The same submission key is kept, so a report that did get through is
    recognised as a repeat.
    """
    posted = request.POST
    form = PublicReportForm()
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name == "occurred_on":
            initial[name] = [posted.get(f"{name}_{i}", "") for i in range(3)]
        elif isinstance(field.widget, forms.CheckboxSelectMultiple):
            initial[name] = posted.getlist(name)
        elif name in posted:
            initial[name] = posted.get(name)
    initial.pop("website", None)
    if not initial.get("submission"):
        initial["submission"] = secrets.token_urlsafe(24)
    return _form_page(
        request,
        PublicReportForm(initial=initial),
        status=403,
        problem=_(
            "Your report has not been sent yet, because the page had been open too long or "
            "your browser blocked a security check. What you typed is below: check it and "
            "send it again."
        ),
    )


def _report_too_large(request: HttpRequest) -> HttpResponse:
    return _problem(
        request,
        _("Your report is too long"),
        _("Your report is too long to send. Shorten what happened and try again."),
        413,
    )


# Friendly answers for failures Django meets before this view runs (see cohesion.core.views).
public_report.csrf_failure = _report_csrf_failure  # type: ignore[attr-defined]
public_report.request_too_large = _report_too_large  # type: ignore[attr-defined]


SENT_COOKIE = "cohesion_report_sent"
SENT_COOKIE_SALT = "cohesion.tensions.report-sent"
# The confirmation can be shown again until the browser closes, and for no longer
# than a signed-in session lasts.
SENT_COOKIE_MAX_AGE = settings.SESSION_COOKIE_AGE


def _remember_sent(
    response: HttpResponse, report: Report, reachable: bool, anonymous: bool
) -> None:
    """Sign what the confirmation shows into a cookie for this browser (no server-side state).

    Flags: ``h`` a hate incident; ``c`` an email address or phone number is
    held, so contact can be promised; ``n`` some details were given (a name,
    say) but no way to make contact. Then the council the report was made to,
    whose local support services the page lists.
    """
    flags = (
        ("h" if report.category == Category.HATE_INCIDENT else "")
        + ("c" if reachable else "")
        + ("n" if not reachable and not anonymous else "")
    )
    response.set_signed_cookie(
        SENT_COOKIE,
        f"{report.reference}:{flags}:{report.council_code}",
        salt=SENT_COOKIE_SALT,
        path=reverse("tensions-public-report-sent"),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


# The confirmation differs between visitors only in its reference, its two
# flags and its language. For a visitor who is not signed in and has no
# pending messages, each variant is rendered once per process with a marker
# where the reference goes; the reference (from our own signed cookie, and
# checked against the reference format) is then put in place of the marker.
_REFERENCE_MARKER = "REFERENCE-SLOT-7f3a9c"
_REFERENCE_FORMAT = re.compile(r"CHN-[0-9A-Z]{4}-[0-9A-Z]{4}")
_sent_pages: dict[tuple[str, bool, bool, bool, str], str] = {}
_sent_pages_lock = threading.Lock()


def forget_confirmation_pages() -> None:
    """Render the report confirmation afresh: what it shows has changed.

    Apps whose content the page lists (the directory's local support services)
    call this when that content changes; tensions knows nothing of them.
    """
    with _sent_pages_lock:
        _sent_pages.clear()


@receiver(setting_changed)
def _forget_sent_pages(**_kwargs: Any) -> None:
    """A changed setting (the service's name, say) may change the page."""
    forget_confirmation_pages()


def _render_sent(
    request: HttpRequest,
    reference: str,
    is_hate_incident: bool,
    has_contact: bool,
    anonymous: bool = True,
    council_code: str = "",
) -> HttpResponse:
    context = {
        "reference": reference,
        "is_hate_incident": is_hate_incident,
        "has_contact": has_contact,
        "anonymous": anonymous,
        "council_code": council_code,
        "languages": language_choices(),
    }
    return render(request, "tensions/public/report_sent.html", context)


def _sent_page(
    request: HttpRequest,
    reference: str,
    is_hate_incident: bool,
    has_contact: bool,
    anonymous: bool = True,
    council_code: str = "",
) -> HttpResponse:
    shareable = (
        not settings.DEBUG
        and _REFERENCE_FORMAT.fullmatch(reference) is not None
        and not request.user.is_authenticated
        and not get_messages(request)
    )
    if not shareable:
        return _render_sent(
            request, reference, is_hate_incident, has_contact, anonymous, council_code
        )
    key = (
        translation.get_language() or "",
        is_hate_incident,
        has_contact,
        anonymous,
        council_code,
    )
    with _sent_pages_lock:
        page = _sent_pages.get(key)
    if page is None:
        template = _render_sent(
            request, _REFERENCE_MARKER, is_hate_incident, has_contact, anonymous, council_code
        )
        page = template.content.decode()
        with _sent_pages_lock:
            _sent_pages[key] = page
    return HttpResponse(page.replace(_REFERENCE_MARKER, reference))


@never_cache
@require_http_methods(["GET"])
def public_report_sent(request: HttpRequest) -> HttpResponse:
    """The confirmation for the report this browser last sent (its reference comes from a signed cookie)."""
    lang = language_from_query(request)
    sent = (
        request.get_signed_cookie(
            SENT_COOKIE, default="", salt=SENT_COOKIE_SALT, max_age=SENT_COOKIE_MAX_AGE
        )
        or ""
    )
    reference, _sep, rest = sent.partition(":")
    if not reference:
        return redirect("tensions-public-report")
    flags, has_council, council_code = rest.partition(":")
    if not has_council:
        # Sent before the council was kept in the cookie: the report says which council.
        council_code = (
            Report.objects.filter(reference=reference)
            .values_list("council_code", flat=True)
            .first()
            or ""
        )
    anonymous = "c" not in flags and "n" not in flags
    response = _sent_page(request, reference, "h" in flags, "c" in flags, anonymous, council_code)
    return remember_language(response, lang)


# ---------------------------------------------------------------------------
# The map's ward polygons
# ---------------------------------------------------------------------------

_areas_lock = threading.Lock()
_areas_cache: list[tuple[object, bytes]] = []  # (the ward list it was built from, GeoJSON)


def _round_coordinates(value: Any, places: int = 5) -> Any:
    if isinstance(value, float):
        return round(value, places)
    if isinstance(value, list):
        return [_round_coordinates(v, places) for v in value]
    return value


def _areas_geojson() -> bytes:
    directory = ward_directory()
    with _areas_lock:
        if _areas_cache and _areas_cache[0][0] is directory:
            return _areas_cache[0][1]
    features = []
    rows = (
        Area.objects.current(Level.WARD)
        .filter(code__in=list(directory.wards))
        .exclude(boundary="")
        .values_list("code", "boundary")
    )
    for code, boundary in rows:
        geometry = json.loads(boundary)
        geometry["coordinates"] = _round_coordinates(geometry.get("coordinates", []))
        info = directory.wards[code]
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": geometry,
                "properties": {
                    "code": code,
                    "name": info.name,
                    "council": info.council_name,
                    "council_code": info.council_code,
                },
            }
        )
    body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    with _areas_lock:
        _areas_cache[:] = [(directory, body)]
    return body


@require_http_methods(["GET"])
def public_areas(request: HttpRequest) -> HttpResponse:
    """The wards the form offers, as GeoJSON for the map (public reference data)."""
    response = HttpResponse(_areas_geojson(), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response
