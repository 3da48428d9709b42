"""The public side of grants: open rounds, the short application form, its confirmation, and the
totals of awards with small numbers suppressed.

The form works without JavaScript and on a phone, in every site language
(``?lang=pl`` chooses one and remembers it). It has two steps on one address:
the eligibility questions first (a plain message and nothing more if the
answers do not qualify), then the details, which carry the answers and the
form's submission key in hidden fields. The application is stored in one
transaction before the confirmation is shown; the confirmation has its own
address (post/redirect/get) and what it shows travels in a signed cookie, so
refreshing it keeps the reference and sending the form again stores nothing
twice (:func:`cohesion.programme.grants.submit_application`).
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cohesion.core.languages import (
    language_choices,
    language_from_query,
    remember_language,
    without_language_switch,
)
from cohesion.core.twins import Twin, render_twin
from cohesion.programme.grant_forms import ApplicationForm, EligibilityForm
from cohesion.programme.grants import ApplicationInput, public_grant_totals, submit_application
from cohesion.programme.models import GrantRound
from cohesion.programme.views.public import PUBLIC_CACHE, _council

logger = logging.getLogger(__name__)

SENT_COOKIE = "grant_applied"
SENT_SALT = "cohesion.programme.grant-applied"
TOTAL_COLUMNS = ["group", "awards", "awarded", "spend", "people_reached"]


def open_rounds() -> list[GrantRound]:
    today = timezone.localdate()
    return list(
        GrantRound.objects.filter(is_public=True, opens_on__lte=today, closes_on__gte=today)
        .select_related("stream")
        .order_by("closes_on", "title")
    )


def grants_index(request: HttpRequest) -> HttpResponse:
    """The public rounds open for applications now."""
    lang = language_from_query(request)
    page = render(
        request,
        "programme/grants/public_index.html",
        {"rounds": open_rounds(), "languages": language_choices()},
    )
    return remember_language(page, lang)


def _open_round(pk: int) -> GrantRound:
    grant_round = GrantRound.objects.filter(pk=pk, is_public=True).select_related("stream").first()
    if grant_round is None:
        raise Http404(_("No such grant round."))
    return grant_round


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form: eligibility questions, then the details."""
    lang = language_from_query(request)
    grant_round = _open_round(pk)
    context: dict[str, Any] = {"round": grant_round, "languages": language_choices()}
    if not grant_round.is_open():
        return remember_language(
            render(request, "programme/grants/apply_closed.html", context, status=200), lang
        )
    step = request.POST.get("step", "") if request.method == "POST" else ""
    # On the details step the eligibility answers travel in hidden fields: they are
    # checked even when a language switcher button sent the form (only the details
    # are shown again, as typed).
    eligibility_data = (
        request.POST if step == "eligibility" else without_language_switch(request.POST)
    )
    eligibility = EligibilityForm(
        eligibility_data if step else None, grant_round=grant_round, prefix="e"
    )
    if not step:
        return remember_language(
            render(
                request,
                "programme/grants/apply_eligibility.html",
                {**context, "form": eligibility},
            ),
            lang,
        )
    if not eligibility.is_valid():
        return render(
            request,
            "programme/grants/apply_eligibility.html",
            {**context, "form": eligibility},
            status=400,
        )
    from cohesion.programme.grants import ineligible_answers

    answers = eligibility.answers()
    failed = ineligible_answers(grant_round, answers)
    if failed:
        return render(
            request, "programme/grants/apply_ineligible.html", {**context, "failed": failed}
        )
    if step == "eligibility":
        form = ApplicationForm(
            grant_round=grant_round, initial={"submission": secrets.token_urlsafe(24)}
        )
        return _details_page(request, context, eligibility, form)
    form = ApplicationForm(request.POST, grant_round=grant_round)
    if not form.is_valid():
        return _details_page(request, context, eligibility, form, status=400)
    data = form.cleaned_data
    try:
        application, _created = submit_application(
            grant_round,
            ApplicationInput(
                organisation_name=data["organisation_name"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                ward_codes=tuple(data["wards"]),
                ward_names=tuple(form.ward_names[c] for c in data["wards"]),
                project_title=data["project_title"],
                summary=data["summary"],
                amount_requested=data["amount_requested"],
                eligibility_answers=answers,
                language=translation.get_language() or "",
            ),
            key=data.get("submission", ""),
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return _details_page(request, context, eligibility, form, status=400)
    except Exception:  # never a bare 500: the transaction saved nothing, so say so plainly
        logger.exception("A grant application could not be saved.")
        form.add_error(
            None,
            _(
                "Sorry, there is a problem with the service: your application was not saved. "
                "What you typed is still below; please try again in a few minutes."
            ),
        )
        return _details_page(request, context, eligibility, form, status=503)
    response = redirect("programme-grants-applied")
    response.set_signed_cookie(
        SENT_COOKIE,
        f"{application.reference}:{grant_round.pk}",
        salt=SENT_SALT,
        path=reverse("programme-grants-applied"),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _details_page(
    request: HttpRequest,
    context: dict[str, Any],
    eligibility: EligibilityForm,
    form: ApplicationForm,
    status: int = 200,
) -> HttpResponse:
    hidden = [
        (eligibility.add_prefix(name), value) for name, value in eligibility.cleaned_data.items()
    ]
    return render(
        request,
        "programme/grants/apply_details.html",
        {**context, "form": form, "answers": hidden},
        status=status,
    )


@never_cache
def applied(request: HttpRequest) -> HttpResponse:
    """The confirmation, with the application's reference."""
    lang = language_from_query(request)
    try:
        value = request.get_signed_cookie(SENT_COOKIE, salt=SENT_SALT)
    except (KeyError, signing.BadSignature):
        return redirect("programme-grants-index")
    reference, _sep, round_pk = (value or "").partition(":")
    grant_round = GrantRound.objects.filter(pk=round_pk or 0).first()
    page = render(
        request,
        "programme/grants/applied.html",
        {"reference": reference, "round": grant_round, "languages": language_choices()},
    )
    return remember_language(page, lang)


def totals_page(request: HttpRequest, council_code: str, fmt: str | None = None) -> HttpResponse:
    """What a council's grants have paid for, by stream and ward, with small numbers suppressed."""
    council = _council(council_code)
    result = public_grant_totals(council.code)
    rows = [{**row, "by": by} for by in ("stream", "ward") for row in result[f"{by}s"]] + [
        {**result["overall"], "by": "all"}
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/grants/public_totals.html",
            context={"council": council, "result": result},
            data={"council": council.code, **result},
            rows=rows,
            columns=["by", *TOTAL_COLUMNS],
            filename=f"grants-{council.code}",
            extra_headers=PUBLIC_CACHE,
        ),
    )
