"""One form for a review or partnership meeting: who came, each action's status, new actions, escalations.

The form is long but linear, so it works on a phone: the meeting's details,
then one short group per open action (status, per cent complete, a note, and a
reason if dropped), then up to :data:`NEW_ACTION_ROWS` new actions, then the
exceptions to escalate to the steering group, one per line. Only the plan's
partners (or, outside a plan, the person's own organisations) may be named as
owners; a posted value from outside the list is refused with a plain message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import offer_only
from cohesion.core.forms import GovukForm, GovukModelForm
from cohesion.plans.choices import ActionStatus, MeetingKind
from cohesion.plans.models import Action, Meeting
from cohesion.plans.reviews import MeetingRecord, NewAction, StatusChange

NEW_ACTION_ROWS = 3
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
NOT_OFFERED = _("Choose one of the organisations offered.")


@dataclass(frozen=True)
class ActionGroup:
    """The fields about one action, rendered together."""

    action: Action
    fields: list[BoundField]


class MeetingForm(GovukModelForm):
    """A meeting's details and everything it did, validated together and saved in one transaction."""

    escalations = forms.CharField(
        label=_("Escalate to the steering group"),
        help_text=_("Exceptions this meeting cannot resolve, one per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "held_on",
            "attendees",
            "organisations",
            "decisions",
            "notes",
            "next_on",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "next_on": DATE_WIDGET,
            "organisations": forms.CheckboxSelectMultiple,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "held_on": _("Date of the meeting"),
            "next_on": _("Next meeting"),
            "kind": _("Kind"),
            "title": _("Title"),
            "attendees": _("Attendees"),
            "organisations": _("Organisations"),
            "decisions": _("Decisions"),
            "notes": _("Notes"),
        }

    def __init__(
        self,
        *args: Any,
        actions: Sequence[Action] = (),
        organisations: Any = None,
        owners: Any = None,
        review: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        self.review = review
        organisations = organisations if organisations is not None else Organisation.objects.none()
        owners = owners if owners is not None else organisations
        offer_only(self.fields["organisations"], organisations, NOT_OFFERED)
        if review:
            del self.fields["kind"]
        else:
            offer_only(
                self.fields["kind"],
                [(k, label) for k, label in MeetingKind.choices if k != MeetingKind.PLAN_REVIEW],
                _("Choose the kind of meeting."),
            )
        for action in self.actions:
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=_("Status"), choices=ActionStatus.choices, initial=action.status
            )
            self.fields[f"progress_{action.pk}"] = forms.IntegerField(
                label=_("Per cent complete"),
                min_value=0,
                max_value=100,
                initial=action.progress,
                widget=forms.NumberInput(
                    attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
                ),
            )
            self.fields[f"note_{action.pk}"] = forms.CharField(
                label=_("Progress note"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"dropped_reason_{action.pk}"] = forms.CharField(
                label=_("If dropped, why"), required=False
            )
        for row in range(NEW_ACTION_ROWS):
            self.fields[f"new_title_{row}"] = forms.CharField(
                label=_("New action"), required=False, max_length=300
            )
            self.fields[f"new_owner_{row}"] = forms.ModelChoiceField(
                label=_("Owner organisation"), queryset=owners, required=False
            )
            offer_only(self.fields[f"new_owner_{row}"], owners, NOT_OFFERED)
            self.fields[f"new_due_{row}"] = forms.DateField(
                label=_("Due on"), required=False, widget=DATE_WIDGET
            )
        self.fields["escalations"] = self.fields.pop("escalations")  # last, after the actions
        self.style_widgets()

    # The groups the template renders, in order.
    def meeting_fields(self) -> list[BoundField]:
        names = [n for n in self.Meta.fields if n in self.fields]
        return [self[n] for n in names]

    def action_groups(self) -> list[ActionGroup]:
        return [
            ActionGroup(
                action,
                [
                    self[f"{p}_{action.pk}"]
                    for p in ("status", "progress", "note", "dropped_reason")
                ],
            )
            for action in self.actions
        ]

    def new_action_rows(self) -> list[list[BoundField]]:
        return [
            [self[f"new_{p}_{row}"] for p in ("title", "owner", "due")]
            for row in range(NEW_ACTION_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held_on, next_on = data.get("held_on"), data.get("next_on")
        if held_on and next_on and next_on <= held_on:
            self.add_error("next_on", _("The next meeting must be after this one."))
        for action in self.actions:
            status = data.get(f"status_{action.pk}")
            reason = (data.get(f"dropped_reason_{action.pk}") or "").strip()
            if status == ActionStatus.DROPPED and not (reason or action.dropped_reason):
                self.add_error(
                    f"dropped_reason_{action.pk}",
                    _("Say why “%(title)s” was dropped.") % {"title": action.title},
                )
        for row in range(NEW_ACTION_ROWS):
            title = (data.get(f"new_title_{row}") or "").strip()
            owner, due = data.get(f"new_owner_{row}"), data.get(f"new_due_{row}")
            if title and owner is None and f"new_owner_{row}" not in self.errors:
                self.add_error(f"new_owner_{row}", _("Choose who owns the new action."))
            if not title and (owner is not None or due is not None):
                self.add_error(f"new_title_{row}", _("Say what the new action is."))
        return data

    def to_record(self, meeting: Meeting) -> MeetingRecord:
        """What the valid form says the meeting did."""
        data = self.cleaned_data
        changes = []
        for action in self.actions:
            status = data[f"status_{action.pk}"]
            changes.append(
                StatusChange(
                    action=action,
                    status=status,
                    progress=data[f"progress_{action.pk}"],
                    note=data.get(f"note_{action.pk}") or "",
                    dropped_reason=data.get(f"dropped_reason_{action.pk}") or action.dropped_reason,
                )
            )
        new_actions = [
            NewAction(
                title=data[f"new_title_{row}"],
                owner_organisation=data[f"new_owner_{row}"],
                due_on=data.get(f"new_due_{row}"),
            )
            for row in range(NEW_ACTION_ROWS)
            if (data.get(f"new_title_{row}") or "").strip()
        ]
        return MeetingRecord(
            meeting=meeting,
            organisations=list(data.get("organisations") or []),
            changes=changes,
            new_actions=new_actions,
            escalations=[
                line for line in (data.get("escalations") or "").splitlines() if line.strip()
            ],
        )


class ResolveEscalationForm(GovukForm):
    resolution = forms.CharField(
        label=_("How the steering group resolved it"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_resolution(self) -> str:
        text = self.cleaned_data["resolution"].strip()
        if not text:
            raise forms.ValidationError(_("Say how it was resolved."))
        return text


class RaiseActionForm(GovukForm):
    """An action raised from a tensions record."""

    title = forms.CharField(label=_("What will be done"), max_length=300)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.none()
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, owners: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        offer_only(self.fields["owner_organisation"], owners, NOT_OFFERED)


class IssuePlanForm(GovukForm):
    """An issue-based plan opened from a tensions record."""

    title = forms.CharField(label=_("Plan title"), max_length=200)
    summary = forms.CharField(
        label=_("What the plan is for"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The organisations who will see and act on the plan."),
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["partners"], partners, NOT_OFFERED)
