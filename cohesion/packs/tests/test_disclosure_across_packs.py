"""Packs issued for overlapping periods and for two audiences, attacked together.

Each pack hides its small counts and enough others that none can be worked out
from that pack's own tables (``test_disclosure_attack``). Here the attacker
holds several public packs at once and subtracts one from another: the
quarterly report and the ward briefings for the year 2025 beside the same
packs for its quarters. A year is the sum of its quarters, so a count hidden
in a quarter must not be recoverable as the year less the other quarters, nor
a count hidden in the year from its quarters. Quarters the attacker has no
pack for are unknown (at least 0), which the attacker writes as "the year is
at least the quarters read". Public packs for other periods (a month, two
months, a quarter's first six weeks) would overlap these, so they are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

import pytest

from cohesion.packs.contents import SECTION_BUILDERS, Audience, PackContext, Section, SectionError
from cohesion.packs.periods import Period, parse_period
from cohesion.packs.sections.common import HIDDEN
from cohesion.packs.tests.reports import (
    CENTRAL,
    MIDDLESBROUGH,
    SECTION_KEYS,
    UK,
    make_quarter_of_reports,
)
from cohesion.packs.tests.test_disclosure_attack import (
    Reader,
    _read_briefing,
    _read_quarterly,
    _relations,
)
from cohesion.places.queries import children_of, get_area
from cohesion.tensions.choices import Category, Channel
from cohesion.tensions.tests.factories_reports import ReportFactory
from cohesion.testing.disclosure_attack import Published, assert_no_hidden_cell_narrower_than

pytestmark = pytest.mark.django_db

PANEL = "Community Safety Scrutiny Panel"


class PeriodReader(Reader):
    """A reader that files each figure under the period of the pack it was read in."""

    def __init__(self) -> None:
        super().__init__()
        self.period = ""

    def read(self, key: Hashable, shown: Any) -> None:
        if isinstance(key, tuple) and key and key[0] == "trend":
            # A row of the trend table is that quarter's council figure.
            super().read((key[1], MIDDLESBROUGH, "hate_incident"), shown)
            return
        super().read((self.period, key), shown)


def make_second_quarter_of_reports() -> None:
    """Six hate incidents in Central in May 2025, beside its one in the July to September quarter."""
    for day in range(6):
        ReportFactory(
            ward_code=CENTRAL,
            category=Category.HATE_INCIDENT,
            channel=Channel.PUBLIC_ONLINE,
            motivations=["race"],
            created_at=dt.datetime(2025, 5, 5 + day, 10, tzinfo=UK),
            occurred_at=None,
        )


def _build(
    kind: str, area: str, period: Period, audience: Audience, user: Any
) -> dict[str, Section]:
    ctx = PackContext(
        kind=kind,
        area_code=area,
        period_start=period.start,
        period_end=period.end,
        audience=audience,
        user=user,
    )
    return {
        key: SECTION_BUILDERS[key](ctx)
        for key in SECTION_KEYS[kind]
        if key.startswith(("hate-", "ward-incidents"))
    }


def _read_period(reader: PeriodReader, period: Period, user: Any) -> tuple[list[Any], list[Any]]:
    council = get_area(MIDDLESBROUGH)
    wards = [w.code for w in children_of(council)]
    public = Audience("public")
    reader.period = period.label
    local = Reader()
    # Read the period's packs into a reader of its own too, to list its relations.
    for target in (reader, local):
        _read_quarterly(
            target,
            _build("quarterly_hate", MIDDLESBROUGH, period, public, user),
            MIDDLESBROUGH,
            period.label,
        )
        for ward in wards:
            _read_briefing(target, _build("ward_briefing", ward, period, public, user), ward)
    exact, at_least = _relations(local, MIDDLESBROUGH, wards)
    # The relations within the period, on the period's keys.
    exact = [((period.label, t), [(period.label, p) for p in parts]) for t, parts in exact]
    at_least = [((period.label, t), [(period.label, p) for p in parts]) for t, parts in at_least]
    return exact, at_least


def _over_time(
    reader: PeriodReader, whole: str, parts: list[str]
) -> list[tuple[Hashable, list[Hashable]]]:
    """Every figure of ``whole`` is at least the sum of the same figure in ``parts`` (months or quarters read)."""
    relations: list[tuple[Hashable, list[Hashable]]] = []
    cells = reader.cells
    for key in [k for k in list(cells) if isinstance(k, tuple) and k[0] == whole]:
        meaning = key[1]
        found = []
        for part in parts:
            if (part, meaning) not in cells:
                cells[(part, meaning)] = 0  # not in that period's pack: none that period
            found.append((part, meaning))
        relations.append((key, found))
    return relations


def _attack(periods: list[str], wholes: list[tuple[str, list[str]]], user: Any) -> int:
    reader = PeriodReader()
    exact: list[Any] = []
    at_least: list[Any] = []
    for text in periods:
        e, a = _read_period(reader, parse_period(text), user)
        exact += e
        at_least += a
    for whole, parts in wholes:
        at_least += _over_time(reader, whole, parts)
    published = Published(cells=reader.cells, relations=exact, at_least=at_least)
    return assert_no_hidden_cell_narrower_than(published, 3)


def test_a_quarter_hidden_in_its_pack_cannot_be_worked_out_from_the_years_pack(alice: Any) -> None:
    make_quarter_of_reports()
    make_second_quarter_of_reports()
    hidden = _attack(
        ["2025", "2025-Q3", "2025-Q2", "2025-Q4"],
        [("2025", ["2025 Q2", "2025 Q3", "2025 Q4"])],
        alice,
    )
    assert hidden >= 5


def test_a_quarter_hidden_in_its_pack_cannot_be_worked_out_from_the_year_to_date(
    alice: Any,
) -> None:
    make_quarter_of_reports()
    make_second_quarter_of_reports()
    hidden = _attack(
        ["2025-01-01..2025-09-30", "2025-Q3", "2025-Q2"],
        [("1 January 2025 to 30 September 2025", ["2025 Q2", "2025 Q3"])],
        alice,
    )
    assert hidden >= 5


def test_the_attack_finds_a_month_given_away_by_its_quarter_when_each_is_protected_alone(
    alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As packs once were: any period, each protected on its own. The quarter less July gives August away."""
    from cohesion.packs.sections import incidents

    monkeypatch.setattr(incidents, "grid_quarters", lambda start, end: [(start, end)])
    make_quarter_of_reports()
    with pytest.raises(AssertionError, match="can be narrowed below"):
        _attack(
            ["2025-Q3", "2025-07", "2025-08"], [("2025 Q3", ["July 2025", "August 2025"])], alice
        )


@pytest.mark.parametrize(
    "period",
    ["2025-07", "2025-07-01..2025-08-31", "2025-07-01..2025-09-29", "2025-02-01..2025-10-31"],
)
def test_a_public_pack_for_a_period_off_the_calendar_grid_is_refused(
    period: str, alice: Any
) -> None:
    """A month, two months or most of a quarter would subtract from the quarter's pack."""
    make_quarter_of_reports()
    with pytest.raises(SectionError, match="whole calendar quarters"):
        _build("quarterly_hate", MIDDLESBROUGH, parse_period(period), Audience("public"), alice)


def test_a_restricted_pack_may_cover_any_period(alice: Any) -> None:
    make_quarter_of_reports()
    period = parse_period("2025-07-01..2025-08-31")
    sections = _build("quarterly_hate", MIDDLESBROUGH, period, Audience("restricted", PANEL), alice)
    assert sections["hate-strands"].tables[0].rows[-1][1] == 25


def test_the_years_pack_and_its_quarters_packs_agree_where_both_show_a_figure(
    alice: Any,
) -> None:
    """The quarters' counts shown add up to the year's wherever all five are shown."""
    make_quarter_of_reports()
    make_second_quarter_of_reports()
    public = Audience("public")
    by_period = {
        text: _build("quarterly_hate", MIDDLESBROUGH, parse_period(text), public, alice)
        for text in ("2025", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
    }
    checked = 0
    year = by_period["2025"]["hate-wards"].tables[0].rows
    months = [by_period[f"2025-Q{q}"]["hate-wards"].tables[0].rows for q in range(1, 5)]
    for i, row in enumerate(year):
        for j, value in enumerate(row[2:], start=2):
            parts = [m[i][j] for m in months]
            if value != HIDDEN and HIDDEN not in parts:
                assert value == sum(parts)
                checked += 1
    assert checked >= 10


def test_the_trend_shows_each_quarter_as_that_quarters_own_pack_does(alice: Any) -> None:
    make_quarter_of_reports()
    public = Audience("public")
    year = _build("quarterly_hate", MIDDLESBROUGH, parse_period("2025-Q4"), public, alice)
    q3 = _build("quarterly_hate", MIDDLESBROUGH, parse_period("2025-Q3"), public, alice)
    trend = {row[0]: row[1] for row in year["hate-trend"].tables[0].rows}
    assert list(trend) == ["2024 Q4", "2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
    assert trend["2025 Q3"] == q3["hate-strands"].tables[0].rows[-1][1]
    assert trend["2025 Q2"] == 0
