"""Filters for the list of every plan action a person may read, in the one list pattern
(:mod:`cohesion.core.lists`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.core.lists import ListFilterForm, Sort, any_choice
from cohesion.plans.choices import OPEN_ACTION_STATUSES, ActionStatus

OPEN = "open"
OVERDUE = "overdue"
DUE_SOON = "soon"
NO_DATE = "none"
SOON_DAYS = 28  # "due soon": within four weeks, the gap between two monthly reviews


class ActionFilterForm(ListFilterForm):
    """What an officer narrows the actions to: status, due date, ward, owner, plan and words."""

    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=any_choice([(OPEN, _("Open (not done or dropped)")), *ActionStatus.choices]),
    )
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=any_choice(
            [
                (OVERDUE, _("Overdue")),
                (DUE_SOON, _("Due in the next four weeks")),
                (NO_DATE, _("No due date")),
            ]
        ),
    )
    ward = forms.ChoiceField(label=_("Ward"), required=False)
    owner = forms.ChoiceField(label=_("Owner organisation"), required=False)
    plan = forms.ChoiceField(label=_("Plan"), required=False)

    sorts = (
        Sort("due", _("Due soonest first"), (F("due_on").asc(nulls_last=True), "pk")),
        Sort("due_last", _("Due latest first"), (F("due_on").desc(nulls_last=True), "-pk")),
        Sort("updated", _("Changed most recently first"), ("-updated_at", "-pk")),
        Sort("title", _("Title"), ("title", "pk")),
    )

    def __init__(
        self,
        data: Any,
        *,
        wards: list[tuple[str, str]],
        owners: list[tuple[str, str]],
        plans: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        self.offer(ward=wards, owner=owners, plan=plans)

    def narrow(self, records: Any, data: dict[str, Any], user: Any) -> Any:
        if words := (data.get("q") or "").strip():
            records = records.filter(title__icontains=words)
        status = data.get("status")
        if status == OPEN:
            records = records.filter(status__in=OPEN_ACTION_STATUSES)
        elif status:
            records = records.filter(status=status)
        today = timezone.localdate()
        due = data.get("due")
        if due == OVERDUE:
            # Overdue as the plan pages count it: open, and due before today.
            records = records.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
        elif due == DUE_SOON:
            records = records.filter(
                status__in=OPEN_ACTION_STATUSES,
                due_on__gte=today,
                due_on__lte=today + dt.timedelta(days=SOON_DAYS),
            )
        elif due == NO_DATE:
            records = records.filter(due_on__isnull=True)
        if ward := data.get("ward"):
            records = records.filter(area_code=ward)
        if owner := data.get("owner"):
            records = records.filter(owner_organisation_id=owner)
        if plan := data.get("plan"):
            records = records.filter(Q(plan_id=plan))
        return records
