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
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass

from cohesion.core.disclosure import Disclosed, LinkedCounts, Rule
from cohesion.packs.contents import PackContext
from cohesion.places.models import Area
from cohesion.places.queries import children_of, get_area
from cohesion.tensions.choices import Category, Channel, ClosureReason, LinkKind, Motivation, Status
from cohesion.tensions.queries import counted_reports, referrals_of, repeat_links_of

__all__ = ["ALL", "PeriodFigures", "council_figures", "period_figures"]

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
    disclosed: Disclosed
    wards: list[str]
    organisations: list[str]
    centres: list[str]
    referral_organisations: list[str]
    outcomes: list[str]
    total_reports: int

    def value(self, key: Hashable) -> int | None:
        return self.disclosed.value(key)

    def area(self, area: str, category: str = ALL, facet: str = ALL) -> int | None:
        return self.disclosed.value(("area", area, category, facet))


def _outcome(status: str, closure: str) -> str:
    return closure if status == Status.CLOSED and closure else f"open:{status}"


def outcome_label(outcome: str) -> str:
    if outcome.startswith("open:"):
        return str(Status(outcome[5:]).label)
    return str(ClosureReason(outcome).label)


def period_figures(
    council_code: str, ward_codes: list[str], start: dt.date, end: dt.date, rule: Rule
) -> PeriodFigures:
    """Count the council's reports dated in the period and protect every figure together."""
    reports = counted_reports([council_code], start, end)
    linked = LinkedCounts()
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
                linked.add(key, count[key], published=published)
            linked.total(
                ("area", area, category, ALL), [("area", area, category, f) for f in facets[1:]]
            )
        for facet in facets:
            linked.total(("area", area, ALL, facet), [("area", area, c, facet) for c in CATEGORIES])
        for strand in STRANDS:
            key = ("area", area, HATE, f"strand:{strand}")
            linked.add(key, count[key], published=published)
    for category in [*CATEGORIES, ALL]:
        for facet in facets:
            linked.total(
                ("area", council_code, category, facet),
                [("area", a, category, facet) for a in areas[1:]],
            )
    for strand in STRANDS:
        linked.total(
            ("area", council_code, HATE, f"strand:{strand}"),
            [("area", a, HATE, f"strand:{strand}") for a in areas[1:]],
        )

    # Timescales, for hate incidents, by the organisation handling them.
    hate = [r for r in reports if r.category == HATE]
    # Cases not yet assigned are nobody's performance: they enter the council's
    # total but are never shown, so they link the timescales to the headline
    # counts only loosely (a small number of them hides no headline figure).
    organisations = sorted({r.assigned_organisation for r in hate} - {NOT_ASSIGNED})
    for r in hate:
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
    for org in organisations:
        for measure in ("reports", "first_met", "first_not", "senior_met", "senior_not"):
            linked.add(("org", org, measure), count[("org", org, measure)])
        linked.total(
            ("org", org, "reports"), [("org", org, "first_met"), ("org", org, "first_not")]
        )
        linked.total(
            ("org", org, "reports"), [("org", org, "senior_met"), ("org", org, "senior_not")]
        )
    linked.add(
        ("org", NOT_ASSIGNED, "reports"), count[("org", NOT_ASSIGNED, "reports")], published=False
    )
    linked.total(
        ("area", council_code, HATE, ALL),
        [("org", org, "reports") for org in [*organisations, NOT_ASSIGNED]],
    )

    # Reporting centres.
    by_centre = Counter(
        r.entered_by_organisation for r in reports if r.channel == Channel.REPORTING_CENTRE
    )
    centres = sorted(set(by_centre) - {NOT_ASSIGNED})
    for centre in centres:
        linked.add(("centre", centre), by_centre[centre])
    linked.add(("centre", NOT_ASSIGNED), by_centre[NOT_ASSIGNED], published=False)
    linked.total(
        ("area", council_code, ALL, f"channel:{Channel.REPORTING_CENTRE}"),
        [("centre", c) for c in [*centres, NOT_ASSIGNED]],
    )

    # Repeat victims and locations: reports linked to another as such.
    repeats = repeat_links_of([r.pk for r in reports])
    for kind in (LinkKind.REPEAT_VICTIM, LinkKind.REPEAT_LOCATION):
        linked.add(("repeat", str(kind)), len(repeats[kind]))

    # Referrals made of these reports, and what became of the referred reports.
    referrals = referrals_of([r.pk for r in reports])
    by_organisation = Counter(ref.organisation for ref in referrals)
    referral_organisations = sorted(by_organisation)
    for org in referral_organisations:
        linked.add(("referral", org), by_organisation[org])
    linked.add(("referral", ALL), len(referrals))
    linked.total(("referral", ALL), [("referral", o) for o in referral_organisations])
    referred = {ref.report_pk for ref in referrals}
    by_outcome = Counter(_outcome(r.status, r.closure_reason) for r in reports if r.pk in referred)
    outcomes = sorted(by_outcome)
    for outcome in outcomes:
        linked.add(("outcome", outcome), by_outcome[outcome])
    linked.add(("outcome", ALL), len(referred))
    linked.total(("outcome", ALL), [("outcome", o) for o in outcomes])

    return PeriodFigures(
        council_code=council_code,
        start=start,
        end=end,
        rule=rule,
        disclosed=linked.protect(rule),
        wards=list(ward_codes),
        organisations=organisations,
        centres=centres,
        referral_organisations=referral_organisations,
        outcomes=outcomes,
        total_reports=len(reports),
    )


def council_figures(ctx: PackContext, area: Area) -> tuple[PeriodFigures, Area, list[Area]]:
    """The protected figures of the council holding ``area`` for the pack's period and audience."""
    from cohesion.packs.sections.common import council_code_of, rule_for_audience

    council = get_area(council_code_of(area), on_date=ctx.period_end)
    wards = children_of(council, on_date=ctx.period_end)
    rule = rule_for_audience(ctx.audience, council.code)
    figures = period_figures(
        council.code, [w.code for w in wards], ctx.period_start, ctx.period_end, rule
    )
    return figures, council, wards
