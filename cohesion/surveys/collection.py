"""Collecting responses: online (page by page, resumable), entered by officers, or imported.

Every path ends in :func:`complete_response`, which checks the answers against the
wave's frozen questionnaire and saves the response complete in one transaction. A
response that has been accepted is never deleted or rewritten by the application.

Online, a resident gets a private resume link (``/surveys/answer/<token>/``). Only a
hash of its token is stored. Each page they submit is saved at once, so closing the
browser loses nothing; the link reopens the survey where they stopped until they send
it, and shows a "thank you" page afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.places.models import Area
from cohesion.surveys.choices import DemographicRole, ResponseMode, ResponseStatus
from cohesion.surveys.demographics import BREAKDOWN_ONLY_ROLES
from cohesion.surveys.models import Response, Wave
from cohesion.surveys.models.responses import hash_token, new_token
from cohesion.surveys.specs import QuestionSpec, pages_of, wave_questions

SUPPORTED_LANGUAGES = ("en", "cy", "pl", "ar")
# Online responses one address may start in an hour (a household, a library computer or
# a community centre helping residents stays well within it; a script does not).
ONLINE_STARTS_PER_HOUR = 30


class RateLimited(Exception):
    """Too many online responses have been started from one address in the last hour."""


class SurveyClosed(Exception):
    """The wave stopped taking online responses before this one was sent."""


def _still_open(response: Response) -> None:
    """Raise :class:`SurveyClosed` unless the wave is still taking online responses (read afresh)."""
    if not Wave.objects.filter(pk=response.wave_id, accepting_online=True).exists():
        raise SurveyClosed()


class ResponseError(ValueError):
    """Answers that cannot be accepted; ``errors`` maps question codes to messages."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def clean_answers(
    questions: Sequence[QuestionSpec], answers: Mapping[str, Any], *, require: bool
) -> dict[str, str]:
    """Keep the answers to these questions that are valid codes; raise for invalid or missing ones.

    With ``require``, a required question left blank is an error.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in questions:
        value = answers.get(question.code)
        if value in (None, ""):
            if require and question.required:
                errors[question.code] = _("Answer this question: %(wording)s") % {
                    "wording": question.wording_in()
                }
            continue
        if question.option(str(value)) is None:
            errors[question.code] = _("Choose one of the answers given for: %(wording)s") % {
                "wording": question.wording_in()
            }
            continue
        cleaned[question.code] = str(value)
    if errors:
        raise ResponseError(errors)
    return cleaned


def apply_demographics(
    response: Response, questions: Sequence[QuestionSpec], wards: Mapping[str, Area]
) -> None:
    """Copy the demographic answers into their own columns (for weighting and breakdowns)."""
    for question in questions:
        if not question.demographic_role:
            continue
        value = response.answers.get(question.code, "")
        if question.demographic_role == DemographicRole.WARD:
            response.ward = wards.get(value) if value else None
        elif question.demographic_role in BREAKDOWN_ONLY_ROLES:
            continue  # read from the answers for breakdowns; no column of its own
        else:
            setattr(response, question.demographic_role, value or "")


def _wards(wave: Wave) -> dict[str, Area]:
    return {w.code: w for w in wave.wards()}


# Online ---------------------------------------------------------------------------------


def start_online(wave: Wave, language: str = "en", started_from: str = "") -> tuple[Response, str]:
    """A new online response and the token of its private resume link.

    ``started_from`` is a keyed hash of the caller's address (never the address itself);
    :class:`RateLimited` is raised when it has started too many in the last hour.
    """
    if not wave.accepting_online:
        raise Http404("This survey is not taking responses online.")
    if started_from:
        recent = Response.objects.filter(
            started_from=started_from, started_at__gte=timezone.now() - dt.timedelta(hours=1)
        ).order_by()[ONLINE_STARTS_PER_HOUR - 1 : ONLINE_STARTS_PER_HOUR]
        if recent.exists():
            raise RateLimited(
                _(
                    "Many surveys have been started from here in the last hour. Please try again later."
                )
            )
    token = new_token()
    response = Response.objects.create(
        wave=wave,
        mode=ResponseMode.ONLINE,
        token_hash=hash_token(token),
        language=language if language in SUPPORTED_LANGUAGES else "en",
        started_from=started_from[:32],
    )
    return response, token


def response_for_token(token: str) -> Response:
    """The online response with this resume link (404 for an unknown link)."""
    response = (
        Response.objects.select_related("wave", "wave__survey", "wave__survey__council")
        .filter(token_hash=hash_token(token), mode=ResponseMode.ONLINE)
        .first()
    )
    if response is None:
        raise Http404("This link is not recognised.")
    return response


def save_page(
    response: Response,
    number: int,
    page_questions: Sequence[QuestionSpec],
    answers: Mapping[str, Any],
) -> None:
    """Save page ``number`` (1-based) of the online form; required questions on it must be answered."""
    cleaned = clean_answers(page_questions, answers, require=True)
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_complete:
            raise ResponseError({"__all__": _("These answers have already been sent.")})
        if locked.mode == ResponseMode.ONLINE:
            _still_open(locked)
        for question in page_questions:
            locked.answers.pop(question.code, None)
        locked.answers.update(cleaned)
        questions = wave_questions(locked.wave)
        apply_demographics(locked, questions, _wards(locked.wave))
        locked.page = max(locked.page, number + 1)
        locked.save()
    response.refresh_from_db()


def save_interpreter_language(response: Response, language: str) -> None:
    """Save the answer to the optional last step: the interpreter language asked for, or "".

    The form has checked ``language`` already; like a page, it is saved at once, and
    refused once the answers have been sent or the wave has closed.
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_complete:
            raise ResponseError({"__all__": _("These answers have already been sent.")})
        _still_open(locked)
        locked.interpreter_language = language.strip()[:60]
        locked.save(update_fields=["interpreter_language", "updated_at"])
    response.refresh_from_db()


def submit_online(response: Response, comment: str | None = None) -> Response:
    """Send an online response: every required question must have been answered.

    ``comment`` (already checked by the comment form) is saved with the response, in
    the same transaction: if the answers cannot be sent, the comment is not saved either.
    """
    questions = wave_questions(response.wave)
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_complete:
            return locked
        _still_open(locked)
        if comment is not None and locked.wave.asks_comment:
            locked.comment = comment
        return complete_response(locked, questions, locked.answers)


# Officers --------------------------------------------------------------------------------


def record_response(
    wave: Wave,
    answers: Mapping[str, Any],
    *,
    mode: str,
    entered_by: Any = None,
    respondent_ref: str = "",
    import_batch: Any = None,
    comment: str = "",
) -> Response:
    """Save a complete response entered by an officer (paper, door-step, telephone, import).

    ``comment`` is what the resident wrote in the comment box, already checked by the form.
    """
    if mode == ResponseMode.ONLINE:
        raise ValueError("Online responses are collected through the online form.")
    response = Response(
        wave=wave,
        mode=mode,
        entered_by=entered_by if getattr(entered_by, "is_authenticated", False) else None,
        respondent_ref=respondent_ref.strip(),
        import_batch=import_batch,
        comment=comment if wave.asks_comment else "",
    )
    with transaction.atomic():
        return complete_response(response, wave_questions(wave), answers)


def complete_response(
    response: Response, questions: Sequence[QuestionSpec], answers: Mapping[str, Any]
) -> Response:
    """Check every answer and save the response as complete (inside the caller's transaction)."""
    response.answers = clean_answers(questions, answers, require=True)
    apply_demographics(response, questions, _wards(response.wave))
    response.status = ResponseStatus.COMPLETE
    response.submitted_at = timezone.now()
    response.save()
    return response


def resume_page(response: Response) -> int | None:
    """The page to carry on from (the one after the last page sent), or None when every page is done."""
    pages = pages_of(wave_questions(response.wave))
    if response.page > len(pages):
        return None
    return max(response.page, 1)
