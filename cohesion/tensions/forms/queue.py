"""The case queue's filters: a GET form, so a filtered queue is an address to bookmark or share.

Every filter narrows ``Report.objects.restrict(user, action)``; none widens it.
The ward list offers only wards of cases the person may already see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from cohesion.core.lists import ListFilterForm, Sort, within_days
from cohesion.tensions.choices import Category, Channel, Motivation, Status
from cohesion.tensions.models.reports import normalise_reference

OPEN = "open"
MINE = "me"
MY_ORGANISATION = "organisation"
SORT_RECEIVED = "received"
SORT_DUE = "due"


def _any(choices: Any, label: Any = None) -> list[tuple[str, Any]]:
    return [("", label or _("Any")), *choices]


class QueueFilterForm(ListFilterForm):
    """What a case worker narrows the queue to; every field may be left empty."""

    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=20,
        help_text=_("All or part of it, for example CHN-7K3Q-94XT"),
    )
    ward = forms.ChoiceField(label=_("Ward"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_any(Category.choices)
    )
    strand = forms.ChoiceField(
        label=_("Strand (hate incidents)"), required=False, choices=_any(Motivation.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_any([(OPEN, _("Open (not closed)")), *Status.choices]),
    )
    channel = forms.ChoiceField(
        label=_("How it came in"), required=False, choices=_any(Channel.choices)
    )
    received_from = forms.DateField(
        label=_("Received from"),
        required=False,
        help_text=_("For example 2026-03-27"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("“Received from” must be a real date, like 2026-03-27")},
    )
    received_to = forms.DateField(
        label=_("Received to"),
        required=False,
        help_text=_("For example 2026-03-31"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("“Received to” must be a real date, like 2026-03-31")},
    )
    wants_support = forms.BooleanField(label=_("Only those who want support"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the report"),
        required=False,
        choices=_any([(code, name) for code, name in settings.LANGUAGES]),
    )
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=_any(
            [(MINE, _("Me")), (MY_ORGANISATION, _("My organisation"))], _("Anyone or no one")
        ),
    )
    date_ranges = (("received_from", "received_to"),)
    sorts = (
        Sort(SORT_RECEIVED, _("Newest first"), ("-created_at", "-pk")),
        Sort(
            SORT_DUE,
            _("First contact due, soonest first"),
            (F("first_contact_due").asc(nulls_last=True), "created_at", "pk"),
        ),
    )

    def __init__(self, data: Any, *, wards: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.offer(ward=wards)

    def narrow(self, reports: Any, data: dict[str, Any], user: Any) -> Any:
        """``reports`` narrowed by every valid filter (an invalid one is left out, and shown as an error)."""
        if reference := (data.get("reference") or "").strip():
            partial = "".join(ch for ch in reference.upper() if ch.isalnum() or ch == "-")
            reports = reports.filter(
                Q(reference=normalise_reference(reference)) | Q(reference__icontains=partial)
            )
        for name in ("ward", "category", "channel"):
            if value := data.get(name):
                reports = reports.filter(**{"ward_code" if name == "ward" else name: value})
        if language := data.get("language"):
            # Stored as the page's language when sent: "en" or a regional form such as "en-gb".
            reports = reports.filter(Q(language=language) | Q(language__startswith=f"{language}-"))
        if strand := data.get("strand"):
            # The strands are a JSON list; its text holds each code in quotes on every engine.
            reports = reports.annotate(_motivations=Cast("motivations", TextField())).filter(
                _motivations__contains=f'"{strand}"'
            )
        status = data.get("status")
        if status == OPEN:
            reports = reports.open()
        elif status:
            reports = reports.filter(status=status)
        reports = within_days(
            reports, "created_at", data.get("received_from"), data.get("received_to")
        )
        if data.get("wants_support"):
            reports = reports.filter(wants_support=True)
        assigned = data.get("assigned")
        if assigned == MINE:
            reports = reports.filter(assigned_officer=user)
        elif assigned == MY_ORGANISATION:
            from cohesion.accounts.permissions import active_memberships

            reports = reports.filter(
                assigned_organisation_id__in=[m.organisation_id for m in active_memberships(user)]
            )
        return reports

    def ordered(self, reports: Any) -> Any:
        """Each queue keeps its own order (oldest new case first, most overdue first) unless
        the person asks for first contact due."""
        if self.data_ok.get("sort") == SORT_DUE:
            return super().ordered(reports)
        return reports


FILTER_NAMES = QueueFilterForm.filter_names()


def ward_choices(reports: Any) -> list[tuple[str, str]]:
    """The wards of the cases the person may see, by name (one query)."""
    pairs = (
        reports.exclude(ward_code="")
        .order_by("ward_name", "ward_code")
        .values_list("ward_code", "ward_name")
        .distinct()
    )
    return [(code, name or code) for code, name in pairs]
