"""Public parts of plans: a locality's public page and ``/areas/<GSS>/plans.json``.

What is public: a published locality's description, and for each of its published
plans the summary, each theme's "Our part / Your part", the public actions'
titles and statuses, and the targets with their shown status. Never internal
notes, progress notes, owners' names or dropped reasons.

``/areas/<GSS>/plans.json`` (and ``.csv``) gives those public parts to anyone; a
signed-in partner also gets the plans they may read (the same fields, never the
internal notes), and that download is audited.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cohesion.accounts.permissions import VIEW
from cohesion.audit.log import record, view_or_export
from cohesion.core.twins import Twin, render_twin
from cohesion.places.queries import get_area
from cohesion.plans.choices import PlanStatus
from cohesion.plans.models import Action, Locality, Plan, Target
from cohesion.plans.queries import PUBLIC_PLANS, covering_q


def _public_actions(plan_ids: list[int], readable: set[int]) -> dict[int, list[Action]]:
    actions: dict[int, list[Action]] = defaultdict(list)
    for action in (
        Action.objects.filter(plan_id__in=plan_ids)
        .filter(Q(is_public=True) | Q(plan_id__in=readable))
        .select_related("theme")
        .order_by("theme__order", "due_on", "pk")
    ):
        actions[action.plan_id or 0].append(action)
    return actions


def area_plans(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    """The plans, targets (with status) and actions that cover an area."""
    if fmt not in ("json", "csv"):
        raise Http404(_("This page has no such format."))
    area = get_area(code)
    covering = covering_q(area)
    readable = set(
        Plan.objects.restrict(request.user, VIEW).filter(covering).values_list("pk", flat=True)
    )
    plans = list(
        Plan.objects.filter(covering)
        .filter(PUBLIC_PLANS | Q(pk__in=readable))
        .select_related("locality")
        .distinct()
        .order_by("title", "pk")
    )
    plan_ids = [p.pk for p in plans]
    actions = _public_actions(plan_ids, readable)
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(plan_id__in=plan_ids).select_related("theme"):
        targets[target.plan_id].append(target)
    if request.user.is_authenticated:
        record(
            view_or_export(fmt),
            area,
            actor=request.user,
            object_repr=f"Plans covering {area.name} ({area.code})",
            changes={"format": fmt, "plans": plan_ids},
        )
    data: dict[str, Any] = {
        "area": {"code": area.code, "name": area.name, "level": area.level},
        "plans": [
            {
                "id": plan.pk,
                "title": plan.title,
                "kind": plan.kind,
                "locality": plan.locality.name if plan.locality else "",
                "summary": plan.summary,
                "starts_on": plan.starts_on,
                "ends_on": plan.ends_on,
                "public": plan.pk not in readable or plan.is_published,
                "targets": [
                    {
                        "title": t.title,
                        "theme": t.theme.name if t.theme else "",
                        "indicator": t.indicator_code,
                        "area": t.area_code,
                        "baseline": t.baseline_value,
                        "target": t.target_value,
                        "target_date": t.target_date,
                        "direction": t.direction,
                        "latest_value": t.computed_latest_value,
                        "status": t.shown_status,
                        "computed_status": t.computed_status,
                        "manual_status": t.manual_status,
                    }
                    for t in targets[plan.pk]
                ],
                "actions": [
                    {
                        "title": a.title,
                        "theme": a.theme.name if a.theme else "",
                        "area": a.area_code,
                        "due_on": a.due_on,
                        "status": a.status,
                        "progress": a.progress,
                    }
                    for a in actions[plan.pk]
                ],
            }
            for plan in plans
        ],
    }
    rows = [
        {
            "plan": plan["title"],
            "kind": "target" if "target" in item else "action",
            "title": item["title"],
            "theme": item["theme"],
            "status": item["status"],
            "due": item.get("target_date") or item.get("due_on"),
        }
        for plan in data["plans"]
        for item in [*plan["targets"], *plan["actions"]]
    ]
    headers = {"Cache-Control": "private, no-store"} if readable else {}
    return render_twin(
        request,
        fmt,
        Twin(
            template="",
            context={},
            data=data,
            rows=rows,
            columns=["plan", "kind", "title", "theme", "status", "due"],
            filename=f"plans-{area.code}",
            extra_headers=headers,
        ),
    )


def locality_public(request: HttpRequest, council_code: str, slug: str) -> HttpResponse:
    """A locality's public page: what the partners will do and what residents can do, theme by theme."""
    locality = Locality.objects.filter(council_code=council_code, slug=slug, is_public=True).first()
    if locality is None:
        raise Http404(_("No such locality."))
    plans = list(
        Plan.objects.filter(locality=locality, is_published=True, status=PlanStatus.ACTIVE)
        .prefetch_related("themes")
        .order_by("-starts_on", "pk")
    )
    plan_ids = [p.pk for p in plans]
    actions = _public_actions(plan_ids, set())
    by_theme: dict[Any, list[Action]] = defaultdict(list)
    for plan_actions in actions.values():
        for action in plan_actions:
            by_theme[action.theme_id].append(action)
    targets: dict[Any, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(plan_id__in=plan_ids):
        targets[target.theme_id].append(target)
    return render(
        request,
        "plans/pages/public_locality.html",
        {
            "locality": locality,
            "wards": list(locality.wards.order_by("name")),
            "plans": [
                {
                    "plan": plan,
                    "themes": [
                        {
                            "theme": theme,
                            "actions": by_theme.get(theme.pk, []),
                            "targets": targets.get(theme.pk, []),
                        }
                        for theme in plan.themes.all()
                    ],
                }
                for plan in plans
            ],
        },
    )
