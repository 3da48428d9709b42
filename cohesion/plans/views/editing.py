"""Creating and changing plans, themes, objectives and actions, an action's status, and the council's themes.

Each write is one transaction (nothing half-saved), is refused with 403 to
someone who may read but not change the record (404 to an outsider), offers only
allowed targets in its form, and writes an audit event. A status change writes an
append-only :class:`~cohesion.plans.models.ActionUpdate`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cohesion.accounts.permissions import (
    CHANGE,
    VIEW,
    get_for_user,
    may,
)
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, view_or_export
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level
from cohesion.places.queries import get_area
from cohesion.plans.access import coordinates_council, council_scope, organisations_acting
from cohesion.plans.choices import LocalityKind, PlanKind
from cohesion.plans.forms_pages import (
    ActionForm,
    ActionStatusForm,
    CouncilThemeForm,
    ObjectiveForm,
    PlanForm,
    ThemeForm,
)
from cohesion.plans.models import (
    Action,
    CouncilTheme,
    Locality,
    Objective,
    Plan,
    PlanTheme,
)
from cohesion.plans.services import ServiceOffer, copy_council_themes, services_offered
from cohesion.plans.views.pages import PRIVATE, action_row


def form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form page; 400 when a posted form comes back with its errors (nothing was saved)."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def plan_url(plan: Plan) -> str:
    return reverse("plans-plan", args=[plan.pk])


# --------------------------------------------------------------------------- plans


@login_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new plan for a locality: its wards, partners and manager copied, and the council's themes."""
    locality = get_for_user(Locality.objects.select_related("council"), request.user, CHANGE, pk=pk)
    initial = {
        "title": _("%(name)s locality action plan") % {"name": locality.name},
        "manager": locality.manager_id,
        "wards": list(locality.wards.values_list("pk", flat=True)),
        "partners": list(locality.partners.values_list("pk", flat=True)),
    }
    form = PlanForm(
        request.POST or None,
        initial=initial,
        council_code=locality.council_code,
        instance=Plan(
            council=locality.council,
            locality=locality,
            kind=PlanKind.STRATEGY if locality.kind == LocalityKind.STRATEGY else PlanKind.LOCALITY,
            created_by=request.user,  # type: ignore[misc]
        ),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            plan = form.save()
            themes = copy_council_themes(plan)
            record(
                AuditAction.CREATE,
                plan,
                actor=request.user,
                changes={"locality": locality.pk, "themes": [t.name for t in themes]},
            )
        messages.success(request, _("Plan created with the council's themes."))
        return redirect(plan_url(plan))
    return form_page(
        request,
        "plans/pages/form.html",
        {
            "form": form,
            "title": _("New plan for %(name)s") % {"name": locality.name},
            "cancel": reverse("plans-locality", args=[locality.pk]),
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for_user(Plan.objects.all(), request.user, CHANGE, pk=pk)
    before = model_to_dict(plan, fields=["title", "status", "starts_on", "ends_on"])
    form = PlanForm(request.POST or None, instance=plan, council_code=plan.council_code)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            plan = form.save()
            record(AuditAction.UPDATE, plan, actor=request.user, changes={"before": before})
        messages.success(request, _("Plan saved."))
        return redirect(plan_url(plan))
    return form_page(
        request,
        "plans/pages/form.html",
        {"form": form, "title": _("Change the plan"), "cancel": plan_url(plan)},
    )


# --------------------------------------------------------------------------- themes and objectives


def save_part(
    request: HttpRequest, form: Any, plan: Plan, creating: bool, what: str, title: str, caption: str
) -> HttpResponse:
    """Save a theme or objective of ``plan`` (audited on the plan), or show the form again."""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            part = form.save()
            record(
                AuditAction.CREATE if creating else AuditAction.UPDATE,
                plan,
                actor=request.user,
                changes={what: str(part)},
            )
        messages.success(request, _("Saved."))
        return redirect(plan_url(plan))
    return form_page(
        request,
        "plans/pages/form.html",
        {"form": form, "title": title, "caption": caption, "cancel": plan_url(plan)},
    )


@login_required
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """``plans/<pk>/themes/new/`` adds a theme to plan ``pk``; ``plans/themes/<pk>/edit/`` changes theme ``pk``."""
    creating = (
        request.resolver_match is not None
        and request.resolver_match.url_name == "plans-theme-create"
    )
    if creating:
        plan = get_for_user(Plan.objects.all(), request.user, CHANGE, pk=pk)
        theme = PlanTheme(plan=plan)
    else:
        theme = (
            PlanTheme.objects.filter(
                pk=pk, plan__in=Plan.objects.restrict(request.user, VIEW)
            ).first()
            or _missing()
        )
        plan = get_for_user(Plan.objects.all(), request.user, CHANGE, pk=theme.plan_id)
    form = ThemeForm(request.POST or None, instance=theme, plan=plan)
    title = _("Add a theme") if creating else _("Change a theme")
    return save_part(request, form, plan, creating, "theme", title, plan.title)


def _missing() -> Any:
    raise Http404(_("No such record."))


@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """``plans/themes/<pk>/objectives/new/`` adds an objective to theme ``pk``; ``.../objectives/<pk>/edit/`` changes one."""
    creating = (
        request.resolver_match is not None
        and request.resolver_match.url_name == "plans-objective-create"
    )
    readable = Plan.objects.restrict(request.user, VIEW)
    if creating:
        theme = PlanTheme.objects.filter(pk=pk, plan__in=readable).first() or _missing()
        objective = Objective(theme=theme)
    else:
        objective = (
            Objective.objects.select_related("theme")
            .filter(pk=pk, theme__plan__in=readable)
            .first()
            or _missing()
        )
        theme = objective.theme
    plan = get_for_user(Plan.objects.all(), request.user, CHANGE, pk=theme.plan_id)
    form = ObjectiveForm(request.POST or None, instance=objective)
    title = _("Add an objective") if creating else _("Change an objective")
    return save_part(request, form, plan, creating, "objective", title, theme.name)


# --------------------------------------------------------------------------- actions


def action_owners(user: Any, plan: Plan) -> Any:
    """Whom ``user`` may make an action's owner: any partner for the plan's editors, else their own organisations."""
    partners = plan.partners.order_by("name")
    if may(Plan.objects, user, CHANGE, plan):
        return partners
    return partners.filter(pk__in=organisations_acting(user))


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new action in plan ``pk``, by its editors or by a partner for its own organisation."""
    plan = get_for_user(Plan.objects.all(), request.user, VIEW, pk=pk)
    owners = action_owners(request.user, plan)
    if not owners.exists():
        raise PermissionDenied(_("You may not add actions to this plan."))
    form = ActionForm(
        request.POST or None,
        instance=Action(plan=plan, council_id=plan.council_id, created_by=request.user),  # type: ignore[misc]
        plan=plan,
        owners=owners,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            action = form.save()
            action.note_change(
                by=request.user, old_status="", old_progress=None, note=_("Action created.")
            )
            record(AuditAction.CREATE, action, actor=request.user)
        messages.success(request, _("Action added."))
        return redirect(plan_url(plan))
    return form_page(
        request,
        "plans/pages/form.html",
        {
            "form": form,
            "title": _("Add an action"),
            "caption": plan.title,
            "cancel": plan_url(plan),
        },
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_user(Action.objects.select_related("plan"), request.user, CHANGE, pk=pk)
    plan = action.plan
    if plan is None:
        raise Http404(_("This action belongs to no plan."))
    old_status, old_progress = action.status, action.progress
    owners = action_owners(request.user, plan) | plan.partners.filter(
        pk=action.owner_organisation_id
    )
    form = ActionForm(request.POST or None, instance=action, plan=plan, owners=owners.distinct())
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            action = form.save()
            action.note_change(by=request.user, old_status=old_status, old_progress=old_progress)
            record(
                AuditAction.UPDATE,
                action,
                actor=request.user,
                changes={"status": [old_status, action.status]},
            )
        messages.success(request, _("Action saved."))
        return redirect("plans-action", pk=action.pk)
    return form_page(
        request,
        "plans/pages/form.html",
        {
            "form": form,
            "title": _("Change an action"),
            "caption": plan.title,
            "cancel": reverse("plans-action", args=[action.pk]),
        },
    )


@login_required
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Report an action's status and progress with a note: one ActionUpdate in its history."""
    action = get_for_user(Action.objects.all(), request.user, CHANGE, pk=pk)
    form = ActionStatusForm(
        request.POST or None,
        initial={
            "status": action.status,
            "progress": action.progress,
            "dropped_reason": action.dropped_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        old_status, old_progress = action.status, action.progress
        action.status = form.cleaned_data["status"]
        action.progress = form.cleaned_data["progress"]
        action.dropped_reason = form.cleaned_data["dropped_reason"].strip()
        with transaction.atomic():
            action.save(update_fields=["status", "progress", "dropped_reason", "updated_at"])
            action.note_change(
                by=request.user,
                old_status=old_status,
                old_progress=old_progress,
                note=form.cleaned_data["note"],
            )
            record(
                AuditAction.UPDATE,
                action,
                actor=request.user,
                changes={"status": [old_status, action.status]},
            )
        messages.success(request, _("Status saved."))
        return redirect("plans-action", pk=action.pk)
    return form_page(
        request,
        "plans/pages/form.html",
        {
            "form": form,
            "title": _("Update the action's status"),
            "caption": action.title,
            "cancel": reverse("plans-action", args=[action.pk]),
        },
    )


def named_services(action: Action) -> list[ServiceOffer]:
    """The directory services ``action`` names that the directory still lists (its lookup gives the URL)."""
    offers = {o.id: o for o in services_offered(action.council_code)}
    return [offers[pk] for pk in action.service_ids or [] if pk in offers]


@login_required
def action_page(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    """An action, with its history of status changes."""
    user = request.user
    action = get_for_user(
        Action.objects.select_related("plan", "theme", "objective", "owner_organisation"),
        user,
        VIEW,
        pk=pk,
    )
    updates = list(action.updates.select_related("by", "meeting"))
    record(view_or_export(fmt), action, actor=user, changes={"format": fmt or "html"})
    named = named_services(action)
    rows = [
        {
            "at": u.at,
            "by": (u.by.get_full_name() or u.by.username) if u.by else "",
            "old_status": u.old_status,
            "new_status": u.new_status,
            "old_progress": u.old_progress,
            "new_progress": u.new_progress,
            "note": u.note,
            "meeting": str(u.meeting) if u.meeting else "",
        }
        for u in updates
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/pages/action.html",
            context={
                "action": action,
                "updates": updates,
                "may_change": may(Action.objects, user, CHANGE, action),
                "services": named,
                "services_unlisted": len(action.service_ids or []) - len(named),
            },
            data={
                "action": action_row(action),
                "services": [{"id": o.id, "name": o.name, "url": o.url} for o in named],
                "history": rows,
            },
            rows=rows,
            columns=[
                "at",
                "by",
                "old_status",
                "new_status",
                "old_progress",
                "new_progress",
                "note",
                "meeting",
            ],
            filename=f"action-{action.pk}",
            extra_headers=PRIVATE,
        ),
    )


# --------------------------------------------------------------------------- the council's themes


def council_in_scope(user: Any, council_code: str) -> Any:
    """The council, or 404 for a code that is not a council in the person's scope."""
    council = get_area(council_code)
    if council.level != Level.COUNCIL or not council_scope(user).covers(council.code):
        raise Http404(_("No such council."))
    return council


@login_required
def council_themes(request: HttpRequest, council_code: str) -> HttpResponse:
    """The council's theme set (and a form to add one), copied into each new plan."""
    council = council_in_scope(request.user, council_code)
    allowed = coordinates_council(request.user, council.code)
    if request.method == "POST" and not allowed:
        raise PermissionDenied(_("Only the council's coordinators set its themes."))
    form = CouncilThemeForm(
        request.POST or None,
        council_code=council.code,
        instance=CouncilTheme(council=council),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            theme = form.save()
            record(AuditAction.CREATE, theme, actor=request.user)
        messages.success(request, _("Theme added."))
        return redirect("plans-council-themes", council_code=council.code)
    themes = CouncilTheme.objects.filter(council_code=council.code).select_related(
        "lead_organisation"
    )
    return form_page(
        request,
        "plans/pages/council_themes.html",
        {"council": council, "themes": themes, "form": form if allowed else None},
    )


@login_required
def council_theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = CouncilTheme.objects.filter(pk=pk).first() or _missing()
    council = council_in_scope(request.user, theme.council_code)
    if not coordinates_council(request.user, council.code):
        raise PermissionDenied(_("Only the council's coordinators set its themes."))
    form = CouncilThemeForm(request.POST or None, council_code=council.code, instance=theme)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            theme = form.save()
            record(AuditAction.UPDATE, theme, actor=request.user)
        messages.success(request, _("Theme saved."))
        return redirect("plans-council-themes", council_code=council.code)
    return form_page(
        request,
        "plans/pages/form.html",
        {
            "form": form,
            "title": _("Change a council theme"),
            "caption": council.name,
            "cancel": reverse("plans-council-themes", args=[council.code]),
        },
    )
