"""Staff pages of the plans app: the steering group, localities, plans, and their twins.

Every record is fetched through its queryset's ``restrict`` (``get_for_user``: 404
for outsiders, 403 for a write the person may not make); every page and twin
writes an audit event. Counts and statuses come from :mod:`cohesion.plans.overview`
in a fixed number of queries.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.permissions import CHANGE, VIEW, get_for_user, may
from cohesion.audit.log import record, view_or_export
from cohesion.audit.owners import councils_covering
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level
from cohesion.places.queries import get_area
from cohesion.plans import overview
from cohesion.plans.access import council_scope, councils_coordinated
from cohesion.plans.choices import MeetingKind, PlanKind, PlanStatus
from cohesion.plans.models import Action, Locality, Meeting, Plan, Target
from cohesion.plans.views.targets import target_panels

PRIVATE = {"Cache-Control": "private, no-store"}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def target_row(target: Target) -> dict[str, Any]:
    return {
        "plan": target.plan.title,
        "theme": target.theme.name if target.theme else "",
        "target": target.title,
        "indicator": target.indicator_code,
        "area": target.area_code,
        "baseline": target.baseline_value,
        "target_value": target.target_value,
        "target_date": target.target_date,
        "latest_value": target.computed_latest_value,
        "status": target.shown_status,
        "computed_status": target.computed_status,
        "manual_status": target.manual_status,
    }


ACTION_COLUMNS = [
    "id",
    "plan",
    "theme",
    "objective",
    "action",
    "owner",
    "starts_on",
    "due_on",
    "status",
    "progress",
    "dropped_reason",
]


def action_row(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "plan": action.plan.title if action.plan else "",
        "theme": action.theme.name if action.theme else "",
        "objective": action.objective.title if action.objective else "",
        "action": action.title,
        "owner": action.owner_organisation.name,
        "starts_on": action.starts_on,
        "due_on": action.due_on,
        "status": action.status,
        "progress": action.progress,
        "dropped_reason": action.dropped_reason,
    }


# --------------------------------------------------------------------------- the steering group


def steering_plans(user: Any, council_code: str) -> Any:
    return (
        Plan.objects.restrict(user, VIEW)
        .filter(
            council_code=council_code,
            status=PlanStatus.ACTIVE,
            kind__in=[PlanKind.LOCALITY, PlanKind.STRATEGY],
        )
        .select_related("locality")
        .order_by("kind", "title", "pk")
    )


@login_required
def steering_index(request: HttpRequest) -> HttpResponse:
    """The steering-group page of the one council whose plans the person reads (or a list to choose)."""
    codes = list(
        Plan.objects.restrict(request.user, VIEW)
        .order_by("council_code")
        .values_list("council_code", flat=True)
        .distinct()
    )
    if len(codes) == 1:
        return redirect("plans-steering", council_code=codes[0])
    from django.shortcuts import render

    councils = [get_area(code) for code in codes]
    return render(request, "plans/pages/steering_index.html", {"councils": councils})


@login_required
def steering_page(request: HttpRequest, council_code: str, fmt: str | None = None) -> HttpResponse:
    """Localities × themes with their status, targets off track, overdue actions, missed reviews, escalations."""
    user = request.user
    council = get_area(council_code)
    plans = steering_plans(user, council.code)
    if council.level != Level.COUNCIL or (
        not council_scope(user).covers(council.code) and not plans.exists()
    ):
        raise Http404(_("No such council."))
    today = timezone.localdate()
    data = overview.steering(user, plans, council.code, today)
    record(
        view_or_export(fmt),
        council,
        actor=user,
        object_repr=f"Steering group page of {council.name} ({council.code})",
        changes={"format": fmt or "html"},
    )
    themes = [t.name for t in data.council_themes]
    rows = []
    for row in data.rows:
        flat: dict[str, Any] = {
            "plan": row.plan.title,
            "locality": row.plan.locality.name if row.plan.locality else "",
            "progress": _pct(row.progress),
            "open_actions": row.open_actions,
            "overdue_actions": row.overdue_actions,
            "last_review": row.last_review,
            "review_missed": row.review_missed,
        }
        for name, cell in zip(themes, row.cells, strict=True):
            flat[name] = cell.label if cell else ""
        rows.append(flat)
    payload = {
        "council": {"code": council.code, "name": council.name},
        "date": today,
        "themes": themes,
        "plans": [
            {
                **{k: v for k, v in flat.items() if k not in themes},
                "themes": [
                    {
                        "theme": name,
                        "status": cell.rag if cell else None,
                        "label": cell.label if cell else None,
                        "progress": _pct(cell.progress) if cell else None,
                    }
                    for name, cell in zip(themes, row.cells, strict=True)
                ],
            }
            for flat, row in zip(rows, data.rows, strict=True)
        ],
        "targets_off_track": [target_row(t) for t in data.off_track_targets],
        "overdue_actions": [action_row(a) for a in data.overdue_actions],
        "overdue_count": data.overdue_count,
        "missed_reviews": [
            {"plan": r.plan.title, "last_review": r.last_review} for r in data.missed_reviews
        ],
        "open_escalations": [
            {
                "summary": e.summary,
                "plan": e.plan.title if e.plan else "",
                "raised_at": e.raised_at,
                "meeting": str(e.meeting),
            }
            for e in data.escalations
        ],
    }
    context = {"council": council, "data": data, "today": today}
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/pages/steering.html",
            context=context,
            data=payload,
            rows=rows,
            columns=[
                "plan",
                "locality",
                "progress",
                "open_actions",
                "overdue_actions",
                "last_review",
                "review_missed",
                *themes,
            ],
            filename=f"steering-group-{council.code}",
            extra_headers=PRIVATE,
        ),
    )


# --------------------------------------------------------------------------- localities


def councils_to_name_localities(user: Any) -> list[Any]:
    """The councils in which the person may name a locality (as a coordinator)."""
    codes = councils_coordinated(user)
    return [get_area(code) for code in sorted(codes)]


@login_required
def locality_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The localities the person reads, with their plans' progress."""
    user = request.user
    localities = list(Locality.objects.restrict(user, VIEW).select_related("manager"))
    plans = list(
        Plan.objects.restrict(user, VIEW)
        .filter(locality__in=[loc.pk for loc in localities], status=PlanStatus.ACTIVE)
        .order_by("-starts_on", "pk")
    )
    progress = overview.rollups([p.pk for p in plans])
    current: dict[int, Plan] = {}
    items: list[dict[str, Any]] = []
    for plan in plans:
        current.setdefault(plan.locality_id or 0, plan)
    for loc in localities:
        found = current.get(loc.pk)
        items.append(
            {
                "locality": loc,
                "plan": found,
                "progress": _pct(progress[found.pk].plan) if found else None,
            }
        )
    record(
        view_or_export(fmt),
        actor=user,
        owners=councils_covering(*{loc.council_code for loc in localities}),
        object_repr="Localities",
        changes={"format": fmt or "html", "count": len(localities)},
    )
    rows = [
        {
            "id": i["locality"].pk,
            "council": i["locality"].council_code,
            "locality": i["locality"].name,
            "kind": i["locality"].kind,
            "manager": i["locality"].manager.get_full_name() if i["locality"].manager else "",
            "plan": i["plan"].title if i["plan"] else "",
            "progress": i["progress"],
        }
        for i in items
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/pages/locality_list.html",
            context={"items": items, "councils": councils_to_name_localities(user)},
            data={"localities": rows},
            rows=rows,
            columns=["id", "council", "locality", "kind", "manager", "plan", "progress"],
            filename="localities",
            extra_headers=PRIVATE,
        ),
    )


@login_required
def locality_page(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    """A locality: its current plan, targets with status, actions by theme, the last review."""
    user = request.user
    locality = get_for_user(Locality.objects.select_related("manager"), user, VIEW, pk=pk)
    plans = list(
        Plan.objects.restrict(user, VIEW).filter(locality=locality).order_by("-starts_on", "pk")
    )
    progress = overview.rollups([p.pk for p in plans])
    plan = next((p for p in plans if p.status == PlanStatus.ACTIVE), plans[0] if plans else None)
    targets: list[Target] = []
    groups: list[Any] = []
    last_review = None
    if plan is not None:
        targets = list(plan.targets.select_related("plan", "theme"))
        actions = list(
            plan.actions.select_related("plan", "theme", "objective", "owner_organisation")
        )
        groups = overview.actions_by_theme(plan, actions)
        last_review = (
            Meeting.objects.filter(plan=plan, kind=MeetingKind.PLAN_REVIEW)
            .order_by("-held_on", "-pk")
            .first()
        )
    record(view_or_export(fmt), locality, actor=user, changes={"format": fmt or "html"})
    rows = [action_row(a) for _theme, actions in groups for a in actions]
    payload = {
        "locality": {
            "id": locality.pk,
            "name": locality.name,
            "council": locality.council_code,
            "slug": locality.slug,
        },
        "plans": [
            {
                "id": p.pk,
                "title": p.title,
                "status": p.status,
                "progress": _pct(progress[p.pk].plan),
            }
            for p in plans
        ],
        "targets": [target_row(t) for t in targets],
        "actions": rows,
        "last_review": last_review.held_on if last_review else None,
    }
    context = {
        "locality": locality,
        "plans": [(p, _pct(progress[p.pk].plan)) for p in plans],
        "plan": plan,
        "theme_progress": progress[plan.pk].themes if plan else {},
        "targets": targets,
        "target_panels": target_panels(targets),
        "groups": groups,
        "last_review": last_review,
        "can_add_plan": may(Locality.objects, user, CHANGE, locality),
        "ward_codes": [w.code for w in locality.wards.all()],
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/pages/locality.html",
            context=context,
            data=payload,
            rows=rows,
            columns=ACTION_COLUMNS,
            filename=f"locality-{locality.slug}",
            extra_headers=PRIVATE,
        ),
    )


# --------------------------------------------------------------------------- a plan


@login_required
def plan_page(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    """A plan with its themes, objectives, targets and actions, and what each has achieved."""
    user = request.user
    plan = get_for_user(
        Plan.objects.select_related("locality", "manager", "council"), user, VIEW, pk=pk
    )
    rollup = overview.rollups([plan.pk])[plan.pk]
    themes = list(plan.themes.select_related("lead_organisation").prefetch_related("objectives"))
    actions = list(plan.actions.select_related("plan", "theme", "objective", "owner_organisation"))
    targets = list(plan.targets.select_related("plan", "theme"))
    may_edit = may(Plan.objects, user, CHANGE, plan)
    editable = set(
        Action.objects.restrict(user, CHANGE).filter(plan=plan).values_list("pk", flat=True)
    )
    record(view_or_export(fmt), plan, actor=user, changes={"format": fmt or "html"})
    rows = [action_row(a) for a in actions]
    by_theme: dict[int | None, list[Action]] = {}
    by_objective: dict[int, list[Action]] = {}
    for action in actions:
        if action.objective_id:
            by_objective.setdefault(action.objective_id, []).append(action)
        else:
            by_theme.setdefault(action.theme_id, []).append(action)
    sections: list[dict[str, Any]] = [
        {
            "theme": theme,
            "progress": _pct(rollup.themes.get(theme.pk)),
            "objectives": [
                {
                    "objective": objective,
                    "progress": _pct(rollup.objectives.get(objective.pk)),
                    "actions": by_objective.get(objective.pk, []),
                }
                for objective in theme.objectives.all()
            ],
            "actions": by_theme.get(theme.pk, []),
        }
        for theme in themes
    ]
    payload = {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "kind": plan.kind,
            "status": plan.status,
            "council": plan.council_code,
            "locality": plan.locality.name if plan.locality else "",
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "progress": _pct(rollup.plan),
        },
        "themes": [
            {
                "id": s["theme"].pk,
                "name": s["theme"].name,
                "lead": str(s["theme"].lead_organisation or ""),
                "progress": s["progress"],
                "objectives": [
                    {
                        "id": o["objective"].pk,
                        "title": o["objective"].title,
                        "progress": o["progress"],
                    }
                    for o in s["objectives"]
                ],
            }
            for s in sections
        ],
        "targets": [target_row(t) for t in targets],
        "actions": rows,
    }
    context = {
        "plan": plan,
        "progress": _pct(rollup.plan),
        "sections": sections,
        "loose_actions": by_theme.get(None, []),
        "targets": targets,
        "may_edit": may_edit,
        "editable": editable,
        "may_add_action": may_edit,
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/pages/plan.html",
            context=context,
            data=payload,
            rows=rows,
            columns=ACTION_COLUMNS,
            filename=f"plan-{plan.pk}",
            extra_headers=PRIVATE,
        ),
    )


def locality_url(locality: Locality) -> str:
    return reverse("plans-locality", args=[locality.pk])
