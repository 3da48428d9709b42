"""Keeping the directory true: owners' pages, the coordinator's review queue, the public's reports.

Who may do what is decided by the querysets' ``restrict`` (cohesion/directory/
permissions.py): an entry someone may not change is a 404 here, even when it is
published, so nobody learns whether it has changes waiting or reports against it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cohesion.audit.context import client_ip, hash_identifier
from cohesion.audit.log import record_view
from cohesion.directory import maintaining
from cohesion.directory.choices import PublicationState
from cohesion.directory.maintain_forms import (
    CloseMistakeForm,
    ConfirmForm,
    MistakeReportForm,
    ReviewForm,
)
from cohesion.directory.models import (
    ChangeStatus,
    MistakeReport,
    MistakeStatus,
    Organisation,
    ProposedChange,
    Service,
)
from cohesion.directory.permissions import (
    CHANGE,
    REVIEW,
    VIEW,
    coordinated_councils,
    owner_partner_ids,
)
from cohesion.places.queries import get_area


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (bound even when empty, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def maintains_entries(request: HttpRequest) -> bool:
    """Whether to show "Directory entries" in the menu: to owners and coordinators."""
    user = request.user
    if not user.is_authenticated:
        return False
    return bool(owner_partner_ids(user) or coordinated_councils(user))


def _maintained(user: Any, pk: uuid.UUID) -> Service:
    """A service the person may change (an owner's or their council's), or 404."""
    service = (
        Service.objects.restrict(user, CHANGE).filter(pk=pk).select_related("organisation").first()
    )
    if service is None:
        raise Http404("No such service.")
    return service


def _one(queryset: Any, user: Any, pk: int, action: str = VIEW) -> Any:
    found = queryset.restrict(user, action).filter(pk=pk).first()
    if found is None:
        raise Http404("No such record.")
    return found


def _service_rows(services: Any, today: Any) -> list[dict[str, Any]]:
    """Each service with whether it is stale and whether a change waits for review."""
    services = list(services)
    stale_ids = set(
        maintaining.stale(
            Service.objects.filter(pk__in=[s.pk for s in services]), today
        ).values_list("pk", flat=True)
    )
    waiting = set(
        ProposedChange.objects.filter(
            service__in=services, status=ChangeStatus.PENDING
        ).values_list("service_id", flat=True)
    )
    return [
        {"service": s, "stale": s.pk in stale_ids, "pending": s.pk in waiting} for s in services
    ]


def _still_open(changes: Any) -> list[ProposedChange]:
    """Changes waiting, and each service's latest send-back until the owner sends something new."""
    latest: dict[Any, ProposedChange] = {}
    for change in changes:  # newest first
        latest.setdefault(change.service_id or f"gone-{change.pk}", change)
    return [
        c for c in latest.values() if c.status in (ChangeStatus.PENDING, ChangeStatus.SENT_BACK)
    ]


@login_required
@require_http_methods(["GET", "HEAD"])
def manage(request: HttpRequest) -> HttpResponse:
    """An owner's entries, changes and reports; a coordinator's way to their review queues."""
    user = request.user
    today = timezone.localdate()
    organisations = list(
        Organisation.objects.filter(partner__in=owner_partner_ids(user)).order_by("name")
    )
    services = Service.objects.filter(organisation__in=organisations).select_related("organisation")
    changes = (
        ProposedChange.objects.restrict(user, VIEW)
        .filter(organisation__in=organisations)
        .select_related("service")
        .order_by("-updated_at")[:50]
    )
    reports = (
        MistakeReport.objects.restrict(user, VIEW)
        .filter(organisation__in=organisations, status=MistakeStatus.OPEN)
        .order_by("-created_at")
    )
    councils = sorted(coordinated_councils(user))
    return render(
        request,
        "directory/manage/home.html",
        {
            "organisations": organisations,
            "rows": _service_rows(services, today),
            "changes": _still_open(changes),
            "reports": reports,
            "councils": [get_area(code) for code in councils],
            "stale_after_days": maintaining.stale_after_days(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def review_queue(request: HttpRequest, council: str) -> HttpResponse:
    """A council's directory coordinator: changes to review, the public's reports, stale entries."""
    user = request.user
    if not (getattr(user, "is_superuser", False) or council in coordinated_councils(user)):
        raise Http404("No such review queue.")
    area = get_area(council)
    today = timezone.localdate()
    pending = (
        ProposedChange.objects.restrict(user, REVIEW)
        .filter(council_code=council, status=ChangeStatus.PENDING)
        .select_related("organisation", "proposed_by")
    )
    decided = (
        ProposedChange.objects.restrict(user, REVIEW)
        .filter(council_code=council)
        .exclude(status=ChangeStatus.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at")[:10]
    )
    reports = (
        MistakeReport.objects.restrict(user, VIEW)
        .filter(council_code=council, status=MistakeStatus.OPEN)
        .order_by("-created_at")
    )
    stale = maintaining.stale(Service.objects.filter(council_code=council), today)
    return render(
        request,
        "directory/manage/queue.html",
        {
            "council": area,
            "pending": pending,
            "decided": decided,
            "reports": reports,
            "stale": stale[:200],
            "stale_count": stale.count(),
            "stale_after_days": maintaining.stale_after_days(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def service_manage(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One service as its owner or coordinator sees it: details, what waits, reports, history."""
    service = _maintained(request.user, pk)
    form = maintaining.form_for(service, service.organisation)
    current = maintaining.values_of(service)
    details = [
        {"label": form.fields[name].label, "value": form.display(name, value)}
        for name, value in current.items()
        if not name.startswith("new_location_")
    ]
    sent_back = (
        service.proposed_changes.filter(status=ChangeStatus.SENT_BACK)
        .order_by("-decided_at")
        .first()
    )
    return render(
        request,
        "directory/manage/service.html",
        {
            "service": service,
            "details": details,
            "pending": maintaining.pending_change(service),
            "sent_back": sent_back,
            "reports": service.mistake_reports.filter(status=MistakeStatus.OPEN),
            "history": maintaining.history_of(service),
            "stale": maintaining.stale(Service.objects.filter(pk=service.pk)).exists(),
            "stale_after_days": maintaining.stale_after_days(),
        },
    )


def _service_form_page(
    request: HttpRequest, form: Any, *, organisation: Organisation, service: Service | None
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            change = maintaining.propose(
                form, organisation=organisation, service=service, actor=request.user
            )
        except maintaining.ChangeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Sent for review. A directory coordinator checks it before it is public; "
                    "the directory shows the current details until then."
                ),
            )
            return redirect("directory-manage-service", pk=change.service_id)
    return render(
        request,
        "directory/manage/service_form.html",
        {"form": form, "organisation": organisation, "service": service},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """An owner adds a service to their organisation; it waits for review before it is public."""
    organisation = Organisation.objects.restrict(request.user, CHANGE).filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation.")
    form = maintaining.form_for(None, organisation, _posted(request))
    return _service_form_page(request, form, organisation=organisation, service=None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """An owner changes a service; the change waits for review, the public page stays as it is."""
    service = _maintained(request.user, pk)
    if request.method == "POST":
        form = maintaining.form_for(service, service.organisation, request.POST)
    else:
        waiting = maintaining.pending_change(service)
        form = maintaining.form_for(service, service.organisation)
        form.initial = waiting.values if waiting else maintaining.values_of(service)
    return _service_form_page(request, form, organisation=service.organisation, service=service)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def service_confirm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """An owner says the details are still correct: last checked becomes today."""
    service = _maintained(request.user, pk)
    if request.method == "POST":
        if service.state != PublicationState.PUBLISHED:
            messages.error(request, _("Only a published entry can be confirmed."))
        else:
            maintaining.confirm(service, actor=request.user)
            messages.success(request, _("Thank you. The entry is marked as checked today."))
        return redirect("directory-manage-service", pk=service.pk)
    return render(
        request, "directory/manage/confirm.html", {"service": service, "form": ConfirmForm()}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_confirm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """An owner says the organisation's own details are still correct (the button on their list)."""
    organisation = Organisation.objects.restrict(request.user, CHANGE).filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation.")
    if request.method == "POST":
        maintaining.confirm(organisation, actor=request.user)
        messages.success(
            request,
            _("Thank you. %(name)s is marked as checked today.") % {"name": organisation.name},
        )
    return redirect("directory-manage")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposed change, field by field; a coordinator approves it or sends it back."""
    user = request.user
    change = _one(ProposedChange.objects.select_related("service", "organisation"), user, pk)
    may_review = ProposedChange.objects.restrict(user, REVIEW).filter(pk=change.pk).exists()
    form = ReviewForm(_posted(request)) if may_review else None
    status = 200
    refused = ""
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only a directory coordinator decides on changes.")
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    maintaining.approve(change, actor=user)
                    messages.success(request, _("Approved. The directory now shows the change."))
                else:
                    maintaining.send_back(change, actor=user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("Sent back to the owner with your reason."))
            except maintaining.ChangeError as exc:
                form.add_error(None, str(exc))
                refused = str(exc)
                status = 409
            else:
                return redirect("directory-review-queue", council=change.council_code)
        else:
            status = 400
        change.refresh_from_db()
    try:
        rows = maintaining.review_rows(change)
    except maintaining.ChangeError as exc:
        rows, problem = [], str(exc)
    else:
        problem = refused
    return render(
        request,
        "directory/manage/change.html",
        {
            "change": change,
            "rows": rows,
            "problem": problem,
            "form": form if change.status == ChangeStatus.PENDING else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mistake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of the public's report, with their email if they gave one (each view audited)."""
    report = _one(MistakeReport.objects.select_related("service", "closed_by"), request.user, pk)
    record_view(request.user, report)
    form = CloseMistakeForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                maintaining.close_mistake(
                    report, actor=request.user, note=form.cleaned_data["note"]
                )
            except maintaining.ChangeError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("Report closed."))
                return redirect("directory-review-mistake", pk=report.pk)
        else:
            status = 400
    return render(
        request,
        "directory/manage/mistake.html",
        {"report": report, "form": form if report.status == MistakeStatus.OPEN else None},
        status=status,
    )


def _published(pk: uuid.UUID) -> Service:
    service = Service.objects.published().filter(pk=pk).select_related("organisation").first()
    if service is None:
        raise Http404("No such service.")
    return service


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_mistake(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Anyone, without signing in, tells the directory that a service's page is wrong."""
    service = _published(pk)
    form = MistakeReportForm(_posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                maintaining.report_mistake(
                    service,
                    what_is_wrong=form.cleaned_data["what_is_wrong"],
                    email=form.cleaned_data["email"],
                    interpreter_language=form.interpreter_asked_for(),
                    submitter_hash=hash_identifier(client_ip(request)),
                    language=translation.get_language() or "",
                )
            except maintaining.RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            else:
                return redirect("directory-report-mistake-sent", pk=service.pk)
    return render(
        request,
        "directory/manage/report_mistake.html",
        {"service": service, "form": form},
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def report_mistake_sent(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return render(request, "directory/manage/report_mistake_sent.html", {"service": _published(pk)})
