"""The grant forms: the public application (eligibility first, then the details) and the officers'
due diligence, scoring, decision and monitoring return forms.

Every error is a plain, translated sentence; nothing is saved until the whole
form is valid, and then in one transaction (:mod:`cohesion.programme.grants`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import GovukForm, GovukModelForm, UserTextField
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.programme.choices import DecisionOutcome
from cohesion.programme.models import DueDiligence, GrantRound, MonitoringReturn, Score

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class EligibilityForm(GovukForm):
    """The round's yes/no questions, answered before anything else."""

    def __init__(self, *args: Any, grant_round: GrantRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grant_round = grant_round
        for index, text, _eligible in grant_round.questions():
            self.fields[f"q{index}"] = forms.ChoiceField(
                label=text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes or no.")},
            )
        self.style_widgets()

    def answers(self) -> dict[str, bool]:
        return {
            name[1:]: value == "yes"
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit()
        }


class ApplicationForm(GovukForm):
    """Who is applying, for what, where and how much (text without bidi overrides or controls)."""

    organisation_name = UserTextField(label=_("Name of your group or organisation"), max_length=200)
    contact_name = UserTextField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We will only use it about this application."),
    )
    wards = forms.MultipleChoiceField(
        label=_("Wards the project serves"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every ward where the people you work with live."),
    )
    project_title = UserTextField(label=_("Project title"), max_length=200)
    summary = UserTextField(
        label=_("What will you do, and who will it bring together?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    amount_requested = forms.DecimalField(
        label=_("How much are you asking for, in pounds?"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(1),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    # Checked by clean_submission: a malformed key is dropped, never an error to show.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, grant_round: GrantRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grant_round = grant_round
        wards = Area.objects.current(Level.WARD).filter(parent__code=grant_round.council_code)
        self.ward_names = dict(wards.order_by("name").values_list("code", "name"))
        field: Any = self.fields["wards"]
        field.choices = list(self.ward_names.items())
        field.error_messages = {
            "required": _("Choose at least one ward."),
            "invalid_choice": _("Choose wards from the list."),
        }
        messages = {
            "organisation_name": _("Enter the name of your group or organisation."),
            "contact_name": _("Enter your name."),
            "contact_email": _("Enter your email address."),
            "project_title": _("Enter a title for the project."),
            "summary": _("Say what you will do."),
            "amount_requested": _("Enter the amount, for example 1500."),
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["contact_email"].error_messages["invalid"] = _(
            "Enter an email address like name@example.org."
        )
        self.fields["amount_requested"].error_messages.update(
            {
                "invalid": _("Enter the amount as a number, for example 1500."),
                "min_value": _("Enter an amount of at least £1."),
                "max_decimal_places": _("Enter pounds and pence only, for example 1500.50."),
            }
        )

    def clean_submission(self) -> str:
        key = self.cleaned_data.get("submission", "")
        return key if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", key or "") else ""

    def clean_amount_requested(self) -> Decimal:
        amount = self.cleaned_data["amount_requested"]
        most = self.grant_round.max_request
        if most is not None and amount > most:
            raise forms.ValidationError(
                _("This round gives at most £%(most)s to each project.") % {"most": f"{most:,.0f}"}
            )
        return amount


class DueDiligenceForm(GovukModelForm):
    class Meta:
        model = DueDiligence
        fields = [
            "constituted_checked",
            "bank_details_verified",
            "safeguarding_seen",
            "no_extremist_links",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        labels = {"note": _("Note (what was checked, and how)")}


class ScoreForm(GovukModelForm):
    class Meta:
        model = Score
        fields = ["need", "cohesion", "deliverability", "value", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "comment": _("Comment"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Score.CRITERIA:
            field: Any = self.fields[name]
            message = _("Give a score from 0 to 5.")
            field.validators = [MinValueValidator(0, message), MaxValueValidator(5, message)]
            field.help_text = _("0 (none) to 5 (excellent).")
            field.widget.attrs.update(
                {"min": 0, "max": 5, "class": "govuk-input govuk-input--width-2"}
            )
            field.error_messages.update({"required": message, "invalid": message})


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose awarded or declined.")},
    )
    amount_awarded = forms.DecimalField(
        label=_("Amount awarded, in pounds"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("Enter an amount above £0.")},
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reasons for the decision.")},
    )
    return_due_on = forms.DateField(
        label=_("Monitoring return due on"),
        required=False,
        widget=DATE,
        help_text=_("For an award. Six months from today if left empty."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == DecisionOutcome.AWARDED and not data.get("amount_awarded"):
            self.add_error("amount_awarded", _("Enter the amount awarded."))
        return data


class ReturnForm(GovukModelForm):
    class Meta:
        model = MonitoringReturn
        fields = ["submitted_on", "spend", "people_reached", "outputs", "outcomes", "evidence_note"]
        widgets = {
            "submitted_on": DATE,
            "outputs": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "submitted_on": _("Received on"),
            "spend": _("Spent so far, in pounds"),
            "people_reached": _("People reached"),
            "outputs": _("Outputs (what was done)"),
            "outcomes": _("Outcomes (what changed)"),
            "evidence_note": _("Evidence seen"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["spend"].required = True
        self.fields["spend"].error_messages["required"] = _("Enter what has been spent.")
        for name in ("spend", "people_reached"):
            field: Any = self.fields[name]
            field.validators = [MinValueValidator(0, _("Enter 0 or more."))]
