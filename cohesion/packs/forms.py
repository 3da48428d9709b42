"""Forms for making a pack, writing a committee paper's frame and editing a template."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import offer_only
from cohesion.core.forms import GovukForm
from cohesion.packs import access
from cohesion.packs.choices import AudienceKind, Cadence, PackKind, Purpose
from cohesion.packs.periods import BadPeriod, Period, parse_period


def area_choices(user: Any) -> list[tuple[str, str]]:
    """The wards and councils ``user`` may make packs for, councils first."""
    from cohesion.places.choices import Level
    from cohesion.places.models import Area

    councils: set[str] = set()
    wards: set[str] = set()
    everywhere = getattr(user, "is_superuser", False)
    for _organisation, scope in access.maker_scope(user):
        councils |= scope.councils
        wards |= scope.wards
    areas = Area.objects.current().filter(level__in=[Level.COUNCIL, Level.WARD])
    if not everywhere:
        areas = areas.filter(code__in=councils | wards) | areas.filter(
            level=Level.WARD, parent__code__in=councils
        )
    choices = []
    for area in areas.select_related("parent").order_by("level", "parent__name", "name"):
        parent = area.parent
        label = f"{area.name} ({parent.name})" if parent is not None else area.name
        choices.append((area.code, label))
    return choices


def locality_choices(user: Any) -> list[tuple[str, str]]:
    """The localities of the councils ``user`` may make council-wide packs for."""
    from cohesion.packs import localities

    if getattr(user, "is_superuser", False):
        return localities.locality_choices(None)
    councils: set[str] = set()
    for _organisation, scope in access.maker_scope(user):
        councils |= scope.councils
    return localities.locality_choices(councils) if councils else []


class PackForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind of pack"), choices=PackKind.choices)
    area = forms.ChoiceField(
        label=_("Area"),
        help_text=_("A ward for a briefing; the council for a quarterly report."),
        required=False,
    )
    localities = forms.MultipleChoiceField(
        label=_("Or localities (for a scrutiny update)"),
        help_text=_("Choose one or several localities of one council instead of an area."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    period = forms.CharField(
        label=_("Period"),
        help_text=_(
            "A quarter (2025-Q2), a year (2025) or 2025-04-01..2025-06-30. A public pack with "
            "incident counts covers whole quarters; a month or any other dates need a restricted "
            "pack for a named panel."
        ),
        max_length=40,
    )
    audience_kind = forms.ChoiceField(
        label=_("Audience"), choices=AudienceKind.choices, initial=AudienceKind.PUBLIC
    )
    audience_name = forms.CharField(
        label=_("Panel (for a restricted pack)"), required=False, max_length=200
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("cy", "Cymraeg"), ("ur", "اردو")]
    )
    # The committee paper's frame: used when the kind is a committee paper.
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    recommendations = forms.CharField(
        label=_("Recommendations (one a line)"), widget=forms.Textarea, required=False
    )
    background = forms.CharField(
        label=_("Report background"), widget=forms.Textarea, required=False
    )
    options = forms.CharField(label=_("Options considered"), widget=forms.Textarea, required=False)
    financial = forms.CharField(label=_("Financial implications"), required=False)
    legal = forms.CharField(label=_("Legal implications"), required=False)
    equality = forms.CharField(label=_("Equality implications"), required=False)
    community_safety = forms.CharField(label=_("Community safety implications"), required=False)
    wards_affected = forms.CharField(label=_("Wards affected"), required=False, max_length=500)
    exempt = forms.BooleanField(label=_("Contains exempt information"), required=False)
    exempt_reason = forms.CharField(label=_("Why it is exempt"), required=False, max_length=300)
    clearance = forms.CharField(label=_("Cleared by"), required=False, max_length=200)
    background_papers = forms.CharField(
        label=_("Background papers (one a line)"), widget=forms.Textarea, required=False
    )
    case_study = forms.CharField(
        label=_("Case study (optional)"),
        help_text=_(
            "An anonymised account for the panel: no names, addresses, postcodes, phone numbers, "
            "email addresses or case references. Separate several with a blank line."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=6000,
    )
    case_study_consent = forms.BooleanField(
        label=_("The people these accounts describe agreed to them being used"),
        required=False,
    )
    inserts = forms.CharField(
        label=_("Insert tables from issued packs"),
        help_text=_("One a line: the pack number, then optionally a table's key, e.g. 12 values."),
        widget=forms.Textarea,
        required=False,
    )

    FRAME_FIELDS = (
        "purpose", "summary", "recommendations", "background", "options", "financial", "legal",
        "equality", "community_safety", "wards_affected", "exempt", "exempt_reason", "clearance",
        "background_papers",
    )  # fmt: skip

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(
            self.fields["area"],
            area_choices(user),
            _("Choose one of the areas you may make packs for."),
        )
        self.fields["localities"].choices = locality_choices(user)  # type: ignore[attr-defined]

    def clean_period(self) -> Period:
        try:
            return parse_period(self.cleaned_data["period"])
        except BadPeriod as error:
            raise forms.ValidationError(str(error)) from error

    def clean_inserts(self) -> list[dict[str, Any]]:
        inserts = []
        for line in str(self.cleaned_data.get("inserts") or "").splitlines():
            parts = line.split()
            if not parts:
                continue
            if not parts[0].isdigit():
                raise forms.ValidationError(
                    _("Start each line with a pack's number: %(line)s") % {"line": line}
                )
            inserts.append({"pack": int(parts[0]), "table": parts[1] if len(parts) > 1 else ""})
        return inserts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience_kind") == AudienceKind.RESTRICTED and not data.get("audience_name"):
            self.add_error("audience_name", _("Name the panel a restricted pack is for."))
        self._clean_area_or_localities(data)
        self._clean_case_study(data)
        return data

    def _clean_case_study(self, data: dict[str, Any]) -> None:
        """A case study needs the consent of the people it describes, and must name nobody."""
        from cohesion.packs.case_studies import identifying_details

        text = str(data.get("case_study") or "").strip()
        if not text:
            return
        if not data.get("case_study_consent"):
            self.add_error(
                "case_study_consent",
                _("Record that the people described agreed, or leave the case study out."),
            )
        found = identifying_details(text)
        if found:
            self.add_error(
                "case_study",
                _("Take out what could identify someone: %(found)s.") % {"found": "; ".join(found)},
            )

    def _clean_area_or_localities(self, data: dict[str, Any]) -> None:
        """One area, or localities of one council (whose council becomes the pack's area)."""
        from cohesion.packs import localities

        chosen = data.get("localities") or []
        data["locality_slugs"] = []
        if "area" in self.errors or "localities" in self.errors:
            return
        if chosen and data.get("area"):
            self.add_error("localities", _("Choose an area or localities, not both."))
        elif chosen:
            if data.get("kind") not in localities.LOCALITY_KINDS:
                self.add_error(
                    "localities", _("Only a scrutiny update can be made for localities.")
                )
                return
            try:
                council, found = localities.resolve(chosen)
            except localities.LocalityError as error:
                self.add_error("localities", str(error))
                return
            data["area"], data["locality_slugs"] = council, [f.slug for f in found]
        elif not data.get("area"):
            self.add_error("area", _("Choose the area the pack is about."))

    def frame(self) -> dict[str, Any]:
        data = self.cleaned_data
        text = str(data.get("case_study") or "").strip()
        studies = [
            {"text": part.strip(), "consent": True}
            for part in re.split(r"\n\s*\n", text)
            if part.strip() and data.get("case_study_consent")
        ]
        frame: dict[str, Any] = {"case_studies": studies} if studies else {}
        if data["kind"] != PackKind.COMMITTEE_PAPER:
            return frame
        return {
            **{name: data.get(name) for name in self.FRAME_FIELDS},
            "inserts": data["inserts"],
            **frame,
        }


class TemplateForm(GovukForm):
    """A template's sections as lines of ``key: heading``, in the order the pack shows them."""

    sections = forms.CharField(
        label=_("Sections, one a line, as key: heading"),
        help_text=_(
            "Re-order lines to re-order the pack; change a heading after the colon; delete a line to drop a section."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def clean_sections(self) -> list[dict[str, str]]:
        from cohesion.packs.making import missing_sections

        entries = []
        for number, line in enumerate(self.cleaned_data["sections"].splitlines(), start=1):
            if not line.strip():
                continue
            key, colon, heading = line.partition(":")
            if not colon or not key.strip() or not heading.strip():
                raise forms.ValidationError(
                    _("Line %(n)s should read key: heading, for example ward-tension: Tension.")
                    % {"n": number}
                )
            entries.append({"key": key.strip(), "heading": heading.strip()[:200]})
        if not entries:
            raise forms.ValidationError(_("A template needs at least one section."))
        missing = missing_sections(entries)
        if missing:
            raise forms.ValidationError(
                _("There is no section called %(keys)s.") % {"keys": ", ".join(missing)}
            )
        return entries

    @staticmethod
    def as_text(sections: list[dict[str, str]]) -> str:
        return "\n".join(f"{s['key']}: {s['heading']}" for s in sections)


class ScheduleForm(GovukForm):
    """A new pack schedule: what is made, for which area, how often, for whom, and who receives it."""

    kind = forms.ChoiceField(
        label=_("Kind of pack"),
        choices=[(k, label) for k, label in PackKind.choices if k != PackKind.COMMITTEE_PAPER],
    )
    area = forms.ChoiceField(label=_("Area"))
    cadence = forms.ChoiceField(label=_("How often"), choices=Cadence.choices)
    audience_kind = forms.ChoiceField(
        label=_("Audience"), choices=AudienceKind.choices, initial=AudienceKind.PUBLIC
    )
    audience_name = forms.CharField(
        label=_("Panel (for a restricted pack)"), required=False, max_length=200
    )
    roles = forms.MultipleChoiceField(
        label=_("Who receives it by email"),
        help_text=_("The council's members with these roles whose areas cover the pack's area."),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        from cohesion.accounts.choices import Role

        super().__init__(*args, **kwargs)
        offer_only(self.fields["area"], areas, _("Choose one of the areas of your council."))
        self.fields["roles"].choices = Role.choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience_kind") == AudienceKind.RESTRICTED and not data.get("audience_name"):
            self.add_error("audience_name", _("Name the panel a restricted pack is for."))
        return data
