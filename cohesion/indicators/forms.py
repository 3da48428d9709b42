from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.models import Organisation
from cohesion.core.forms import GovukForm
from cohesion.indicators.choices import Polarity, Unit
from cohesion.indicators.models import Indicator


class UploadForm(GovukForm):
    """A council's own figures: the file and what the numbers measure."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Council"),
        empty_label=None,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV or Excel (.xlsx) file with columns area_code, period and value. "
            "Periods may be a year (2024), financial year (2024/25), month (2024-06) or date."
        ),
    )
    existing = forms.ModelChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        label=_("Add to one of your council's indicators"),
        empty_label=_("No – this is a new indicator"),
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        label=_("Title of a new indicator"),
        help_text=_("For example: Residents attending ESOL classes per 1,000"),
    )
    unit = forms.ChoiceField(choices=Unit.choices, label=_("Unit"), initial=Unit.COUNT)
    polarity = forms.ChoiceField(
        choices=Polarity.choices, label=_("Which way is better?"), initial=Polarity.NEUTRAL
    )

    def __init__(
        self, *args: Any, organisations: list[Organisation], local_indicators: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        existing = self.fields["existing"]
        assert isinstance(existing, forms.ModelChoiceField)
        existing.queryset = local_indicators

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("existing") and not (data.get("title") or "").strip():
            self.add_error("title", _("Give the new indicator a title, or choose an existing one."))
        upload = data.get("file")
        if upload is not None and not upload.name.lower().endswith((".csv", ".xlsx")):
            self.add_error("file", _("Upload a CSV (.csv) or Excel workbook (.xlsx)."))
        return data


class UploadDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[
            ("import_all", _("Import all rows")),
            ("import_clean", _("Import only the rows without errors")),
            ("discard", _("Discard this upload")),
        ],
        widget=forms.RadioSelect,
        label=_("What would you like to do?"),
    )
