"""Pack sections show the same figures as the live pages, refuse bad requests and freeze as plain data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cohesion.packs.contents import SECTION_BUILDERS, Section
from cohesion.packs.sections import SectionError
from cohesion.packs.sections.common import HIDDEN, quarter_of
from cohesion.packs.tests.reports import (
    MIDDLESBROUGH,
    NORTH_ORMESBY,
    QUARTER,
    SECTION_KEYS,
    context,
    make_quarter_of_reports,
)
from cohesion.tensions.choices import Channel, Motivation

pytestmark = pytest.mark.django_db


def _build(kind: str, area: str, audience: str = "public", user: Any = None) -> dict[str, Section]:
    ctx = context(kind, area, audience, user)
    return {key: SECTION_BUILDERS[key](ctx) for key in SECTION_KEYS[kind]}


def _live_counts(client: Client) -> Counter[tuple[str, ...]]:
    """Counts of the quarter's reports worked out from the officer's report list (``/tensions/reports.json``)."""
    data = client.get("/tensions/reports.json").json()
    counts: Counter[tuple[str, ...]] = Counter()
    for row in data["reports"]:
        received = dt.datetime.fromisoformat(row["received"]).astimezone(dt.UTC)
        if not QUARTER[0] <= received.date() <= QUARTER[1] or row["council_code"] != MIDDLESBROUGH:
            continue
        for area in (row["ward_code"], MIDDLESBROUGH):
            for category in (row["category"], "all"):
                counts[(area, category)] += 1
                counts[(area, category, row["channel"])] += 1
            for strand in filter(None, row["motivations"].split(";")):
                counts[(area, "strand", strand)] += 1
    return counts


def test_quarterly_report_figures_equal_the_report_list_an_officer_sees(
    alice: Any, client_for: Callable[[Any], Client]
) -> None:
    make_quarter_of_reports()
    live = _live_counts(client_for(alice))
    sections = _build("quarterly_hate", MIDDLESBROUGH, "restricted", alice)
    compared = 0
    wards = sections["hate-wards"].tables[0]
    for row in wards.rows:
        for category, shown in zip(["hate_incident", "tension", "all"], row[2:], strict=True):
            if shown != HIDDEN:
                assert shown == live[(row[1], category)], (row, category)
                compared += 1
    channels = sections["hate-channels"].tables[0]
    for row, channel in zip(channels.rows, [*Channel.values], strict=False):
        for category, shown in zip(["hate_incident", "tension", "all"], row[1:], strict=True):
            if shown != HIDDEN:
                assert shown == live[(MIDDLESBROUGH, category, channel)], (row, category)
                compared += 1
    strands = sections["hate-strands"].tables[0]
    for row, strand in zip(strands.rows, [*Motivation.values], strict=False):
        if row[1] != HIDDEN:
            assert row[1] == live[(MIDDLESBROUGH, "strand", strand)]
            compared += 1
    assert compared >= 20


def test_ward_briefing_shows_the_wards_counts_exactly_as_the_quarterly_report_does(
    alice: Any,
) -> None:
    make_quarter_of_reports()
    quarterly = _build("quarterly_hate", MIDDLESBROUGH, user=alice)
    briefing = _build("ward_briefing", NORTH_ORMESBY, user=alice)
    ward_row = next(r for r in quarterly["hate-wards"].tables[0].rows if r[1] == NORTH_ORMESBY)
    all_channels = briefing["ward-incidents"].tables[0].rows[-1]
    assert all_channels[1:] == ward_row[2:]
    assert all_channels[3] == 15  # 9 hate incidents and 6 tension reports


def test_public_pack_hides_small_counts_and_says_what_the_mark_means(alice: Any) -> None:
    make_quarter_of_reports()
    sections = _build("quarterly_hate", MIDDLESBROUGH, user=alice)
    central = next(r for r in sections["hate-wards"].tables[0].rows if r[0] == "Central")
    assert central[2] == HIDDEN
    assert "[c]" in sections["hate-wards"].tables[0].note
    assert "Restricted" not in sections["hate-wards"].tables[0].note


def test_restricted_pack_is_marked_with_the_panel_it_is_for(alice: Any) -> None:
    make_quarter_of_reports()
    sections = _build("quarterly_hate", MIDDLESBROUGH, "restricted", alice)
    assert all(
        "Community Safety Scrutiny Panel" in t.note
        for s in sections.values()
        for t in s.tables
        if any(c == HIDDEN or isinstance(c, int) for r in t.rows for c in r)
    )


def test_timescales_count_first_contact_within_a_day_and_senior_contact_within_a_week(
    alice: Any,
) -> None:
    make_quarter_of_reports()
    rows = _build("quarterly_hate", MIDDLESBROUGH, "restricted", alice)["hate-timescales"]
    council = next(r for r in rows.tables[0].rows if r[0] == "Middlesbrough Council")
    # 21 hate incidents of 26 reports; two in three reports are handled, half of those seniors late.
    assert council[1] == council[2]  # every handled report had first contact after 5 hours
    assert isinstance(council[4], int) and council[4] < council[1]


def test_a_ward_outside_the_officers_scope_is_refused_in_plain_words(dave: Any) -> None:
    with pytest.raises(SectionError, match="outside the areas you may make packs for"):
        SECTION_BUILDERS["ward-incidents"](context("ward_briefing", NORTH_ORMESBY, user=dave))


def test_a_council_section_asked_for_a_ward_says_what_it_needs(alice: Any) -> None:
    with pytest.raises(SectionError, match="this section is for a Council"):
        SECTION_BUILDERS["hate-wards"](context("quarterly_hate", NORTH_ORMESBY, user=alice))


def test_an_unknown_area_is_refused_in_plain_words(alice: Any) -> None:
    with pytest.raises(SectionError, match="No area has the code E05999999"):
        SECTION_BUILDERS["ward-tension"](context("ward_briefing", "E05999999", user=alice))


def test_a_period_with_no_reports_gives_zeros_not_an_error(alice: Any) -> None:
    sections = _build("ward_briefing", NORTH_ORMESBY, user=alice)
    assert sections["ward-incidents"].tables[0].rows[-1][1:] == [0, 0, 0]
    assert sections["ward-tension"].paragraphs


def test_every_section_freezes_to_json_and_comes_back_the_same(alice: Any) -> None:
    make_quarter_of_reports()
    for kind, area in (("quarterly_hate", MIDDLESBROUGH), ("ward_briefing", NORTH_ORMESBY)):
        for built in _build(kind, area, user=alice).values():
            frozen = json.loads(json.dumps(built.to_dict()))
            assert Section.from_dict(frozen) == built


def test_scrutiny_changes_list_every_figure_that_differs_between_two_packs() -> None:
    from cohesion.packs.contents import Table

    before = [
        Section("s", "Reports", tables=[Table("By ward", ["Ward", "n"], [["A", 3], ["B", 5]])])
    ]
    after = [
        Section("s", "Reports", tables=[Table("By ward", ["Ward", "n"], [["A", 4], ["C", 1]])])
    ]
    from cohesion.packs.contents import changed_figures

    assert [list(c.values()) for c in changed_figures(before, after)] == [
        ["Reports", "By ward", "A", "n", 3, 4],
        ["Reports", "By ward", "B", "n", 5, ""],
        ["Reports", "By ward", "C", "n", "", 1],
    ]


def test_changes_tell_apart_rows_that_share_a_label() -> None:
    """A plan's several targets share the plan's name in the first column; none is lost."""
    from cohesion.packs.contents import Table, changed_figures

    def plans(*statuses: str) -> list[Section]:
        rows = [["Plan A", f"Target {i}", status] for i, status in enumerate(statuses, 1)]
        table = Table("Targets", ["Plan", "Target", "Status"], rows)
        return [Section("p", "Plans", tables=[table])]

    assert [
        list(c.values())
        for c in changed_figures(plans("Off track", "On track"), plans("Off track", "Done"))
    ] == [
        ["Plans", "Targets", "Plan A (2)", "Status", "On track", "Done"],
    ]
    assert [
        c["row"] for c in changed_figures(plans("Off track", "On track"), plans("Off track"))
    ] == [
        "Plan A (2)",
        "Plan A (2)",
    ]


def test_quarters_run_from_the_first_of_january_april_july_and_october() -> None:
    assert quarter_of(dt.date(2025, 8, 15)) == QUARTER
    assert quarter_of(dt.date(2025, 12, 31)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert quarter_of(dt.date(2026, 1, 1)) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_every_section_the_default_templates_name_for_these_packs_has_a_builder() -> None:
    from cohesion.packs.choices import PackKind
    from cohesion.packs.defaults import DEFAULT_SECTIONS

    for kind in (PackKind.WARD_BRIEFING, PackKind.HATE_QUARTERLY, PackKind.SCRUTINY_UPDATE):
        for key, _heading in DEFAULT_SECTIONS[kind]:
            assert key in SECTION_BUILDERS, key


def test_the_combined_reports_section_holds_the_strand_channel_and_ward_tables(alice: Any) -> None:
    make_quarter_of_reports()
    combined = SECTION_BUILDERS["hate-reports"](
        context("quarterly_hate", MIDDLESBROUGH, user=alice)
    )
    assert [t.key for t in combined.tables] == ["hate-strands", "hate-channels", "hate-wards"]


def test_scrutiny_changes_name_the_figures_that_moved_since_the_last_pack(alice: Any) -> None:
    ctx = context("scrutiny_update", MIDDLESBROUGH, "restricted", alice)
    first = SECTION_BUILDERS["hate-wards"](ctx)
    make_quarter_of_reports()
    later = dataclasses.replace(ctx, options={"previous": [first.to_dict()]})
    moved = SECTION_BUILDERS["scrutiny-changes"](later)
    rows = moved.tables[0].rows
    assert ["Reports by ward", first.tables[0].title, "Middlesbrough", "All reports", 0, 35] in rows


def test_the_first_scrutiny_update_to_a_panel_says_so(alice: Any) -> None:
    ctx = context("scrutiny_update", MIDDLESBROUGH, "restricted", alice)
    assert "first pack" in SECTION_BUILDERS["scrutiny-changes"](ctx).paragraphs[0]


def test_survey_rows_show_each_estimates_base_and_hide_a_hidden_ones() -> None:
    from cohesion.packs.sections.briefing import survey_columns, survey_rows
    from cohesion.surveys.queries import AreaEstimate, AreaEstimates

    shown = AreaEstimate("get-on", "People get on", 81.0, 70.0, 89.0, 31, True)
    hidden = AreaEstimate("belong", "Belonging", None, None, None, None, False)
    found = AreaEstimates("Residents", "2026", "", True, dt.date(2026, 9, 30), [shown, hidden])
    columns = survey_columns()
    rows = survey_rows(found)
    base, estimate = columns.index("Base"), columns.index("Estimate (%)")
    assert all(len(row) == len(columns) for row in rows)
    assert (rows[0][base], rows[0][estimate]) == (31, 81.0)
    assert (rows[1][base], rows[1][estimate]) == (HIDDEN, HIDDEN)
