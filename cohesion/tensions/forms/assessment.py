"""Forms for tension assessments, partner intelligence, the level scale, trigger events, rumours and impact assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import OrganisationKind
from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import VIEW, membership_scope, memberships_with, offer_only
from cohesion.accounts.queries import organisations_working_in
from cohesion.core.forms import GovukModelForm
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.tensions.models import Report
from cohesion.tensions.models.assessment import (
    TENSION_PARTNER_KINDS,
    PartnerIntelligence,
    TensionAssessment,
    TensionLevel,
    area_codes,
    monday_of,
)
from cohesion.tensions.models.events import CommunityImpactAssessment, Rumour, TriggerEvent

WEEKS_OFFERED = 12


class LevelChoiceField(forms.ModelChoiceField):
    """Radios that show each level's name and meaning."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.order} – {obj.name}" + (f": {obj.description}" if obj.description else "")


class ScaleLevelChoiceField(forms.ModelChoiceField):
    """A level that may come from several councils' scales: then each says whose scale it is."""

    show_scale = False

    def label_from_instance(self, obj: Any) -> str:
        if not self.show_scale:
            return str(obj)
        scale = str(obj.organisation) if obj.organisation_id else _("default scale")
        return f"{obj.order} {obj.name} ({scale})"


class ReportChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        when = obj.occurred_at or obj.created_at
        return f"{obj.reference} – {obj.subject_label()}, {date_format(timezone.localtime(when), 'j M Y')}"


def week_choices(today: dt.date | None = None, weeks: int = WEEKS_OFFERED) -> list[tuple[str, str]]:
    """This week and the ``weeks - 1`` before it, as (ISO date, label) choices, newest first."""
    this_week = monday_of(today or timezone.localdate())
    choices = []
    for back in range(weeks):
        start = this_week - dt.timedelta(weeks=back)
        label = _("Week of %(date)s") % {"date": date_format(start, "j F Y")}
        if back == 0:
            label = _("%(week)s (this week)") % {"week": label}
        choices.append((start.isoformat(), str(label)))
    return choices


def partner_organisations(council_code: str) -> Any:
    """Active organisations working in the council: those the partners-consulted list offers."""
    return organisations_working_in(council_code)


class TensionAssessmentForm(GovukModelForm):
    week = forms.TypedChoiceField(
        label=_("Week assessed"), coerce=dt.date.fromisoformat, choices=[], required=True
    )
    level = LevelChoiceField(
        label=_("Tension level"), queryset=TensionLevel.objects.none(), widget=forms.RadioSelect
    )

    class Meta:
        model = TensionAssessment
        fields = [
            "level",
            "rationale",
            "partner_intelligence_summary",
            "partners_consulted",
            "others_consulted",
            "actions",
            "linked_reports",
        ]
        widgets = {
            "partners_consulted": forms.CheckboxSelectMultiple,
            "rationale": forms.Textarea(attrs={"rows": 6}),
            "partner_intelligence_summary": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.Textarea(attrs={"rows": 4}),
            "linked_reports": forms.CheckboxSelectMultiple,
        }
        field_classes = {"linked_reports": ReportChoiceField}
        labels = {
            "rationale": _("Rationale"),
            "partner_intelligence_summary": _("Partner intelligence summary"),
            "partners_consulted": _("Partners consulted"),
            "others_consulted": _("Others consulted"),
            "actions": _("Actions"),
            "linked_reports": _("Linked reports"),
        }

    def __init__(
        self,
        *args: Any,
        user: Any,
        area: Area,
        council_code: str,
        reports: Any,
        week: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.area = area
        self.council_code = council_code
        scale = TensionLevel.objects.for_council(council_code)
        levels = scale.active()
        if self.instance.pk:
            # A retired level (or one of a scale since replaced) stays selectable
            # on the assessment that used it.
            levels = TensionLevel.objects.filter(
                Q(pk__in=levels.values("pk")) | Q(pk=self.instance.level_id)
            )
            del self.fields["week"]
        else:
            week_field = self.fields["week"]
            assert isinstance(week_field, forms.TypedChoiceField)
            week_field.choices = week_choices()
            if week is not None:
                week_field.initial = week.isoformat()
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ModelChoiceField)
        offer_only(level_field, levels, _("Choose one of the levels of this council's scale."))
        partners = self.fields["partners_consulted"]
        assert isinstance(partners, forms.ModelMultipleChoiceField)
        offer_only(
            partners,
            partner_organisations(council_code),
            _("Choose partners that work in this council's area."),
        )
        linked = self.fields["linked_reports"]
        assert isinstance(linked, forms.ModelMultipleChoiceField)
        # Only reports this person may open are listed or accepted: links to
        # others stay on the assessment untouched (see save_linked_reports), and
        # the form shows only how many there are.
        openable = Report.objects.restrict(user, VIEW)
        chosen = (
            self.instance.linked_reports.filter(pk__in=openable.values("pk"))
            if self.instance.pk
            else reports.none()
        )
        self.offered_reports = (reports | chosen).distinct()
        offer_only(
            linked,
            self.offered_reports,
            _("Link only reports listed here: they are the ones you may open."),
        )
        linked.help_text = _("Reports in this area around this week that you may open.")
        # Read now, before saving replaces the links with what was posted.
        self.kept_links = (
            list(self.instance.linked_reports.exclude(pk__in=self.offered_reports.values("pk")))
            if self.instance.pk
            else []
        )
        self.hidden_reports = len(self.kept_links)
        self.order_fields(["week", "level", "rationale"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        week = data.get("week")
        if (
            week is not None
            and not self.instance.pk
            and TensionAssessment.objects.filter(area_code=self.area.code, week_start=week).exists()
        ):
            self.add_error(
                "week",
                _("%(area)s already has an assessment for this week. Change that one instead.")
                % {"area": self.area.name},
            )
        return data

    def save_linked_reports(self) -> None:
        """Keep links to reports this form did not offer (this person cannot open them); replace the rest."""
        chosen = set(self.cleaned_data.get("linked_reports") or [])
        self.instance.linked_reports.set(set(self.kept_links) | chosen)


class PartnerIntelligenceForm(GovukModelForm):
    week = forms.TypedChoiceField(
        label=_("Week it concerns"), coerce=dt.date.fromisoformat, choices=[]
    )

    class Meta:
        model = PartnerIntelligence
        fields = ["organisation", "summary", "grading"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "grading": forms.RadioSelect,
        }
        labels = {
            "organisation": _("Organisation"),
            "summary": _("Summary"),
            "grading": _("Grading"),
        }

    def __init__(
        self, *args: Any, user: Any, area: Area, week: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        week_field = self.fields["week"]
        assert isinstance(week_field, forms.TypedChoiceField)
        week_field.choices = week_choices()
        if self.instance.pk:
            week_field.initial = self.instance.week_start.isoformat()
        elif week is not None:
            week_field.initial = week.isoformat()
        council_code = area.parent.code if area.level == Level.WARD and area.parent else area.code
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        if user.is_superuser:
            queryset = partner_organisations(council_code).filter(kind__in=TENSION_PARTNER_KINDS)
        else:
            # Only organisations whose membership lets this person add intelligence here.
            queryset = Organisation.objects.filter(
                is_active=True,
                pk__in=[
                    m.organisation_id
                    for m in memberships_with(user, min_role="officer", kinds=TENSION_PARTNER_KINDS)
                    if membership_scope(m).covers(council_code, area.code)
                ],
            )
        offer_only(
            organisation,
            queryset,
            _("Choose an organisation you add intelligence for in this area."),
        )
        organisation.label = _("On behalf of")
        if queryset.count() == 1:
            organisation.initial = queryset.first()
        self.order_fields(["week", "organisation", "summary", "grading"])


class TensionLevelForm(GovukModelForm):
    class Meta:
        model = TensionLevel
        fields = ["order", "name", "colour", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "is_active": _("Can be chosen for new assessments"),
            "order": _("Order"),
            "name": _("Name"),
            "colour": _("Colour"),
            "description": _("Description"),
        }

    def clean(self) -> dict[str, Any]:
        """Positions and names are unique within one scale (the council's own, or the default)."""
        data = super().clean() or {}
        siblings = TensionLevel.objects.filter(
            organisation_id=self.instance.organisation_id
        ).exclude(pk=self.instance.pk)
        if data.get("order") is not None and siblings.filter(order=data["order"]).exists():
            self.add_error("order", _("Another level of this scale is already at that position."))
        if data.get("name") and siblings.filter(name__iexact=data["name"]).exists():
            self.add_error("name", _("Another level of this scale already has that name."))
        return data


def area_choices(user: Any, action: str, model: Any) -> Any:
    """Councils and wards where ``user`` may ``action`` records of ``model``, for a select list."""
    scope = model.objects.scope(user, action)
    councils = Area.objects.current(Level.COUNCIL)
    wards = Area.objects.current(Level.WARD)
    if not scope.everywhere:
        councils = councils.filter(code__in=scope.councils)
        wards = wards.filter(Q(parent__code__in=scope.councils) | Q(code__in=scope.wards))
    return (councils | wards).select_related("parent").order_by("level", "parent__name", "name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.level == Level.WARD and obj.parent:
            return f"{obj.name} ({obj.parent.name})"
        return str(_("%(name)s – whole council") % {"name": obj.name})


class _AreaScopedForm(GovukModelForm):
    """A form whose ``area`` choice is limited to where the person may act."""

    action = "add"

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        queryset = area_choices(user, "change" if self.instance.pk else "add", self._meta.model)
        if self.instance.pk:
            queryset = (queryset | Area.objects.filter(pk=self.instance.area_id)).distinct()
        offer_only(area, queryset, _("Choose a ward or council you work in, from the list."))
        area.label = _("Ward or council")


class TriggerEventForm(_AreaScopedForm):
    class Meta:
        model = TriggerEvent
        fields = [
            "title",
            "kind",
            "area",
            "starts_on",
            "ends_on",
            "expected_risk",
            "description",
            "mitigation",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "mitigation": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"area": AreaChoiceField, "expected_risk": ScaleLevelChoiceField}
        labels = {
            "title": _("Title"),
            "kind": _("Kind"),
            "area": _("Area"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "expected_risk": _("Expected risk"),
            "description": _("Description"),
            "mitigation": _("Mitigation"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        risk = self.fields["expected_risk"]
        assert isinstance(risk, forms.ModelChoiceField)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        # The levels of the scales of the councils this person may add events in.
        councils = {a.parent.code if a.parent_id else a.code for a in area.queryset or []}
        pks = [
            pk
            for code in sorted(councils)
            for pk in TensionLevel.objects.for_council(code).active().values_list("pk", flat=True)
        ]
        levels = TensionLevel.objects.filter(pk__in=pks)
        if self.instance.pk:
            # A retired level stays selectable on the event that used it.
            levels = TensionLevel.objects.filter(
                Q(pk__in=pks) | Q(pk=self.instance.expected_risk_id)
            )
        offer_only(
            risk, levels.select_related("organisation"), _("Choose one of the levels listed.")
        )
        if isinstance(risk, ScaleLevelChoiceField):
            risk.show_scale = levels.values("organisation_id").distinct().count() > 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area, risk = data.get("area"), data.get("expected_risk")
        if area is not None and risk is not None and risk.pk != self.instance.expected_risk_id:
            council_code = (
                area.parent.code if area.level == Level.WARD and area.parent else area.code
            )
            if not TensionLevel.objects.for_council(council_code).filter(pk=risk.pk).exists():
                self.add_error(
                    "expected_risk",
                    _("Choose a level from the tension scale of the council this event is in."),
                )
        return data


class RumourForm(_AreaScopedForm):
    class Meta:
        model = Rumour
        fields = [
            "what",
            "area",
            "heard_on",
            "where_heard",
            "where_heard_detail",
            "reach",
            "status",
            "counter_message",
            "owner",
        ]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 4}),
            "heard_on": forms.DateInput(attrs={"type": "date"}),
            "counter_message": forms.Textarea(attrs={"rows": 4}),
            "reach": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        field_classes = {"area": AreaChoiceField, "owner": PersonChoiceField}
        labels = {
            "what": _("What"),
            "area": _("Area"),
            "heard_on": _("Heard on"),
            "where_heard": _("Where heard"),
            "where_heard_detail": _("Where heard detail"),
            "reach": _("Reach"),
            "status": _("Status"),
            "counter_message": _("Counter message"),
            "owner": _("Owner"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        # Owners are officers of the council or police: the people who could answer a rumour.
        owner.queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__is_active=True,
                memberships__organisation__kind__in=[
                    OrganisationKind.COUNCIL,
                    OrganisationKind.POLICE,
                ],
                memberships__role__in=["officer", "coordinator", "administrator"],
                memberships__organisation__in=_shared_organisations(self.user),
            )
            .distinct()
            .order_by("first_name", "username")
        )
        owner.error_messages["invalid_choice"] = _("Choose one of the people listed.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area, owner = data.get("area"), data.get("owner")
        if area is not None and owner is not None:
            council_code, area_code = area_codes(area)
            # The owner answers the rumour, so they must be able to read it.
            if not Rumour.objects.scope(owner, VIEW).covers(council_code, area_code):
                self.add_error(
                    "owner",
                    _("%(person)s cannot see rumours in %(area)s. Choose someone who works there.")
                    % {"person": owner.get_full_name() or owner.get_username(), "area": area.name},
                )
        return data


def _shared_organisations(user: Any) -> list[int]:
    """Organisations of the person and the partners working in the same councils."""
    from cohesion.accounts.permissions import active_memberships

    if user.is_superuser:
        return list(Organisation.objects.values_list("pk", flat=True))
    codes: set[str] = set()
    for membership in active_memberships(user):
        codes.update(membership.organisation.areas.values_list("code", flat=True))
    return list(
        Organisation.objects.filter(areas__code__in=codes).distinct().values_list("pk", flat=True)
    )


NOTHING_LINKED = _("Link at least one report, a trigger event or an area (a ward or council).")
REPORT_NOT_OFFERED = _(
    "Link only reports listed here: they are the ones you may open in the councils where you "
    "assess community impact."
)
NOT_LISTED = _("Choose one of those listed.")


def impact_councils(scope: Any) -> list[str] | None:
    """The councils an impact-assessment scope reaches (``None``: every council)."""
    from cohesion.places.queries import councils_of_wards

    if scope.everywhere:
        return None
    return sorted(set(scope.councils) | councils_of_wards(scope.wards))


def report_area(report: Any) -> Area | None:
    """The ward of a report (in the boundary set it was made in), else its council; None if neither."""
    from django.http import Http404

    from cohesion.places.queries import get_area

    for code, generation in ((report.ward_code, report.area_generation), (report.council_code, "")):
        if not code:
            continue
        for gen in (generation or None, None):
            try:
                return get_area(code, gen)
            except Http404:
                continue
    return None


def impact_area(reports: list[Any], trigger_event: Any, area: Area | None) -> Area | None:
    """The area an impact assessment is about: the one chosen, else the trigger event's, else the
    reports' shared ward, else their council."""
    if area is not None:
        return area
    if trigger_event is not None:
        return trigger_event.area
    areas = [report_area(r) for r in reports]
    if not areas or any(a is None for a in areas):
        return None
    if len({a.code for a in areas if a is not None}) == 1:
        return areas[0]
    first = areas[0]
    assert first is not None
    council = first.parent if first.level == Level.WARD and first.parent else first
    return council


class CommunityImpactForm(GovukModelForm):
    """An impact assessment and what it links: reports, a trigger event or an area, in one council.

    Every choice list offers only what the person may open in the councils
    where they may assess impact, and ``clean`` refuses links that span two
    councils, so an assessment never draws one council's case into another's.
    """

    area = AreaChoiceField(
        queryset=Area.objects.none(),
        required=False,
        label=_("Ward or council"),
        help_text=_("Leave empty to use the trigger event's area or the reports' ward."),
    )
    listening_event = forms.TypedChoiceField(
        label=_("Listening session"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The session on the partnership calendar where residents are heard."),
    )
    plan_actions = forms.TypedMultipleChoiceField(
        label=_("Plan actions"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open actions that answer this assessment."),
    )

    class Meta:
        model = CommunityImpactAssessment
        fields = [
            "reports",
            "trigger_event",
            "area",
            "communities_affected",
            "impact",
            "summary",
            "risk_of_escalation",
            "reassurance",
            "stakeholders",
            "channels",
            "review_on",
        ]
        widgets = {
            "reports": forms.CheckboxSelectMultiple,
            "impact": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "risk_of_escalation": forms.Textarea(attrs={"rows": 3}),
            "reassurance": forms.Textarea(attrs={"rows": 4}),
            "stakeholders": forms.Textarea(attrs={"rows": 3}),
            "channels": forms.Textarea(attrs={"rows": 3}),
            "review_on": forms.DateInput(attrs={"type": "date"}),
        }
        field_classes = {"reports": ReportChoiceField, "trigger_event": forms.ModelChoiceField}
        labels = {
            "communities_affected": _("Communities affected"),
            "impact": _("Impact"),
            "summary": _("Summary"),
            "risk_of_escalation": _("Risk of escalation"),
            "reassurance": _("Reassurance"),
            "review_on": _("Review on"),
            "stakeholders": _("Stakeholders to convene"),
            "channels": _("Channels"),
            "reports": _("Reports"),
            "trigger_event": _("Trigger event"),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.action = "change" if self.instance.pk else "add"
        self.scope = CommunityImpactAssessment.objects.scope(user, self.action)
        councils = impact_councils(self.scope)
        self._offer_reports(user, councils)
        self._offer_trigger_events(user, councils)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        areas = area_choices(user, self.action, CommunityImpactAssessment)
        if self.instance.pk:
            areas = (areas | Area.objects.filter(pk=self.instance.area_id)).distinct()
        offer_only(area, areas, _("Choose a ward or council you work in, from the list."))
        from cohesion.plans.queries import open_actions_in
        from cohesion.programme.queries import events_readable

        self.events = {pk: (label, c) for pk, label, c in events_readable(user, councils)}
        self.actions = {pk: (title, c) for pk, title, c in open_actions_in(user, councils)}
        if self.instance.pk:
            # Links made earlier stay offered, even if the event has passed or the action closed.
            if self.instance.listening_event_id:
                self.events.setdefault(
                    self.instance.listening_event_id,
                    (self.instance.listening_event_label, self.instance.council_code),
                )
            for pk, title in self.instance.linked_actions():
                self.actions.setdefault(pk, (title, self.instance.council_code))
            self.initial.setdefault("listening_event", self.instance.listening_event_id)
            self.initial.setdefault("plan_actions", list(self.instance.plan_action_ids or []))
        offer_only(
            self.fields["listening_event"],
            [("", ""), *((pk, label) for pk, (label, _c) in self.events.items())],
            NOT_LISTED,
        )
        offer_only(
            self.fields["plan_actions"],
            [(pk, title) for pk, (title, _c) in self.actions.items()],
            NOT_LISTED,
        )

    def _offer_reports(self, user: Any, councils: list[str] | None) -> None:
        openable = Report.objects.restrict(user, VIEW)
        in_scope = openable if councils is None else openable.filter(council_code__in=councils)
        pks = list(in_scope.order_by("-created_at").values_list("pk", flat=True)[:200])
        pks += [r.pk for r in self.initial.get("reports") or []]
        if self.instance.pk:
            pks += list(self.instance.reports.values_list("pk", flat=True))
        field = self.fields["reports"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        offer_only(field, openable.filter(pk__in=pks).order_by("-created_at"), REPORT_NOT_OFFERED)
        field.error_messages["invalid_pk_value"] = REPORT_NOT_OFFERED
        field.required = False
        field.label = _("Incident reports")

    def _offer_trigger_events(self, user: Any, councils: list[str] | None) -> None:
        events = TriggerEvent.objects.restrict(user, VIEW).select_related("area")
        if councils is not None:
            events = events.filter(council_code__in=councils)
        field = self.fields["trigger_event"]
        assert isinstance(field, forms.ModelChoiceField)
        offer_only(
            field,
            events.order_by("-starts_on"),
            _("Choose a trigger event from the list: those of the councils you work in."),
        )
        field.label = _("Trigger event")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        reports = list(data.get("reports") or [])
        trigger_event = data.get("trigger_event")
        chosen_area = data.get("area")
        if not reports and trigger_event is None and chosen_area is None:
            raise forms.ValidationError(NOTHING_LINKED, code="nothing_linked")
        area = impact_area(reports, trigger_event, chosen_area)
        if area is None:
            self.add_error("reports", _("A report listed has no ward or council: choose an area."))
            return data
        council_code, area_code = area_codes(area)
        elsewhere = sorted(
            {r.reference for r in reports if r.council_code != council_code}
            | (
                {str(trigger_event)}
                if trigger_event and trigger_event.council_code != council_code
                else set()
            )
        )
        if elsewhere:
            self.add_error(
                None,
                _(
                    "Everything one assessment links must be in one council. Not in %(area)s: "
                    "%(records)s. Make a separate assessment for each council."
                )
                % {"area": area.name, "records": ", ".join(elsewhere)},
            )
            return data
        if not self.scope.covers(council_code, area_code):
            self.add_error(
                "area" if chosen_area else None,
                _("You cannot assess community impact in %(area)s. Choose an area you work in.")
                % {"area": area.name},
            )
            return data
        self._check_council(
            "listening_event", [data.get("listening_event")], self.events, council_code
        )
        self._check_council(
            "plan_actions", data.get("plan_actions") or [], self.actions, council_code
        )
        data["area"] = area
        return data

    def _check_council(
        self, name: str, chosen: list[Any], offered: dict[int, tuple[str, str]], council_code: str
    ) -> None:
        if any(pk is not None and offered[pk][1] != council_code for pk in chosen):
            self.add_error(name, _("Choose one in the same council as the assessment."))

    def apply_links(self, impact: CommunityImpactAssessment) -> None:
        """Copy the linked listening session and actions onto ``impact``, with their labels."""
        data = self.cleaned_data
        event = data.get("listening_event")
        impact.listening_event_id = event
        impact.listening_event_label = self.events[event][0][:300] if event else ""
        actions = list(dict.fromkeys(data.get("plan_actions") or []))
        impact.plan_action_ids = actions
        impact.plan_action_titles = [self.actions[pk][0] for pk in actions]
        reports = list(data.get("reports") or [])
        event_row = data.get("trigger_event")
        impact.synthetic = any(r.synthetic for r in reports) or bool(
            event_row is not None and event_row.synthetic
        )


class FollowForm(forms.Form):
    """Follow or stop following an area (a button, no fields to fill)."""

    follow = forms.BooleanField(required=False)


__all__ = [
    "CommunityImpactForm",
    "PartnerIntelligenceForm",
    "RumourForm",
    "TensionAssessmentForm",
    "TensionLevelForm",
    "TriggerEventForm",
    "week_choices",
]
