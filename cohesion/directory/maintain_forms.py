"""Forms owners and coordinators use to keep the directory true, and the public's "report a mistake".

:class:`ServiceForm` is the one description of what an owner may change about a
service. Its :meth:`ServiceForm.values` are plain strings and lists of strings,
the same shape :func:`cohesion.directory.maintaining.values_of` reads from a
stored service, so a proposed change is stored as JSON, compared field by field
with what is public, and checked again by this same form when it is approved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import (
    GovukFormMixin,
    InterpreterQuestion,
    refuse_filled_honeypot,
    tripped_honeypot,
)
from cohesion.directory.calculations.schedules import WEEKDAYS
from cohesion.directory.choices import ReferralRoute, ServiceStatus, TermTime
from cohesion.directory.forms import DAY_CHOICES, need_name, spoken_language_name
from cohesion.directory.models import Location, Service, TaxonomyTerm
from cohesion.directory.taxonomy import TAXONOMY_ID

# Languages offered as checkboxes (IETF BCP 47 tags): those the region's services use most.
LANGUAGES = {
    "en": "English",
    "ar": "Arabic",
    "ckb": "Kurdish (Sorani)",
    "ku": "Kurdish (Kurmanji)",
    "fa": "Persian (Farsi)",
    "ps": "Pashto",
    "ti": "Tigrinya",
    "am": "Amharic",
    "so": "Somali",
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "pl": "Polish",
    "ro": "Romanian",
    "cs": "Czech",
    "sk": "Slovak",
    "uk": "Ukrainian",
    "ru": "Russian",
    "fr": "French",
    "pt": "Portuguese",
    "es": "Spanish",
    "tr": "Turkish",
    "zh": "Chinese",
    "bfi": "British Sign Language",
}
NEW_LOCATION = "new"
NO_LOCATION = ""
# Fields whose values travel together: a change to one rewrites the group's records.
COST_FIELDS = ("cost", "amount")
LANGUAGE_FIELDS = ("languages",)
NEED_FIELDS = ("needs",)
SCHEDULE_FIELDS = ("days", "opens_at", "closes_at", "term_time")
LOCATION_FIELDS = (
    "location",
    "new_location_name",
    "new_location_address",
    "new_location_town",
    "new_location_postcode",
)
PLAIN_FIELDS = (
    "name",
    "description",
    "status",
    "url",
    "email",
    "fees",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "referral_route",
    "application_process",
)
MAX_TEXT = 5000


def _text(label: Any, *, required: bool = False, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class ServiceForm(GovukFormMixin, forms.Form):
    """What an owner says about one of their services."""

    name = forms.CharField(label=_("Name of the service"), max_length=250)
    description = _text(
        _("What the service does"),
        required=True,
        rows=5,
        help_text=_("In plain words, for residents: what happens, and what people get from it."),
    )
    status = forms.ChoiceField(
        label=_("Is it running?"),
        choices=ServiceStatus.choices,
        initial=ServiceStatus.ACTIVE,
        widget=forms.RadioSelect,
    )
    url = forms.URLField(
        label=_("Web page (optional)"), required=False, max_length=200, assume_scheme="https"
    )
    email = forms.EmailField(label=_("Email address (optional)"), required=False)
    cost = forms.ChoiceField(
        label=_("Does it cost anything?"),
        choices=[("free", _("It is free")), ("paid", _("There is a charge"))],
        initial="free",
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Charge in pounds (if there is one)"),
        help_text=_("For example, 2.50"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
    )
    fees = _text(_("What the charge is for, or who pays less (optional)"))
    minimum_age = forms.IntegerField(
        label=_("Youngest age (optional)"), required=False, min_value=0, max_value=120
    )
    maximum_age = forms.IntegerField(
        label=_("Oldest age (optional)"), required=False, min_value=0, max_value=120
    )
    eligibility_description = _text(_("Who it is for (optional)"))
    languages = forms.MultipleChoiceField(
        label=_("Languages the service is delivered in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referral_route = forms.ChoiceField(
        label=_("How do people get it?"),
        choices=ReferralRoute.choices,
        initial=ReferralRoute.SELF,
        widget=forms.RadioSelect,
    )
    application_process = _text(_("The steps to get it (optional)"))
    needs = forms.MultipleChoiceField(
        label=_("Needs the service meets"), required=False, widget=forms.CheckboxSelectMultiple
    )
    days = forms.MultipleChoiceField(
        label=_("Days it runs each week (optional)"),
        choices=[(code, label) for code, label in DAY_CHOICES if code in WEEKDAYS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.TimeField(
        label=_("Starts at (optional)"), help_text=_("For example, 10:00"), required=False
    )
    closes_at = forms.TimeField(
        label=_("Ends at (optional)"), help_text=_("For example, 12:00"), required=False
    )
    term_time = forms.ChoiceField(
        label=_("Which weeks?"),
        choices=TermTime.choices,
        initial=TermTime.ALL_YEAR,
        required=False,
        widget=forms.RadioSelect,
    )
    location = forms.ChoiceField(
        label=_("Where it happens"), required=False, widget=forms.RadioSelect
    )
    new_location_name = forms.CharField(
        label=_("Name of the new place"), required=False, max_length=250
    )
    new_location_address = forms.CharField(
        label=_("Street address of the new place"), required=False, max_length=250
    )
    new_location_town = forms.CharField(
        label=_("Town or city"), required=False, max_length=100, initial="Middlesbrough"
    )
    new_location_postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)

    def __init__(
        self, *args: Any, organisation: Any, service: Service | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        languages = dict(LANGUAGES)
        places = list(Location.objects.filter(organisation=organisation))
        if service is not None:
            languages |= {lang.code: lang.name for lang in service.languages.all()}
            places += [at.location for at in service.at_locations.select_related("location")]
        # Each language named in the reader's language where Django knows it.
        names = {code: spoken_language_name(code, name) for code, name in languages.items()}
        self._field("languages").choices = [
            (code, names[code]) for code in sorted(names, key=lambda c: str(names[c]))
        ]
        terms = TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID).exclude(code="")
        self._field("needs").choices = [
            (t.code, need_name(t)) for t in terms.order_by("order", "name")
        ]
        unique = {str(place.pk): place for place in places}
        self._field("location").choices = [
            (NO_LOCATION, _("Online, by phone or at people's homes")),
            *((pk, place.name or _("Unnamed place")) for pk, place in unique.items()),
            (NEW_LOCATION, _("Somewhere new (enter it below)")),
        ]
        self.fields["opens_at"].widget.attrs.update({"class": "govuk-input govuk-input--width-5"})
        self.fields["closes_at"].widget.attrs.update({"class": "govuk-input govuk-input--width-5"})
        for name in ("minimum_age", "maximum_age", "amount"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "decimal", "class": "govuk-input govuk-input--width-5"}
            )

    def _field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error(
                "maximum_age", _("The oldest age must be the same as or above the youngest.")
            )
        if data.get("cost") == "paid" and not data.get("amount"):
            self.add_error("amount", _("Enter the charge in pounds, or choose “It is free”."))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if (opens is None) != (closes is None):
            self.add_error("closes_at", _("Enter both the start and the end time, or neither."))
        elif opens is not None and closes is not None and closes <= opens:
            self.add_error("closes_at", _("The end time must be after the start time."))
        if (opens is not None) and not data.get("days"):
            self.add_error("days", _("Choose the days it runs at those times."))
        if data.get("location") == NEW_LOCATION:
            for name, message in (
                ("new_location_name", _("Enter the name of the new place.")),
                ("new_location_address", _("Enter the street address of the new place.")),
                ("new_location_town", _("Enter the town or city.")),
                ("new_location_postcode", _("Enter the postcode of the new place.")),
            ):
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned answers as JSON-ready strings and sorted lists of strings."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in self.fields:
            value = data.get(name)
            if isinstance(value, list):
                values[name] = sorted(str(v) for v in value)
            elif value is None:
                values[name] = ""
            elif hasattr(value, "strftime"):
                values[name] = value.strftime("%H:%M")
            else:
                values[name] = str(value).strip()
        if values["cost"] == "free":
            values["amount"] = ""
        if values["location"] != NEW_LOCATION:
            for name in LOCATION_FIELDS[1:]:
                values[name] = ""
        if not values["days"]:
            values["term_time"] = ""
        return values

    def display(self, name: str, value: Any) -> str:
        """A value as a person reads it: choices by their labels, lists joined."""
        field = self.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        items = value if isinstance(value, list) else [value]
        shown = [str(choices.get(item, item)) if choices else str(item) for item in items]
        return ", ".join(s for s in shown if s) or "–"


class ReviewForm(GovukFormMixin, forms.Form):
    """A coordinator's decision on a proposed change."""

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("approve", _("Approve: publish the change")),
            ("send_back", _("Send it back to the owner")),
        ],
        widget=forms.RadioSelect,
    )
    reason = _text(
        _("Why are you sending it back?"),
        help_text=_("The owner reads this. Say what to change."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "send_back" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why, so the owner knows what to change."))
        return data


class MistakeReportForm(InterpreterQuestion, GovukFormMixin, forms.Form):
    """The public's "report a mistake" on a service's page: short, no sign-in, a honeypot."""

    what_is_wrong = forms.CharField(
        label=_("What is wrong?"),
        help_text=_(
            "For example, the times have changed or the service has closed. "
            "Do not include personal details about anyone."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tell us what is wrong.")},
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        help_text=_("Only if you are happy for the service's organisers to ask you about it."),
        required=False,
        max_length=254,
    )
    # Robots fill every box; people never see this one (as on the public report form).
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_what_is_wrong(self) -> str:
        text = " ".join(str(self.cleaned_data.get("what_is_wrong", "")).split())
        if len(text) < 3:
            raise forms.ValidationError(_("Tell us what is wrong."))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_filled_honeypot(
            self,
            data,
            _(
                "Your report has not been sent yet. Your browser filled in a box that "
                "must be left empty: delete what is in it and send again."
            ),
        )
        if self.interpreter_asked_for() and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                _(
                    "Give your email address so that someone can contact you with an "
                    "interpreter, or untick “I would like an interpreter”."
                ),
            )
        return data

    @property
    def tripped_honeypot(self) -> bool:
        return tripped_honeypot(self)


class CloseMistakeForm(GovukFormMixin, forms.Form):
    note = _text(
        _("What did you do?"),
        required=True,
        help_text=_("For example, corrected the times, or the details were already right."),
    )


class ConfirmForm(GovukFormMixin, forms.Form):
    """Nothing to fill in: sending it says the entry is still correct."""
