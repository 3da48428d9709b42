"""Every table of the packs issued for one period, attacked together.

An attacker reads the quarterly hate-incident report for Middlesbrough and
the ward briefings for every one of its wards, all for the same quarter and
audience, and writes down every relation between their figures that a reader
can know: a council is the sum of its wards, a category the sum of its
channels, all reports are hate incidents plus community tension, the
organisations' cases add up to the council's hate incidents, the reporting
centres to the reporting-centre channel, referrals and outcomes to their
totals, and an organisation's cases are at least those with first or senior
contact in time. Here every report has a ward and every centre report a
centre, so the council totals are exact sums: the strongest attacker. No
hidden figure may be narrowed below the rule's threshold, and a figure shown
in two packs must be shown the same in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

import pytest
from django.utils import timezone

from cohesion.packs.contents import SECTION_BUILDERS, PackContext, Section
from cohesion.packs.sections.common import HIDDEN, quarter_label, quarter_of, rule_for_audience
from cohesion.packs.tests.reports import (
    MIDDLESBROUGH,
    SECTION_KEYS,
    context,
    make_quarter_of_reports,
)
from cohesion.places.queries import children_of, get_area
from cohesion.tensions.choices import Channel, Motivation
from cohesion.tensions.demo_reports import create_demo_reports
from cohesion.testing.disclosure_attack import Published, assert_no_hidden_cell_narrower_than

pytestmark = pytest.mark.django_db

CATS = ["hate_incident", "tension", "all"]


class Reader:
    """What the attacker has read, keyed by what each figure means."""

    def __init__(self) -> None:
        self.cells: dict[Hashable, int | None] = {}

    def read(self, key: Hashable, shown: Any) -> None:
        value = None if shown == HIDDEN else int(shown)
        if key in self.cells:
            assert self.cells[key] == value, (
                f"{key!r} is {self.cells[key]} in one pack, {value} in another"
            )
        self.cells[key] = value


def _read_quarterly(
    reader: Reader, sections: dict[str, Section], council: str, quarter: str
) -> None:
    """Read the quarterly report; ``quarter`` (``2025 Q3``) is its own row of the trend table."""
    for row in sections["hate-wards"].tables[0].rows:
        for cat, shown in zip(CATS, row[2:], strict=True):
            reader.read((row[1], cat), shown)
    channels = sections["hate-channels"].tables[0].rows
    for row, channel in zip(channels, [*Channel.values, None], strict=True):
        for cat, shown in zip(CATS, row[1:], strict=True):
            reader.read((council, cat, channel) if channel else (council, cat), shown)
    strands = sections["hate-strands"].tables[0].rows
    for row, strand in zip(strands, [*Motivation.values, None], strict=True):
        reader.read((council, "strand", strand) if strand else (council, "hate_incident"), row[1])
    for row in sections["hate-trend"].tables[0].rows:
        if row[0] == quarter:
            reader.read((council, "hate_incident"), row[1])
        else:
            reader.read(("trend", row[0]), row[1])
    for row in sections["hate-timescales"].tables[0].rows:
        reader.read(("org", row[0], "reports"), row[1])
        reader.read(("org", row[0], "first"), row[2])
        reader.read(("org", row[0], "senior"), row[4])
    for row in sections["hate-repeats"].tables[0].rows:
        reader.read(("repeat", row[0]), row[1])
    made, outcomes = sections["hate-referrals"].tables
    for row in made.rows:
        reader.read(("referral", row[0]), row[1])
    for row in outcomes.rows:
        reader.read(("outcome", row[0]), row[1])
    centres = sections["hate-centres"].tables[0].rows
    for row in centres[:-1]:
        reader.read(("centre", row[0]), row[1])
    reader.read((council, "all", Channel.REPORTING_CENTRE), centres[-1][1])


def _read_briefing(reader: Reader, sections: dict[str, Section], ward: str) -> None:
    by_channel, by_strand = sections["ward-incidents"].tables
    for row, channel in zip(by_channel.rows, [*Channel.values, None], strict=True):
        for cat, shown in zip(CATS, row[1:], strict=True):
            reader.read((ward, cat, channel) if channel else (ward, cat), shown)
    for row, strand in zip(by_strand.rows, Motivation.values, strict=True):
        reader.read((ward, "strand", strand), row[1])


def _relations(
    reader: Reader, council: str, wards: list[str]
) -> tuple[list[tuple[Hashable, list[Hashable]]], list[tuple[Hashable, list[Hashable]]]]:
    cells = reader.cells
    exact: list[tuple[Hashable, list[Hashable]]] = []
    at_least: list[tuple[Hashable, list[Hashable]]] = []
    for area in [council, *wards]:
        for cat in CATS:
            exact.append(((area, cat), [(area, cat, ch) for ch in Channel.values]))
        for suffix in [(), *((ch,) for ch in Channel.values)]:
            exact.append(
                (
                    (area, "all", *suffix),
                    [(area, "hate_incident", *suffix), (area, "tension", *suffix)],
                )
            )
    for cat in CATS:
        exact.append(((council, cat), [(w, cat) for w in wards]))
        for ch in Channel.values:
            exact.append(((council, cat, ch), [(w, cat, ch) for w in wards]))
    for strand in Motivation.values:
        exact.append(((council, "strand", strand), [(w, "strand", strand) for w in wards]))
    orgs = [k for k in cells if isinstance(k, tuple) and k[0] == "org" and k[2] == "reports"]
    if orgs:  # cases not yet assigned are in the total but in no organisation's row
        at_least.append(((council, "hate_incident"), orgs))
    for org in orgs:
        at_least.append((org, [("org", org[1], "first")]))
        at_least.append((org, [("org", org[1], "senior")]))
    centres = [k for k in cells if isinstance(k, tuple) and k[0] == "centre"]
    exact.append(((council, "all", Channel.REPORTING_CENTRE), centres))
    for name, total in (("referral", "All referrals"), ("outcome", "All referred reports")):
        parts = [k for k in cells if isinstance(k, tuple) and k[0] == name and k[1] != total]
        exact.append(((name, total), parts))
    return exact, at_least


def _attack_every_pack_of_the_period(
    start: dt.date, end: dt.date, audience: str, user: Any
) -> tuple[int, int]:
    council = get_area(MIDDLESBROUGH)
    wards = [w.code for w in children_of(council)]
    reader = Reader()

    def build(kind: str, area: str) -> dict[str, Section]:
        base = context(kind, area, audience, user)
        ctx = PackContext(
            kind=kind,
            area_code=area,
            period_start=start,
            period_end=end,
            audience=base.audience,
            user=user,
        )
        return {
            key: SECTION_BUILDERS[key](ctx)
            for key in SECTION_KEYS[kind]
            if key.startswith(("hate-", "ward-incidents"))
        }

    _read_quarterly(
        reader, build("quarterly_hate", council.code), council.code, quarter_label(start)
    )
    for ward in wards:
        _read_briefing(reader, build("ward_briefing", ward), ward)
    exact, at_least = _relations(reader, council.code, wards)
    rule = rule_for_audience(
        context("quarterly_hate", council.code, audience).audience, council.code
    )
    published = Published(cells=reader.cells, relations=exact, at_least=at_least)
    hidden = assert_no_hidden_cell_narrower_than(published, rule.threshold)
    shown = sum(1 for v in reader.cells.values() if v)
    return hidden, shown


@pytest.mark.parametrize("audience", ["public", "restricted"])
def test_no_hidden_figure_of_a_quarters_packs_can_be_worked_out(audience: str, alice: Any) -> None:
    make_quarter_of_reports()
    start, end = (
        context("quarterly_hate", MIDDLESBROUGH).period_start,
        context("quarterly_hate", MIDDLESBROUGH).period_end,
    )
    hidden, shown = _attack_every_pack_of_the_period(start, end, audience, alice)
    assert hidden >= 5 and shown >= 8


def test_no_hidden_figure_of_the_demo_quarters_packs_can_be_worked_out(alice: Any) -> None:
    create_demo_reports(say=lambda _line: None)
    start, end = quarter_of(timezone.localdate() - dt.timedelta(days=92))
    hidden, shown = _attack_every_pack_of_the_period(start, end, "public", alice)
    assert hidden >= 5 and shown >= 1


def test_the_attack_catches_packs_that_hide_only_the_small_counts(
    alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With secondary suppression switched off, the same attack works hidden figures out."""
    from cohesion.core.disclosure import LinkedCounts
    from cohesion.packs.sections import incidents

    monkeypatch.setattr(LinkedCounts, "_protect_component", lambda *args, **kwargs: None)
    monkeypatch.setattr(incidents, "_RELEASES", {})
    make_quarter_of_reports()
    start, end = (
        context("quarterly_hate", MIDDLESBROUGH).period_start,
        context("quarterly_hate", MIDDLESBROUGH).period_end,
    )
    with pytest.raises(AssertionError, match="can be narrowed below"):
        _attack_every_pack_of_the_period(start, end, "public", alice)
