"""Forms for a plan's targets: binding one to an indicator's series, and setting its status by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.indicators.queries import (
    SeriesPoint,
    area_name,
    area_series,
    current_wards,
    indicator_choices,
    indicator_summary,
)
from cohesion.plans.calculations.progress import Status
from cohesion.plans.choices import TargetDirection
from cohesion.plans.models import Objective, Plan, PlanTheme, Target
from cohesion.plans.services import compute_status, observations


def area_choices(plan: Plan) -> list[tuple[str, str]]:
    """The areas a plan's target may measure: its wards (every ward of the council for a council-wide plan) and the council."""
    wards = list(plan.wards.order_by("name")) or current_wards(plan.council_code)
    return [(plan.council_code, plan.council.name)] + [(w.code, w.name) for w in wards]


class TargetForm(forms.ModelForm):
    """A SMART target: an indicator and area, a baseline (by default from the series), a target and a date."""

    indicator_code = forms.ChoiceField(label=gettext_lazy("Indicator"))
    area_code = forms.ChoiceField(label=gettext_lazy("Area measured"))
    baseline_start = forms.DateField(
        required=False,
        label=gettext_lazy("Baseline period starts"),
        help_text=gettext_lazy(
            "Leave the baseline empty to use the latest value published for the area."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    baseline_end = forms.DateField(
        required=False,
        label=gettext_lazy("Baseline period ends"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    baseline_value = forms.FloatField(
        required=False,
        label=gettext_lazy("Baseline value"),
        help_text=gettext_lazy("Leave empty to use the value published for the baseline period."),
    )
    target_date = forms.DateField(
        label=gettext_lazy("Target date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Target
        fields = [
            "title",
            "theme",
            "objective",
            "indicator_code",
            "area_code",
            "baseline_start",
            "baseline_end",
            "baseline_value",
            "direction",
            "target_value",
            "target_date",
        ]
        labels = {
            "title": gettext_lazy("Title"),
            "theme": gettext_lazy("Theme"),
            "objective": gettext_lazy("Objective"),
            "direction": gettext_lazy("Direction"),
            "target_value": gettext_lazy("Target value"),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        theme_field = self.fields["theme"]
        objective_field = self.fields["objective"]
        indicator_field = self.fields["indicator_code"]
        area_field = self.fields["area_code"]
        assert isinstance(theme_field, forms.ModelChoiceField)
        assert isinstance(objective_field, forms.ModelChoiceField)
        assert isinstance(indicator_field, forms.ChoiceField)
        assert isinstance(area_field, forms.ChoiceField)
        theme_field.queryset = PlanTheme.objects.filter(plan=plan)
        objective_field.queryset = Objective.objects.filter(theme__plan=plan)
        indicator_field.choices = [("", _("Choose an indicator")), *indicator_choices()]
        area_field.choices = area_choices(plan)
        self.series: list[SeriesPoint] = []

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        code, area = data.get("indicator_code"), data.get("area_code")
        if not code or not area:
            return data
        summary = indicator_summary(code)
        self.series = [p for p in area_series(code, area) if p.value is not None]
        if summary is None or not self.series:
            self.add_error(
                "area_code",
                _(
                    "No values of “%(indicator)s” are published for %(area)s, so a target on it "
                    "could never be judged. Choose another area or indicator."
                )
                % {"indicator": summary.title if summary else code, "area": area_name(area)},
            )
            return data
        if not self._clean_baseline(data):
            return data
        self._clean_target(data, summary.unit)
        return data

    def _clean_baseline(self, data: dict[str, Any]) -> bool:
        start, end, value = (
            data.get("baseline_start"),
            data.get("baseline_end"),
            data.get("baseline_value"),
        )
        if start is None and end is None:
            if value is not None:
                self.add_error(
                    "baseline_start", _("Give the baseline period the baseline value is for.")
                )
                return False
            today = timezone.localdate()
            published = [p for p in self.series if p.period_end <= today] or self.series
            point = published[-1]
            data.update(
                baseline_start=point.period_start,
                baseline_end=point.period_end,
                baseline_value=point.value,
                baseline_lower=point.lower,
                baseline_upper=point.upper,
            )
            return True
        if start is None or end is None:
            missing = "baseline_start" if start is None else "baseline_end"
            self.add_error(missing, _("Give both the start and the end of the baseline period."))
            return False
        if end < start:
            self.add_error(
                "baseline_end", _("The baseline period must end on or after the day it starts.")
            )
            return False
        held = next(
            (p for p in self.series if (p.period_start, p.period_end) == (start, end)), None
        )
        if value is None:
            if held is None:
                self.add_error(
                    "baseline_value",
                    _(
                        "No value is published for %(start)s to %(end)s: give the baseline value, "
                        "or choose a period the indicator has a value for."
                    )
                    % {"start": start.isoformat(), "end": end.isoformat()},
                )
                return False
            value = held.value
        matching = held is not None and held.value == value
        data.update(
            baseline_value=value,
            baseline_lower=held.lower if matching and held else None,
            baseline_upper=held.upper if matching and held else None,
        )
        return True

    def _clean_target(self, data: dict[str, Any], unit: str) -> None:
        end: dt.date = data["baseline_end"]
        target_date, target_value = data.get("target_date"), data.get("target_value")
        direction, baseline = data.get("direction"), data["baseline_value"]
        if target_date is not None and target_date <= end:
            self.add_error(
                "target_date",
                _("The target date must be after the baseline period, which ends on %(end)s.")
                % {"end": end.isoformat()},
            )
            return
        if target_value is None or direction is None or target_date is None:
            return
        if direction == TargetDirection.DECREASE and target_value >= baseline:
            self.add_error(
                "target_value",
                _("To reduce the value, the target must be below the baseline (%(baseline)s).")
                % {"baseline": f"{baseline:g}"},
            )
            return
        if direction == TargetDirection.INCREASE and target_value <= baseline:
            self.add_error(
                "target_value",
                _("To increase the value, the target must be above the baseline (%(baseline)s).")
                % {"baseline": f"{baseline:g}"},
            )
            return
        probe = Target(
            baseline_start=data["baseline_start"],
            baseline_end=end,
            baseline_value=baseline,
            baseline_lower=data.get("baseline_lower"),
            baseline_upper=data.get("baseline_upper"),
            target_value=target_value,
            target_date=target_date,
            direction=direction,
            title=data.get("title") or "",
        )
        try:
            compute_status(probe, observations(self.series, unit))
        except ValueError as error:
            self.add_error(None, str(error))

    def save(self, commit: bool = True) -> Target:
        target: Target = super().save(commit=False)
        target.plan = self.plan
        data = self.cleaned_data
        target.baseline_value = data["baseline_value"]
        target.baseline_start = data["baseline_start"]
        target.baseline_end = data["baseline_end"]
        target.baseline_lower = data.get("baseline_lower")
        target.baseline_upper = data.get("baseline_upper")
        if commit:
            target.save()
        return target


STATUS_CHOICES = [("", gettext_lazy("Use the computed status"))] + [
    (status.value, status.label) for status in Status
]


class TargetStatusForm(forms.Form):
    """A status set by hand, with the reason; both it and the computed status are shown."""

    manual_status = forms.ChoiceField(
        choices=STATUS_CHOICES, required=False, label=gettext_lazy("Status reported")
    )
    manual_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Why the partnership reports a status other than the data's."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("manual_status") and not (data.get("manual_reason") or "").strip():
            self.add_error(
                "manual_reason", _("Give a reason when setting a target's status by hand.")
            )
        return data
