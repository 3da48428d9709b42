"""Forms for plans, themes, objectives, actions, action status updates and the council's themes.

Every choice of an organisation, person, ward, theme or objective offers only
what the plan allows (:func:`cohesion.accounts.permissions.offer_only`); dates
out of order and a dropped action without a reason are refused with a message
a person understands (the models' ``clean``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import offer_only
from cohesion.accounts.queries import organisations_working_in
from cohesion.core.forms import GovukForm, GovukModelForm
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.plans.choices import ActionStatus, LocalityKind
from cohesion.plans.models import Action, CouncilTheme, Locality, Objective, Plan, PlanTheme
from cohesion.plans.services import services_offered

NOT_OFFERED = _("Choose one of the options offered.")
DATE = forms.DateInput(attrs={"type": "date"})


def organisations_in(council_code: str) -> Any:
    """Partner organisations working in a council (its areas or its wards)."""
    return organisations_working_in(council_code)


def wards_of(council_code: str) -> Any:
    return Area.objects.current(Level.WARD).filter(parent__code=council_code).order_by("name")


def people_in(council_code: str) -> Any:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__organisation__in=organisations_in(council_code),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PlanForm(GovukModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "summary",
            "internal_notes",
            "status",
            "manager",
            "wards",
            "partners",
            "starts_on",
            "ends_on",
            "review_every_days",
            "is_published",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "wards": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }
        labels = {
            "title": _("Title"),
            "summary": _("Summary"),
            "internal_notes": _("Internal notes"),
            "status": _("Status"),
            "manager": _("Manager"),
            "wards": _("Wards"),
            "partners": _("Partners"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "review_every_days": _("Review every days"),
            "is_published": _("Is published"),
        }

    def __init__(self, *args: Any, council_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["manager"], people_in(council_code), NOT_OFFERED)
        offer_only(self.fields["wards"], wards_of(council_code), NOT_OFFERED)
        offer_only(self.fields["partners"], organisations_in(council_code), NOT_OFFERED)
        self.fields["manager"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]


class ThemeForm(GovukModelForm):
    class Meta:
        model = PlanTheme
        fields = [
            "name",
            "council_theme",
            "lead_organisation",
            "lead_service",
            "our_part",
            "your_part",
            "weight",
            "order",
        ]
        labels = {
            "name": _("Name"),
            "council_theme": _("Council theme"),
            "lead_organisation": _("Lead organisation"),
            "lead_service": _("Lead service"),
            "our_part": _("Our part"),
            "your_part": _("Your part"),
            "weight": _("Weight"),
            "order": _("Order"),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        offer_only(
            self.fields["council_theme"],
            CouncilTheme.objects.filter(council_code=plan.council_code),
            NOT_OFFERED,
        )
        offer_only(self.fields["lead_organisation"], plan.partners.order_by("name"), NOT_OFFERED)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = self.plan.themes.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The plan already has a theme of that name."))
        return name


class ObjectiveForm(GovukModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "weight", "order"]
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "weight": _("Weight"),
            "order": _("Order"),
        }


class ActionForm(GovukModelForm):
    """An action of a plan: its owner is one of the plan's partners (for a partner, one of its own)."""

    area_code = forms.ChoiceField(label=_("Ward"), required=False)
    services = forms.MultipleChoiceField(
        label=_("Directory services it delivers"),
        required=False,
        help_text=_("Services of this council listed in the public directory."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={
            "invalid_choice": _(
                "%(value)s is not a service of this council's directory. "
                "Choose from the services offered."
            )
        },
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "theme",
            "objective",
            "area_code",
            "owner_organisation",
            "owner_person",
            "partners",
            "starts_on",
            "due_on",
            "status",
            "progress",
            "dropped_reason",
            "weight",
            "is_public",
        ]
        widgets = {
            "starts_on": DATE,
            "due_on": DATE,
            "partners": forms.CheckboxSelectMultiple,
        }
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "theme": _("Theme"),
            "objective": _("Objective"),
            "owner_organisation": _("Owner organisation"),
            "owner_person": _("Owner person"),
            "partners": _("Partners"),
            "starts_on": _("Starts on"),
            "due_on": _("Due on"),
            "status": _("Status"),
            "progress": _("Progress"),
            "dropped_reason": _("Dropped reason"),
            "weight": _("Weight"),
            "is_public": _("Is public"),
        }

    def __init__(self, *args: Any, plan: Plan, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        offer_only(self.fields["theme"], plan.themes.all(), NOT_OFFERED)
        offer_only(
            self.fields["objective"], Objective.objects.filter(theme__plan=plan), NOT_OFFERED
        )
        offer_only(self.fields["owner_organisation"], owners, NOT_OFFERED)
        offer_only(self.fields["owner_person"], people_in(plan.council_code), NOT_OFFERED)
        offer_only(self.fields["partners"], plan.partners.order_by("name"), NOT_OFFERED)
        wards = list(plan.wards.order_by("name")) or list(wards_of(plan.council_code))
        offer_only(
            self.fields["area_code"],
            [("", _("The whole plan area"))] + [(w.code, w.name) for w in wards],
            NOT_OFFERED,
        )
        self.fields["owner_person"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})
        # The directory's services, when the directory is installed (it registers the lookup).
        offers = services_offered(plan.council_code)
        if offers:
            services: Any = self.fields["services"]
            services.choices = [(o.id, o.name) for o in offers]
            self.initial.setdefault("services", list(self.instance.service_ids or []))
        else:
            del self.fields["services"]

    def clean_progress(self) -> int:
        progress = self.cleaned_data["progress"]
        if progress is not None and not 0 <= progress <= 100:
            raise forms.ValidationError(_("Progress is a percentage from 0 to 100."))
        return progress

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        theme, objective = data.get("theme"), data.get("objective")
        if objective is not None and theme is not None and objective.theme_id != theme.pk:
            self.add_error("objective", _("Choose an objective of the chosen theme."))
        elif objective is not None and theme is None:
            data["theme"] = objective.theme
        if "services" in self.fields:
            self.instance.service_ids = list(data.get("services") or [])
        return data


class ActionStatusForm(GovukForm):
    """An owner's report on an action: its status, progress and a note (one ActionUpdate)."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Progress (per cent)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    dropped_reason = forms.CharField(
        label=_("Why was it dropped?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the action is dropped."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == ActionStatus.DROPPED
            and not data.get("dropped_reason", "").strip()
        ):
            self.add_error("dropped_reason", _("Say why the action was dropped."))
        return data


class CouncilThemeForm(GovukModelForm):
    class Meta:
        model = CouncilTheme
        fields = ["name", "lead_organisation", "lead_service", "order", "is_active"]
        labels = {
            "name": _("Name"),
            "lead_organisation": _("Lead organisation"),
            "lead_service": _("Lead service"),
            "order": _("Order"),
            "is_active": _("Is active"),
        }

    def __init__(self, *args: Any, council_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council_code = council_code
        offer_only(self.fields["lead_organisation"], organisations_in(council_code), NOT_OFFERED)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = CouncilTheme.objects.filter(council_code=self.council_code, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The council already has a theme of that name."))
        return name


class LocalityForm(GovukModelForm):
    """A locality of a council: its wards (labelled with their priority rank), manager and partners.

    ``ranks`` maps a ward's code to its composite priority rank, so the wards are
    chosen with the evidence beside them; the ranking itself is frozen by the view.
    """

    class Meta:
        model = Locality
        fields = [
            "name",
            "slug",
            "kind",
            "description",
            "wards",
            "manager",
            "partners",
            "baseline_wave",
            "is_public",
        ]
        widgets = {
            "wards": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "slug": _(
                "The short name in the public page's address, e.g. north-ormesby. "
                "Left empty, it is made from the name."
            ),
        }
        labels = {
            "name": _("Name"),
            "slug": _("Slug"),
            "kind": _("Kind"),
            "description": _("Description"),
            "wards": _("Wards"),
            "manager": _("Manager"),
            "partners": _("Partners"),
            "baseline_wave": _("Baseline wave"),
            "is_public": _("Is public"),
        }

    def __init__(
        self, *args: Any, council_code: str, ranks: dict[str, float] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.council_code = council_code
        ranks = ranks or {}
        self.fields["slug"].required = False
        wards = sorted(wards_of(council_code), key=lambda w: (ranks.get(w.code, 1e9), w.name))
        offer_only(
            self.fields["wards"],
            wards_of(council_code).filter(pk__in=[w.pk for w in wards]),
            NOT_OFFERED,
        )
        self.fields["wards"].choices = [  # type: ignore[attr-defined]
            (w.pk, _ward_label(w.name, ranks.get(w.code), len(ranks))) for w in wards
        ]
        offer_only(self.fields["manager"], people_in(council_code), NOT_OFFERED)
        offer_only(self.fields["partners"], organisations_in(council_code), NOT_OFFERED)
        self.fields["manager"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean_slug(self) -> str:
        slug = slugify(self.cleaned_data.get("slug") or self.data.get(self.add_prefix("name"), ""))
        if not slug:
            raise forms.ValidationError(_("Give the locality a name made of letters or numbers."))
        clash = Locality.objects.filter(council_code=self.council_code, slug=slug)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("The council already has a locality with the short name %(slug)s.")
                % {"slug": slug}
            )
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wards = data.get("wards")
        if data.get("kind") == LocalityKind.LOCALITY and wards is not None and not wards:
            self.add_error("wards", _("Choose the ward or wards the locality covers."))
        if data.get("kind") == LocalityKind.STRATEGY and wards:
            self.add_error(
                "wards", _("A council strategy covers the whole council: leave the wards empty.")
            )
        return data


def _ward_label(name: str, rank: float | None, of: int) -> str:
    if rank is None:
        return str(_("%(name)s (not ranked)") % {"name": name})
    return str(
        _("%(name)s (priority rank %(rank)s of %(of)s)")
        % {"name": name, "rank": f"{rank:g}", "of": of}
    )
