"""The report form: the public's, and the shared fields that partner intake adds to.

The public form defends itself (STYLE.md, practice 14): every field has a size
limit, a hidden honeypot catches form-filling robots, the view adds a rate
limit and an idempotency key, and every error is a plain, translated sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import (
    FixedChoiceField,
    FixedMultipleChoiceField,
    GovukForm,
    InterpreterQuestion,
    TimeOfDayField,
    UserTextField,
    refuse_filled_honeypot,
    tripped_honeypot,
    visible_length,
)
from cohesion.tensions.choices import Category, Motivation, ReporterRole, TensionType, ToldPolice
from cohesion.tensions.intake import ContactDetails, ReportInput, ward_directory

# Strings that the shared GOV.UK templates (cohesion/core, base.html) show on
# the public form. They are listed here so that this app's Welsh, Polish and Arabic
# catalogues carry them and a resident sees the whole page in one language; a
# project-wide catalogue (LOCALE_PATHS) takes precedence once it has them.
SHARED_PAGE_STRINGS = (
    _("(optional)"),
    _("Error:"),
    _("There is a problem"),
    _("Skip to main content"),
    _("Menu"),
    _("Areas"),
    _("Sign in"),
    _("Beta"),
    _("This is a new service. Tell your cohesion team what you think."),
    _("Support links"),
    _("API"),
    _("Service status"),
    _(
        "Contains public sector information licensed under the Open Government Licence v3.0. "
        "Contains OS data © Crown copyright and database right."
    ),
)

MAX_DESCRIPTION = 5000
MAX_PLACE = 300
MAX_NAME = 200
MAX_CONTACT_NOTES = 500
EARLIEST_YEAR = 2000

_PHONE = re.compile(r"^\+?[0-9 ()\-]{7,20}$")


class DateInputWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year as three short boxes."""

    template_name = "tensions/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        super().__init__(
            [forms.TextInput(numeric), forms.TextInput(numeric), forms.TextInput(numeric)],
            attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = [_("Day"), _("Month"), _("Year")]
        widths = [2, 2, 4]
        for sub, label, width in zip(context["widget"]["subwidgets"], labels, widths, strict=True):
            sub["label"] = label
            sub["width"] = width
            sub["describedby"] = sub["attrs"].get("aria-describedby", "")
        context["widget"]["has_error"] = "govuk-input--error" in str(
            context["widget"]["attrs"].get("class", "")
        )
        return context


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = DateInputWidget

    def __init__(self, **kwargs: Any) -> None:
        # A part that is too long is not a real date: say so, not the library's "at most 4 characters".
        real = {"max_length": _("The date must be a real date, for example 27 3 2025.")}
        fields = (
            forms.CharField(max_length=2, required=False, error_messages=real),
            forms.CharField(max_length=2, required=False, error_messages=real),
            forms.CharField(max_length=4, required=False, error_messages=real),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            raise forms.ValidationError(
                _("The date must include a day, month and year."), code="incomplete_date"
            )
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                _("The date must be a real date, for example 27 3 2025."), code="invalid_date"
            ) from None
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past."), code="future")
        if value.year < EARLIEST_YEAR:
            raise forms.ValidationError(
                _("The date must be after 1 January %(year)s.") % {"year": EARLIEST_YEAR},
                code="too_early",
            )
        return value


class AreaChoiceField(forms.ChoiceField):
    """The area list: shown as a question to answer, but it may be left empty when the map was marked.

    Whether an area or a point was given is checked by the form's ``clean``.
    """

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)

    def valid_value(self, value: Any) -> bool:
        """A ward or council the form offers: two dictionary lookups, not a walk of the whole list."""
        directory = ward_directory()
        code = str(value)
        return code in directory.wards or code in directory.councils


_choices_cache: dict[tuple[str, str], tuple[object, list[tuple[Any, Any]]]] = {}


def area_choices(blank_label: Any) -> list[tuple[Any, Any]]:
    """The area list: for each council, "somewhere in it" then its wards, grouped.

    Built once per ward list and language (the list changes only when places are loaded).
    """
    directory = ward_directory()
    key = (get_language() or "", str(blank_label))
    cached = _choices_cache.get(key)
    if cached is None or cached[0] is not directory:
        cached = (directory, _area_choices(blank_label))
        _choices_cache[key] = cached
    return cached[1]


def public_area_choices() -> list[tuple[Any, Any]]:
    return area_choices(_("Choose an area"))


def _area_choices(blank_label: Any) -> list[tuple[Any, Any]]:
    choices: list[tuple[Any, Any]] = [("", str(blank_label))]
    for council_code, council_name, wards in ward_directory().grouped():
        options: list[tuple[str, str]] = [
            (
                council_code,
                str(_("Somewhere in %(council)s (not sure which area)"))
                % {"council": council_name},
            )
        ]
        options += [(ward.code, ward.name) for ward in wards]
        choices.append((council_name, options))
    return choices


_MAP_ERROR = _(
    "The place marked on the map could not be read. Mark it again, or choose the area from the list."
)
MAP_ERRORS = {"invalid": _MAP_ERROR, "min_value": _MAP_ERROR, "max_value": _MAP_ERROR}


class ReportDetailsForm(InterpreterQuestion, GovukForm):
    """The questions every report answers, whoever records it."""

    category = FixedChoiceField(
        label=_("What do you want to report?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want to report.")},
    )
    motivations = FixedMultipleChoiceField(
        label=_("If it was a hate incident: why do you think it happened?"),
        help_text=_("Choose all that apply. What you believe is enough: you do not need proof."),
        choices=Motivation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tension_type = FixedChoiceField(
        label=_("If it was community tension: what was it about?"),
        choices=TensionType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    description = UserTextField(
        label=_("What happened?"),
        help_text=_(
            "Tell us what happened, who was involved and anything that was said or done. "
            "Do not include your own contact details here."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_DESCRIPTION,
        error_messages={
            "required": _("Tell us what happened."),
            "max_length": _(
                "What happened must be %(limit_value)s characters or fewer. "
                "You have entered %(show_value)s characters: shorten it and send it again."
            ),
        },
    )
    occurred_on = GovukDateField(
        label=_("When did it happen?"),
        help_text=_("For example, 27 3 2025. If you are not sure, give your best guess."),
        required=False,
    )
    occurred_time = TimeOfDayField(
        label=_("About what time?"),
        help_text=_("For example, 21:30 or 9:30pm."),
        required=False,
        error_messages={"invalid": _("Enter a time, for example 21:30 or 9:30pm.")},
    )
    occurred_approximate = forms.BooleanField(
        label=_("I am not sure of the exact date or time"), required=False
    )
    location_text = UserTextField(
        label=_("Where did it happen?"),
        help_text=_("For example, a street, a shop, a bus stop or a website."),
        max_length=MAX_PLACE,
        required=False,
        error_messages={
            "max_length": _("Where it happened must be %(limit_value)s characters or fewer.")
        },
    )
    area = AreaChoiceField(
        label=_("Which area was it in?"),
        help_text=_("If you are not sure, choose “Somewhere in” your council."),
        # A callable, so each form shares the cached list instead of copying it.
        choices=public_area_choices,
    )
    # Set by the map. A person cannot correct a hidden box, so its errors speak of the map.
    longitude = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
        error_messages=MAP_ERRORS,
    )
    latitude = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
        error_messages=MAP_ERRORS,
    )
    reporter_role = FixedChoiceField(
        label=_("Who are you?"),
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you are.")},
    )
    told_police = FixedChoiceField(
        label=_("Have the police been told?"),
        choices=ToldPolice.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    wants_support = forms.BooleanField(
        label=_("I would like someone to contact me about support"), required=False
    )
    name = UserTextField(label=_("Name"), max_length=MAX_NAME, required=False)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.com.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=25,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    safe_contact_notes = UserTextField(
        label=_("When and how is it safe to contact you?"),
        help_text=_("For example, “text only” or “not after 6pm”."),
        max_length=MAX_CONTACT_NOTES,
        required=False,
    )
    consent_police = forms.BooleanField(
        label=_("You may share this report with the police"), required=False
    )
    consent_partners = forms.BooleanField(
        label=_(
            "You may share this report with organisations that can help, "
            "such as victim support services, housing providers and schools"
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength attribute: a browser would cut a long paste short without a word.
        # The server refuses over-long text with a message instead, keeping every word.
        self.fields["description"].widget.attrs.pop("maxlength", None)
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def clean_description(self) -> str:
        text = self.cleaned_data.get("description", "").strip()
        if visible_length(text) < 3:
            raise forms.ValidationError(_("Tell us what happened."), code="too_short")
        return text

    def hidden_errors(self) -> list[Any]:
        """Errors on boxes people cannot see (the map's point): shown in the summary, linked to the area list."""
        return [error for field in self.hidden_fields() for error in field.errors]

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number, like 01632 960 001 or +44 7700 900 982."), code="phone"
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lon, lat = data.get("longitude"), data.get("latitude")
        if (lon is None) != (lat is None):
            data["longitude"] = data["latitude"] = None
            lon = lat = None
        if not data.get("area") and lon is None and "area" not in self.errors:
            self.add_error(
                "area",
                forms.ValidationError(
                    _("Choose the area where it happened, or mark it on the map."),
                    code="no_area",
                ),
            )
        if (
            data.get("wants_support")
            and not (data.get("email") or "").strip()
            and not (data.get("phone") or "").strip()
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email",
                forms.ValidationError(
                    _(
                        "Enter an email address or phone number so that someone can contact "
                        "you about support, or untick “I would like someone to contact me "
                        "about support”."
                    ),
                    code="support_needs_contact",
                ),
            )
        if data.get("occurred_time") and not data.get("occurred_on"):
            self.add_error(
                "occurred_on",
                forms.ValidationError(_("Enter the date as well as the time."), code="no_date"),
            )
        elif data.get("occurred_time") and "occurred_on" not in self.errors:
            occurred = self.occurred_at()
            if occurred is not None and occurred > timezone.now():
                self.add_error(
                    "occurred_time",
                    forms.ValidationError(
                        _("The time must be now or in the past."), code="future_time"
                    ),
                )
        return data

    def contact_given(self) -> bool:
        """Whether any contact detail was given (a name alone counts; see ContactDetails.reachable)."""
        return any(
            (self.cleaned_data.get(name) or "").strip()
            for name in ("name", "email", "phone", "safe_contact_notes")
        )

    def occurred_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("occurred_on")
        if day is None:
            return None
        moment = self.cleaned_data.get("occurred_time") or dt.time(12, 0)
        return timezone.make_aware(dt.datetime.combine(day, moment))

    def to_input(self, **extra: Any) -> ReportInput:
        data = self.cleaned_data
        category = data["category"]
        approximate = bool(data.get("occurred_approximate")) or (
            data.get("occurred_on") is not None and data.get("occurred_time") is None
        )
        return ReportInput(
            category=category,
            description=data["description"],
            reporter_role=data["reporter_role"],
            motivations=data.get("motivations") or [],
            tension_type=data.get("tension_type") or "",
            occurred_at=self.occurred_at(),
            occurred_approximate=approximate,
            occurred_time_known=data.get("occurred_time") is not None,
            location_text=data.get("location_text", "").strip(),
            longitude=data.get("longitude"),
            latitude=data.get("latitude"),
            area_code=data.get("area") or "",
            told_police=data.get("told_police") or "",
            wants_support=bool(data.get("wants_support")),
            interpreter_language=self.interpreter_asked_for(),
            consent_police=bool(data.get("consent_police")),
            consent_partners=bool(data.get("consent_partners")),
            contact=ContactDetails(
                name=data.get("name", "").strip(),
                email=data.get("email", "").strip(),
                phone=data.get("phone", "").strip(),
                safe_contact_notes=data.get("safe_contact_notes", "").strip(),
            ),
            **extra,
        )


class PublicReportForm(ReportDetailsForm):
    """The public's form at /report/: adds a honeypot and an idempotency key."""

    # Robots fill every box; people never see this one (hidden from sight and
    # from screen readers, and skipped by the Tab key). A browser's or password
    # manager's autofill may still fill it: the form is then shown again with
    # the box visible and explained, so a person can empty it and send.
    website = forms.CharField(
        label=_("Leave this box empty"),
        help_text=_(
            "This box is here to stop automated spam. Your browser or password manager "
            "may have filled it in: delete what is in it, then send your report again."
        ),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # Checked by clean_submission: a malformed key is dropped, never an error to show.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_submission(self) -> str:
        key = self.cleaned_data.get("submission", "")
        if key and not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", key):
            return ""
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        refuse_filled_honeypot(
            self,
            data,
            _(
                "Your report has not been sent yet. Your browser filled in a box that "
                "must be left empty: delete what is in it and send your report again. "
                "Nothing you typed has been lost."
            ),
        )
        return data

    @property
    def tripped_honeypot(self) -> bool:
        return tripped_honeypot(self)
