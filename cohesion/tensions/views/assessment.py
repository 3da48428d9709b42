"""Tension assessments, partner intelligence, the level scale, trigger events, rumours and impact assessments.

Every record is fetched through ``get_for_user`` (404 for outsiders, 403 for
a write the person may not make); before a record exists, the model's
``scope(user, action)`` says where the person may add one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.accounts.permissions import ADD, CHANGE, VIEW, active_memberships, get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, record_many, record_view, view_or_export
from cohesion.core.lists import choices_from, list_context, page_of
from cohesion.core.params import text_param, week_param
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.places.queries import get_area
from cohesion.tensions import alerting
from cohesion.tensions.assessments import (
    intelligence_for,
    police_uk_evidence,
    reports_for_linking,
    save_assessment,
)
from cohesion.tensions.forms.assessment import (
    WEEKS_OFFERED,
    CommunityImpactForm,
    PartnerIntelligenceForm,
    RumourForm,
    TensionAssessmentForm,
    TensionLevelForm,
    TriggerEventForm,
)
from cohesion.tensions.forms.lists import RumourFilterForm
from cohesion.tensions.models.alerts import Alert, AreaFollow
from cohesion.tensions.models.assessment import (
    PartnerIntelligence,
    TensionAssessment,
    TensionLevel,
    area_codes,
    copy_default_scale,
    monday_of,
    scale_organisations,
)
from cohesion.tensions.models.events import CommunityImpactAssessment, Rumour, TriggerEvent

# What a revision's changed fields are called on the page.
CHANGE_LABELS = {
    "level": gettext_lazy("level"),
    "rationale": gettext_lazy("why"),
    "partner_intelligence_summary": gettext_lazy("intelligence from partners"),
    "partners_consulted": gettext_lazy("partners consulted"),
    "others_consulted": gettext_lazy("others consulted"),
    "actions": gettext_lazy("actions"),
    "linked_reports": gettext_lazy("linked reports"),
}


def _area(code: str) -> tuple[Area, str, str]:
    """A ward or council by code, with its (council code, area code); 404 for anything else."""
    area = get_area(code)
    if area.level not in (Level.WARD, Level.COUNCIL):
        raise Http404(_("No such ward or council."))
    council_code, area_code = area_codes(area)
    return area, council_code, area_code


def require_scope(model: Any, user: Any, action: str, council_code: str, area_code: str) -> None:
    """404 unless ``user`` may view ``model`` records here; 403 unless they may also ``action`` them."""
    manager = model.objects
    if not manager.scope(user, VIEW).covers(council_code, area_code):
        raise Http404(_("No such area."))
    if action != VIEW and not manager.scope(user, action).covers(council_code, area_code):
        raise PermissionDenied(_("You may not do that here."))


def _form_status(request: HttpRequest) -> int:
    """400 when a posted form is shown again with its errors (a refused write), else 200."""
    return 400 if request.method == "POST" else 200


def _may(model: Any, user: Any, action: str, obj: Any) -> bool:
    return bool(model.objects.restrict(user, action).filter(pk=obj.pk).exists())


def _week(request: HttpRequest) -> dt.date:
    return week_param(request.GET, "week", monday_of(timezone.localdate()))


# --------------------------------------------------------------------------- an area


@login_required
def area_page(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    """An area's tension record: assessments week by week, this week's intelligence, events, rumours, alerts."""
    area, council_code, area_code = _area(code)
    require_scope(TensionAssessment, request.user, VIEW, council_code, area_code)
    user = request.user
    assessments = list(
        TensionAssessment.objects.restrict(user, VIEW)
        .filter(area_code=area_code)
        .select_related("level", "author")
        .order_by("-week_start")[:52]
    )
    this_week = monday_of(timezone.localdate())
    today = timezone.localdate()
    events = TriggerEvent.objects.restrict(user, VIEW).filter(
        council_code=council_code, starts_on__gte=today - dt.timedelta(days=7)
    )
    if area_code != council_code:
        events = events.filter(area_code__in=[area_code, council_code])
    rumours = (
        Rumour.objects.restrict(user, VIEW)
        .filter(area_code=area_code, status__in=Rumour.OPEN_STATUSES)
        .select_related("owner")
    )
    rows = [
        {
            "week_start": a.week_start,
            "level": a.level.name,
            "level_order": a.level.order,
            "author": a.author.get_full_name() or a.author.get_username(),
            "updated_at": a.updated_at,
            "synthetic": a.synthetic,
        }
        for a in assessments
    ]
    council = area.parent if area.level == Level.WARD and area.parent else area
    record(
        view_or_export(fmt),
        area,
        actor=user,
        object_repr=f"Tension record of {area.name} ({area.code})",
        changes={"format": fmt or "html"},
    )
    context = {
        "area": area,
        "crumbs": [{"url": reverse("tensions-board", args=[council_code]), "label": council.name}],
        "council_code": council_code,
        "area_code": area_code,
        "assessments": assessments,
        "this_week": this_week,
        "this_week_assessment": next((a for a in assessments if a.week_start == this_week), None),
        "can_add": TensionAssessment.objects.scope(user, ADD).covers(council_code, area_code),
        "can_add_intelligence": PartnerIntelligence.objects.scope(user, ADD).covers(
            council_code, area_code
        ),
        "intelligence": intelligence_for(user, area_code, this_week),
        "events": events.select_related("expected_risk")[:10],
        "rumours": rumours[:10],
        "can_see_rumours": Rumour.objects.scope(user, VIEW).covers(council_code, area_code),
        "impacts": CommunityImpactAssessment.objects.restrict(user, VIEW)
        .filter(area_code=area_code)
        .prefetch_related("reports")
        .order_by("-created_at")[:10],
        "alerts": alerting.hide_report_figures(
            user,
            list(
                Alert.objects.restrict(user, VIEW)
                .filter(area_code=area_code)
                .order_by("-week_start")[:5]
            ),
        ),
        "following": AreaFollow.objects.restrict(user, VIEW).filter(area_code=area_code).exists(),
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/area.html",
            context=context,
            data={"area": {"code": area.code, "name": area.name}, "assessments": rows},
            rows=rows,
            filename=f"tension-assessments-{area.code}",
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


# --------------------------------------------------------------------------- assessments


@login_required
def assessment_add(request: HttpRequest, code: str) -> HttpResponse:
    area, council_code, area_code = _area(code)
    require_scope(TensionAssessment, request.user, ADD, council_code, area_code)
    week = _week(request)
    existing = TensionAssessment.objects.filter(area_code=area_code, week_start=week).first()
    if existing is not None and request.method == "GET" and "week" in request.GET:
        return redirect("tensions-assessment-edit", pk=existing.pk)
    # This week is the default only while it is free; otherwise the page links
    # straight to this week's assessment and offers the latest week not yet assessed.
    this_week_assessment = None
    if "week" not in request.GET:
        this_week_assessment = existing
        if existing is not None:
            week = _latest_unassessed_week(area_code, week)
    visible_reports = reports_for_linking(request.user, council_code, area_code, week)
    if request.method != "POST":
        record_many(
            AuditAction.VIEW, visible_reports, "reports offered for linking", actor=request.user
        )
    form = TensionAssessmentForm(
        request.POST or None,
        user=request.user,
        area=area,
        council_code=council_code,
        reports=visible_reports,
        week=week,
    )
    if request.method == "POST" and form.is_valid():
        assessment = form.save(commit=False)
        assessment.area = area
        assessment.week_start = form.cleaned_data["week"]
        assessment.author = request.user
        try:
            with transaction.atomic():
                assessment.save()
                form.save_m2m()
                save_assessment(assessment, by=request.user, created=True)
        except IntegrityError:
            form.add_error(
                "week",
                _("%(area)s already has an assessment for this week. Change that one instead.")
                % {"area": area.name},
            )
        else:
            messages.success(request, _("Assessment saved."))
            return redirect(assessment)
    clash = None
    if "week" in form.errors and form.data.get("week"):
        try:
            clash_week = monday_of(dt.date.fromisoformat(str(form.data.get("week"))))
        except ValueError:
            clash_week = None
        if clash_week is not None:
            clash = TensionAssessment.objects.filter(
                area_code=area_code, week_start=clash_week
            ).first()
    return render(
        request,
        "tensions/board/assessment_form.html",
        {
            "form": form,
            "area": area,
            "adding": True,
            "levels": TensionLevel.objects.for_council(council_code).active(),
            "this_week_assessment": this_week_assessment,
            "clash": clash,
        },
        status=_form_status(request),
    )


def _latest_unassessed_week(area_code: str, this_week: dt.date) -> dt.date:
    """The most recent of the offered weeks with no assessment yet (this week if all are taken)."""
    taken = set(
        TensionAssessment.objects.filter(
            area_code=area_code,
            week_start__gte=this_week - dt.timedelta(weeks=WEEKS_OFFERED - 1),
            week_start__lte=this_week,
        ).values_list("week_start", flat=True)
    )
    for back in range(WEEKS_OFFERED):
        candidate = this_week - dt.timedelta(weeks=back)
        if candidate not in taken:
            return candidate
    return this_week


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = get_for_user(
        TensionAssessment.objects.select_related("level", "area", "author"), user, VIEW, pk=pk
    )
    record_view(user, assessment)
    from cohesion.tensions.models import Report

    linked = assessment.linked_reports.all()
    visible_linked = linked.filter(pk__in=Report.objects.restrict(user, VIEW).values("pk"))
    context = {
        "assessment": assessment,
        "area": assessment.area,
        "linked_reports": visible_linked,
        "hidden_linked": linked.count() - visible_linked.count(),
        "police": police_uk_evidence(assessment.area_code, assessment.week_start),
        "intelligence": intelligence_for(user, assessment.area_code, assessment.week_start),
        "can_see_intelligence": PartnerIntelligence.objects.scope(user, VIEW).covers(
            assessment.council_code, assessment.area_code
        ),
        "can_add_intelligence": PartnerIntelligence.objects.scope(user, ADD).covers(
            assessment.council_code, assessment.area_code
        ),
        "revisions": [
            (
                revision,
                [
                    str(CHANGE_LABELS.get(key, key))
                    for key in revision.changes
                    if key in CHANGE_LABELS
                ],
            )
            for revision in assessment.revisions.select_related("by", "level").order_by("-number")
        ],
        "can_change": _may(TensionAssessment, user, CHANGE, assessment),
        "partners": assessment.partners_consulted.all(),
        "alerts": alerting.hide_report_figures(
            user,
            list(
                Alert.objects.restrict(user, VIEW).filter(
                    area_code=assessment.area_code, week_start=assessment.week_start
                )
            ),
        ),
    }
    return render(request, "tensions/board/assessment_detail.html", context)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = get_for_user(
        TensionAssessment.objects.select_related("area", "level"), user, CHANGE, pk=pk
    )
    visible_reports = reports_for_linking(
        user, assessment.council_code, assessment.area_code, assessment.week_start
    )
    form = TensionAssessmentForm(
        request.POST or None,
        user=user,
        instance=assessment,
        area=assessment.area,
        council_code=assessment.council_code,
        reports=visible_reports,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            assessment = form.save(commit=False)
            assessment.save()
            form.save_m2m()
            form.save_linked_reports()
            save_assessment(assessment, by=user, created=False)
        messages.success(
            request, _("Assessment updated. The earlier version is kept in its history.")
        )
        return redirect(assessment)
    if request.method != "POST":
        record_view(user, assessment)  # the form shows the assessment and the reports it may link
    return render(
        request,
        "tensions/board/assessment_form.html",
        {
            "form": form,
            "area": assessment.area,
            "assessment": assessment,
            "adding": False,
            "levels": TensionLevel.objects.for_council(assessment.council_code).active(),
        },
        status=_form_status(request),
    )


@login_required
def intelligence_add(request: HttpRequest, code: str) -> HttpResponse:
    area, council_code, area_code = _area(code)
    # Anyone who may see the area's assessments learns that this page exists.
    require_scope(TensionAssessment, request.user, VIEW, council_code, area_code)
    if not PartnerIntelligence.objects.scope(request.user, ADD).covers(council_code, area_code):
        raise PermissionDenied(_("Only officers of the council and police add intelligence."))
    form = PartnerIntelligenceForm(
        request.POST or None, user=request.user, area=area, week=_week(request)
    )
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.area = area
        item.week_start = form.cleaned_data["week"]
        item.author = request.user
        with transaction.atomic():
            item.save()
            record(AuditAction.CREATE, item, actor=request.user, organisation=item.organisation)
        messages.success(request, _("Thank you. Your intelligence has been added."))
        existing = (
            TensionAssessment.objects.restrict(request.user, VIEW)
            .filter(area_code=area_code, week_start=item.week_start)
            .first()
        )
        return redirect(existing) if existing else redirect("tensions-area", code=area_code)
    return render(
        request,
        "tensions/board/intelligence_form.html",
        {"form": form, "area": area},
        status=_form_status(request),
    )


# --------------------------------------------------------------------------- the level scale


def _scale_organisation(request: HttpRequest) -> Any:
    """The council whose scale the page is about: ``?organisation=``, else the person's own council.

    None means the default scale (site staff, or someone in no council). A
    council the person may not administer is refused: 404 if they are not a
    member of it either.
    """
    from cohesion.accounts.models import Organisation

    user = request.user
    raw = request.GET.get("organisation", "")
    if raw:
        if not raw.isdigit():
            raise Http404(_("No such page."))
        organisation = get_for_user(
            Organisation.objects.filter(kind="council"), user, VIEW, pk=int(raw)
        )
        return organisation
    if user.is_superuser:
        return None
    managed = scale_organisations(user)
    if managed:
        return managed[0]
    councils = [
        m.organisation for m in active_memberships(user) if m.organisation.kind == "council"
    ]
    return councils[0] if councils else None


def _may_set_scale(user: Any, organisation: Any) -> bool:
    if organisation is None:
        return bool(user.is_superuser)
    return user.is_superuser or organisation in scale_organisations(user)


@login_required
def level_list(request: HttpRequest) -> HttpResponse:
    if not TensionLevel.objects.restrict(request.user, VIEW).exists():
        raise Http404(_("No such page."))
    organisation = _scale_organisation(request)
    levels = TensionLevel.objects.scale_of(organisation)
    return render(
        request,
        "tensions/board/level_list.html",
        {
            "levels": levels,
            "organisation": organisation,
            "uses_default": organisation is None
            or not TensionLevel.objects.filter(organisation=organisation).exists(),
            "can_change": _may_set_scale(request.user, organisation),
        },
    )


@login_required
def level_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or change a level of a council's scale (or, for site staff, of the default scale).

    A council still on the default scale gets its own copy the first time its
    administrator saves a change, so no other council's board changes.
    """
    user = request.user
    if not TensionLevel.objects.restrict(user, VIEW).exists():
        raise Http404(_("No such page."))
    # A level of a scale the person may not read is not found, before anything else is said.
    level = get_for_user(TensionLevel.objects.all(), user, VIEW, pk=pk) if pk is not None else None
    organisation = _scale_organisation(request)
    if not _may_set_scale(user, organisation):
        raise PermissionDenied(_("Only administrators of a council set its tension scale."))
    if (
        level is not None
        and not TensionLevel.objects.scale_of(organisation).filter(pk=level.pk).exists()
    ):
        raise Http404(_("No such level on this scale."))
    form = TensionLevelForm(
        request.POST or None, instance=level or TensionLevel(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if organisation is not None and (level is None or level.organisation_id is None):
                # First change by this council: it gets its own copy of the scale,
                # and the change is made to the copy.
                own = {lv.order: lv for lv in copy_default_scale(organisation)}
                target = own[level.order] if level else TensionLevel(organisation=organisation)
                form = TensionLevelForm(request.POST, instance=target)
                if not form.is_valid():
                    transaction.set_rollback(True)
            if form.is_valid():
                saved = form.save()
                record(
                    AuditAction.CREATE if level is None else AuditAction.UPDATE,
                    saved,
                    actor=user,
                    organisation=organisation,
                    changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
                )
        if form.is_valid():
            messages.success(request, _("The tension scale has been saved."))
            url = reverse("tensions-level-list")
            if organisation is not None:
                url += f"?organisation={organisation.pk}"
            return redirect(url)
    return render(
        request,
        "tensions/board/level_form.html",
        {"form": form, "level": level, "organisation": organisation},
        status=_form_status(request),
    )


# --------------------------------------------------------------------------- trigger events


@login_required
def trigger_event_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    user = request.user
    if not _has_scope(TriggerEvent, user, VIEW):
        raise Http404(_("No such page."))
    show_past = text_param(request.GET, "past") == "1"
    today = timezone.localdate()
    events = TriggerEvent.objects.restrict(user, VIEW).select_related("area", "expected_risk")
    events = (
        events.filter(starts_on__lt=today)
        if show_past
        else events.exclude(starts_on__lt=today - dt.timedelta(days=1))
    )
    events = list(events.order_by("-starts_on" if show_past else "starts_on")[:300])
    record_many(
        view_or_export(fmt),
        events,
        "trigger events",
        actor=user,
        fmt=fmt,
    )
    rows = [
        {
            "starts_on": e.starts_on,
            "ends_on": e.ends_on,
            "title": e.title,
            "kind": e.kind,
            "area_code": e.area_code,
            "area_name": e.area.name,
            "expected_risk": e.expected_risk.name,
            "synthetic": e.synthetic,
        }
        for e in events
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/trigger_event_list.html",
            context={
                "events": events,
                "show_past": show_past,
                "can_add": _has_scope(TriggerEvent, user, ADD),
            },
            data={"events": rows},
            rows=rows,
            columns=list(rows[0]) if rows else ["starts_on", "title", "area_code"],
            filename="trigger-events",
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


def _has_scope(model: Any, user: Any, action: str) -> bool:
    scope = model.objects.scope(user, action)
    return bool(scope.everywhere or scope.councils or scope.wards)


def _scoped_form_view(
    request: HttpRequest,
    *,
    model: Any,
    form_class: Any,
    template: str,
    pk: int | None,
    creator_field: str,
    saved_message: str,
) -> HttpResponse:
    """Add or change a trigger event or rumour: the area chosen must be one the person may act in."""
    user = request.user
    if pk is None:
        if not _has_scope(model, user, VIEW):
            raise Http404(_("No such page."))
        if not _has_scope(model, user, ADD):
            raise PermissionDenied(_("You may not add these."))
        instance = None
    else:
        instance = get_for_user(model.objects.select_related("area"), user, CHANGE, pk=pk)
        if request.method != "POST":
            record_view(user, instance)  # the form shows the record as it stands
    form = form_class(request.POST or None, instance=instance, user=user)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if instance is None:
            setattr(obj, creator_field, user)
        with transaction.atomic():
            obj.save()
            record(
                AuditAction.CREATE if instance is None else AuditAction.UPDATE,
                obj,
                actor=user,
                changes={"fields": sorted(form.changed_data)},
            )
        messages.success(request, saved_message)
        return redirect(obj)
    return render(
        request, template, {"form": form, "object": instance}, status=_form_status(request)
    )


@login_required
def trigger_event_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _scoped_form_view(
        request,
        model=TriggerEvent,
        form_class=TriggerEventForm,
        template="tensions/board/trigger_event_form.html",
        pk=pk,
        creator_field="created_by",
        saved_message=_("Trigger event saved."),
    )


@login_required
def trigger_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_for_user(
        TriggerEvent.objects.select_related("area", "expected_risk", "created_by"),
        request.user,
        VIEW,
        pk=pk,
    )
    record_view(request.user, event)
    return render(
        request,
        "tensions/board/trigger_event_detail.html",
        {
            "event": event,
            "can_change": _may(TriggerEvent, request.user, CHANGE, event),
            "impacts": CommunityImpactAssessment.objects.restrict(request.user, VIEW).filter(
                trigger_event=event
            ),
            "can_assess_impact": CommunityImpactAssessment.objects.scope(request.user, ADD).covers(
                event.council_code, event.area_code
            ),
        },
    )


# --------------------------------------------------------------------------- rumours


RUMOUR_COLUMNS = [
    "heard_on",
    "area_code",
    "area_name",
    "where_heard",
    "reach",
    "status",
    "owner",
    "what",
    "counter_message",
    "synthetic",
]


@login_required
def rumour_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    user = request.user
    if not _has_scope(Rumour, user, VIEW):
        raise Http404(_("No such page."))
    visible = Rumour.objects.restrict(user, VIEW)
    form = RumourFilterForm(request.GET, areas=choices_from(visible, "area_code", "area__name"))
    listed = page_of(request, form.filtered(visible, user).select_related("area", "owner"), fmt)
    rumours = listed.shown
    record_many(
        view_or_export(fmt),
        rumours,
        "rumours",
        actor=user,
        fmt=fmt,
    )
    rows = [
        {
            "heard_on": r.heard_on,
            "area_code": r.area_code,
            "area_name": r.area.name,
            "where_heard": r.where_heard,
            "reach": r.reach,
            "status": r.status,
            "owner": (r.owner.get_full_name() or r.owner.get_username()) if r.owner else "",
            "what": r.what,
            "counter_message": r.counter_message,
            "synthetic": r.synthetic,
        }
        for r in rumours
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/rumour_list.html",
            context=list_context(
                form, listed, rumours=rumours, can_add=_has_scope(Rumour, user, ADD)
            ),
            data={"count": listed.total, "shown": len(rows), "rumours": rows},
            rows=rows,
            columns=RUMOUR_COLUMNS,
            filename="rumours",
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


@login_required
def rumour_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _scoped_form_view(
        request,
        model=Rumour,
        form_class=RumourForm,
        template="tensions/board/rumour_form.html",
        pk=pk,
        creator_field="created_by",
        saved_message=_("Rumour saved."),
    )


@login_required
def rumour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rumour = get_for_user(
        Rumour.objects.select_related("area", "owner", "created_by"), request.user, VIEW, pk=pk
    )
    record_view(request.user, rumour)
    return render(
        request,
        "tensions/board/rumour_detail.html",
        {"rumour": rumour, "can_change": _may(Rumour, request.user, CHANGE, rumour)},
    )


# --------------------------------------------------------------------------- community impact


@login_required
def impact_add(request: HttpRequest, reference: str | None = None) -> HttpResponse:
    """A new impact assessment: for a report (``reference``), a trigger event (``?event=``) or an area."""
    from cohesion.tensions.forms.assessment import report_area
    from cohesion.tensions.models import Report

    user = request.user
    initial: dict[str, Any] = {}
    report = None
    if reference is not None:
        report = get_for_user(Report.objects.all(), user, VIEW, reference=reference)
        area = report_area(report)
        if area is None:
            raise Http404(_("This report has no area, so no impact assessment can be made for it."))
        require_scope(CommunityImpactAssessment, user, ADD, *area_codes(area))
        initial["reports"] = [report]
        if request.method != "POST":
            record_view(user, report)  # the form shows the case it assesses
    else:
        if not _has_scope(CommunityImpactAssessment, user, VIEW):
            raise Http404(_("No such page."))
        if not _has_scope(CommunityImpactAssessment, user, ADD):
            raise PermissionDenied(_("You may not add these."))
        event_pk = text_param(request.GET, "event")
        if event_pk.isdigit():
            initial["trigger_event"] = get_for_user(
                TriggerEvent.objects.all(), user, VIEW, pk=int(event_pk)
            )
    form = CommunityImpactForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        return _save_impact(request, form, created=True)
    return _impact_form_page(request, form, report=report, impact=None)


def _impact_form_page(
    request: HttpRequest, form: CommunityImpactForm, *, report: Any, impact: Any
) -> HttpResponse:
    """The form, after noting that it lists cases: the reports it offers to link."""
    offered = form.fields["reports"]
    assert isinstance(offered, forms.ModelMultipleChoiceField)
    record_many(
        AuditAction.VIEW,
        list(offered.queryset or []),
        "Reports offered for a community impact assessment",
        actor=request.user,
    )
    return render(
        request,
        "tensions/board/impact_form.html",
        {"form": form, "report": report, "impact": impact},
        status=_form_status(request),
    )


def _save_impact(request: HttpRequest, form: CommunityImpactForm, *, created: bool) -> HttpResponse:
    """Save the assessment with its links in one transaction, and record who did it."""
    impact = form.save(commit=False)
    if created:
        impact.author = request.user
    form.apply_links(impact)
    with transaction.atomic():
        impact.save()
        form.save_m2m()
        record(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            impact,
            actor=request.user,
            changes={
                "fields": sorted(form.changed_data),
                "reports": sorted(r.reference for r in impact.reports.all()),
            },
        )
    if created:
        messages.success(request, _("Community impact assessment saved."))
    else:
        messages.success(request, _("Community impact assessment updated."))
    return redirect(impact)


def impact_row(impact: CommunityImpactAssessment) -> dict[str, Any]:
    """An impact assessment as the JSON and CSV twins give it."""
    return {
        "id": impact.pk,
        "area_code": impact.area_code,
        "area_name": impact.area.name,
        "council_code": impact.council_code,
        "reports": [r.reference for r in impact.reports.all()],
        "trigger_event": (
            {"id": impact.trigger_event_id, "title": impact.trigger_event.title}
            if impact.trigger_event
            else None
        ),
        "communities_affected": impact.communities_affected,
        "impact": impact.impact,
        "summary": impact.summary,
        "risk_of_escalation": impact.risk_of_escalation,
        "reassurance": impact.reassurance,
        "stakeholders": impact.stakeholders,
        "channels": impact.channels,
        "listening_event": (
            {"id": impact.listening_event_id, "label": impact.listening_event_label}
            if impact.listening_event_id
            else None
        ),
        "plan_actions": [{"id": pk, "title": t} for pk, t in impact.linked_actions()],
        "review_on": impact.review_on,
        "author": impact.author.get_full_name() or impact.author.get_username(),
        "updated_at": impact.updated_at,
        "synthetic": impact.synthetic,
    }


@login_required
def impact_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    impact = get_for_user(
        CommunityImpactAssessment.objects.select_related(
            "area", "author", "trigger_event"
        ).prefetch_related("reports"),
        request.user,
        VIEW,
        pk=pk,
    )
    record(
        view_or_export(fmt),
        impact,
        actor=request.user,
        changes={"format": fmt or "html"},
    )
    row = impact_row(impact)
    flat = {
        **row,
        "reports": " ".join(row["reports"]),
        "trigger_event": impact.trigger_event_id or "",
        "listening_event": impact.listening_event_id or "",
        "plan_actions": " ".join(str(pk) for pk in impact.plan_action_ids or []),
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="tensions/board/impact_detail.html",
            context={
                "impact": impact,
                "reports": list(impact.reports.all()),
                "can_change": _may(CommunityImpactAssessment, request.user, CHANGE, impact),
            },
            data={"impact_assessment": row},
            rows=[flat],
            columns=list(flat),
            filename=f"impact-assessment-{impact.pk}",
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


@login_required
def impact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    impact = get_for_user(
        CommunityImpactAssessment.objects.select_related("area"),
        request.user,
        CHANGE,
        pk=pk,
    )
    if request.method != "POST":
        record_view(request.user, impact)  # the form shows the assessment as it stands
    form = CommunityImpactForm(request.POST or None, instance=impact, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _save_impact(request, form, created=False)
    return _impact_form_page(request, form, report=None, impact=impact)
