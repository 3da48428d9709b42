"""Filters for the rumour log and the early-warning alerts, in the one list pattern (:mod:`cohesion.core.lists`).

Each narrows ``Model.objects.restrict(user, "view")``; the area lists offer only
areas of records the person may already see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohesion.core.lists import ListFilterForm, Sort, any_choice, date_field, within_dates
from cohesion.tensions.models.alerts import AlertSource, Method
from cohesion.tensions.models.events import Rumour


class RumourFilterForm(ListFilterForm):
    """What an officer narrows the rumour log to. Without a status, the log shows rumours
    still open or being countered; ``closed`` adds the closed and disproved ones."""

    q = forms.CharField(label=_("Words in the rumour"), required=False, max_length=100)
    area = forms.ChoiceField(label=_("Area"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=any_choice(Rumour.Status.choices)
    )
    where_heard = forms.ChoiceField(
        label=_("Where heard"), required=False, choices=any_choice(Rumour.Source.choices)
    )
    reach = forms.ChoiceField(
        label=_("Reach"), required=False, choices=any_choice(Rumour.Reach.choices)
    )
    mine = forms.BooleanField(label=_("Only rumours I own"), required=False)
    heard_from = date_field(_("Heard from"), "2026-03-01")
    heard_to = date_field(_("Heard to"), "2026-03-31")
    closed = forms.BooleanField(label=_("Include closed and disproved rumours"), required=False)

    date_ranges = (("heard_from", "heard_to"),)
    sorts = (
        Sort("heard", _("Heard most recently first"), ("-heard_on", "-created_at", "-pk")),
        Sort("oldest", _("Heard longest ago first"), ("heard_on", "created_at", "pk")),
        Sort("area", _("Area"), ("area__name", "-heard_on", "-pk")),
    )

    def __init__(self, data: Any, *, areas: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.offer(area=areas)

    def narrow(self, records: Any, data: dict[str, Any], user: Any) -> Any:
        if words := (data.get("q") or "").strip():
            records = records.filter(Q(what__icontains=words) | Q(counter_message__icontains=words))
        for name in ("area", "where_heard", "reach"):
            if value := data.get(name):
                records = records.filter(**{"area_code" if name == "area" else name: value})
        if status := data.get("status"):
            records = records.filter(status=status)
        elif not data.get("closed"):
            records = records.filter(status__in=(*Rumour.OPEN_STATUSES, Rumour.Status.COUNTERED))
        if data.get("mine"):
            records = records.filter(owner=user)
        return within_dates(records, "heard_on", data.get("heard_from"), data.get("heard_to"))


class AlertFilterForm(ListFilterForm):
    """What an analyst narrows the early-warning alerts to.

    There is no order by count or threshold: for someone who may not open every
    report of a council those figures are hidden, and an order would give them away.
    """

    source = forms.ChoiceField(
        label=_("Series from"), required=False, choices=any_choice(AlertSource.choices)
    )
    method = forms.ChoiceField(
        label=_("Raised by"), required=False, choices=any_choice(Method.choices, _("Any method"))
    )
    council = forms.ChoiceField(label=_("Council"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    category = forms.ChoiceField(label=_("Series"), required=False)
    week_from = date_field(_("Period from"), "2026-01-05")
    week_to = date_field(_("Period to"), "2026-03-30")

    date_ranges = (("week_from", "week_to"),)
    sorts = (
        Sort(
            "latest",
            _("Latest period first"),
            ("-week_start", "council_code", "area_code", "category", "method"),
        ),
        Sort("oldest", _("Earliest period first"), ("week_start", "area_code", "category", "pk")),
        Sort("area", _("Area"), ("area__name", "-week_start", "category", "method")),
    )

    def __init__(
        self,
        data: Any,
        *,
        councils: list[tuple[str, str]],
        areas: list[tuple[str, str]],
        categories: list[tuple[str, str]],
    ) -> None:
        # Council codes are typed upper case in addresses people share; accept either.
        if hasattr(data, "copy") and data.get("council"):
            data = data.copy()
            data["council"] = str(data["council"]).strip().upper()
        super().__init__(data)
        self.offer(council=councils, area=areas, category=categories)

    def narrow(self, records: Any, data: dict[str, Any], user: Any) -> Any:
        for name in ("source", "method", "council", "category"):
            if value := data.get(name):
                records = records.filter(**{f"{name}_code" if name == "council" else name: value})
        if area := data.get("area"):
            records = records.filter(area_code=area)
        return within_dates(records, "week_start", data.get("week_from"), data.get("week_to"))


def category_choices(alerts: Any, label: Any) -> list[tuple[str, str]]:
    """The series among ``alerts`` (one query), each with the label the alert gives it."""
    codes = alerts.order_by("category").values_list("category", flat=True).distinct()
    return [(code, str(label(code))) for code in codes]
