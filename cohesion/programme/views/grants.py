"""The officers' grant pages: rounds, a round's applications, an application with its checks, scores,
decision and returns, and the forms that record them; awards with totals; returns due.

Applications hold personal data (a contact's name and email address), so
opening one, or a round's list of them, writes an audit event. Each write is
one transaction, refused with 403 to someone who may read but not change the
record (404 to anyone who may not read it), and audited
(:mod:`cohesion.programme.grants`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, F, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.permissions import CHANGE, VIEW, get_for_user, may
from cohesion.audit.log import record_view
from cohesion.core.twins import Twin, render_twin
from cohesion.programme.access import SCORE, grant_q
from cohesion.programme.choices import DecisionOutcome
from cohesion.programme.grant_forms import DecisionForm, DueDiligenceForm, ReturnForm, ScoreForm
from cohesion.programme.grants import (
    decide,
    grant_totals,
    record_due_diligence,
    record_return,
    record_score,
)
from cohesion.programme.models import (
    Application,
    Decision,
    GrantRound,
    MonitoringReturn,
    Score,
)
from cohesion.programme.views.calendar import PRIVATE

ROUND_COLUMNS = ["id", "title", "stream", "council", "budget", "awarded", "opens_on", "closes_on"]
ROUND_COLUMNS += ["public", "applications", "synthetic"]
AWARD_COLUMNS = ["reference", "organisation", "project", "round", "stream", "wards", "amount"]
AWARD_COLUMNS += ["decided_on", "synthetic"]


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A page of the council's grant records: never cached."""
    response = render(request, template, context, status=status)
    for name, value in PRIVATE.items():
        response[name] = value
    return response


def _round_row(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "stream": r.stream.name,
        "council": r.council_code,
        "budget": r.budget,
        "awarded": r.awarded or 0,
        "opens_on": r.opens_on,
        "closes_on": r.closes_on,
        "public": r.is_public,
        "applications": r.application_count,
        "synthetic": r.synthetic,
    }


@login_required
def round_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The grant rounds of the councils whose grants the person works on."""
    rounds = list(
        GrantRound.objects.restrict(request.user, VIEW)
        .select_related("stream")
        .annotate(
            application_count=Count("applications", distinct=True),
            awarded=Sum(
                "applications__decision__amount_awarded",
            ),
        )
        .order_by("-opens_on", "title")
    )
    rows = [_round_row(r) for r in rounds]
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/grants/round_list.html",
            context={"rounds": rounds},
            data={"rounds": rows},
            rows=rows,
            columns=ROUND_COLUMNS,
            filename="grant-rounds",
            extra_headers=PRIVATE,
        ),
    )


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A round and its applications (organisations, projects, checks, scores, decisions): audited."""
    user = request.user
    grant_round = get_for_user(GrantRound.objects.select_related("stream"), user, VIEW, pk=pk)
    applications = list(
        grant_round.applications.select_related("decision", "due_diligence")
        .annotate(
            mean_score=Avg(
                F("scores__need")
                + F("scores__cohesion")
                + F("scores__deliverability")
                + F("scores__value")
            ),
            score_count=Count("scores"),
        )
        .order_by("submitted_at")
    )
    record_view(user, grant_round)
    return _render(
        request,
        "programme/grants/round_detail.html",
        {
            "round": grant_round,
            "applications": applications,
            "awarded": grant_round.awarded_total(),
            "remaining": grant_round.remaining(),
        },
    )


@login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One application with everything recorded about it: holds personal data, so audited."""
    user = request.user
    application = get_for_user(
        Application.objects.select_related("round__stream"), user, VIEW, pk=pk
    )
    record_view(user, application)
    can_change = may(Application.objects, user, CHANGE, application)
    return _render(
        request,
        "programme/grants/application_detail.html",
        {
            "application": application,
            "round": application.round,
            "questions": [
                (text, application.eligibility_answers.get(str(i)))
                for i, text, _eligible in application.round.questions()
            ],
            "checks": application.due_diligence_or_none,
            "scores": list(application.scores.select_related("scorer")),
            "decision": application.decision_or_none,
            "returns": list(application.monitoring_returns.all()),
            "can_change": can_change,
            "can_score": may(Application.objects, user, SCORE, application),
        },
    )


def _form_page(
    request: HttpRequest, application: Application, form: Any, title: str, **extra: Any
) -> HttpResponse:
    return _render(
        request,
        "programme/grants/grant_form.html",
        {"form": form, "application": application, "title": title, **extra},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def due_diligence(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = get_for_user(Application.objects.select_related("round"), user, CHANGE, pk=pk)
    form = DueDiligenceForm(request.POST or None, instance=application.due_diligence_or_none)
    if request.method == "POST" and form.is_valid():
        record_due_diligence(
            application, user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("Due diligence recorded."))
        return redirect("programme-grant-application", pk=application.pk)
    return _form_page(request, application, form, _("Due diligence"))


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = get_for_user(Application.objects.select_related("round"), user, SCORE, pk=pk)
    mine = Score.objects.filter(application=application, scorer_id=user.pk).first()
    form = ScoreForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        record_score(
            application, user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("Your scores are recorded."))
        return redirect("programme-grant-application", pk=application.pk)
    return _form_page(request, application, form, _("Score this application"))


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = get_for_user(Application.objects.select_related("round"), user, CHANGE, pk=pk)
    current = application.decision_or_none
    initial = (
        {
            "outcome": current.outcome,
            "amount_awarded": current.amount_awarded or None,
            "reasons": current.reasons,
        }
        if current
        else {}
    )
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decide(
                application,
                user,
                outcome=data["outcome"],
                reasons=data["reasons"],
                amount=data.get("amount_awarded"),
                return_due_on=data.get("return_due_on"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("programme-grant-application", pk=application.pk)
    return _form_page(
        request,
        application,
        form,
        _("Decision"),
        remaining=application.round.remaining(exclude=application),
    )


def _award_row(d: Decision) -> dict[str, Any]:
    a = d.application
    return {
        "reference": a.reference,
        "organisation": a.organisation_name,
        "project": a.project_title,
        "round": a.round.title,
        "stream": a.round.stream.name,
        "wards": "; ".join(a.ward_names),
        "amount": d.amount_awarded,
        "decided_on": d.decided_on,
        "synthetic": a.synthetic,
    }


@login_required
def awards(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """Awards made, with totals of spend and outcomes by stream and ward (officers' full figures)."""
    user = request.user
    decisions = list(
        Decision.objects.restrict(user, VIEW)
        .filter(outcome=DecisionOutcome.AWARDED)
        .select_related("application__round__stream")
        .order_by("-decided_on", "pk")
    )
    councils = sorted(
        set(GrantRound.objects.restrict(user, VIEW).values_list("council_code", flat=True))
    )
    rows = [_award_row(d) for d in decisions]
    totals = grant_totals(None if user.is_superuser else councils)
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/grants/awards.html",
            context={"decisions": decisions, "totals": totals},
            data={"awards": rows, "totals": totals},
            rows=rows,
            columns=AWARD_COLUMNS,
            filename="grant-awards",
            extra_headers=PRIVATE,
        ),
    )


@login_required
def returns_due(request: HttpRequest) -> HttpResponse:
    """Monitoring returns not yet received, soonest first."""
    user = request.user
    waiting = list(
        MonitoringReturn.objects.filter(grant_q(user, VIEW), submitted_on__isnull=True)
        .select_related("application__round")
        .order_by("due_on", "pk")
    )
    received = list(
        MonitoringReturn.objects.filter(grant_q(user, VIEW), submitted_on__isnull=False)
        .select_related("application__round")
        .order_by("-submitted_on", "pk")[:50]
    )
    return _render(
        request,
        "programme/grants/returns.html",
        {"waiting": waiting, "received": received, "today": timezone.localdate()},
    )


@login_required
def return_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = get_for_user(
        MonitoringReturn.objects.select_related("application__round"), user, CHANGE, pk=pk
    )
    form = ReturnForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        record_return(item, user, **{n: form.cleaned_data[n] for n in form.Meta.fields})
        messages.success(request, _("Monitoring return recorded."))
        return redirect("programme-grant-application", pk=item.application_id)
    return _form_page(
        request, item.application, form, _("Record a monitoring return"), due_on=item.due_on
    )
