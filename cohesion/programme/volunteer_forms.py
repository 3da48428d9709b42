"""Forms of the volunteer and interpreter register.

As everywhere, each choice offers only what the person may name
(:func:`cohesion.accounts.permissions.offer_only`): the registers they keep,
their own volunteers, events they can see, wards they work in. A check that
expires before it was made, hours on a day the event did not meet and a
booking that ends before it starts are refused with a plain message, and
nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import VIEW, offer_only, organisation_scope, user_scope
from cohesion.core.forms import GovukForm, GovukModelForm
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.programme.access import register_organisations
from cohesion.programme.choices import Accreditation
from cohesion.programme.forms import DATE, DATETIME, NOT_OFFERED, split_list
from cohesion.programme.models import (
    Event,
    HoursLogged,
    InterpreterBooking,
    Volunteer,
    VolunteerCheck,
)
from cohesion.programme.queries import still_running_q
from cohesion.programme.services import session_dates


def registers_for(user: Any) -> Any:
    """The organisations whose register ``user`` keeps."""
    if getattr(user, "is_superuser", False):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=register_organisations(user)).order_by("name")


class VolunteerForm(GovukModelForm):
    """A volunteer's details: only what the partnership needs to ask them to help."""

    languages_text = forms.CharField(
        label=_("Languages spoken"),
        max_length=500,
        help_text=_("Separated by commas, for example: Arabic, Kurdish (Sorani), Polish."),
        error_messages={"required": _("Enter at least one language the volunteer speaks.")},
    )

    class Meta:
        model = Volunteer
        fields = [
            "organisation",
            "name",
            "email",
            "phone",
            "accreditation",
            "availability",
            "active",
        ]
        labels = {"active": _("Active: volunteering now")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["organisation"], registers_for(user), NOT_OFFERED)
        self.fields["name"].error_messages["required"] = _("Enter the volunteer's name.")
        if self.instance.pk:
            self.initial.setdefault("languages_text", ", ".join(self.instance.languages))
        self.style_widgets()

    def clean_languages_text(self) -> list[str]:
        languages = split_list(self.cleaned_data.get("languages_text") or "")
        if not languages:
            raise forms.ValidationError(_("Enter at least one language the volunteer speaks."))
        return languages

    def save(self, commit: bool = True) -> Volunteer:
        volunteer: Volunteer = super().save(commit=False)
        volunteer.languages = self.cleaned_data["languages_text"]
        if commit:
            volunteer.save()
        return volunteer


class CheckForm(GovukModelForm):
    """A check made of a volunteer (the model refuses an expiry before the check)."""

    class Meta:
        model = VolunteerCheck
        fields = ["kind", "checked_on", "expires_on"]
        widgets = {"checked_on": DATE, "expires_on": DATE}

    def __init__(self, *args: Any, volunteer: Volunteer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.volunteer = volunteer
        self.fields["checked_on"].error_messages["required"] = _("Enter the date of the check.")
        self.fields["kind"].error_messages["required"] = _("Choose the kind of check.")


class HoursForm(GovukModelForm):
    """Hours one volunteer gave at one session: from the volunteer's page (choose the event) or
    from the event's page (choose the volunteer)."""

    class Meta:
        model = HoursLogged
        fields = ["volunteer", "event", "session_on", "hours", "role"]
        widgets = {"session_on": DATE}
        labels = {
            "volunteer": _("Volunteer"),
            "event": _("Event"),
        }

    def __init__(
        self,
        *args: Any,
        user: Any,
        volunteer: Volunteer | None = None,
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if volunteer is not None:
            self.instance.volunteer = volunteer
            del self.fields["volunteer"]
            recent = list(
                Event.objects.restrict(user, VIEW)
                .filter(starts_at__lte=timezone.now())
                .order_by("-starts_at")
                .values_list("pk", flat=True)[:300]
            )
            events = Event.objects.filter(pk__in=recent).order_by("-starts_at")
            offer_only(self.fields["event"], events, NOT_OFFERED)
        if event is not None:
            self.instance.event = event
            del self.fields["event"]
            volunteers = Volunteer.objects.restrict(user, "change").filter(active=True)
            offer_only(self.fields["volunteer"], volunteers, NOT_OFFERED)
            self.fields["volunteer"].label_from_instance = lambda v: v.name  # type: ignore[attr-defined]
        self.fields["hours"].error_messages["min_value"] = _("Enter at least half an hour.")
        self.fields["hours"].error_messages["max_value"] = _("Enter at most 24 hours.")
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event = data.get("event") or getattr(self.instance, "event", None)
        day = data.get("session_on")
        if event is not None and day is not None:
            if day not in session_dates(event):
                self.add_error("session_on", _("Choose the date of one of this event's sessions."))
            elif day > timezone.localdate():
                self.add_error("session_on", _("Log hours after the session has taken place."))
        return data

    def validate_unique(self) -> None:
        if self.errors:
            return
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(
                None, _("Hours in this role at this session are already logged for the volunteer.")
            )


def wards_for(user: Any) -> Any:
    """The current wards where ``user`` works as an officer (or above)."""
    wards = Area.objects.current(Level.WARD)
    if getattr(user, "is_superuser", False):
        return wards.order_by("name")
    scope = user_scope(user, min_role="officer")
    return wards.filter(
        Q(parent__code__in=list(scope.councils)) | Q(code__in=list(scope.wards))
    ).order_by("name")


def registers_offered(user: Any) -> Any:
    """The registers (organisations with active volunteers) working in the councils where ``user``
    is an officer: those an interpreter may be asked of."""
    registers = Organisation.objects.filter(
        pk__in=Volunteer.objects.filter(active=True).values("organisation")
    )
    if not getattr(user, "is_superuser", False):
        scope = user_scope(user, min_role="officer")
        councils = set(scope.councils) | set(
            Area.objects.filter(code__in=scope.wards, parent__isnull=False).values_list(
                "parent__code", flat=True
            )
        )
        registers = registers.filter(
            Q(areas__code__in=councils) | Q(areas__parent__code__in=councils)
        ).distinct()
    return registers.order_by("name")


class BookingRequestForm(GovukModelForm):
    """A request for an interpreter: for an event on the calendar, or a home visit in a ward.

    A home visit names the ward only: the form asks nothing about the resident.
    """

    ward = forms.ModelChoiceField(
        label=_("Or a home visit in ward"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Give only the ward: never the resident's name or address."),
    )

    field_order = ["organisation", "language", "event", "ward", "starts_at", "ends_at"]

    class Meta:
        model = InterpreterBooking
        fields = ["organisation", "language", "event", "starts_at", "ends_at"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}
        labels = {"event": _("For an event or session")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        offer_only(self.fields["organisation"], registers_offered(user), NOT_OFFERED)
        events = Event.objects.restrict(user, VIEW).filter(still_running_q(timezone.now()))
        offer_only(self.fields["event"], events.order_by("starts_at"), NOT_OFFERED)
        offer_only(self.fields["ward"], wards_for(user), NOT_OFFERED)
        self.fields["language"].error_messages["required"] = _("Enter the language needed.")
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event, ward = data.get("event"), data.get("ward")
        if event and ward:
            self.add_error("ward", _("Choose an event or a home visit, not both."))
        elif not event and not ward and "event" not in self.errors and "ward" not in self.errors:
            self.add_error("event", _("Choose the event, or the ward of the home visit."))
        council = (
            event.council_code if event else (ward.parent.code if ward and ward.parent else "")
        )
        register = data.get("organisation")
        if register and council and not organisation_scope(register).covers(council):
            self.add_error(
                "organisation",
                _("%(register)s does not work in that council.") % {"register": register},
            )
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The booking must end after it starts."))
        if starts and starts < timezone.now() - dt.timedelta(hours=1):
            self.add_error("starts_at", _("Book an interpreter for a time still to come."))
        self.instance.ward_code = ward.code if ward else ""
        self.instance.council_code = council
        return data


class AssignForm(GovukForm):
    """The register's keeper books one of the interpreters who are free, or cancels."""

    volunteer = forms.ModelChoiceField(
        label=_("Interpreter"), queryset=Volunteer.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, available: list[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["volunteer"]
        field.queryset = Volunteer.objects.filter(pk__in=[v.pk for v in available])
        field.label_from_instance = lambda v: (
            f"{v.name} ({v.get_accreditation_display()}; {v.availability or '-'})"
        )
        field.error_messages["required"] = _("Choose an interpreter who is free.")
        field.error_messages["invalid_choice"] = _("Choose an interpreter who is free.")


class RegisterFilterForm(GovukForm):
    """The register's filters."""

    language = forms.CharField(label=_("Speaks"), required=False, max_length=60)
    accreditation = forms.ChoiceField(
        label=_("Accreditation"),
        required=False,
        choices=[("", _("Any")), *Accreditation.choices],
    )
    expiring_within = forms.IntegerField(
        label=_("A check expires within (days)"),
        required=False,
        min_value=0,
        max_value=3660,
        error_messages={"min_value": _("Enter 0 or more."), "max_value": _("Enter at most 3660.")},
    )
    include_inactive = forms.BooleanField(label=_("Include inactive volunteers"), required=False)
