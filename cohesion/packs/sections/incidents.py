"""Every incident-report figure a pack can show for one council and period, protected together.

The ward briefing and the quarterly hate-incident report publish figures from
the same reports: a ward's count by channel in one, the ward's total beside
its council's in the other. If each pack protected its own tables, a count
hidden in one could be read off the other, so :func:`period_figures` puts
everything either pack can show for a council and period into one
:class:`cohesion.core.disclosure.LinkedCounts` and protects it in one call
(the rule of the developers' guide: protect the union of everything published
from the same totals). Every pack for that council, period and audience then
hides the same cells, whichever tables it shows.

Linked totals (each a relation the attacker is told about):

* for the council and every ward: all reports = hate incidents + community
  tension, overall and for each channel; each category = the sum of its channels;
* for each category, channel and hate-crime strand: the council = its wards +
  reports with no ward (never shown);
* hate incidents by organisation handling them: reports = first contact within
  24 hours + not; = senior contact within 7 days + not; the organisations
  and the cases not yet assigned (never shown) add up to the council's hate incidents;
* reports through reporting centres: the centres (and reports with no centre
  named, never shown) add up to the council's reporting-centre channel;
* referrals: the organisations add up to all referrals; referred reports by
  their outcome add up to the referred reports.

Strands are not a partition (a report can name several), so they are linked
only across areas, never to the category total.

Periods. Packs for overlapping periods could be subtracted from each other
(the year less three of its quarters is the fourth), so the calendar quarter
is the grain: a quarter is protected as above, and a longer run of whole
quarters (a year, a year to date) shows each figure as the sum of its
quarters' figures as shown, hidden where any of them is hidden. It adds
nothing to what the quarters' packs show. A public pack for any other period
(a month, six weeks) is refused; a restricted pack may have one, protected on
its own (see ``docs/developers.md``, "Disclosure control in packs").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cohesion.core.disclosure import LinkedCounts, Rule
from cohesion.packs.contents import PackContext, SectionError
from cohesion.places.models import Area
from cohesion.places.queries import children_of
from cohesion.tensions.choices import Category, Channel, ClosureReason, LinkKind, Motivation, Status
from cohesion.tensions.queries import (
    ReferralRow,
    ReportRow,
    counted_reports,
    referrals_of,
    repeat_links_of,
)

__all__ = ["ALL", "PeriodFigures", "council_figures", "grid_quarters", "period_figures"]

ALL = "all"
HATE = str(Category.HATE_INCIDENT)
TENSION = str(Category.TENSION)
CATEGORIES = [HATE, TENSION]
CHANNELS = [str(c) for c in Channel.values]
STRANDS = [str(m) for m in Motivation.values]
FIRST_CONTACT = dt.timedelta(hours=24)
SENIOR_CONTACT = dt.timedelta(days=7)
NOT_ASSIGNED = ""


@dataclass(frozen=True)
class PeriodFigures:
    """The protected figures of one council and period, and the lists of what they cover."""

    council_code: str
    start: dt.date
    end: dt.date
    rule: Rule
    shown: Mapping[Hashable, int | None]
    wards: list[str]
    organisations: list[str]
    centres: list[str]
    referral_organisations: list[str]
    outcomes: list[str]
    total_reports: int

    def value(self, key: Hashable) -> int | None:
        return self.shown[key]

    def area(self, area: str, category: str = ALL, facet: str = ALL) -> int | None:
        return self.value(("area", area, category, facet))


def _outcome(status: str, closure: str) -> str:
    return closure if status == Status.CLOSED and closure else f"open:{status}"


def outcome_label(outcome: str) -> str:
    if outcome.startswith("open:"):
        return str(Status(outcome[5:]).label)
    return str(ClosureReason(outcome).label)


# ------------------------------------------------------------------ the calendar grid


def grid_quarters(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]] | None:
    """The calendar quarters that make up the period exactly, or None if it is not whole quarters.

    A quarter, a calendar year, a year to date at a quarter's end: each is a
    run of whole quarters, and only such periods have public counts (see
    :func:`period_figures`).
    """
    from cohesion.packs.sections.common import quarter_of

    quarters = []
    day = start
    while day <= end:
        quarter = quarter_of(day)
        if quarter[0] != day or quarter[1] > end:
            return None
        quarters.append(quarter)
        day = quarter[1] + dt.timedelta(days=1)
    return quarters or None


@dataclass(frozen=True)
class _Lists:
    """What the rows of the tables are: the same for every period protected together."""

    organisations: list[str]
    centres: list[str]
    referral_organisations: list[str]
    outcomes: list[str]


def _lists(reports: list[ReportRow], referrals: list[ReferralRow]) -> _Lists:
    hate = [r for r in reports if r.category == HATE]
    referred = {ref.report_pk for ref in referrals}
    return _Lists(
        organisations=sorted({r.assigned_organisation for r in hate} - {NOT_ASSIGNED}),
        centres=sorted(
            {r.entered_by_organisation for r in reports if r.channel == Channel.REPORTING_CENTRE}
            - {NOT_ASSIGNED}
        ),
        referral_organisations=sorted({ref.organisation for ref in referrals}),
        outcomes=sorted(
            {_outcome(r.status, r.closure_reason) for r in reports if r.pk in referred}
        ),
    )


def _add_counts(
    linked: LinkedCounts,
    council_code: str,
    ward_codes: list[str],
    reports: list[ReportRow],
    referrals: list[ReferralRow],
    repeats: dict[str, set[int]],
    lists: _Lists,
) -> None:
    """Add one period's counts and the totals linking them."""

    def add(key: Hashable, value: int, published: bool = True) -> None:
        linked.add(key, value, published=published)

    total = linked.total

    count: Counter[Hashable] = Counter()
    known_wards = set(ward_codes)
    facets = [ALL, *(f"channel:{c}" for c in CHANNELS)]
    for r in reports:
        ward = r.ward_code if r.ward_code in known_wards else NOT_ASSIGNED
        for area in (council_code, ward):
            for category in (r.category, ALL):
                count[("area", area, category, ALL)] += 1
                count[("area", area, category, f"channel:{r.channel}")] += 1
            if r.category == HATE:
                for strand in set(r.motivations) & set(STRANDS):
                    count[("area", area, HATE, f"strand:{strand}")] += 1
    areas = [council_code, *ward_codes, NOT_ASSIGNED]
    for area in areas:
        published = area != NOT_ASSIGNED
        for category in [*CATEGORIES, ALL]:
            for facet in facets:
                key = ("area", area, category, facet)
                add(key, count[key], published)
            total(("area", area, category, ALL), [("area", area, category, f) for f in facets[1:]])
        for facet in facets:
            total(("area", area, ALL, facet), [("area", area, c, facet) for c in CATEGORIES])
        for strand in STRANDS:
            key = ("area", area, HATE, f"strand:{strand}")
            add(key, count[key], published)
    for category in [*CATEGORIES, ALL]:
        for facet in facets:
            total(
                ("area", council_code, category, facet),
                [("area", a, category, facet) for a in areas[1:]],
            )
    for strand in STRANDS:
        total(
            ("area", council_code, HATE, f"strand:{strand}"),
            [("area", a, HATE, f"strand:{strand}") for a in areas[1:]],
        )

    # Timescales, for hate incidents, by the organisation handling them. Cases
    # not yet assigned are nobody's performance: they enter the council's total
    # but are never shown, so they link the timescales to the headline counts
    # only loosely (a small number of them hides no headline figure).
    for r in reports:
        if r.category != HATE:
            continue
        org = r.assigned_organisation
        if org == NOT_ASSIGNED:
            count[("org", NOT_ASSIGNED, "reports")] += 1
            continue
        first = (
            r.first_contact_at is not None and r.first_contact_at - r.created_at <= FIRST_CONTACT
        )
        senior = (
            r.senior_contact_at is not None and r.senior_contact_at - r.created_at <= SENIOR_CONTACT
        )
        count[("org", org, "reports")] += 1
        count[("org", org, "first_met" if first else "first_not")] += 1
        count[("org", org, "senior_met" if senior else "senior_not")] += 1
    for org in lists.organisations:
        for measure in ("reports", "first_met", "first_not", "senior_met", "senior_not"):
            add(("org", org, measure), count[("org", org, measure)])
        total(("org", org, "reports"), [("org", org, "first_met"), ("org", org, "first_not")])
        total(("org", org, "reports"), [("org", org, "senior_met"), ("org", org, "senior_not")])
    add(("org", NOT_ASSIGNED, "reports"), count[("org", NOT_ASSIGNED, "reports")], False)
    total(
        ("area", council_code, HATE, ALL),
        [("org", org, "reports") for org in [*lists.organisations, NOT_ASSIGNED]],
    )

    # Reporting centres.
    by_centre = Counter(
        r.entered_by_organisation for r in reports if r.channel == Channel.REPORTING_CENTRE
    )
    for centre in lists.centres:
        add(("centre", centre), by_centre[centre])
    add(("centre", NOT_ASSIGNED), by_centre[NOT_ASSIGNED], False)
    total(
        ("area", council_code, ALL, f"channel:{Channel.REPORTING_CENTRE}"),
        [("centre", c) for c in [*lists.centres, NOT_ASSIGNED]],
    )

    # Repeat victims and locations: reports linked to another as such.
    pks = {r.pk for r in reports}
    for kind in (LinkKind.REPEAT_VICTIM, LinkKind.REPEAT_LOCATION):
        add(("repeat", str(kind)), len(repeats[kind] & pks))

    # Referrals made of these reports, and what became of the referred reports.
    made = [ref for ref in referrals if ref.report_pk in pks]
    by_organisation = Counter(ref.organisation for ref in made)
    for org in lists.referral_organisations:
        add(("referral", org), by_organisation[org])
    add(("referral", ALL), len(made))
    total(("referral", ALL), [("referral", o) for o in lists.referral_organisations])
    referred = {ref.report_pk for ref in made}
    by_outcome = Counter(_outcome(r.status, r.closure_reason) for r in reports if r.pk in referred)
    for outcome in lists.outcomes:
        add(("outcome", outcome), by_outcome[outcome])
    add(("outcome", ALL), len(referred))
    total(("outcome", ALL), [("outcome", o) for o in lists.outcomes])


# Periods already protected, by everything they were protected from (see :func:`_protected`).
_RELEASES: dict[Hashable, PeriodFigures] = {}
_RELEASES_KEPT = 64


def _protected(
    council_code: str, ward_codes: list[str], start: dt.date, end: dt.date, rule: Rule
) -> PeriodFigures:
    """Every figure of one period, protected together in one call.

    The result depends only on the rows counted, so it is kept under a
    fingerprint of them: every section of a pack, and every pack of the same
    council, period and rule, reads the same release until the data changes.
    """
    reports = counted_reports([council_code], start, end)
    pks = [r.pk for r in reports]
    referrals = referrals_of(pks)
    repeats = repeat_links_of(pks)
    fingerprint = (
        council_code,
        tuple(ward_codes),
        start,
        end,
        rule,
        tuple(reports),
        tuple(referrals),
        tuple(sorted((k, tuple(sorted(v))) for k, v in repeats.items())),
    )
    if fingerprint in _RELEASES:
        return _RELEASES[fingerprint]
    lists = _lists(reports, referrals)
    linked = LinkedCounts()
    _add_counts(linked, council_code, ward_codes, reports, referrals, repeats, lists)
    release = PeriodFigures(
        council_code=council_code,
        start=start,
        end=end,
        rule=rule,
        shown=linked.protect(rule).shown,
        wards=list(ward_codes),
        organisations=lists.organisations,
        centres=lists.centres,
        referral_organisations=lists.referral_organisations,
        outcomes=lists.outcomes,
        total_reports=len(reports),
    )
    if len(_RELEASES) >= _RELEASES_KEPT:
        _RELEASES.pop(next(iter(_RELEASES)))
    _RELEASES[fingerprint] = release
    return release


def _sum_of(parts: list[PeriodFigures], start: dt.date, end: dt.date) -> PeriodFigures:
    """A run of quarters: each figure the sum of the quarters' figures as shown, hidden if any is."""
    keys = list(dict.fromkeys(key for part in parts for key in part.shown))
    shown: dict[Hashable, int | None] = {}
    for key in keys:
        # A row missing from a quarter (an organisation with no cases then) is a zero there.
        values = [part.shown.get(key, 0) for part in parts]
        shown[key] = None if any(v is None for v in values) else sum(v or 0 for v in values)

    def union(name: str) -> list[str]:
        return sorted({item for part in parts for item in getattr(part, name)})

    return PeriodFigures(
        council_code=parts[0].council_code,
        start=start,
        end=end,
        rule=parts[0].rule,
        shown=shown,
        wards=parts[0].wards,
        organisations=union("organisations"),
        centres=union("centres"),
        referral_organisations=union("referral_organisations"),
        outcomes=union("outcomes"),
        total_reports=sum(part.total_reports for part in parts),
    )


def period_figures(
    council_code: str, ward_codes: list[str], start: dt.date, end: dt.date, rule: Rule
) -> PeriodFigures:
    """The council's figures for the period, such that no two periods' packs can be subtracted.

    The calendar quarter is the grain. A quarter's figures are protected
    together, as one release. A longer run of whole quarters (a year, a year
    to date) shows, for each figure, the sum of its quarters' figures as they
    are shown, and hides it if any of them is hidden: it tells nobody anything
    its quarters' packs do not, so a quarter's hidden count cannot be worked
    out as the year less the other quarters. Quarters share no figure, so
    packs for different quarters cannot be set against each other either.
    Any other period (a month, two months, six weeks) is protected on its
    own; only a restricted pack may ask for one (:func:`council_figures`),
    since it would overlap the quarters' public packs.
    """
    quarters = grid_quarters(start, end)
    if quarters is None or len(quarters) == 1:
        return _protected(council_code, list(ward_codes), start, end, rule)
    parts = [_protected(council_code, list(ward_codes), s, e, rule) for s, e in quarters]
    return _sum_of(parts, start, end)


def council_figures(ctx: PackContext, area: Area) -> tuple[PeriodFigures, Area, list[Area]]:
    """The protected figures of the council holding ``area`` for the pack's period and audience."""
    from cohesion.packs.sections.common import council_of, rule_for_audience

    council = council_of(area)
    wards = children_of(council, on_date=ctx.period_end)
    rule = rule_for_audience(ctx.audience, council.code)
    if (
        ctx.audience.kind != "restricted"
        and grid_quarters(ctx.period_start, ctx.period_end) is None
    ):
        raise SectionError(
            _(
                "Counts of incident reports are published for whole calendar quarters, so that "
                "no two public packs can be subtracted from each other to reveal a small count. "
                "Choose a quarter (2025-Q3), a year (2025) or dates from the start of a quarter "
                "to the end of one, or make a restricted pack for a named panel."
            )
        )
    figures = period_figures(
        council.code, [w.code for w in wards], ctx.period_start, ctx.period_end, rule
    )
    return figures, council, wards
