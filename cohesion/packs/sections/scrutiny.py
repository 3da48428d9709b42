"""The scrutiny update: a locality or strategy since a date, for a named panel.

Targets with their computed status and series, actions done, overdue and
dropped, and reviews held come from the plans app's public functions
(``cohesion.plans.queries``) once they exist; until then each of those
sections says plainly that no plan data is available. The survey change and
"what changed since the last pack to the same panel" work now: the latter
builds each section of the previous pack (given by the packs app, frozen, in
``ctx.options["previous"]``) again and compares them figure by figure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from cohesion.packs.contents import (
    SECTION_BUILDERS,
    PackContext,
    Section,
    Table,
    changed_figures,
    section,
)
from cohesion.packs.sections.briefing import survey_columns, survey_note
from cohesion.packs.sections.common import area_for, council_code_of, plans_function
from cohesion.places.choices import Level
from cohesion.surveys.queries import latest_estimates_for_ward

AREAS = (Level.LOCALITY, Level.WARD, Level.COUNCIL)


def _rows_or_placeholder(
    ctx: PackContext, key: str, heading: str, function: str, columns: Sequence[str]
) -> Section:
    area = area_for(ctx, AREAS)
    found = plans_function(function)
    if found is None:
        return Section(
            key=key,
            heading=heading,
            paragraphs=[
                _("Plan data for %(area)s is not available in this installation yet.")
                % {"area": area.name}
            ],
        )
    rows = [
        list(row)
        for row in found(area.code, ctx.period_start, ctx.period_end, **_locality_filter(ctx))
    ]
    if not rows:
        return Section(key=key, heading=heading, paragraphs=[_("Nothing to report in the period.")])
    return Section(
        key=key,
        heading=heading,
        tables=[Table(title=heading, columns=list(columns), rows=rows, key=key)],
    )


def _locality_filter(ctx: PackContext) -> dict[str, Any]:
    """For a pack about localities (``ctx.options["localities"]``, slugs in the council), their plans only."""
    slugs = ctx.options.get("localities") or []
    return {"localities": list(slugs)} if slugs else {}


def _locality_wards(ctx: PackContext, area: Any) -> list[Any] | None:
    """The wards of the pack's localities, or None when the pack is about a whole area."""
    from cohesion.places.models import Area
    from cohesion.plans.queries import localities_in

    slugs = set(ctx.options.get("localities") or [])
    if not slugs:
        return None
    codes = {
        code
        for locality in localities_in([area.code])
        if locality.slug in slugs
        for code in locality.ward_codes
    }
    return list(
        Area.objects.current(on_date=ctx.period_end).filter(code__in=codes).order_by("name")
    )


@section("scrutiny-targets")
def targets(ctx: PackContext) -> Section:
    return _rows_or_placeholder(
        ctx,
        "scrutiny-targets",
        _("Targets and their status"),
        "target_rows",
        [_("Target"), _("Baseline"), _("Latest"), _("Target value"), _("Status"), _("Why")],
    )


@section("scrutiny-actions")
def actions(ctx: PackContext) -> Section:
    return _rows_or_placeholder(
        ctx,
        "scrutiny-actions",
        _("Actions done, overdue and dropped"),
        "action_rows",
        [_("Action"), _("Lead"), _("Due"), _("State")],
    )


@section("scrutiny-reviews")
def reviews(ctx: PackContext) -> Section:
    return _rows_or_placeholder(
        ctx,
        "scrutiny-reviews",
        _("Reviews held"),
        "review_rows",
        [_("Date"), _("Meeting"), _("Decisions")],
    )


@section("scrutiny-surveys")
def survey_change(ctx: PackContext) -> Section:
    """Survey estimates and change between waves for each ward of the area."""
    from cohesion.packs.sections.briefing import survey_rows
    from cohesion.places.queries import children_of

    area = area_for(ctx, AREAS)
    wards = _locality_wards(ctx, area)
    if wards is None:
        wards = [area] if area.level == Level.WARD else children_of(area, on_date=ctx.period_end)
    council = council_code_of(area)
    rows: list[list[Any]] = []
    synthetic = False
    for ward in wards:
        found = latest_estimates_for_ward(council, ward.code, ctx.period_end)
        if found is None:
            continue
        synthetic = synthetic or found.synthetic
        rows += [[ward.name, *row] for row in survey_rows(found)]
    heading = _("Survey change")
    if not rows:
        return Section(
            key="scrutiny-surveys",
            heading=heading,
            paragraphs=[
                _("No weighted survey wave has estimates for %(area)s yet.") % {"area": area.name}
            ],
        )
    return Section(
        key="scrutiny-surveys",
        heading=heading,
        paragraphs=[_("These survey figures are synthetic demonstration data, not real responses.")]
        if synthetic
        else [],
        tables=[
            Table(
                title=_("Survey estimates and change by ward, %(area)s") % {"area": area.name},
                columns=[_("Ward"), *survey_columns()],
                rows=rows,
                note=survey_note(),
                key="scrutiny-surveys",
            )
        ],
    )


@section("scrutiny-changes")
def changes(ctx: PackContext) -> Section:
    """Every figure that differs from the last pack issued to the same panel for the same area.

    The previous pack's frozen sections come in ``ctx.options["previous"]``;
    each of its sections (other than this one) is built again for this pack's
    context and compared cell by cell.
    """
    area_for(ctx, AREAS)
    previous = [Section.from_dict(s) for s in ctx.options.get("previous") or []]
    heading = _("What changed since the last pack to this panel")
    if not previous:
        return Section(
            key="scrutiny-changes",
            heading=heading,
            paragraphs=[_("This is the first pack issued to this panel for this area.")],
        )
    current = [
        SECTION_BUILDERS[s.key](ctx)
        for s in previous
        if s.key in SECTION_BUILDERS and s.key != "scrutiny-changes"
    ]
    rows = [
        [c["section"], c["table"], c["row"], c["column"], c["was"], c["now"]]
        for c in changed_figures(
            [s for s in previous if s.key != "scrutiny-changes"],
            [
                dataclasses.replace(c, heading=p.heading)
                for c, p in zip(current, previous, strict=False)
            ],
        )
    ]
    return Section(
        key="scrutiny-changes",
        heading=heading,
        paragraphs=[] if rows else [_("No figure has changed since the last pack.")],
        tables=[
            Table(
                title=heading,
                columns=[_("Section"), _("Table"), _("Row"), _("Column"), _("Was"), _("Now")],
                rows=rows,
                key="scrutiny-changes",
            )
        ]
        if rows
        else [],
    )
