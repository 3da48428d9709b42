"""Forms officers and partners use: intake on someone's behalf, triage and case actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import AreaScope, offer_only
from cohesion.core.forms import GovukForm
from cohesion.tensions.choices import (
    Category,
    Channel,
    ClosureReason,
    EEPClassification,
    LinkKind,
    Motivation,
    Status,
    TensionType,
)
from cohesion.tensions.forms.public import (
    GovukDateField,
    ReportDetailsForm,
    UserTextField,
    area_choices,
)
from cohesion.tensions.models import Report
from cohesion.tensions.models.reports import normalise_reference
from cohesion.tensions.workflow import (
    allowed_next,
    assignable_officers,
    referable_organisations,
)

EEP_HELP = _(
    "Evidenced: there is hard evidence (a crime report, CCTV, damage seen). "
    "Experienced: what people say they lived or felt, not corroborated. "
    "Potential: signs that tension may arise (rumours, planned events)."
)


class IntakeForm(ReportDetailsForm):
    """A report recorded by a reporting-centre volunteer or partner staff for someone else."""

    organisation = forms.ModelChoiceField(
        label=_("Recording for"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    on_behalf_of = UserTextField(
        label=_("Who is this report for?"),
        help_text=_(
            "For example, “the victim, in person at the hub”. Do not write contact details here."
        ),
        max_length=200,
        required=False,
    )
    eep = forms.ChoiceField(
        label=_("EEP classification"),
        help_text=EEP_HELP,
        choices=EEPClassification.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        offer_only(
            field,
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
            _("Choose one of the organisations you record reports for."),
        )
        if len(organisations) == 1:
            field.initial = organisations[0].pk
        role = self.fields["reporter_role"]
        assert isinstance(role, forms.ChoiceField)
        role.label = _("Who is the person reporting?")
        role.choices = [
            ("victim", _("The victim")),
            ("witness", _("A witness")),
            ("on_behalf", _("Someone reporting for the victim")),
        ]

    def channel(self) -> str:
        organisation = self.cleaned_data["organisation"]
        return (
            Channel.REPORTING_CENTRE
            if organisation.kind == "reporting_centre"
            else Channel.PARTNER_STAFF
        )


class TriageForm(GovukForm):
    eep = forms.ChoiceField(
        label=_("EEP classification"),
        help_text=EEP_HELP,
        choices=[c for c in EEPClassification.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose evidenced, experienced or potential.")},
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, widget=forms.RadioSelect
    )
    motivations = forms.MultipleChoiceField(
        label=_("Perceived motivation (hate incidents)"),
        choices=Motivation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tension_type = forms.ChoiceField(
        label=_("Kind of tension matter"),
        choices=[("", _("Not known")), *TensionType.choices],
        required=False,
    )
    root_cause = forms.CharField(
        label=_("Root cause"),
        help_text=_("What lies behind it, as far as you can tell."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    reason = forms.CharField(label=_("Note for the history"), max_length=1000, required=False)

    def __init__(self, *args: Any, report: Report, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "eep": report.eep,
                "category": report.category,
                "motivations": report.motivations,
                "tension_type": report.tension_type,
                "root_cause": report.root_cause,
                "area": report.ward_code or report.council_code,
            },
        )
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        offer_only(
            area,
            areas_within(area_choices(_("Not known")), Report.objects.case_owner_scope(user)),
            _("You can only move a case to an area you work in. Choose one of the areas listed."),
        )


def areas_within(choices: list[tuple[Any, Any]], scope: AreaScope) -> list[tuple[Any, Any]]:
    """The grouped area list (see ``area_choices``) cut down to the councils and wards in ``scope``."""
    if scope.everywhere:
        return choices
    kept: list[tuple[Any, Any]] = []
    for value, label in choices:
        if not isinstance(label, (list, tuple)):
            kept.append((value, label))  # the blank choice
            continue
        council_code = label[0][0] if label else ""
        options = [
            (code, name)
            for code, name in label
            if (code == council_code and code in scope.councils)
            or (code != council_code and scope.covers(council_code, code))
        ]
        if options:
            kept.append((value, options))
    return kept


class StatusForm(GovukForm):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    closure_reason = forms.ChoiceField(
        label=_("If closing: why?"),
        choices=[("", _("Choose a reason")), *ClosureReason.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, Status(s).label) for s in allowed_next(report.status)]
        self.report = report

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Status.CLOSED and not data.get("closure_reason"):
            self.add_error("closure_reason", _("Choose why the case is being closed."))
        if self.report.status == Status.CLOSED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the case is being reopened."))
        return data


class AssignForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    officer = forms.ChoiceField(label=_("Officer"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(
        self, *args: Any, report: Report, organisations: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        offer_only(
            field,
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
            _(
                "This case can only be given to an organisation that can open it. Choose one listed."
            ),
        )
        if report.assigned_organisation_id:
            field.initial = report.assigned_organisation_id
        elif organisations:
            field.initial = organisations[0].pk
        # Only officers who can open the case: nobody is given, or reminded
        # about, a case they cannot read.
        self._officers = {
            str(user.pk): (organisation, user)
            for organisation in organisations
            for user in assignable_officers(organisation, report)
        }
        officer = self.fields["officer"]
        assert isinstance(officer, forms.ChoiceField)
        offer_only(
            officer,
            [("", _("Nobody yet"))]
            + [
                (pk, f"{user.get_full_name() or user.get_username()} ({organisation})")
                for pk, (organisation, user) in self._officers.items()
            ],
            _("This case can only be given to an officer who can open it. Choose one listed."),
        )
        if report.assigned_officer_id:
            officer.initial = str(report.assigned_officer_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("officer")
        data["officer_user"] = None
        if chosen:
            organisation, user = self._officers[chosen]
            if data.get("organisation") is not None and organisation != data["organisation"]:
                self.add_error("officer", _("Choose an officer of the organisation you chose."))
            data["officer_user"] = user
        return data


class ReferForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the organisation to refer to.")},
    )
    reason = forms.CharField(
        label=_("Why refer it?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        offer_only(
            field,
            Organisation.objects.filter(pk__in=[o.pk for o in referable_organisations(report)]),
            _(
                "A case can only be referred to a partner who will be able to open it. "
                "Choose one of the partners listed."
            ),
        )
        if not report.eep:
            # Referring a new case triages it: it needs a classification first.
            self.fields["eep"] = forms.ChoiceField(
                label=_("EEP classification"),
                help_text=_(
                    "This case has not been classified yet. Referring it marks it triaged, "
                    "so classify it now."
                ),
                choices=[c for c in EEPClassification.choices if c[0]],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose evidenced, experienced or potential.")},
            )

    def clean_organisation(self) -> Organisation:
        organisation: Organisation = self.cleaned_data["organisation"]
        if not self.report.consent_allows(organisation):
            if organisation.kind == "police":
                raise forms.ValidationError(
                    _(
                        "The reporter did not agree to share this report with the police, so it "
                        "cannot be referred to them. If someone is in danger, call 999."
                    ),
                    code="no_consent",
                )
            raise forms.ValidationError(
                _(
                    "The reporter did not agree to share this report with partner organisations, "
                    "so it cannot be referred to %(organisation)s."
                )
                % {"organisation": organisation},
                code="no_consent",
            )
        return organisation


class NoteForm(GovukForm):
    text = forms.CharField(
        label=_("Add a note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Write the note.")},
    )


class LinkForm(GovukForm):
    reference = forms.CharField(
        label=_("Reference of the other report"),
        help_text=_("For example, CHN-7K3Q-94XT."),
        max_length=20,
        error_messages={"required": _("Enter the other report's reference.")},
    )
    kind = forms.ChoiceField(
        label=_("How are they linked?"),
        choices=LinkKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the reports are linked.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, report: Report, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.user = user

    def clean_reference(self) -> Report:
        reference = normalise_reference(self.cleaned_data["reference"])
        other = Report.objects.restrict(self.user, "view").filter(reference=reference).first()
        if other is None:
            raise forms.ValidationError(
                _("There is no report with that reference that you can see."), code="unknown"
            )
        if other.pk == self.report.pk:
            raise forms.ValidationError(_("A report cannot be linked to itself."), code="self")
        return other


class ContactMadeForm(GovukForm):
    senior = forms.BooleanField(label=_("This was contact by a senior officer"), required=False)
    on_date = GovukDateField(
        label=_("Date of contact"), required=False, help_text=_("Leave empty for now.")
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def contact_at(self) -> dt.datetime:
        day = self.cleaned_data.get("on_date")
        if day is None:
            return timezone.now()
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
