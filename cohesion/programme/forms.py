"""The event form (with its clash warning) and the outcome form.

Every choice offers only what the person may use
(:func:`cohesion.accounts.permissions.offer_only`): organisers they act for,
councils and wards where that organiser works, plan actions and directory
entries they may read. Out-of-order times, a ward of another council and
negative counts are refused with a message a person understands, and nothing
is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import offer_only
from cohesion.core.forms import GovukForm, GovukModelForm
from cohesion.core.lists import ListFilterForm, Sort, any_choice, date_field, within_days
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.programme.access import adding_scope, organisers_for
from cohesion.programme.choices import AudienceGroup, EventKind
from cohesion.programme.models import Event, Outcome

NOT_OFFERED = _("Choose one of the options offered.")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def split_list(text: str) -> list[str]:
    """'Arabic, Polish; Kurdish' as ['Arabic', 'Polish', 'Kurdish'] (duplicates dropped)."""
    seen: dict[str, str] = {}
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        word = part.strip()[:60]
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return list(seen.values())


class EventForm(GovukModelForm):
    """An event or weekly session; the view shows clashes before saving unless ``save_anyway``."""

    audience_groups = forms.MultipleChoiceField(
        label=_("Audience groups"),
        choices=AudienceGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for everyone."),
    )
    languages_text = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, for example: English, Arabic, Polish."),
    )
    location = forms.ChoiceField(label=_("Directory location"), required=False)
    plan_action = forms.TypedChoiceField(
        label=_("Plan action it serves"), required=False, coerce=int, empty_value=None
    )
    services = forms.MultipleChoiceField(
        label=_("Directory services it connects people with"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    trigger_event = forms.IntegerField(
        label=_("Trigger event number"),
        required=False,
        min_value=1,
        help_text=_(
            "For a listening session: the trigger event in the tensions calendar it follows."
        ),
    )
    save_anyway = forms.BooleanField(
        label=_("I have checked the clashes above and want to save anyway"), required=False
    )

    class Meta:
        model = Event
        fields = [
            "council",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "repeat_weeks",
            "repeat_until",
            "venue",
            "ward",
            "organiser",
            "partners",
            "age_from",
            "age_to",
            "is_public",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "repeat_until": DATE,
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "starts_at": _("Starts"),
            "ends_at": _("Ends"),
            "repeat_weeks": _("Weekly: number of sessions"),
            "repeat_until": _("Weekly: until"),
            "age_from": _("Youngest age"),
            "age_to": _("Oldest age"),
            "is_public": _("Public: show on the public events page"),
            "council": _("Council"),
            "kind": _("Kind"),
            "title": _("Title"),
            "description": _("Description"),
            "venue": _("Venue"),
            "ward": _("Ward"),
            "organiser": _("Organiser"),
            "partners": _("Partners"),
        }

    def __init__(self, *args: Any, user: Any, offers: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.offers = offers
        organisers = organisers_for(user)
        offer_only(self.fields["organiser"], organisers, NOT_OFFERED)
        councils = Area.objects.current(Level.COUNCIL).filter(code__in=offers["councils"])
        offer_only(self.fields["council"], councils.order_by("name"), NOT_OFFERED)
        wards = Area.objects.current(Level.WARD).filter(parent__code__in=offers["councils"])
        ward_field: Any = self.fields["ward"]
        ward_field.queryset = wards.order_by("name")
        self.fields["ward"].error_messages["invalid_choice"] = _(
            "Choose a ward of the council the event is in."
        )
        # Partners working in the councils offered (and any the event already names).
        councils_q = Q(areas__code__in=offers["councils"]) | Q(
            areas__parent__code__in=offers["councils"]
        )
        if self.instance.pk:
            councils_q |= Q(pk__in=self.instance.partners.values("pk"))
        partners = Organisation.objects.filter(councils_q).distinct().order_by("name")
        partner_field: Any = self.fields["partners"]
        partner_field.queryset = partners
        self._choices("location", [("", ""), *((pk, name) for pk, name, _w in offers["locations"])])
        self._choices("plan_action", [("", ""), *offers["actions"]])
        self._choices("services", list(offers["services"]))
        if self.instance.pk:
            self.initial.setdefault("audience_groups", self.instance.audience_groups)
            self.initial.setdefault("languages_text", ", ".join(self.instance.languages))
            self.initial.setdefault("location", str(self.instance.location_id or ""))
            self.initial.setdefault("plan_action", self.instance.plan_action_id)
            self.initial.setdefault("services", self.instance.service_ids)
            self.initial.setdefault("trigger_event", self.instance.trigger_event_id)
        self.style_widgets()

    def _choices(self, name: str, choices: list[Any]) -> None:
        field: Any = self.fields[name]
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        council, organiser, ward = data.get("council"), data.get("organiser"), data.get("ward")
        if council and ward and (ward.parent is None or ward.parent.code != council.code):
            self.add_error("ward", _("That ward is not in %(council)s.") % {"council": council})
        if council and organiser:
            scope = adding_scope(self.user, organiser.pk)
            if not scope.covers(council.code, ward.code if ward else None):
                self.add_error(
                    "ward" if ward else "council",
                    _("You cannot add %(organiser)s's events there.") % {"organiser": organiser},
                )
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if not data.get("venue") and not data.get("location") and not ward:
            self.add_error("venue", _("Say where it is: a venue, a ward or a directory location."))
        return data

    def clean_languages_text(self) -> list[str]:
        return split_list(self.cleaned_data.get("languages_text") or "")

    def apply_links(self, event: Event) -> None:
        """Copy the choices outside the model's own fields onto ``event`` (labels included)."""
        data = self.cleaned_data
        event.audience_groups = list(data.get("audience_groups") or [])
        event.languages = data.get("languages_text") or []
        locations = {pk: (name, ward) for pk, name, ward in self.offers["locations"]}
        location = data.get("location") or ""
        event.location_id = location or None  # type: ignore[assignment]
        event.location_name = locations[location][0] if location else ""
        actions = dict(self.offers["actions"])
        event.plan_action_id = data.get("plan_action")
        event.plan_action_title = (
            actions.get(event.plan_action_id, "") if event.plan_action_id else ""
        )
        services = dict(self.offers["services"])
        event.service_ids = list(data.get("services") or [])
        event.service_names = [services[s] for s in event.service_ids]

    def clean_trigger_event(self) -> int | None:
        pk = self.cleaned_data.get("trigger_event")
        if not pk:
            self.trigger_label = ""
            return None
        from cohesion.tensions.sources import TRIGGER_EVENT, source_record

        try:
            record = source_record(self.user, TRIGGER_EVENT, pk)
        except Http404:
            raise forms.ValidationError(
                _("There is no trigger event %(number)s that you can see.") % {"number": pk}
            ) from None
        self.trigger_label = record.label
        self.trigger_council = record.council_code
        return int(pk)


COUNTS = ("interpreters_used", "pledges", "volunteers_recruited", "referrals", "signposting")


class OutcomeForm(GovukModelForm):
    """What came of one session: counts, languages and short feedback."""

    languages_text = forms.CharField(
        label=_("Languages spoken"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas."),
    )

    class Meta:
        model = Outcome
        fields = [
            "session_on",
            "attendance",
            "interpreters_used",
            "pledges",
            "volunteers_recruited",
            "referrals",
            "signposting",
            "feedback",
        ]
        widgets = {"session_on": DATE, "feedback": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "session_on": _("Date of the session"),
            "attendance": _("Attendance (total)"),
            "signposting": _("Signposting made"),
            "interpreters_used": _("Interpreters used"),
            "pledges": _("Pledges"),
            "volunteers_recruited": _("Volunteers recruited"),
            "referrals": _("Referrals"),
            "feedback": _("Feedback"),
        }

    def __init__(self, *args: Any, event: Event, dates: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.dates = dates
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField):
                if name in COUNTS:
                    field.required = False
                field.min_value = 0
                field.error_messages["min_value"] = _("Enter 0 or more.")
                field.widget.attrs["min"] = 0
        for code, label in AudienceGroup.choices:
            self.fields[f"group_{code}"] = forms.IntegerField(
                label=_("of whom: %(group)s") % {"group": label},
                required=False,
                min_value=0,
                error_messages={"min_value": _("Enter 0 or more.")},
            )
        if self.instance.pk:
            self.initial.setdefault("languages_text", ", ".join(self.instance.languages_spoken))
            for code, count in self.instance.attendance_by_group.items():
                self.initial.setdefault(f"group_{code}", count)
        self.style_widgets()

    def clean_session_on(self) -> dt.date:
        day = self.cleaned_data["session_on"]
        if day not in self.dates:
            raise forms.ValidationError(_("Choose the date of one of this event's sessions."))
        if day > timezone.localdate():
            raise forms.ValidationError(_("Record an outcome after the session has taken place."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in COUNTS:
            if name in data and data[name] is None:
                data[name] = 0
        by_group = {
            code: data[f"group_{code}"]
            for code, _label in AudienceGroup.choices
            if data.get(f"group_{code}") is not None
        }
        # The model's clean refuses counts by group above the total.
        self.instance.attendance_by_group = by_group
        self.instance.languages_spoken = split_list(data.get("languages_text") or "")
        self.instance.event = self.event
        return data


class TotalsForm(GovukForm):
    """The period and grouping of the programme totals."""

    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("kind", _("Kind of event")),
            ("ward", _("Ward")),
            ("quarter", _("Quarter")),
            ("month", _("Month")),
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data


UPCOMING = "upcoming"
PAST = "past"
ANY_TIME = "all"


class EventFilterForm(ListFilterForm):
    """What a partner narrows the calendar to; every field may be left empty.

    ``when`` keeps its old meaning (upcoming by default, ``past`` for past events and
    their outcomes); the date range reads each event's first session.
    """

    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            (UPCOMING, _("Still to come or running")),
            (PAST, _("Past events and outcomes")),
            (ANY_TIME, _("Any time")),
        ],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=any_choice(EventKind.choices))
    ward = forms.ChoiceField(label=_("Ward"), required=False)
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)
    public = forms.ChoiceField(
        label=_("Who may come"),
        required=False,
        choices=any_choice([("yes", _("Public events")), ("no", _("Partners only"))]),
    )
    starts_from = date_field(_("Starting from"), "2026-04-01")
    starts_to = date_field(_("Starting by"), "2026-06-30")

    date_ranges = (("starts_from", "starts_to"),)
    sorts = (
        Sort("soonest", _("Soonest first"), ("starts_at", "pk")),
        Sort("latest", _("Latest first"), ("-starts_at", "-pk")),
        Sort("title", _("Title"), ("title", "starts_at", "pk")),
    )

    def __init__(
        self, data: Any, *, wards: list[tuple[str, str]], organisers: list[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        self.offer(ward=wards, organiser=organisers)

    def narrow(self, records: Any, data: dict[str, Any], user: Any) -> Any:
        for name in ("kind", "ward"):
            if value := data.get(name):
                records = records.filter(**{"ward_code" if name == "ward" else name: value})
        if organiser := data.get("organiser"):
            records = records.filter(organiser_id=organiser)
        if public := data.get("public"):
            records = records.filter(is_public=public == "yes")
        records = within_days(records, "starts_at", data.get("starts_from"), data.get("starts_to"))
        if data.get("when") == PAST:
            records = records.filter(ends_at__lt=timezone.now())
        return records

    def ordered(self, records: Any) -> Any:
        """Past events latest first unless another order is asked for; otherwise soonest first."""
        data = self.data_ok
        if data.get("when") == PAST and not data.get("sort"):
            return records.order_by("-starts_at", "-pk")
        return super().ordered(records)

    @property
    def upcoming(self) -> bool:
        """Whether the list holds only events still to come or running (checked session by session)."""
        return (self.data_ok.get("when") or UPCOMING) == UPCOMING
