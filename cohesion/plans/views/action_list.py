"""Every plan action a person may read, across plans: filtered, sorted and paged in the one list
pattern (:mod:`cohesion.core.lists`), with .json and .csv twins of the same filters.

Actions come from ``Action.objects.restrict(user, "view")``; each page or download
writes one audit event naming the actions it listed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cohesion.accounts.permissions import VIEW
from cohesion.audit.log import record_many, view_or_export
from cohesion.core.lists import choices_from, list_context, page_of
from cohesion.core.twins import Twin, render_twin
from cohesion.places.queries import area_names
from cohesion.plans.choices import OPEN_ACTION_STATUSES
from cohesion.plans.forms.actions import ActionFilterForm
from cohesion.plans.models import Action
from cohesion.plans.views.pages import ACTION_COLUMNS, PRIVATE, action_row

LIST_COLUMNS = [*ACTION_COLUMNS, "ward", "council", "overdue"]


@login_required
def action_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The actions of every plan, meeting and raised issue the person may read."""
    user = request.user
    visible = Action.objects.restrict(user, VIEW)
    wards = area_names(visible.order_by().values_list("area_code", flat=True).distinct())
    form = ActionFilterForm(
        request.GET,
        wards=sorted(wards.items(), key=lambda pair: pair[1]),
        owners=choices_from(visible, "owner_organisation_id", "owner_organisation__name"),
        plans=choices_from(visible, "plan_id", "plan__title"),
    )
    actions = form.filtered(visible, user).select_related(
        "plan", "theme", "objective", "owner_organisation"
    )
    listed = page_of(request, actions, fmt)
    record_many(view_or_export(fmt), listed.shown, "plan actions", actor=user, fmt=fmt)
    today = timezone.localdate()
    for a in listed.shown:
        a.ward_name = wards.get(a.area_code, a.area_code)
        a.overdue = bool(a.due_on and a.due_on < today and a.status in OPEN_ACTION_STATUSES)
    rows = [
        {**action_row(a), "ward": a.area_code, "council": a.council_code, "overdue": a.overdue}
        for a in listed.shown
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="plans/pages/action_list.html",
            context=list_context(form, listed, actions=listed.shown),
            data={"count": listed.total, "shown": len(rows), "actions": rows},
            rows=rows,
            columns=LIST_COLUMNS,
            filename="plan-actions",
            extra_headers=PRIVATE,
        ),
    )
