"""Reviews and partnership meetings, escalations, and actions and issue plans raised from tensions records.

Every record is fetched through ``get_for_user`` (404 for outsiders, 403 for a
write the person may not make); every page of partnership records writes an
audit event; every write is one transaction (:mod:`cohesion.plans.reviews`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import CHANGE, VIEW, get_for_user, organisation_scope
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, record_many, record_view, view_or_export
from cohesion.core.params import int_param
from cohesion.core.twins import Twin, render_twin
from cohesion.places.queries import get_area
from cohesion.plans.access import council_scope, organisations_acting
from cohesion.plans.choices import OPEN_ACTION_STATUSES, IssueSource, MeetingKind
from cohesion.plans.forms.reviews import (
    IssuePlanForm,
    MeetingForm,
    RaiseActionForm,
    ResolveEscalationForm,
)
from cohesion.plans.models import Escalation, Meeting, Plan
from cohesion.plans.reviews import (
    NewAction,
    open_issue_plan,
    raise_action_from,
    record_meeting,
    resolve_escalation,
)

NO_STORE = {"Cache-Control": "private, no-store"}


def _form_status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def _organisations_covering(council_code: str) -> Any:
    """The organisations working in a council: who may be named at its meetings."""
    organisations = Organisation.objects.prefetch_related("areas").order_by("name")
    keep = [o.pk for o in organisations if organisation_scope(o).covers(council_code)]
    return Organisation.objects.filter(pk__in=keep).order_by("name")


# --------------------------------------------------------------------------- meetings


def _meeting_row(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "held_on": meeting.held_on,
        "kind": meeting.kind,
        "title": str(meeting),
        "council_code": meeting.council_code,
        "plan_id": meeting.plan_id,
        "plan": str(meeting.plan) if meeting.plan else "",
        "next_on": meeting.next_on,
    }


@login_required
def meeting_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The meetings the person may read, latest first; ``?plan=`` narrows to one plan's."""
    user = request.user
    meetings = Meeting.objects.restrict(user, VIEW).select_related("plan")
    plan = None
    plan_pk = int_param(request.GET, "plan", default=0, minimum=0, maximum=2**31 - 1)
    if plan_pk:
        plan = get_for_user(Plan.objects.all(), user, VIEW, pk=plan_pk)
        meetings = meetings.filter(plan=plan)
    shown = list(meetings[:300])
    record_many(view_or_export(fmt), shown, "meetings", actor=user, fmt=fmt)
    rows = [_meeting_row(m) for m in shown]
    escalations = list(
        Escalation.objects.restrict(user, VIEW)
        .filter(resolved_at__isnull=True)
        .select_related("meeting", "plan")
        .filter(**({"plan": plan} if plan else {}))[:100]
    )
    source = None
    if plan is not None and plan.source_kind and plan.source_id:
        from cohesion.tensions.sources import source_record

        try:
            source = source_record(user, plan.source_kind, plan.source_id)
        except Http404:
            source = None  # the record is not the reader's to open; its label is still shown
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/reviews/meeting_list.html",
            context={
                "meetings": shown,
                "plan": plan,
                "source": source,
                "escalations": escalations,
                "can_review": plan is not None
                and Plan.objects.restrict(user, CHANGE).filter(pk=plan.pk).exists(),
                "can_add": council_scope(user, Role.COORDINATOR).councils
                or getattr(user, "is_superuser", False),
            },
            data={"meetings": rows},
            rows=rows,
            columns=list(_meeting_row.__annotations__) if not rows else list(rows[0]),
            filename="meetings",
            extra_headers=NO_STORE,
        ),
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    user = request.user
    meeting = get_for_user(
        Meeting.objects.select_related("plan", "council", "created_by"), user, VIEW, pk=pk
    )
    record(view_or_export(fmt), meeting, actor=user)
    updates = list(
        meeting.action_updates.select_related("action", "by").order_by("action__title", "pk")
    )
    raised = list(meeting.raised_actions.select_related("owner_organisation"))
    escalations = list(meeting.escalations.all())
    may_change = Meeting.objects.restrict(user, CHANGE).filter(pk=meeting.pk).exists()
    data = {
        **_meeting_row(meeting),
        "attendees": [line for line in meeting.attendees.splitlines() if line.strip()],
        "organisations": [o.name for o in meeting.organisations.order_by("name")],
        "decisions": meeting.decisions,
        "status_changes": [
            {
                "action_id": u.action_id,
                "action": u.action.title,
                "old_status": u.old_status,
                "new_status": u.new_status,
                "old_progress": u.old_progress,
                "new_progress": u.new_progress,
                "note": u.note,
            }
            for u in updates
        ],
        "actions_raised": [
            {
                "id": a.pk,
                "title": a.title,
                "owner": a.owner_organisation.name,
                "due_on": a.due_on,
                "status": a.status,
            }
            for a in raised
        ],
        "escalations": [
            {
                "id": e.pk,
                "summary": e.summary,
                "resolved_at": e.resolved_at,
                "resolution": e.resolution,
            }
            for e in escalations
        ],
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/reviews/meeting_detail.html",
            context={
                "meeting": meeting,
                "updates": updates,
                "raised": raised,
                "escalations": escalations,
                "may_change": may_change,
            },
            data=data,
            rows=data["status_changes"],
            columns=[
                "action_id",
                "action",
                "old_status",
                "new_status",
                "old_progress",
                "new_progress",
                "note",
            ],
            filename=f"meeting-{meeting.pk}",
            extra_headers=NO_STORE,
        ),
    )


def _meeting_form_page(
    request: HttpRequest, form: MeetingForm, meeting: Meeting, plan: Plan | None
) -> HttpResponse:
    user = request.user
    if request.method == "POST" and form.is_valid():
        for name in form.Meta.fields:
            if name in form.cleaned_data and name != "organisations":
                setattr(meeting, name, form.cleaned_data[name])
        saved = record_meeting(form.to_record(meeting), by=user)
        record(AuditAction.CREATE, saved, actor=user)
        messages.success(request, _("Meeting recorded."))
        return redirect("plans-meeting-detail", pk=saved.pk)
    return render(
        request,
        "plans/reviews/meeting_form.html",
        {"form": form, "plan": plan, "meeting": meeting},
        status=_form_status(request),
    )


@login_required
def review_add(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Record a plan's monthly review: one form for the whole meeting."""
    user = request.user
    plan = get_for_user(Plan.objects.select_related("council"), user, CHANGE, pk=plan_pk)
    if request.method != "POST":
        record_view(user, plan)  # the form lists the plan's actions and their statuses
    actions = list(
        plan.actions.filter(status__in=OPEN_ACTION_STATUSES)
        .select_related("owner_organisation")
        .order_by("due_on", "pk")
    )
    partners = plan.partners.order_by("name")
    today = timezone.localdate()
    form = MeetingForm(
        request.POST or None,
        actions=actions,
        organisations=partners,
        review=True,
        initial={"held_on": today, "organisations": list(partners)},
    )
    meeting = Meeting(kind=MeetingKind.PLAN_REVIEW, plan=plan, council=plan.council)
    if plan.locality_id:
        meeting.locality_id = plan.locality_id
    return _meeting_form_page(request, form, meeting, plan)


@login_required
def meeting_add(request: HttpRequest) -> HttpResponse:
    """Record any other partnership meeting (weekly locality, steering group, anti-social behaviour)."""
    user = request.user
    councils = sorted(council_scope(user, Role.COORDINATOR).councils)
    if not councils:
        seen = council_scope(user)
        if seen.councils or seen.wards:
            raise PermissionDenied(_("Only a council coordinator records partnership meetings."))
        raise Http404(_("No such page."))
    council = get_area(councils[0])
    organisations = _organisations_covering(council.code)
    form = MeetingForm(
        request.POST or None,
        organisations=organisations,
        initial={"held_on": timezone.localdate(), "kind": MeetingKind.LOCALITY},
    )
    return _meeting_form_page(request, form, Meeting(council=council), None)


@login_required
def escalation_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    escalation = get_for_user(
        Escalation.objects.select_related("meeting", "plan"), user, CHANGE, pk=pk
    )
    if request.method != "POST":
        record_view(user, escalation.meeting)
    form = ResolveEscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if escalation.resolved_at is not None:
            messages.info(request, _("This escalation was already resolved."))
        else:
            resolve_escalation(escalation, form.cleaned_data["resolution"])
            record(
                AuditAction.UPDATE,
                escalation.meeting,
                actor=user,
                changes={"escalation": escalation.pk, "resolved": True},
            )
            messages.success(request, _("Escalation resolved."))
        return redirect("plans-meeting-detail", pk=escalation.meeting_id)
    return render(
        request,
        "plans/reviews/escalation_resolve.html",
        {"form": form, "escalation": escalation},
        status=_form_status(request),
    )


# --------------------------------------------------------------------------- raised from tensions records


def _source(request: HttpRequest, source_kind: str, source_id: int, min_role: str) -> Any:
    """The tensions record, read through tensions' own function; 403 unless ``min_role`` in its area."""
    from cohesion.tensions.sources import source_record

    if source_kind not in IssueSource.values:
        raise Http404(_("No such page."))
    source = source_record(request.user, source_kind, source_id)
    if not council_scope(request.user, min_role).covers(source.council_code, source.area_code):
        raise PermissionDenied(_("You may not raise actions for this area."))
    if request.method == "GET":
        record_view(request.user, source.record)  # the form shows the record's label and text
    return source


@login_required
def action_raise(request: HttpRequest, source_kind: str, source_id: int) -> HttpResponse:
    """Raise an action from an alert, an assessment, a trigger event, a rumour or an impact assessment."""
    user = request.user
    source = _source(request, source_kind, source_id, Role.OFFICER)
    # The person's own organisations that work in the record's council (not one of theirs elsewhere).
    owners = _organisations_covering(source.council_code)
    if not getattr(user, "is_superuser", False):
        owners = owners.filter(pk__in=organisations_acting(user))
    form = RaiseActionForm(request.POST or None, owners=owners, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = raise_action_from(
            source,
            NewAction(
                title=data["title"],
                owner_organisation=data["owner_organisation"],
                due_on=data.get("due_on"),
                description=data.get("description") or "",
            ),
            by=user,
        )
        record(AuditAction.CREATE, action, actor=user)
        messages.success(request, _("Action raised."))
        return redirect(source.url)
    return render(
        request,
        "plans/reviews/action_raise.html",
        {"form": form, "source": source},
        status=_form_status(request),
    )


@login_required
def issue_plan_open(request: HttpRequest, source_kind: str, source_id: int) -> HttpResponse:
    """Open an issue-based plan from a tensions record; the plan and the record link to each other."""
    user = request.user
    source = _source(request, source_kind, source_id, Role.COORDINATOR)
    candidates = _organisations_covering(source.council_code)
    own = list(candidates.filter(pk__in=organisations_acting(user)).values_list("pk", flat=True))
    form = IssuePlanForm(
        request.POST or None,
        partners=candidates,
        initial={
            "title": _("Response to: %(what)s") % {"what": source.label[:150]},
            "partners": own,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = open_issue_plan(
            source,
            title=data["title"],
            summary=data.get("summary") or "",
            by=user,
            partners=data["partners"],
        )
        record(AuditAction.CREATE, plan, actor=user)
        messages.success(
            request, _("Issue-based plan opened. Record its first review to set actions.")
        )
        return redirect("plans-plan", pk=plan.pk)
    return render(
        request,
        "plans/reviews/issue_plan_form.html",
        {"form": form, "source": source},
        status=_form_status(request),
    )
