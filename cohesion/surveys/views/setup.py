"""Setting surveys up: the question bank, questionnaires and versions, surveys and waves."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.accounts.permissions import get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.core.params import text_param
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.surveys.choices import ResponseStatus, WeightingStatus
from cohesion.surveys.demographics import required_demographic_codes
from cohesion.surveys.estimates import apply_disclosure_control
from cohesion.surveys.forms import (
    QuestionForm,
    QuestionnaireForm,
    SurveyForm,
    VersionItemsForm,
    WaveForm,
)
from cohesion.surveys.interpreters import interpreter_help
from cohesion.surveys.models import (
    AnswerScale,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Survey,
    Wave,
)
from cohesion.surveys.models.questions import FrozenError
from cohesion.surveys.permissions import CHANGE, MANAGE, VIEW, survey_scope
from cohesion.surveys.setup import model_questionnaire
from cohesion.surveys.specs import wave_questions
from cohesion.surveys.weighting import weight_wave


def _manageable_councils(user: Any) -> list[Area]:
    scope = survey_scope(user).manage
    councils = Area.objects.current(Level.COUNCIL).order_by("name")
    if scope.everywhere:
        return list(councils)
    return list(councils.filter(code__in=list(scope.councils)))


def _require_some_scope(user: Any) -> None:
    scope = survey_scope(user).view
    if not (scope.everywhere or scope.councils or scope.wards):
        from django.http import Http404

        raise Http404("No surveys here.")


# Surveys ----------------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    _require_some_scope(request.user)
    surveys = list(
        Survey.objects.restrict(request.user, VIEW)
        .select_related("council")
        .prefetch_related("waves")
    )
    rows = [
        {
            "id": s.pk,
            "title": s.title,
            "council_code": s.council.code,
            "council": s.council.name,
            "waves": len(s.waves.all()),
            "synthetic": s.is_synthetic,
            "url": request.build_absolute_uri(s.get_absolute_url()),
        }
        for s in surveys
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/survey_list.html",
            context={"surveys": surveys, "can_create": bool(_manageable_councils(request.user))},
            data={"surveys": rows},
            rows=rows,
            filename="surveys",
        ),
    )


@login_required
def survey_create(request: HttpRequest) -> HttpResponse:
    councils = _manageable_councils(request.user)
    if not councils:
        _require_some_scope(request.user)
        raise PermissionDenied("You may not create surveys.")
    questionnaires = (
        Questionnaire.objects.restrict(request.user, CHANGE)
        .filter(versions__status="published")
        .distinct()
    )
    form = SurveyForm(request.POST or None, councils=councils, questionnaires=questionnaires)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            survey = form.save(commit=False)
            if survey.questionnaire_id is None:
                survey.questionnaire = model_questionnaire(survey.council, user=request.user)
            survey.created_by = request.user
            survey.save()
            record(AuditAction.CREATE, survey)
        messages.success(request, _("Survey created. Add its first wave."))
        return redirect(survey)
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "survey": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def survey_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    survey = get_for_user(
        Survey.objects.select_related("council", "questionnaire"), request.user, VIEW, pk=pk
    )
    waves = list(survey.waves.order_by("period_start").prefetch_related("target_wards"))
    counts = Counter(
        survey.waves.filter(responses__status=ResponseStatus.COMPLETE).values_list("pk", flat=True)
    )
    can_manage = Survey.objects.restrict(request.user, MANAGE).filter(pk=survey.pk).exists()
    rows = [
        {
            "id": w.pk,
            "name": w.name,
            "period_start": w.period_start,
            "period_end": w.period_end,
            "wards": len(w.target_wards.all()),
            "target_sample": w.target_sample,
            "responses": counts.get(w.pk, 0),
            "weighting": w.weighting_status,
            "questionnaire_version": w.questionnaire_version.number,
        }
        for w in waves
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/survey_detail.html",
            context={"survey": survey, "waves": waves, "rows": rows, "can_manage": can_manage},
            data={
                "id": survey.pk,
                "title": survey.title,
                "council": {"code": survey.council.code, "name": survey.council.name},
                "synthetic": survey.is_synthetic,
                "questionnaire": survey.questionnaire.name,
                "weight_by": survey.weight_by,
                "suppression_threshold": survey.threshold,
                "waves": rows,
            },
            rows=rows,
            filename=f"survey-{survey.pk}",
        ),
    )


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_for_user(Survey.objects.all(), request.user, CHANGE, pk=pk)
    questionnaires = Questionnaire.objects.filter(owner=survey.council)
    form = SurveyForm(
        request.POST or None,
        instance=survey,
        councils=[survey.council],
        questionnaires=questionnaires,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            survey = form.save(commit=False)
            if survey.questionnaire_id is None:
                survey.questionnaire = model_questionnaire(survey.council, user=request.user)
            survey.save()
            if "suppression_threshold" in form.changed_data:
                # Which figures are hidden follows the threshold at once, without reweighting.
                for wave in survey.waves.all():
                    apply_disclosure_control(wave)
            record(AuditAction.UPDATE, survey, changes={"fields": form.changed_data})
        messages.success(
            request, _("Survey saved. Weight its waves again for the changes to show.")
        )
        return redirect(survey)
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "survey": survey},
        status=400 if request.method == "POST" else 200,
    )


# Waves -------------------------------------------------------------------------------------


@login_required
def wave_create(request: HttpRequest, survey_pk: int) -> HttpResponse:
    survey = get_for_user(Survey.objects.all(), request.user, CHANGE, pk=survey_pk)
    if not survey.questionnaire.published_versions().exists():
        messages.error(request, _("Publish a version of the questionnaire before adding a wave."))
        return redirect("surveys-questionnaire-detail", survey.questionnaire.pk)
    form = WaveForm(
        request.POST or None,
        survey=survey,
        initial={"questionnaire_version": survey.questionnaire.published_versions().first()},
    )
    if request.method == "POST" and form.is_valid():
        wave = form.save(commit=False)
        wave.survey = survey
        wave.save()
        form.save_m2m()
        record(AuditAction.CREATE, wave)
        messages.success(request, _("Wave added."))
        return redirect(wave)
    return render(request, "surveys/wave_form.html", {"form": form, "survey": survey, "wave": None})


@login_required
def wave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_for_user(Wave.objects.select_related("survey"), request.user, CHANGE, pk=pk)
    form = WaveForm(request.POST or None, instance=wave, survey=wave.survey)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(AuditAction.UPDATE, wave, changes={"fields": form.changed_data})
        messages.success(request, _("Wave saved."))
        return redirect(wave)
    return render(
        request, "surveys/wave_form.html", {"form": form, "survey": wave.survey, "wave": wave}
    )


@login_required
def wave_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    wave = get_for_user(
        Wave.objects.select_related(
            "survey", "survey__council", "questionnaire_version__questionnaire"
        ),
        request.user,
        VIEW,
        pk=pk,
    )
    can_manage = Wave.objects.restrict(request.user, MANAGE).filter(pk=wave.pk).exists()
    wards = wave.wards()
    complete = wave.responses.filter(status=ResponseStatus.COMPLETE)
    by_ward = Counter(complete.values_list("ward__code", flat=True))
    by_mode = Counter(complete.values_list("mode", flat=True))
    in_progress = wave.responses.filter(status=ResponseStatus.IN_PROGRESS).count()
    per_ward_target = (
        round(wave.target_sample / len(wards)) if wards and wave.target_sample else None
    )
    rows = [
        {
            "code": w.code,
            "ward": w.name,
            "responses": by_ward.get(w.code, 0),
            "target": per_ward_target,
        }
        for w in wards
    ]
    imports = list(wave.imports.order_by("-uploaded_at")[:10]) if can_manage else []
    interpreters = _interpreter_help(request.user, wave, exact=can_manage)
    public_url = request.build_absolute_uri(reverse("surveys-take", args=[wave.public_code]))
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/wave_detail.html",
            context={
                "wave": wave,
                "survey": wave.survey,
                "rows": rows,
                "total": sum(by_ward.values()),
                "by_mode": sorted(by_mode.items()),
                "in_progress": in_progress,
                "can_manage": can_manage,
                "imports": imports,
                "public_url": public_url,
                "weighted": wave.weighting_status == WeightingStatus.WEIGHTED,
                "failed": wave.weighting_status == WeightingStatus.FAILED,
                "report": wave.weighting_report,
                "question_count": len(wave_questions(wave)),
                "interpreters": interpreters,
            },
            data={
                "id": wave.pk,
                "survey": wave.survey.title,
                "name": wave.name,
                "period_start": wave.period_start,
                "period_end": wave.period_end,
                "synthetic": wave.survey.is_synthetic,
                "target_sample": wave.target_sample,
                "complete_responses": sum(by_ward.values()),
                "responses_by_mode": dict(by_mode),
                "wards": rows,
                "weighting_status": wave.weighting_status,
                "weighting_message": wave.weighting_message,
                "weighting_report": wave.weighting_report,
                "interpreter_help": _interpreter_data(interpreters),
            },
            rows=rows,
            filename=f"wave-{wave.pk}-responses-by-ward",
        ),
    )


def _interpreter_help(user: Any, wave: Wave, *, exact: bool) -> dict[str, Any]:
    """The wave's "interpreter help asked for" counts as ``user`` may see them, each shown
    language with the address where ``user`` books an interpreter in it (if they may)."""
    from cohesion.programme.queries import interpreter_booking_url

    found = interpreter_help(wave, exact=exact)
    return {
        "asked": found.asked,
        "rows": [
            {
                "language": row.language,
                "count": row.count,
                "other": row.other,
                "booking_url": ""
                if row.other or row.count is None
                else interpreter_booking_url(user, row.language),
            }
            for row in found.rows
        ],
        "total": found.total,
        "disclosure_controlled": found.disclosure_controlled,
        "rule": found.rule,
    }


def _interpreter_data(help_: dict[str, Any]) -> dict[str, Any]:
    """The counts for the ``.json`` twins (no booking addresses: they are for the page)."""
    return {
        "question_asked": help_["asked"],
        "languages": [
            {"language": r["language"], "other_languages": r["other"], "count": r["count"]}
            for r in help_["rows"]
        ],
        "total": help_["total"],
        "disclosure_controlled": help_["disclosure_controlled"],
        "rule": help_["rule"],
    }


@login_required
def wave_interpreters(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The wave's interpreter counts by language as ``.csv`` and ``.json`` (the table on its page)."""
    wave = get_for_user(Wave.objects.select_related("survey"), request.user, VIEW, pk=pk)
    exact = Wave.objects.restrict(request.user, MANAGE).filter(pk=wave.pk).exists()
    data = _interpreter_data(_interpreter_help(request.user, wave, exact=exact))
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/wave_detail.html",
            context={},
            data={"wave": wave.pk, "survey": wave.survey.title, "name": wave.name, **data},
            rows=data["languages"],
            columns=["language", "other_languages", "count"],
            filename=f"wave-{wave.pk}-interpreter-help",
        ),
    )


@login_required
@require_POST
def wave_weight(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_for_user(Wave.objects.select_related("survey"), request.user, MANAGE, pk=pk)
    outcome = weight_wave(wave)
    record(
        AuditAction.UPDATE,
        wave,
        changes={"weighting": "weighted" if outcome.ok else "failed", "message": outcome.message},
    )
    if outcome.ok:
        messages.success(
            request,
            _("Weighted %(n)s responses. Design effect %(deff).2f.")
            % {"n": outcome.report.get("n"), "deff": outcome.report.get("design_effect", 1.0)},
        )
    else:
        messages.error(
            request, _("The wave could not be weighted: %(reason)s") % {"reason": outcome.message}
        )
    return redirect(wave)


# Questionnaires ------------------------------------------------------------------------------


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    _require_some_scope(request.user)
    questionnaires = (
        Questionnaire.objects.restrict(request.user, VIEW)
        .filter(owner__isnull=False)
        .select_related("owner")
    )
    can_create = bool(_manageable_councils(request.user))
    return render(
        request,
        "surveys/questionnaire_list.html",
        {"questionnaires": questionnaires, "can_create": can_create},
    )


@login_required
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    councils = _manageable_councils(request.user)
    if not councils:
        _require_some_scope(request.user)
        raise PermissionDenied("You may not create questionnaires.")
    form = QuestionnaireForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            questionnaire = form.save(commit=False)
            questionnaire.created_by = request.user
            questionnaire.save()
            draft = questionnaire.new_draft()
            model = list(Question.objects.model_questions().filter(is_active=True))
            draft.set_questions(model, required_demographic_codes(model))
            record(AuditAction.CREATE, questionnaire)
        messages.success(request, _("Questionnaire created with the model questions as a draft."))
        return redirect("surveys-questionnaire-detail", questionnaire.pk)
    return render(request, "surveys/questionnaire_form.html", {"form": form})


@login_required
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_for_user(
        Questionnaire.objects.select_related("owner"), request.user, VIEW, pk=pk
    )
    can_manage = Questionnaire.objects.restrict(request.user, CHANGE).filter(pk=pk).exists()
    versions = list(questionnaire.versions.order_by("-number").prefetch_related("items__question"))
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {"questionnaire": questionnaire, "versions": versions, "can_manage": can_manage},
    )


@login_required
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the draft version's questions (a draft is made from the latest version if needed)."""
    questionnaire = get_for_user(
        Questionnaire.objects.select_related("owner"), request.user, CHANGE, pk=pk
    )
    available = list(
        Question.objects.filter(is_active=True)
        .filter(Q(owner__isnull=True) | Q(owner=questionnaire.owner))
        .select_related("scale")
        .order_by("topic", "code")
    )
    draft = questionnaire.versions.filter(status="draft").first()
    current = draft or questionnaire.latest_version()
    initial = (
        {"questions": [i.question.code for i in current.items.select_related("question")]}
        if current
        else {}
    )
    form = VersionItemsForm(request.POST or None, available=available, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            draft = questionnaire.new_draft()
            chosen = form.chosen()
            draft.set_questions(chosen, required_demographic_codes(chosen))
            record(AuditAction.UPDATE, draft, changes={"questions": [q.code for q in chosen]})
        messages.success(request, _("Draft version %(number)s saved.") % {"number": draft.number})
        return redirect("surveys-questionnaire-detail", questionnaire.pk)
    return render(
        request,
        "surveys/questionnaire_edit.html",
        {"questionnaire": questionnaire, "form": form, "draft": draft},
    )


@login_required
@require_POST
def questionnaire_publish(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_for_user(Questionnaire.objects.all(), request.user, CHANGE, pk=pk)
    draft: QuestionnaireVersion | None = questionnaire.versions.filter(status="draft").first()
    if draft is None:
        messages.error(request, _("There is no draft version to publish."))
    else:
        try:
            draft.publish()
        except FrozenError as error:
            messages.error(request, str(error))
        else:
            record(AuditAction.UPDATE, draft, changes={"status": "published"})
            messages.success(
                request,
                _("Version %(number)s published. Waves can now use it.") % {"number": draft.number},
            )
    return redirect("surveys-questionnaire-detail", questionnaire.pk)


# Questions -------------------------------------------------------------------------------------


@login_required
def question_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    _require_some_scope(request.user)
    questions = list(
        Question.objects.restrict(request.user, VIEW)
        .select_related("scale", "owner")
        .order_by("owner__name", "topic", "code")
    )
    rows = [
        {
            "code": q.code,
            "owner": q.owner.name if q.owner else "Model question",
            "topic": q.topic,
            "wording": q.wording,
            "hint": q.hint,
            "answers": " | ".join(label for _code, label in q.scale.options_in("en"))
            if q.scale
            else "The wave's wards",
            "headline": q.headline,
            "demographic_role": q.demographic_role,
            "source": q.source,
            "source_url": q.source_url,
            "translations": ",".join(sorted(q.translations or {})),
        }
        for q in questions
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/question_list.html",
            context={
                "questions": questions,
                "can_create": bool(_manageable_councils(request.user)),
            },
            data={"questions": rows},
            rows=rows,
            filename="survey-question-bank",
        ),
    )


@login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_for_user(
        Question.objects.select_related("scale", "owner"), request.user, VIEW, pk=pk
    )
    return render(request, "surveys/question_detail.html", {"question": question})


@login_required
def question_create(request: HttpRequest) -> HttpResponse:
    councils = _manageable_councils(request.user)
    if not councils:
        _require_some_scope(request.user)
        raise PermissionDenied("You may not add questions.")
    council = next(
        (c for c in councils if str(c.pk) == text_param(request.GET, "council")), councils[0]
    )
    form = QuestionForm(
        request.POST or None,
        council=council,
        scales=AnswerScale.objects.restrict(request.user, VIEW),
    )
    if request.method == "POST" and form.is_valid():
        question = form.save()
        record(AuditAction.CREATE, question)
        messages.success(
            request, _("Question added to %(council)s's bank.") % {"council": council.name}
        )
        return redirect("surveys-question-detail", question.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "council": council, "councils": councils},
    )
