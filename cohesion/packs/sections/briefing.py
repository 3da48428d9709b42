"""The ward councillor briefing: one ward, one period.

Tension level and its trend, incident reports by strand and channel,
early-warning alerts, trigger events ahead, headline indicators beside the
council, region and England, survey estimates with intervals and the change
between waves, and the plan targets and actions covering the ward.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from cohesion.indicators.queries import format_value, period_text, profile_lines, shown_value
from cohesion.packs.contents import PackContext, Section, Table, section
from cohesion.packs.sections.charts import table_chart
from cohesion.packs.sections.common import (
    HIDDEN,
    area_for,
    cell,
    council_code_of,
    plans_function,
    rule_for_audience,
    suppression_note,
)
from cohesion.packs.sections.incidents import (
    ALL,
    CATEGORIES,
    CHANNELS,
    HATE,
    STRANDS,
    council_figures,
)
from cohesion.places.choices import Level
from cohesion.surveys.queries import AreaEstimates, latest_estimates_for_ward
from cohesion.tensions.alerting import category_label
from cohesion.tensions.choices import Category, Channel, Motivation
from cohesion.tensions.models.alerts import Method
from cohesion.tensions.models.events import TriggerEvent
from cohesion.tensions.queries import alerts_between, assessments_between, trigger_events_between

WARD = (Level.WARD,)
DAYS_AHEAD = 90
HEADLINE_INDICATORS = 10


@section("ward-tension")
def tension(ctx: PackContext) -> Section:
    area = area_for(ctx, WARD)
    rows = assessments_between(area.code, ctx.period_start, ctx.period_end)
    table = Table(
        title=_("Weekly tension assessments, %(ward)s") % {"ward": area.name},
        columns=[_("Week beginning"), _("Level"), _("Step on the scale")],
        rows=[[r.week_start.isoformat(), r.level, r.order] for r in rows],
        note=_("The partnership's judgement of tension each week, from its tension assessments."),
        key="ward-tension",
    )
    if not rows:
        paragraphs = [
            _("No tension assessments were recorded for %(ward)s in the period.")
            % {"ward": area.name}
        ]
        return Section(key="ward-tension", heading=_("Tension level"), paragraphs=paragraphs)
    latest, first = rows[-1], rows[0]
    if latest.order > first.order:
        trend = _("rising")
    elif latest.order < first.order:
        trend = _("falling")
    else:
        trend = _("steady")
    paragraphs = [
        _(
            "The latest assessment (week beginning %(week)s) puts tension at %(level)s; over the period it was %(trend)s."
        )
        % {"week": f"{latest.week_start:%d %B %Y}", "level": latest.level, "trend": trend}
    ]
    return Section(
        key="ward-tension", heading=_("Tension level"), paragraphs=paragraphs, tables=[table]
    )


@section("ward-incidents")
def incidents(ctx: PackContext) -> Section:
    area = area_for(ctx, WARD)
    figures, _council, _wards = council_figures(ctx, area)
    note = suppression_note(figures.rule, ctx.audience)
    columns = [*CATEGORIES, ALL]
    by_channel = Table(
        title=_("Reports from %(ward)s by channel") % {"ward": area.name},
        columns=[
            _("Channel"),
            *(str(Category(c).label) if c != ALL else _("All reports") for c in columns),
        ],
        rows=[
            [str(Channel(ch).label)]
            + [cell(figures.area(area.code, c, f"channel:{ch}")) for c in columns]
            for ch in CHANNELS
        ]
        + [[_("All channels")] + [cell(figures.area(area.code, c)) for c in columns]],
        note=note,
        key="ward-incidents-channel",
    )
    strand_rows = [
        [str(Motivation(s).label), cell(figures.area(area.code, HATE, f"strand:{s}"))]
        for s in STRANDS
    ]
    by_strand = Table(
        title=_("Hate incidents from %(ward)s by strand") % {"ward": area.name},
        columns=[_("Strand"), _("Reports")],
        rows=strand_rows,
        note=_("A report can name more than one strand.") + " " + note,
        key="ward-incidents-strand",
    )
    chart = table_chart(by_strand, _("Bar chart of the strand table above."))
    total = figures.area(area.code)
    return Section(
        key="ward-incidents",
        heading=_("Incident reports"),
        paragraphs=[
            _("%(n)s reports about %(ward)s were dated in the period.")
            % {"n": cell(total), "ward": area.name}
        ],
        tables=[by_channel, by_strand],
        charts=[chart],
    )


def observed_counts(ctx: PackContext, area_code: str, rows: list[Any]) -> dict[Any, Any]:
    """The counts behind alerts on incident reports, as the pack's audience may see them.

    Each is the ward's count for the week and category, protected with the
    rest of its council's counts for that week under the audience's rule
    (:func:`cohesion.tensions.alerting.disclose_weekly_counts`, the decision
    the public early-warning page makes): a public pack shows what the public
    page shows, a restricted pack what the site floor allows, and neither a
    count nobody protected.
    """
    from cohesion.tensions.alerting import disclose_weekly_counts, weekly_report_counts

    weeks = sorted({r.week_start for r in rows if r.source == "reports"})
    if not weeks:
        return {}
    council = council_code_of(area_for(ctx, WARD))
    counts = weekly_report_counts([council], first_week=weeks[0], last_week=weeks[-1])
    disclosed = disclose_weekly_counts(
        counts, council, rule=rule_for_audience(ctx.audience, council)
    )
    return {
        (r.week_start, r.category): cell(disclosed.value(area_code, r.category, r.week_start))
        for r in rows
        if r.source == "reports"
    }


@section("ward-alerts")
def alerts(ctx: PackContext) -> Section:
    """Weeks the early warning flagged, each count through disclosure control for the audience.

    The threshold of an alert on incident reports is never shown: it is
    worked out from the counts of the weeks before and would give them away.
    police.uk series are published already and keep their figures.
    """
    area = area_for(ctx, WARD)
    rows = alerts_between(area.code, ctx.period_start, ctx.period_end)
    observed = observed_counts(ctx, area.code, rows)
    table_rows: list[list[Any]] = []
    for r in rows:
        reports = r.source == "reports"
        table_rows.append(
            [
                r.week_start.isoformat(),
                _("Incident reports") if reports else _("Police recorded crime"),
                category_label(r.category),
                str(Method(r.method).label),
                observed[(r.week_start, r.category)] if reports else r.observed,
                HIDDEN if reports else round(r.threshold, 1),
            ]
        )
    table = Table(
        title=_("Early-warning alerts for %(ward)s") % {"ward": area.name},
        columns=[
            _("Week beginning"),
            _("Series"),
            _("Category"),
            _("Method"),
            _("Observed"),
            _("Threshold"),
        ],
        rows=table_rows,
        note=_(
            "A week is flagged when its count is above what the weeks before would lead one to expect. "
            "Counts of incident reports are shown as the early-warning pages show them, with small "
            "counts hidden; their thresholds are hidden, since they are worked out from the weeks before."
        )
        + " "
        + suppression_note(rule_for_audience(ctx.audience, council_code_of(area)), ctx.audience),
        key="ward-alerts",
    )
    paragraphs = (
        [
            _("%(n)s alerts were raised for %(ward)s in the period.")
            % {"n": len(rows), "ward": area.name}
        ]
        if rows
        else [
            _("No early-warning alerts were raised for %(ward)s in the period.")
            % {"ward": area.name}
        ]
    )
    return Section(
        key="ward-alerts",
        heading=_("Early-warning alerts"),
        paragraphs=paragraphs,
        tables=[table] if rows else [],
    )


@section("ward-triggers")
def triggers(ctx: PackContext) -> Section:
    area = area_for(ctx, WARD)
    days = int(ctx.options.get("days_ahead", DAYS_AHEAD))
    start = ctx.period_end + dt.timedelta(days=1)
    end = ctx.period_end + dt.timedelta(days=days)
    rows = trigger_events_between([area.code, council_code_of(area)], start, end)
    table = Table(
        title=_("Trigger events in the %(days)s days after the period") % {"days": days},
        columns=[_("From"), _("To"), _("Event"), _("Kind"), _("Expected risk"), _("Where")],
        rows=[
            [
                r.starts_on.isoformat(),
                (r.ends_on or r.starts_on).isoformat(),
                r.title,
                str(TriggerEvent.Kind(r.kind).label),
                r.expected_risk,
                area.name if r.area_code == area.code else _("Whole council"),
            ]
            for r in rows
        ],
        key="ward-triggers",
    )
    if not rows:
        return Section(
            key="ward-triggers",
            heading=_("Trigger events ahead"),
            paragraphs=[
                _("No trigger events are in the calendar for the next %(days)s days.")
                % {"days": days}
            ],
        )
    return Section(key="ward-triggers", heading=_("Trigger events ahead"), tables=[table])


@section("ward-indicators")
def indicators(ctx: PackContext) -> Section:
    """The ward's headline indicators beside its council, region and England (public data)."""
    area = area_for(ctx, WARD)
    lines = profile_lines(area)[: int(ctx.options.get("indicators", HEADLINE_INDICATORS))]
    comparators = [c for c, _v in lines[0].comparisons] if lines else []
    rows = []
    for line in lines:
        unit = line.indicator.unit
        rows.append(
            [
                line.indicator.title,
                period_text((line.latest.period_start, line.latest.period_end)),
                format_value(shown_value(line.latest), unit),
                *(format_value(shown_value(value), unit) for _c, value in line.comparisons),
            ]
        )
    table = Table(
        title=_("Headline indicators, %(ward)s") % {"ward": area.name},
        columns=[_("Indicator"), _("Period"), area.name, *(c.name for c in comparators)],
        rows=rows,
        note=_(
            "Latest value held for the ward, beside the same period for the larger areas (– where none is held)."
        ),
        key="ward-indicators",
    )
    return Section(
        key="ward-indicators",
        heading=_("Headline indicators"),
        tables=[table] if rows else [],
        paragraphs=[] if rows else [_("No indicators are held for this ward.")],
    )


def _pct(value: float | None) -> Any:
    return HIDDEN if value is None else round(value, 1)


def survey_columns() -> list[str]:
    return [
        _("Question"),
        _("Base"),
        _("Estimate (%)"),
        _("95% interval from"),
        _("to"),
        _("Change (points)"),
        _("Significant"),
    ]


def survey_note() -> str:
    return _(
        "[c]: too few responses to show. Base: the people who answered. Estimates are weighted "
        "to the Census and, on fewer than 50 people, rounded to whole numbers; changes are "
        "between independent samples."
    )


def survey_rows(found: AreaEstimates) -> list[list[Any]]:
    """One row per question: its base, estimate, interval, the change since the wave before and
    whether it is significant (a hidden estimate's base is hidden too)."""
    return [
        [
            r.question,
            HIDDEN if r.base is None else r.base,
            _pct(r.estimate),
            _pct(r.lower),
            _pct(r.upper),
            "" if r.change is None else round(r.change, 1),
            (_("yes") if r.significant else _("no")) if r.change is not None else "",
        ]
        for r in found.rows
    ]


@section("ward-surveys")
def surveys(ctx: PackContext) -> Section:
    area = area_for(ctx, WARD)
    found = latest_estimates_for_ward(council_code_of(area), area.code, ctx.period_end)
    if found is None or not found.rows:
        return Section(
            key="ward-surveys",
            heading=_("Resident survey"),
            paragraphs=[
                _("No weighted survey wave has estimates for %(ward)s yet.") % {"ward": area.name}
            ],
        )
    paragraphs = [
        _("From %(survey)s, %(wave)s%(compare)s.")
        % {
            "survey": found.survey,
            "wave": found.wave,
            "compare": (_(", compared with %(wave)s") % {"wave": found.earlier_wave})
            if found.earlier_wave
            else "",
        }
    ]
    if found.synthetic:
        paragraphs.append(
            _("These survey figures are synthetic demonstration data, not real responses.")
        )
    table = Table(
        title=_("Survey estimates for %(ward)s") % {"ward": area.name},
        columns=survey_columns(),
        rows=survey_rows(found),
        note=survey_note(),
        key="ward-surveys",
    )
    return Section(
        key="ward-surveys", heading=_("Resident survey"), paragraphs=paragraphs, tables=[table]
    )


@section("ward-plans")
def plans(ctx: PackContext) -> Section:
    area = area_for(ctx, WARD)
    covering = plans_function("plans_covering")
    found = None if covering is None else list(covering(area.code))
    if not found:
        return Section(
            key="ward-plans",
            heading=_("Plan targets and actions"),
            paragraphs=[_("No plans covering %(ward)s are recorded yet.") % {"ward": area.name}],
        )
    rows = [
        [
            str(p.get("plan", "")),
            str(p.get("target", "")),
            str(p.get("status", "")),
            str(p.get("action", "")),
        ]
        for p in found
    ]
    table = Table(
        title=_("Plan targets and actions covering %(ward)s") % {"ward": area.name},
        columns=[_("Plan"), _("Target"), _("Status"), _("Action")],
        rows=rows,
        key="ward-plans",
    )
    return Section(key="ward-plans", heading=_("Plan targets and actions"), tables=[table])
