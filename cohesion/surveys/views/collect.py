"""Collecting responses: the public online questionnaire, officer entry and imports.

The online questionnaire follows the GOV.UK "question pages" pattern: a start page, one
topic (one to three questions) per page, a "check your answers" page and a confirmation
page. It needs no JavaScript. Each page is saved when it is submitted; the private link
shown on every page lets the resident come back later. Pages are shown in the language
the resident chose (English, Polski or العربية), kept with the response.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohesion.accounts.permissions import get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.context import actor_from_request
from cohesion.audit.log import record, record_view
from cohesion.core.languages import asked_language
from cohesion.surveys.choices import ImportStatus, Topic
from cohesion.surveys.collection import (
    SUPPORTED_LANGUAGES,
    RateLimited,
    ResponseError,
    SurveyClosed,
    record_response,
    response_for_token,
    resume_page,
    save_interpreter_language,
    save_page,
    start_online,
    submit_online,
)
from cohesion.surveys.forms import (
    AnswerPageForm,
    ImportMappingForm,
    ImportUploadForm,
    ResponseEntryForm,
)
from cohesion.surveys.importing import ImportFileError, check_batch, import_batch, start_batch
from cohesion.surveys.models import ImportBatch, Response, Wave
from cohesion.surveys.permissions import MANAGE
from cohesion.surveys.public_forms import COMMENT_PROMPT, CommentForm, InterpreterStepForm
from cohesion.surveys.specs import pages_of, wave_questions

LANGUAGE_NAMES = (("en", "English"), ("cy", "Cymraeg"), ("pl", "Polski"), ("ar", "العربية"))
HONEYPOT = "website"


def _language(request: HttpRequest, fallback: str = "en") -> str:
    asked = asked_language(request)
    return asked if asked in SUPPORTED_LANGUAGES else fallback


def _open_wave(code: str) -> Wave:
    wave = get_object_or_404(
        Wave.objects.select_related("survey", "survey__council"), public_code=code
    )
    if not wave.accepting_online:
        raise Http404("This survey is not taking responses online.")
    return wave


def _render(
    request: HttpRequest, language: str, template: str, context: dict[str, Any]
) -> HttpResponse:
    with translation.override(language):
        response = render(
            request, template, {**context, "languages": LANGUAGE_NAMES, "language": language}
        )
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


# The public questionnaire ---------------------------------------------------------------------


def _typed(questions: Any, answers: Any, language: str) -> list[dict[str, str]]:
    """The answers a person gave to ``questions``, in words, to show them back."""
    shown = []
    with translation.override(language):
        for question in questions:
            code = answers.get(question.code) if answers else None
            option = question.option(code) if code else None
            if option is not None:
                shown.append(
                    {"question": question.wording_in(language), "answer": option.label(language)}
                )
    return shown


def _closed(
    request: HttpRequest, response: Response, language: str, typed: list[dict[str, str]]
) -> HttpResponse:
    """The survey stopped taking answers before this person sent theirs: say so, and show what they gave."""
    page = _render(
        request,
        language,
        "surveys/take/closed.html",
        {"wave": response.wave, "survey": response.wave.survey, "typed": typed},
    )
    page.status_code = 410
    return page


@never_cache
def take_start(request: HttpRequest, code: str) -> HttpResponse:
    """The start page; "Start now" creates the response and its private link."""
    wave = _open_wave(code)
    language = _language(request)
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            return HttpResponseBadRequest("Not accepted.")
        language = request.POST.get("language", "en")
        if language not in SUPPORTED_LANGUAGES:
            language = "en"
        try:
            _response, token = start_online(wave, language, actor_from_request(request).ip_hash)
        except RateLimited as error:
            response = _render(
                request,
                language,
                "surveys/take/busy.html",
                {"wave": wave, "survey": wave.survey, "message": str(error)},
            )
            response.status_code = 429
            return response
        return redirect("surveys-answer-page", token, 1)
    pages = pages_of(wave_questions(wave))
    return _render(
        request,
        language,
        "surveys/take/start.html",
        {"wave": wave, "survey": wave.survey, "page_count": len(pages), "honeypot": HONEYPOT},
    )


@never_cache
def answer_resume(request: HttpRequest, token: str) -> HttpResponse:
    response = response_for_token(token)
    if response.is_complete:
        return redirect("surveys-answer-done", token)
    page = resume_page(response)
    if page is None:
        return redirect("surveys-answer-check", token)
    return redirect("surveys-answer-page", token, page)


def _language_for(request: HttpRequest, response: Response) -> str:
    asked = asked_language(request)  # ?lang=, or the switcher button on a half-filled page
    if asked in SUPPORTED_LANGUAGES and asked != response.language:
        response.language = asked
        response.save(update_fields=["language", "updated_at"])
    return response.language


@never_cache
def answer_page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    response = response_for_token(token)
    if response.is_complete:
        return redirect("surveys-answer-done", token)
    language = _language_for(request, response)
    pages = pages_of(wave_questions(response.wave))
    if not 1 <= number <= len(pages):
        raise Http404("No such page.")
    questions = pages[number - 1]
    if not response.wave.accepting_online:
        return _closed(request, response, language, _typed(questions, request.POST, language))
    with translation.override(language):
        form = AnswerPageForm(
            request.POST or None,
            questions=questions,
            language=language,
            initial={q.code: response.answers.get(q.code) for q in questions},
        )
        if request.method == "POST" and form.is_valid():
            try:
                save_page(response, number, questions, form.cleaned_data)
            except SurveyClosed:
                return _closed(
                    request, response, language, _typed(questions, request.POST, language)
                )
            except ResponseError as error:
                for code, message in error.errors.items():
                    form.add_error(code if code in form.fields else None, message)
            else:
                if "save_and_leave" in request.POST:
                    return redirect("surveys-answer-saved", token)
                if number < len(pages):
                    return redirect("surveys-answer-page", token, number + 1)
                if response.wave.ask_interpreter:
                    return redirect("surveys-answer-interpreter", token)
                return redirect("surveys-answer-check", token)
    return _render(
        request,
        language,
        "surveys/take/page.html",
        {
            "wave": response.wave,
            "survey": response.wave.survey,
            "form": form,
            "number": number,
            "page_count": len(pages),
            "token": token,
            "topic_label": Topic(questions[0].topic).label,
            "single": len(questions) == 1,
            "back_url": reverse("surveys-answer-page", args=[token, number - 1])
            if number > 1
            else None,
            "resume_url": request.build_absolute_uri(
                reverse("surveys-answer-resume", args=[token])
            ),
        },
    )


@never_cache
def answer_interpreter(request: HttpRequest, token: str) -> HttpResponse:
    """The optional last step: "Would you like help from an interpreter to take part? Which language?"

    Only on waves that ask it. The answer is kept with the response (anonymous, like the
    rest of it) and counted by language on the wave's page, so that officers can book
    interpreters for interviews; nobody is contacted. Ticking the box without a language,
    or writing something that is not one, is refused with a message and nothing saved.
    """
    response = response_for_token(token)
    if response.is_complete:
        return redirect("surveys-answer-done", token)
    if not response.wave.ask_interpreter:
        raise Http404("This survey does not ask about interpreters.")
    language = _language_for(request, response)
    if not response.wave.accepting_online:
        return _closed(request, response, language, [])
    pages = pages_of(wave_questions(response.wave))
    asked = response.interpreter_language
    with translation.override(language):
        form = InterpreterStepForm(
            request.POST or None,
            initial={"needs_interpreter": bool(asked), "interpreter_language": asked},
        )
        if request.method == "POST" and form.is_valid():
            try:
                save_interpreter_language(response, form.interpreter_asked_for())
            except SurveyClosed:
                return _closed(request, response, language, [])
            except ResponseError:
                return redirect("surveys-answer-done", token)
            if "save_and_leave" in request.POST:
                return redirect("surveys-answer-saved", token)
            return redirect("surveys-answer-check", token)
    return _render(
        request,
        language,
        "surveys/take/interpreter.html",
        {
            "wave": response.wave,
            "survey": response.wave.survey,
            "form": form,
            "token": token,
            "back_url": reverse("surveys-answer-page", args=[token, len(pages)]) if pages else None,
            "resume_url": request.build_absolute_uri(
                reverse("surveys-answer-resume", args=[token])
            ),
        },
    )


@never_cache
def answer_saved(request: HttpRequest, token: str) -> HttpResponse:
    response = response_for_token(token)
    if response.is_complete:
        # Sent: nothing is saved for later any more, and a sent response is not rewritten
        # (not even the language it was answered in, which ``?lang=`` would change).
        return redirect("surveys-answer-done", token)
    language = _language_for(request, response)
    return _render(
        request,
        language,
        "surveys/take/saved.html",
        {
            "wave": response.wave,
            "survey": response.wave.survey,
            "token": token,
            "resume_url": request.build_absolute_uri(
                reverse("surveys-answer-resume", args=[token])
            ),
        },
    )


@never_cache
def answer_check(request: HttpRequest, token: str) -> HttpResponse:
    response = response_for_token(token)
    if response.is_complete:
        return redirect("surveys-answer-done", token)
    language = _language_for(request, response)
    questions = wave_questions(response.wave)
    pages = pages_of(questions)
    problems = []
    with translation.override(language):
        # The comment box, when the wave asks for one: checked before anything is sent, so a
        # comment that is too long is a message to fix and the answers stay unsent, not lost.
        comment_form = (
            CommentForm(request.POST if request.method == "POST" else None)
            if response.wave.asks_comment
            else None
        )
        comment_ok = comment_form is None or comment_form.is_valid()
    if (request.method == "POST" and comment_ok) or not response.wave.accepting_online:
        try:
            if not response.wave.accepting_online:
                raise SurveyClosed()
            submit_online(response, comment_form.cleaned_data["comment"] if comment_form else None)
        except SurveyClosed:
            typed = _typed(questions, response.answers, language)
            if comment_form is not None and comment_form.is_bound:
                with translation.override(language):
                    typed.append(
                        {
                            "question": str(COMMENT_PROMPT),
                            "answer": str(comment_form.data.get("comment", "")),
                        }
                    )
            return _closed(request, response, language, typed)
        except ResponseError as error:
            problems = list(error.errors.values())
        else:
            return redirect("surveys-answer-done", token)
    with translation.override(language):
        summary = []
        for number, page in enumerate(pages, start=1):
            for q in page:
                code = response.answers.get(q.code)
                option = q.option(code) if code else None
                summary.append(
                    {
                        "question": q.wording_in(language),
                        "answer": option.label(language) if option else "",
                        "page": number,
                        "code": q.code,
                        "required": q.required,
                    }
                )
    return _render(
        request,
        language,
        "surveys/take/check.html",
        {
            "wave": response.wave,
            "survey": response.wave.survey,
            "summary": summary,
            "ask_interpreter": response.wave.ask_interpreter,
            "interpreter_language": response.interpreter_language,
            "token": token,
            "problems": problems,
            "comment_form": comment_form,
        },
    )


@never_cache
def answer_done(request: HttpRequest, token: str) -> HttpResponse:
    response = response_for_token(token)
    if not response.is_complete:
        return redirect("surveys-answer-resume", token)
    return _render(
        request,
        response.language,
        "surveys/take/done.html",
        {"wave": response.wave, "survey": response.wave.survey},
    )


# Officers: responses on paper or at the door ------------------------------------------------


@login_required
def response_create(request: HttpRequest, wave_pk: int) -> HttpResponse:
    wave = get_for_user(Wave.objects.select_related("survey"), request.user, MANAGE, pk=wave_pk)
    questions = wave_questions(wave)
    form = ResponseEntryForm(request.POST or None, questions=questions, wave=wave)
    if request.method == "POST" and form.is_valid():
        answers = {q.code: form.cleaned_data.get(q.code) for q in questions}
        try:
            response = record_response(
                wave,
                answers,
                mode=form.cleaned_data["mode"],
                entered_by=request.user,
                respondent_ref=form.cleaned_data["respondent_ref"],
                comment=form.cleaned_data.get("comment") or "",
            )
        except ResponseError as error:
            for code, message in error.errors.items():
                form.add_error(code if code in form.fields else None, message)
        else:
            record(AuditAction.CREATE, response, object_repr=f"Response {response.pk} to {wave}")
            messages.success(request, _("Response saved. Enter the next one."))
            return redirect("surveys-response-create", wave.pk)
    return render(
        request,
        "surveys/response_form.html",
        {"wave": wave, "survey": wave.survey, "form": form},
    )


# Officers: imports -------------------------------------------------------------------------------


@login_required
def import_create(request: HttpRequest, wave_pk: int) -> HttpResponse:
    wave = get_for_user(Wave.objects.select_related("survey"), request.user, MANAGE, pk=wave_pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = start_batch(
                wave, upload.name, upload.read(), mode=form.cleaned_data["mode"], user=request.user
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            record(AuditAction.CREATE, batch)
            return redirect(batch)
    # A POST that reaches here was refused: the form is shown again with its errors.
    return render(
        request,
        "surveys/import_form.html",
        {"wave": wave, "survey": wave.survey, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Match columns to questions, see every problem, and import when there are none."""
    batch = get_for_user(
        ImportBatch.objects.select_related("wave", "wave__survey"), request.user, MANAGE, pk=pk
    )
    record_view(request.user, batch)
    wave = batch.wave
    questions = wave_questions(wave)
    initial = {f"column_{i}": batch.mapping.get(c, "") for i, c in enumerate(batch.columns)}
    form = ImportMappingForm(
        request.POST or None, columns=batch.columns, questions=questions, initial=initial
    )
    if request.method == "POST" and batch.status != ImportStatus.IMPORTED:
        if "import" in request.POST:
            count = import_batch(batch, request.user)
            if count:
                record(AuditAction.CREATE, batch, changes={"imported": count})
                messages.success(request, _("Imported %(count)s responses.") % {"count": count})
                return redirect(wave)
            messages.error(request, _("Nothing was imported: the file has problems to fix first."))
            return redirect(batch)
        if form.is_valid():
            batch.mapping = form.mapping()
            batch.save(update_fields=["mapping"])
            try:
                check_batch(batch)
            except ImportFileError as error:
                messages.error(request, str(error))
            return redirect(batch)
    problems = batch.problems or []
    return render(
        request,
        "surveys/import_detail.html",
        {
            "batch": batch,
            "wave": wave,
            "survey": wave.survey,
            "form": form,
            "problems": problems,
            "problem_rows": len({p["row"] for p in problems if p["row"]}),
            "ready": batch.status == ImportStatus.READY,
            "imported": batch.status == ImportStatus.IMPORTED,
        },
    )


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_for_user(ImportBatch.objects.select_related("wave"), request.user, MANAGE, pk=pk)
    wave = batch.wave
    if batch.status != ImportStatus.IMPORTED:
        record(AuditAction.DELETE, batch)
        batch.delete()
        messages.success(request, _("The uploaded file was discarded; nothing was imported."))
    return redirect(wave)
