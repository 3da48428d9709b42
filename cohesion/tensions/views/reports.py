"""Officers' and partners' pages for reports: lists and queues, the case page, case actions, intake.

Every record is fetched through ``Report.objects.restrict(user, action)`` (via
``get_for_user``): outsiders get 404, people who may see a case but not act on
it get 403. Every view of a case, and of contact details, is audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cohesion.accounts.permissions import get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, record_many, record_view, view_or_export
from cohesion.core.lists import list_context, page_of
from cohesion.core.twins import Twin, render_twin
from cohesion.programme.queries import interpreter_booking_url
from cohesion.tensions.access import (
    intake_organisations,
    may_export_reports,
    may_use_case_lists,
)
from cohesion.tensions.choices import Status
from cohesion.tensions.forms.queue import QueueFilterForm, ward_choices
from cohesion.tensions.forms.reports import (
    AssignForm,
    ContactMadeForm,
    IntakeForm,
    LinkForm,
    NoteForm,
    ReferForm,
    StatusForm,
    TriageForm,
)
from cohesion.tensions.intake import submit_report
from cohesion.tensions.models import (
    CaseNote,
    Referral,
    Report,
    ReporterContact,
    ReportEvent,
    ReportLink,
)
from cohesion.tensions.workflow import (
    WorkflowError,
    add_note,
    assign,
    assignable_organisations,
    change_status,
    link_reports,
    record_contact,
    refer,
    triage,
)

LIST_LIMIT = 500  # rows in a download of a queue
QUEUE_PAGE_SIZE = 50  # cases on one page of a queue

QUEUE_COLUMNS = [
    "reference",
    "received",
    "category",
    "motivations",
    "tension_type",
    "ward_code",
    "ward",
    "council_code",
    "council",
    "status",
    "eep",
    "channel",
    "assigned_to",
    "first_contact_due",
    "senior_contact_due",
    "overdue",
    "wants_support",
    "interpreter_language",
    "language",
    "synthetic",
]


def _row(report: Report, now: Any) -> dict[str, Any]:
    """A report as one row of a queue (no description or contact details: those stay on the case page)."""
    return {
        "reference": report.reference,
        "received": report.created_at,
        "category": report.category,
        "motivations": ";".join(report.motivations or []),
        "tension_type": report.tension_type,
        "ward_code": report.ward_code,
        "ward": report.ward_name,
        "council_code": report.council_code,
        "council": report.council_name,
        "status": report.status,
        "eep": report.eep,
        "channel": report.channel,
        "assigned_to": str(report.assigned_officer or report.assigned_organisation or ""),
        "first_contact_due": report.first_contact_due,
        "senior_contact_due": report.senior_contact_due,
        "overdue": report.is_overdue(now),
        "wants_support": report.wants_support,
        "interpreter_language": report.interpreter_language,
        "language": report.language,
        "synthetic": report.synthetic,
    }


QUEUES: dict[str, dict[str, Any]] = {
    "all": {"title": gettext_lazy("Reports"), "url": "tensions-report-list"},
    "new": {"title": gettext_lazy("New reports to triage"), "url": "tensions-queue-new"},
    "overdue": {"title": gettext_lazy("Overdue reports"), "url": "tensions-queue-overdue"},
}


def _queue(request: HttpRequest, fmt: str | None, which: str) -> HttpResponse:
    user = request.user
    if not may_use_case_lists(user):
        raise PermissionDenied(_("You do not have access to individual reports."))
    action = "view"
    if fmt in ("csv", "json"):
        if not may_export_reports(user):
            raise PermissionDenied(_("You may not download reports."))
        action = "export"
    visible = Report.objects.restrict(user, action)
    now = timezone.now()
    if which == "new":
        reports = visible.filter(status=Status.NEW).order_by("created_at", "pk")
    elif which == "overdue":
        reports = visible.overdue(now).order_by("first_contact_due", "pk")
    else:
        reports = visible
    form = QueueFilterForm(request.GET, wards=ward_choices(visible))
    queued = form.filtered(reports, user).select_related(
        "assigned_officer", "assigned_organisation"
    )
    queue = QUEUES[which]
    listed = page_of(request, queued, fmt, page_size=QUEUE_PAGE_SIZE, export_limit=LIST_LIMIT)
    shown, total = listed.shown, listed.total
    rows = [_row(r, now) for r in shown]
    record_many(
        view_or_export(fmt),
        shown,
        f"tensions {which} queue",
        actor=user,
        fmt=fmt,
    )
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/reports/list.html",
            context={
                **list_context(form, listed),
                "reports": shown,
                "which": which,
                "title": queue["title"],
                "queue_url": queue["url"],
                "now": now,
                "can_enter": bool(intake_organisations(user)) or user.is_superuser,
                "can_export": may_export_reports(user),
                "export_limit": LIST_LIMIT,
            },
            data={"queue": which, "count": total, "shown": len(rows), "reports": rows},
            rows=rows,
            columns=QUEUE_COLUMNS,
            filename=f"reports-{which}",
        ),
    )


@login_required
def report_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    return _queue(request, fmt, "all")


@login_required
def queue_new(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    return _queue(request, fmt, "new")


@login_required
def queue_overdue(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    return _queue(request, fmt, "overdue")


def _allowed(user: Any, report: Report) -> dict[str, bool]:
    """Which case actions this person may take on this report (to show only the buttons that work)."""
    actions = ("change", "triage", "assign", "refer", "link", "note", "view_contact")
    return {
        action: Report.objects.restrict(user, action).filter(pk=report.pk).exists()
        for action in actions
    }


@login_required
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = get_for_user(
        Report.objects.select_related(
            "assigned_officer", "assigned_organisation", "entered_by", "entered_by_organisation"
        ),
        request.user,
        "view",
        reference=reference,
    )
    record_view(request.user, report)
    user = request.user
    allowed = _allowed(user, report)
    links = (
        ReportLink.objects.restrict(user, "view")
        .filter(report=report)
        .select_related("to_report", "created_by")
    )
    visible_reports = Report.objects.restrict(user, "view").values("pk")
    linked_from = ReportLink.objects.filter(
        to_report=report, report__in=visible_reports
    ).select_related("report", "created_by")
    return render(
        request,
        "tensions/reports/detail.html",
        {
            "report": report,
            "allowed": allowed,
            "has_contact": ReporterContact.objects.filter(report=report).exists(),
            "events": ReportEvent.objects.filter(report=report).select_related("actor"),
            "notes": CaseNote.objects.filter(report=report).select_related(
                "author", "organisation"
            ),
            "referrals": Referral.objects.filter(report=report).select_related(
                "organisation", "referred_by"
            ),
            "links": links,
            "linked_from": linked_from,
            "note_form": NoteForm(),
            "overdue": report.is_overdue(),
            "interpreter_url": interpreter_booking_url(
                user, report.interpreter_language, report.ward_code
            ),
            **_impact_context(user, report),
        },
    )


def _impact_context(user: Any, report: Report) -> dict[str, Any]:
    """The impact assessments linking the report that ``user`` may open, and whether they may add one."""
    from cohesion.tensions.models.events import CommunityImpactAssessment

    return {
        "impacts": CommunityImpactAssessment.objects.restrict(user, "view").filter(reports=report),
        "can_assess_impact": CommunityImpactAssessment.objects.scope(user, "add").covers(
            report.council_code, report.ward_code or None
        ),
    }


@login_required
def report_contact(request: HttpRequest, reference: str) -> HttpResponse:
    report = get_for_user(Report.objects.all(), request.user, "view_contact", reference=reference)
    contact = ReporterContact.objects.restrict(request.user, "view").filter(report=report).first()
    if contact is not None:
        record_view(request.user, contact)
    return render(request, "tensions/reports/contact.html", {"report": report, "contact": contact})


# ---------------------------------------------------------------------------
# Case actions: one small view each, sharing one shape
# ---------------------------------------------------------------------------


def _action_view(
    request: HttpRequest,
    reference: str,
    *,
    action: str,
    title: str,
    make_form: Callable[[Report, Any], Any],
    apply: Callable[[Report, Any], str],
    button: str,
    extra: Callable[[Report], dict[str, Any]] | None = None,
) -> HttpResponse:
    report = get_for_user(Report.objects.all(), request.user, action, reference=reference)
    if request.method != "POST":
        record_view(request.user, report)  # the form shows the case's current details
    form = make_form(report, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            message = apply(report, form)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, message)
            return redirect(report.get_absolute_url())
    return render(
        request,
        "tensions/reports/action_form.html",
        {
            "report": report,
            "form": form,
            "title": title,
            "button": button,
            **(extra(report) if extra else {}),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_triage(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(report: Report, form: TriageForm) -> str:
        data = form.cleaned_data
        triage(
            report,
            actor=request.user,
            eep=data["eep"],
            category=data["category"],
            motivations=data.get("motivations") or [],
            tension_type=data.get("tension_type") or "",
            root_cause=data.get("root_cause", ""),
            area_code=data.get("area") or None,
            reason=data.get("reason", ""),
        )
        return _("Triage saved.")

    return _action_view(
        request,
        reference,
        action="triage",
        title=_("Triage"),
        make_form=lambda report, data: TriageForm(data, report=report, user=request.user),
        apply=apply,
        button=_("Save triage"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_status(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(report: Report, form: StatusForm) -> str:
        data = form.cleaned_data
        change_status(
            report,
            data["status"],
            actor=request.user,
            reason=data.get("reason", ""),
            closure_reason=data.get("closure_reason", ""),
        )
        return _("Status changed to %(status)s.") % {"status": Status(data["status"]).label}

    return _action_view(
        request,
        reference,
        action="change",
        title=_("Change status"),
        make_form=lambda report, data: StatusForm(data, report=report),
        apply=apply,
        button=_("Change status"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_assign(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(report: Report, form: AssignForm) -> str:
        data = form.cleaned_data
        assign(
            report,
            actor=request.user,
            organisation=data["organisation"],
            officer=data.get("officer_user"),
            reason=data.get("reason", ""),
        )
        return _("Case assigned.")

    return _action_view(
        request,
        reference,
        action="assign",
        title=_("Assign the case"),
        make_form=lambda report, data: AssignForm(
            data, report=report, organisations=assignable_organisations(report)
        ),
        apply=apply,
        button=_("Assign"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_refer(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(report: Report, form: ReferForm) -> str:
        with transaction.atomic():
            if form.cleaned_data.get("eep"):
                report = triage(
                    report,
                    actor=request.user,
                    eep=form.cleaned_data["eep"],
                    reason="Classified on referral",
                )
            referral = refer(
                report,
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                reason=form.cleaned_data.get("reason", ""),
            )
        return _("Referred to %(organisation)s.") % {"organisation": referral.organisation}

    def consent(report: Report) -> dict[str, Any]:
        return {"consent": {"police": report.consent_police, "partners": report.consent_partners}}

    return _action_view(
        request,
        reference,
        action="refer",
        title=_("Refer to a partner"),
        make_form=lambda report, data: ReferForm(data, report=report),
        apply=apply,
        button=_("Refer"),
        extra=consent,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_note(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(report: Report, form: NoteForm) -> str:
        add_note(report, actor=request.user, text=form.cleaned_data["text"])
        return _("Note added.")

    return _action_view(
        request,
        reference,
        action="note",
        title=_("Add a note"),
        make_form=lambda report, data: NoteForm(data),
        apply=apply,
        button=_("Add note"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_link(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(report: Report, form: LinkForm) -> str:
        other = form.cleaned_data["reference"]
        link_reports(
            report,
            other,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data.get("reason", ""),
        )
        return _("Linked to %(reference)s.") % {"reference": other.reference}

    return _action_view(
        request,
        reference,
        action="link",
        title=_("Link to another report"),
        make_form=lambda report, data: LinkForm(data, report=report, user=request.user),
        apply=apply,
        button=_("Link"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_contact_made(request: HttpRequest, reference: str) -> HttpResponse:
    def apply(report: Report, form: ContactMadeForm) -> str:
        record_contact(
            report,
            actor=request.user,
            senior=form.cleaned_data.get("senior", False),
            at=form.contact_at(),
            note=form.cleaned_data.get("note", ""),
        )
        return _("Contact recorded.")

    return _action_view(
        request,
        reference,
        action="change",
        title=_("Record contact with the reporter"),
        make_form=lambda report, data: ContactMadeForm(data),
        apply=apply,
        button=_("Record contact"),
    )


# ---------------------------------------------------------------------------
# Intake by reporting centres and partner staff
# ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_intake(request: HttpRequest) -> HttpResponse:
    organisations = intake_organisations(request.user)
    if not organisations:
        raise PermissionDenied(_("Only officers of partner organisations can record reports."))
    form = IntakeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            result = submit_report(
                form.to_input(
                    channel=form.channel(),
                    eep=form.cleaned_data.get("eep") or "",
                    on_behalf_of=form.cleaned_data.get("on_behalf_of", ""),
                    language=request.LANGUAGE_CODE,
                ),
                idempotency_key=request.POST.get("submission", "")[:64],
                entered_by=request.user,
                entered_by_organisation=organisation,
                rate_limit=False,
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            report = result.report
            if result.created:
                record(
                    AuditAction.CREATE,
                    report,
                    actor=request.user,
                    organisation=organisation,
                    on_behalf_of=report.on_behalf_of,
                )
            if result.created:
                message = _("Report recorded. Its reference is %(reference)s.")
            elif result.added:
                message = _(
                    "This report was already recorded as %(reference)s. What you added "
                    "(consent, contact details or answers) has been saved to it."
                )
            else:
                message = _("This report was already recorded as %(reference)s.")
            messages.success(request, message % {"reference": report.reference})
            if Report.objects.restrict(request.user, "view").filter(pk=report.pk).exists():
                return redirect(report.get_absolute_url())
            return redirect("tensions-intake")
    return render(
        request,
        "tensions/reports/intake_form.html",
        {
            "form": form,
            "submission": request.POST.get("submission") or secrets.token_urlsafe(24),
        },
        status=400 if request.method == "POST" else 200,
    )
