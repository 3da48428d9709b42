"""Forms of the directory's public pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import offer_only
from cohesion.core.forms import GovukFormMixin
from cohesion.directory.calculations.schedules import WEEKDAYS
from cohesion.directory.models import Language, Service, SignpostKind, TaxonomyTerm
from cohesion.directory.search import DEFAULT_DISTANCE_KM, DISTANCES_KM, NOW
from cohesion.directory.taxonomy import NEEDS, TAXONOMY_ID

_NEED_NAMES = {need.code: need.name for need in NEEDS}


def need_name(term: TaxonomyTerm) -> Any:
    """A term's name in the reader's language: the default taxonomy's needs are translated."""
    if term.taxonomy_id == TAXONOMY_ID and term.code in _NEED_NAMES:
        return _NEED_NAMES[term.code]
    return term.name


def spoken_language_name(code: str, name: str) -> Any:
    """A language's name in the reader's language where Django knows it, else as stored."""
    try:
        return get_language_info(code.lower())["name_translated"]
    except KeyError:
        return name


DAY_CHOICES = [
    ("", _("Any day")),
    (NOW, _("Open now")),
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
COST_CHOICES = [("", _("Free or paid")), ("free", _("Free only")), ("paid", _("Paid"))]
assert [c for c, _label in DAY_CHOICES[2:]] == list(WEEKDAYS)


class SearchForm(GovukFormMixin, forms.Form):
    """What a resident or partner asks the directory. Every field is optional."""

    need = forms.ChoiceField(label=_("What do you need?"), required=False)
    where = forms.CharField(
        label=_("Near"),
        help_text=_("A ward, such as North Ormesby, or a postcode."),
        required=False,
        max_length=100,
    )
    within = forms.TypedChoiceField(
        label=_("Within"),
        coerce=int,
        choices=[(km, _("%(km)s km") % {"km": km}) for km in DISTANCES_KM],
        initial=DEFAULT_DISTANCE_KM,
        required=False,
        empty_value=DEFAULT_DISTANCE_KM,  # type: ignore[arg-type]
    )
    day = forms.ChoiceField(label=_("When"), choices=DAY_CHOICES, required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    age = forms.IntegerField(
        label=_("Age of the person"), min_value=0, max_value=120, required=False
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=COST_CHOICES, required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        need_field = self.fields["need"]
        language_field = self.fields["language"]
        assert isinstance(need_field, forms.ChoiceField) and isinstance(
            language_field, forms.ChoiceField
        )
        terms = TaxonomyTerm.objects.filter(taxonomy__isnull=False).order_by("order", "name")
        need_field.choices = [("", _("Anything"))] + [
            (t.code, need_name(t)) for t in terms if t.code
        ]
        languages = sorted(
            {
                (code, spoken_language_name(code, name))
                for code, name in Language.objects.filter(service__isnull=False).values_list(
                    "code", "name"
                )
            },
            key=lambda pair: str(pair[1]),
        )
        language_field.choices = [("", _("Any language")), *languages]
        self.fields["age"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
        )


class SignpostForm(GovukFormMixin, forms.Form):
    """Point a case's person to a service of the council's directory."""

    service: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("What did you do?"), choices=SignpostKind.choices, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_("The person agreed that their details are passed to the service"), required=False
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(
            self.fields["service"],
            services,
            _("Choose a published service in this council's directory."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SignpostKind.REFERRAL and not data.get("consent"):
            self.add_error(
                "consent", _("A referral needs the person's consent. Signpost them instead.")
            )
        return data
