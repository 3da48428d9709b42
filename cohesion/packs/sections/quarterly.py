"""The quarterly hate-incident report to cabinet, for one council and quarter.

Reports by strand, channel, ward and quarter; timescale performance by the
organisation handling each case; repeat victims and locations; referrals and
their outcomes; activity per third-party reporting centre; and the trend
against the same quarter last year. Every count comes from
:func:`cohesion.packs.sections.incidents.period_figures`, so it is hidden
exactly where the ward briefings for the same period hide it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from cohesion.packs.contents import PackContext, Section, Table, section
from cohesion.packs.sections.charts import table_chart
from cohesion.packs.sections.common import (
    area_for,
    cell,
    percent,
    quarter_label,
    quarter_of,
    suppression_note,
)
from cohesion.packs.sections.incidents import (
    ALL,
    CATEGORIES,
    CHANNELS,
    HATE,
    STRANDS,
    PeriodFigures,
    council_figures,
    outcome_label,
    period_figures,
)
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.tensions.choices import Category, Channel, LinkKind, Motivation

COUNCIL = (Level.COUNCIL,)


def _category_label(category: str) -> str:
    return str(Category(category).label) if category != ALL else _("All reports")


def _period(ctx: PackContext) -> str:
    return _("%(start)s to %(end)s") % {
        "start": f"{ctx.period_start:%d %B %Y}",
        "end": f"{ctx.period_end:%d %B %Y}",
    }


def _figures(ctx: PackContext) -> tuple[PeriodFigures, Area, list[Area]]:
    """The council's protected figures for the pack's period and audience."""
    return council_figures(ctx, area_for(ctx, COUNCIL))


@section("hate-strands")
def reports_by_strand(ctx: PackContext) -> Section:
    figures, council, _wards = _figures(ctx)
    rows = [
        [str(Motivation(s).label), cell(figures.area(council.code, HATE, f"strand:{s}"))]
        for s in STRANDS
    ]
    total = figures.area(council.code, HATE)
    rows.append([_("All hate incidents"), cell(total)])
    table = Table(
        title=_("Hate incidents by strand, %(period)s") % {"period": _period(ctx)},
        columns=[_("Strand"), _("Reports")],
        rows=rows,
        note=_("A report can name more than one strand, so the strands add up to more than all.")
        + " "
        + suppression_note(figures.rule, ctx.audience),
        key="hate-strands",
    )
    chart = table_chart(
        table, _("Bar chart of the table above: hate incidents by strand."), rows=slice(-1)
    )
    return Section(
        key="hate-strands",
        heading=_("Reports by strand"),
        paragraphs=[
            _("%(council)s received %(n)s hate incident reports dated %(period)s.")
            % {"council": council.name, "n": cell(total), "period": _period(ctx)}
        ],
        tables=[table],
        charts=[chart],
    )


@section("hate-channels")
def reports_by_channel(ctx: PackContext) -> Section:
    figures, council, _wards = _figures(ctx)
    columns = [*CATEGORIES, ALL]
    rows = [
        [str(Channel(ch).label)]
        + [cell(figures.area(council.code, c, f"channel:{ch}")) for c in columns]
        for ch in CHANNELS
    ]
    rows.append([_("All channels")] + [cell(figures.area(council.code, c)) for c in columns])
    table = Table(
        title=_("Reports by how they reached us, %(period)s") % {"period": _period(ctx)},
        columns=[_("Channel"), *(_category_label(c) for c in columns)],
        rows=rows,
        note=suppression_note(figures.rule, ctx.audience),
        key="hate-channels",
    )
    return Section(key="hate-channels", heading=_("Reports by channel"), tables=[table])


@section("hate-wards")
def reports_by_ward(ctx: PackContext) -> Section:
    figures, council, wards = _figures(ctx)
    columns = [*CATEGORIES, ALL]
    rows = [[w.name, w.code] + [cell(figures.area(w.code, c)) for c in columns] for w in wards]
    rows.append(
        [council.name, council.code] + [cell(figures.area(council.code, c)) for c in columns]
    )
    table = Table(
        title=_("Reports by ward, %(period)s") % {"period": _period(ctx)},
        columns=[_("Ward"), _("Code"), *(_category_label(c) for c in columns)],
        rows=rows,
        note=_("Reports with no ward count towards the council only.")
        + " "
        + suppression_note(figures.rule, ctx.audience),
        key="hate-wards",
    )
    chart = table_chart(
        table,
        _("Bar chart of the hate incidents column of the table above."),
        rows=slice(-1),
        value_column=2,
        title=_("Hate incidents by ward, %(period)s") % {"period": _period(ctx)},
    )
    return Section(key="hate-wards", heading=_("Reports by ward"), tables=[table], charts=[chart])


@section("hate-reports")
def reports(ctx: PackContext) -> Section:
    """Reports by strand, channel and ward in one section (the default template's first)."""
    parts = [reports_by_strand(ctx), reports_by_channel(ctx), reports_by_ward(ctx)]
    return Section(
        key="hate-reports",
        heading=_("Reports by strand, channel and ward"),
        paragraphs=[p for part in parts for p in part.paragraphs],
        tables=[t for part in parts for t in part.tables],
        charts=[c for part in parts for c in part.charts],
    )


def _quarters_back(start: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    quarters = []
    day = start
    for _i in range(count):
        quarters.append(quarter_of(day))
        day = quarters[-1][0] - dt.timedelta(days=1)
    return list(reversed(quarters))


@section("hate-trend")
def trend_by_quarter(ctx: PackContext) -> Section:
    """The last five quarters, so the current one stands beside the same quarter last year.

    Each quarter's figure is the one its own report shows (protected with that
    quarter's other figures), so no two packs disagree about a quarter.
    """
    figures, council, wards = _figures(ctx)
    rows = []
    quarters = _quarters_back(ctx.period_start, 5)
    for start, end in quarters:
        if (start, end) == (ctx.period_start, ctx.period_end):
            shown = figures
        else:
            shown = period_figures(council.code, [w.code for w in wards], start, end, figures.rule)
        rows.append([quarter_label(start), cell(shown.area(council.code, HATE))])
    first, last = rows[0][1], rows[-1][1]
    change = last - first if isinstance(first, int) and isinstance(last, int) else cell(None)
    table = Table(
        title=_("Hate incidents by quarter, %(council)s") % {"council": council.name},
        columns=[_("Quarter"), _("Hate incidents")],
        rows=rows,
        note=suppression_note(figures.rule, ctx.audience),
        key="hate-trend",
    )
    chart = table_chart(table, _("Bar chart of hate incidents in each of the last five quarters."))
    return Section(
        key="hate-trend",
        heading=_("Trend against the same quarter last year"),
        paragraphs=[
            _("Change from %(then)s to %(now)s: %(change)s.")
            % {"then": rows[0][0], "now": rows[-1][0], "change": change}
        ],
        tables=[table],
        charts=[chart],
    )


@section("hate-timescales")
def timescales(ctx: PackContext) -> Section:
    figures, _council, _wards = _figures(ctx)
    rows = []
    for org in figures.organisations:
        reports = figures.value(("org", org, "reports"))
        first = figures.value(("org", org, "first_met"))
        senior = figures.value(("org", org, "senior_met"))
        rows.append(
            [
                org,
                cell(reports),
                cell(first),
                percent(first, reports),
                cell(senior),
                percent(senior, reports),
            ]
        )
    table = Table(
        title=_("Response timescales for hate incidents by organisation"),
        columns=[
            _("Organisation"),
            _("Reports"),
            _("First contact within 24 hours"),
            _("% within 24 hours"),
            _("Senior contact within 7 days"),
            _("% within 7 days"),
        ],
        rows=rows,
        note=_(
            "Measured from when the report was received; a report not yet contacted counts as not "
            "within the timescale. Shares are worked out from the counts as shown."
        )
        + " "
        + suppression_note(figures.rule, ctx.audience),
        key="hate-timescales",
    )
    return Section(key="hate-timescales", heading=_("Timescale performance"), tables=[table])


@section("hate-repeats")
def repeats(ctx: PackContext) -> Section:
    figures, _council, _wards = _figures(ctx)
    table = Table(
        title=_("Repeat victims and locations"),
        columns=[_("Linked as"), _("Reports")],
        rows=[
            [
                str(LinkKind.REPEAT_VICTIM.label),
                cell(figures.value(("repeat", LinkKind.REPEAT_VICTIM))),
            ],
            [
                str(LinkKind.REPEAT_LOCATION.label),
                cell(figures.value(("repeat", LinkKind.REPEAT_LOCATION))),
            ],
        ],
        note=_("Reports in the period linked by an officer to another report of the same kind.")
        + " "
        + suppression_note(figures.rule, ctx.audience),
        key="hate-repeats",
    )
    return Section(key="hate-repeats", heading=_("Repeat victims and locations"), tables=[table])


@section("hate-referrals")
def referrals(ctx: PackContext) -> Section:
    figures, _council, _wards = _figures(ctx)
    note = suppression_note(figures.rule, ctx.audience)
    made = Table(
        title=_("Referrals made, by the organisation referred to"),
        columns=[_("Organisation"), _("Referrals")],
        rows=[[o, cell(figures.value(("referral", o)))] for o in figures.referral_organisations]
        + [[_("All referrals"), cell(figures.value(("referral", ALL)))]],
        note=note,
        key="hate-referrals",
    )
    outcomes = Table(
        title=_("Referred reports by outcome"),
        columns=[_("Outcome"), _("Reports")],
        rows=[[outcome_label(o), cell(figures.value(("outcome", o)))] for o in figures.outcomes]
        + [[_("All referred reports"), cell(figures.value(("outcome", ALL)))]],
        note=_("A report referred to more than one organisation counts once here.") + " " + note,
        key="hate-referral-outcomes",
    )
    return Section(
        key="hate-referrals", heading=_("Referrals and outcomes"), tables=[made, outcomes]
    )


@section("hate-centres")
def reporting_centres(ctx: PackContext) -> Section:
    figures, council, _wards = _figures(ctx)
    channel = f"channel:{Channel.REPORTING_CENTRE}"
    rows = [[c, cell(figures.value(("centre", c)))] for c in figures.centres]
    rows.append([_("All reporting centres"), cell(figures.area(council.code, ALL, channel))])
    table = Table(
        title=_("Reports taken by third-party reporting centres"),
        columns=[_("Reporting centre"), _("Reports")],
        rows=rows,
        note=suppression_note(figures.rule, ctx.audience),
        key="hate-centres",
    )
    return Section(key="hate-centres", heading=_("Third-party reporting centres"), tables=[table])


__all__ = [
    "referrals",
    "repeats",
    "reporting_centres",
    "reports_by_channel",
    "reports_by_strand",
    "reports_by_ward",
    "timescales",
    "trend_by_quarter",
]
