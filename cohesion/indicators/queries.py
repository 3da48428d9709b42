"""Read-only questions about indicators, for views, the API and other apps (plans, reports)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext as _

from cohesion.core.disclosure import threshold_rule
from cohesion.core.params import BadParameter, date_param
from cohesion.indicators.calculations.intervals import compare_intervals
from cohesion.indicators.choices import Aggregation, Unit
from cohesion.indicators.models import Indicator, IndicatorValue, period_label
from cohesion.indicators.publish import NATIONAL_AREAS
from cohesion.places.choices import Level
from cohesion.places.models import Area

ENGLAND = "E92000001"
WALES = "W92000004"
NATIONAL_NAMES = {
    "E92000001": "England",
    "W92000004": "Wales",
    "K04000001": "England and Wales",
}
Period = tuple[dt.date, dt.date]

# The measures the ward ranking starts with: deprivation and the tension-related crime types.
DEFAULT_RANKING = (
    "imd-score",
    "crime-violence-sexual-offences",
    "crime-public-order",
    "crime-anti-social-behaviour",
    "crime-criminal-damage-arson",
)
# Where a council's wards hold none of the default measures (a Welsh council: IMD
# 2025 covers England only, and police.uk crime is loaded for Cleveland only), the
# ranking starts from Census 2021 measures that every ward of England and Wales holds.
CENSUS_RANKING = (
    "economic-inactivity",
    "english-proficiency-low",
    "household-no-english",
)


def get_indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404(f"No indicator has the code {code}.")
    return indicator


def area_name(code: str) -> str:
    if code in NATIONAL_NAMES:
        return NATIONAL_NAMES[code]
    area = Area.objects.filter(code=code).order_by("-generation__valid_from").first()
    return area.name if area else code


def current_wards(council_code: str) -> list[Area]:
    """The council's wards in the boundaries valid today, by name."""
    return list(
        Area.objects.current(Level.WARD)
        .filter(parent__code=council_code)
        .select_related("generation", "parent")
        .order_by("name")
    )


def latest_period(indicator: Indicator, codes: Iterable[str]) -> Period | None:
    """The most recent period for which any of the areas has a value of the indicator."""
    qs = IndicatorValue.objects.filter(indicator=indicator, area_code__in=list(codes))
    end = qs.aggregate(end=Max("period_end"))["end"]
    if end is None:
        return None
    start = (
        qs.filter(period_end=end).order_by("period_start").values_list("period_start", flat=True)
    ).first()
    return (start, end) if start else None


def periods_for(indicator: Indicator, codes: Iterable[str]) -> list[Period]:
    """Every period held for the indicator in any of the areas, newest first."""
    rows = (
        IndicatorValue.objects.filter(indicator=indicator, area_code__in=list(codes))
        .values_list("period_start", "period_end")
        .distinct()
        .order_by("-period_end", "-period_start")
    )
    return [(start, end) for start, end in rows]


def values_at(
    indicator: Indicator, codes: Iterable[str], period: Period
) -> dict[str, IndicatorValue]:
    return {
        v.area_code: v
        for v in IndicatorValue.objects.filter(
            indicator=indicator,
            area_code__in=list(codes),
            period_start=period[0],
            period_end=period[1],
        ).select_related("dataset")
    }


def parse_period(text: str | None) -> Period | None:
    """A period written ``YYYY-MM-DD_YYYY-MM-DD`` (as in the addresses of maps and rankings)."""
    if not text:
        return None
    start = date_param({"period": text.split("_", 1)[0]}, "period")
    end = date_param({"period": text.split("_", 1)[-1]}, "period") if "_" in text else None
    if start is None or end is None:
        raise BadParameter("period", "The period must be written as YYYY-MM-DD_YYYY-MM-DD.")
    return start, end


def period_key(period: Period) -> str:
    return f"{period[0].isoformat()}_{period[1].isoformat()}"


def shown_value(value: IndicatorValue | None) -> float | None:
    """The value as public pages may show it: None when missing or suppressed."""
    if value is None or value.suppressed:
        return None
    return value.value


# A 95% interval spans 2 x 1.96 standard errors (normal approximation).
Z95 = 1.959964


def ranking_uncertainty(
    held: dict[str, dict[str, IndicatorValue]], units: dict[str, str], areas: list[str]
) -> dict[str, pd.DataFrame]:
    """What is uncertain about the values a ranking uses, as :func:`rank_intervals` takes it.

    ``held`` maps each measure to the values of the areas. A count or a rate
    per 1,000 with its numerator is a count of events (``counts`` and
    ``scales``: value = count x scale); any other value with a 95% interval
    (a survey estimate) gets the standard error of that interval (``errors``);
    everything else is held fixed.
    """
    counts = pd.DataFrame(index=areas, columns=list(held), dtype=float)
    scales = counts.copy()
    errors = counts.copy()
    for measure, values in held.items():
        for area in areas:
            value = values.get(area)
            shown = shown_value(value)
            if value is None or shown is None:
                continue
            events = units[measure] in (Unit.COUNT, Unit.RATE_PER_1000)
            if events and value.numerator is not None and value.numerator >= 0:
                if value.numerator > 0:
                    scale = shown / value.numerator
                elif units[measure] == Unit.COUNT:
                    scale = 1.0
                elif value.denominator:
                    scale = 1000.0 / value.denominator
                else:
                    continue
                counts.loc[area, measure], scales.loc[area, measure] = value.numerator, scale
            elif value.lower is not None and value.upper is not None:
                errors.loc[area, measure] = (value.upper - value.lower) / (2 * Z95)
    return {"counts": counts, "scales": scales, "errors": errors}


def plausible_text(low: float | None, high: float | None) -> str:
    """ "plausibly 2nd to 5th" for a rank interval, or "" when it has none or is one rank."""
    if low is None or high is None or pd.isna(low) or pd.isna(high) or low == high:
        return ""
    return _("plausibly %(low)s to %(high)s") % {"low": f"{low:g}", "high": f"{high:g}"}


def format_value(number: float | None, unit: str) -> str:
    """A number as a person reads it, in the indicator's unit."""
    if number is None:
        return "–"
    if unit == Unit.PERCENTAGE:
        return f"{number:,.1f}%"
    if unit == Unit.RATE_PER_1000:
        return f"{number:,.1f}"
    if unit == Unit.COUNT:
        return f"{number:,.0f}"
    if unit == Unit.INDEX:
        return f"{number:.3f}"
    return f"{number:,.1f}"


def value_row(value: IndicatorValue, *, include_dataset: bool = True) -> dict[str, Any]:
    """One value as the JSON and CSV twins give it, with small numbers suppressed."""
    suppressed = value.suppressed
    row: dict[str, Any] = {
        "indicator": value.indicator.code,
        "title": value.indicator.title,
        "area_code": value.area_code,
        "area_level": value.area_level,
        "period_start": value.period_start,
        "period_end": value.period_end,
        "period": value.period_label,
        "value": None if suppressed else value.value,
        "unit": value.indicator.unit,
        "numerator": None if suppressed else value.numerator,
        "denominator": value.denominator,
        "lower": None if suppressed else value.lower,
        "upper": None if suppressed else value.upper,
        "suppressed": suppressed,
        "aggregation": value.aggregation,
        "aggregation_method": str(value.get_aggregation_display()),
    }
    if include_dataset:
        row["dataset"] = value.dataset.source
        row["dataset_title"] = value.dataset.title
    return row


def aggregation_methods(
    indicator: Indicator, area_codes: Iterable[str] | None = None
) -> list[dict[str, str]]:
    """How the indicator's values were built at each level of geography (one row per level and method).

    With ``area_codes``, only the values of those areas. Each row has the
    ``level`` (code and label), the ``aggregation`` code and its ``method`` label.
    """
    qs = IndicatorValue.objects.filter(indicator=indicator)
    if area_codes is not None:
        qs = qs.filter(area_code__in=list(area_codes))
    pairs = sorted(set(qs.values_list("area_level", "aggregation")))
    order = {level: position for position, level in enumerate(Level.values)}
    pairs.sort(key=lambda pair: (order.get(pair[0], len(order)), pair[1]))
    return [
        {
            "level": level,
            "level_label": str(Level(level).label) if level in Level.values else level,
            "aggregation": method,
            "method": str(Aggregation(method).label) if method in Aggregation.values else method,
        }
        for level, method in pairs
    ]


@dataclass
class Comparator:
    label: str
    code: str
    name: str


def comparators_for(area: Area) -> list[Comparator]:
    """The larger areas an area is compared with: its council (for a ward), its region and England."""
    found: list[Comparator] = []
    council = None
    if area.level == Level.WARD and area.parent is not None:
        council = area.parent
        found.append(Comparator("Council", council.code, council.name))
    elif area.level == Level.COUNCIL:
        council = area
    elif area.level == Level.LSOA and area.parent is not None:
        found.append(Comparator("Ward", area.parent.code, area.parent.name))
        if area.parent.parent is not None:
            council = area.parent.parent
            found.append(Comparator("Council", council.code, council.name))
    if council is not None and council.parent is not None and council.parent.level == Level.REGION:
        found.append(Comparator("Region", council.parent.code, council.parent.name))
    if area.code != ENGLAND and area.code.startswith("E"):
        found.append(Comparator("England", ENGLAND, "England"))
    elif area.code != WALES and area.code.startswith("W"):
        found.append(Comparator("Wales", WALES, "Wales"))
    return found


@dataclass
class ProfileLine:
    """One indicator on an area's profile: its latest value, trend, comparisons and rank."""

    indicator: Indicator
    latest: IndicatorValue
    series: list[IndicatorValue]
    comparisons: list[tuple[Comparator, IndicatorValue | None]] = field(default_factory=list)
    rank: int | None = None
    rank_of: int | None = None
    rank_among: str = ""
    neighbour_rank: int | None = None
    neighbour_rank_of: int | None = None

    @property
    def shown(self) -> str:
        if self.latest.suppressed:
            return _("Suppressed (fewer than %(threshold)s)") % {
                "threshold": threshold_rule().threshold
            }
        return format_value(self.latest.value, self.indicator.unit)

    @property
    def interval(self) -> str:
        """The latest value's 95% interval as text ("10.1 to 14.8"), or "" when it has none."""
        return interval_text(self.latest)

    @property
    def marked_comparisons(self) -> list[tuple[Comparator, IndicatorValue | None, str]]:
        """Each comparison with whether the area differs from it beyond chance (see :func:`difference`)."""
        return [(c, v, difference(self.latest, v)) for c, v in self.comparisons]


def interval_text(value: IndicatorValue | None) -> str:
    if value is None or value.suppressed or value.lower is None or value.upper is None:
        return ""
    return _("%(low)s to %(high)s") % {"low": f"{value.lower:,.1f}", "high": f"{value.upper:,.1f}"}


def difference(value: IndicatorValue, other: IndicatorValue | None) -> str:
    """ "higher", "lower" or "similar" when intervals tell, "" when they cannot.

    A difference is marked only when the intervals separate
    (:func:`~cohesion.indicators.calculations.intervals.compare_intervals`).
    """
    if other is None or value.suppressed or other.suppressed:
        return ""
    outcome = compare_intervals(
        value.value, (value.lower, value.upper), other.value, (other.lower, other.upper)
    )
    if outcome is None:
        return ""
    return {1: "higher", -1: "lower"}.get(outcome, "similar")


def values_by_indicator(code: str) -> dict[int, list[IndicatorValue]]:
    """Every value held for an area, grouped by indicator, oldest period first."""
    grouped: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in (
        IndicatorValue.objects.filter(area_code=code)
        .select_related("indicator", "dataset")
        .order_by("indicator__display_order", "indicator__code", "period_end", "period_start")
    ):
        grouped[value.indicator_id].append(value)
    return grouped


def rank_within(
    lines: list[ProfileLine],
    area_code: str,
    peer_codes: list[str],
    among: str,
    *,
    as_neighbours: bool = False,
) -> None:
    """Give each line the area's rank among ``peer_codes`` on the same period (1 = highest value).

    With ``as_neighbours`` the rank is stored as the rank among the statistical
    neighbours (``peer_codes`` then includes the area itself).
    """
    if not lines or len(peer_codes) < 2:
        return
    wanted = {
        (line.indicator.pk, line.latest.period_start, line.latest.period_end) for line in lines
    }
    ends = {key[2] for key in wanted}
    peer_values: dict[tuple[int, dt.date, dt.date], list[tuple[str, float]]] = defaultdict(list)
    for indicator_id, code, start, end, number, suppressed in IndicatorValue.objects.filter(
        indicator_id__in={key[0] for key in wanted},
        area_code__in=peer_codes,
        period_end__in=ends,
    ).values_list("indicator_id", "area_code", "period_start", "period_end", "value", "suppressed"):
        key = (indicator_id, start, end)
        if key in wanted and number is not None and not suppressed:
            peer_values[key].append((code, number))
    for line in lines:
        if line.latest.suppressed or line.latest.value is None:
            continue
        peers = peer_values.get(
            (line.indicator.pk, line.latest.period_start, line.latest.period_end), []
        )
        if len(peers) < 2:
            continue
        higher = sum(1 for _, number in peers if number > line.latest.value)
        if as_neighbours:
            line.neighbour_rank, line.neighbour_rank_of = higher + 1, len(peers)
        else:
            line.rank, line.rank_of, line.rank_among = higher + 1, len(peers), among


def add_comparisons(lines: list[ProfileLine], comparators: list[Comparator]) -> None:
    if not comparators or not lines:
        return
    codes = [c.code for c in comparators]
    held: dict[tuple[int, str, dt.date, dt.date], IndicatorValue] = {}
    for value in IndicatorValue.objects.filter(
        indicator_id__in=[line.indicator.pk for line in lines], area_code__in=codes
    ):
        held[(value.indicator_id, value.area_code, value.period_start, value.period_end)] = value
    for line in lines:
        line.comparisons = [
            (
                comparator,
                held.get(
                    (
                        line.indicator.pk,
                        comparator.code,
                        line.latest.period_start,
                        line.latest.period_end,
                    )
                ),
            )
            for comparator in comparators
        ]


def profile_lines(area: Area, neighbour_codes: list[str] | None = None) -> list[ProfileLine]:
    """Every indicator held for an area, latest value first, with trend, comparisons and ranks.

    Ranks are among the council's wards (for a ward) or the councils of the
    nation (for a council), and, when ``neighbour_codes`` are given, among the
    area and its statistical neighbours.
    """
    lines = [
        ProfileLine(indicator=values[-1].indicator, latest=values[-1], series=values)
        for values in values_by_indicator(area.code).values()
    ]
    add_comparisons(lines, comparators_for(area))
    if area.level == Level.WARD and area.parent is not None:
        siblings = [w.code for w in current_wards(area.parent.code)]
        rank_within(lines, area.code, siblings, f"wards of {area.parent.name}")
    elif area.level == Level.COUNCIL and area.parent is not None:
        councils = list(
            Area.objects.current(Level.COUNCIL)
            .filter(code__startswith=area.code[0])
            .values_list("code", flat=True)
        )
        country = "England" if area.code.startswith("E") else "Wales"
        rank_within(lines, area.code, councils, f"councils in {country}")
    if neighbour_codes:
        rank_within(lines, area.code, [area.code, *neighbour_codes], "", as_neighbours=True)
    return lines


def national_level(code: str) -> str | None:
    return NATIONAL_AREAS.get(code)


def period_text(period: Period | None) -> str:
    return period_label(*period) if period else ""


def monthly_series(indicator_codes: Iterable[str], area_codes: Iterable[str]) -> pd.DataFrame:
    """Calendar-month values of indicators for areas, as a table for time-series methods.

    Rows are indexed by ``area`` (GSS code) and ``indicator`` (code), columns
    are the first days of the months (as timestamps, ascending). Only values
    whose period is exactly one calendar month are read; a month an area has
    no value for is missing (NaN). Areas with no values at all have no rows.
    Used by the early-warning run over police-recorded crime
    (:mod:`cohesion.tensions.alerting`).
    """
    rows = [
        (area, code, start, value)
        for area, code, start, end, value in IndicatorValue.objects.filter(
            indicator__code__in=list(indicator_codes), area_code__in=list(area_codes)
        ).values_list("area_code", "indicator__code", "period_start", "period_end", "value")
        if start.day == 1 and end == _month_end(start)
    ]
    frame = pd.DataFrame(rows, columns=["area", "indicator", "month", "value"])
    if frame.empty:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["area", "indicator"]))
    frame["month"] = pd.to_datetime(frame["month"])
    table = frame.pivot_table(
        index=["area", "indicator"], columns="month", values="value", aggfunc="first", dropna=False
    )
    months = pd.date_range(table.columns.min(), table.columns.max(), freq="MS")
    return table.reindex(columns=months).sort_index()


def _month_end(start: dt.date) -> dt.date:
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def areas_with_values(indicator_code: str, level: str) -> list[str]:
    """The codes of the areas at ``level`` that hold any value of an indicator, sorted."""
    return sorted(
        set(
            IndicatorValue.objects.filter(
                indicator__code=indicator_code, area_level=level
            ).values_list("area_code", flat=True)
        )
    )


@dataclass(frozen=True)
class SeriesPoint:
    """One published value of an indicator for one area and period, as other apps read it.

    ``value``, ``lower`` and ``upper`` are None when the value is missing or
    suppressed by disclosure control (``suppressed`` says which): a reader
    outside indicators never sees a number public pages would hide.
    """

    period_start: dt.date
    period_end: dt.date
    value: float | None
    lower: float | None
    upper: float | None
    suppressed: bool
    label: str
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class IndicatorSummary:
    """What another app needs to name an indicator and format its values."""

    code: str
    title: str
    unit: str
    polarity: str
    source: str


def indicator_summary(code: str) -> IndicatorSummary | None:
    """The indicator's title, unit, polarity and source, or None when no indicator has the code."""
    return indicator_summaries([code]).get(code)


def indicator_summaries(codes: Iterable[str]) -> dict[str, IndicatorSummary]:
    """:func:`indicator_summary` for several codes in one query; unknown codes are left out."""
    return {
        i.code: IndicatorSummary(
            code=i.code, title=i.title, unit=i.unit, polarity=i.polarity, source=i.source
        )
        for i in Indicator.objects.filter(code__in=list(codes))
    }


def area_names(codes: Iterable[str]) -> dict[str, str]:
    """:func:`area_name` for several codes in one query (the newest boundary's name wins)."""
    wanted = set(codes)
    names = {code: NATIONAL_NAMES[code] for code in wanted if code in NATIONAL_NAMES}
    for code, name in (
        Area.objects.filter(code__in=wanted - set(names))
        .order_by("generation__valid_from")
        .values_list("code", "name")
    ):
        names[code] = name
    return {code: names.get(code, code) for code in wanted}


def indicator_choices() -> list[tuple[str, str]]:
    """Every indicator as (code, title), in display order, for forms that bind to one."""
    return list(Indicator.objects.values_list("code", "title"))


def area_series(indicator_code: str, area_code: str) -> list[SeriesPoint]:
    """The whole series of one indicator for one area, oldest period first, with intervals.

    Used by plans to judge targets (cohesion.plans.services). Suppressed values
    come back without their numbers.
    """
    return series_for_areas(indicator_code, [area_code]).get(area_code, [])


def series_for_areas(
    indicator_code: str, area_codes: Iterable[str]
) -> dict[str, list[SeriesPoint]]:
    """:func:`area_series` for several areas in one query: area code -> points, oldest first."""
    out: dict[str, list[SeriesPoint]] = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(
            indicator__code=indicator_code, area_code__in=list(area_codes)
        )
        .order_by("area_code", "period_end", "period_start")
        .values_list(
            "area_code",
            "period_start",
            "period_end",
            "value",
            "lower",
            "upper",
            "suppressed",
            "numerator",
            "denominator",
        )
    )
    for area, start, end, value, lower, upper, suppressed, numerator, denominator in rows:
        hidden = suppressed or value is None
        out[area].append(
            SeriesPoint(
                period_start=start,
                period_end=end,
                value=None if hidden else value,
                lower=None if hidden else lower,
                upper=None if hidden else upper,
                suppressed=suppressed,
                label=period_label(start, end),
                numerator=None if hidden else numerator,
                denominator=denominator,
            )
        )
    return dict(out)


def priority_ranking(
    council_code: str,
    indicator_codes: Iterable[str] = DEFAULT_RANKING,
    *,
    include_identity: bool = False,
) -> dict[str, Any]:
    """The council's wards ranked for priority on the measures (as the ranking page does), as plain data.

    Each measure is read for its latest period and ranked (1 = highest
    priority); the composite is the mean of the ranks
    (:func:`cohesion.indicators.calculations.ranking.rank_areas`). Suitable for
    keeping a frozen copy (plans keep the ranking a locality was chosen from).
    Measures the council's wards hold no values of are left out, and so are ethnicity
    and migration measures unless ``include_identity`` (see
    :data:`cohesion.indicators.calculations.ranking.IDENTITY_TOPICS`).
    """
    from cohesion.indicators.calculations.ranking import (
        HIGHER_IS_BETTER,
        HIGHER_IS_WORSE,
        rank_intervals,
    )
    from cohesion.indicators.calculations.ranking import rank_areas as rank
    from cohesion.indicators.choices import Polarity

    wards = {w.code: w.name for w in current_wards(council_code)}
    measures: list[dict[str, Any]] = []
    columns: dict[str, pd.Series] = {}
    directions: dict[str, str] = {}
    held_by_measure: dict[str, dict[str, IndicatorValue]] = {}
    units: dict[str, str] = {}
    from cohesion.indicators.calculations.ranking import IDENTITY_TOPICS

    indicators = Indicator.objects.filter(code__in=list(indicator_codes))
    if not include_identity:
        indicators = indicators.exclude(topic__in=IDENTITY_TOPICS)
    for indicator in indicators:
        period = latest_period(indicator, wards)
        if period is None:
            continue
        held = values_at(indicator, wards, period)
        held_by_measure[indicator.code], units[indicator.code] = held, indicator.unit
        columns[indicator.code] = pd.Series(
            {code: shown_value(held.get(code)) for code in wards}, dtype=float
        )
        directions[indicator.code] = (
            HIGHER_IS_BETTER if indicator.polarity == Polarity.HIGHER_IS_BETTER else HIGHER_IS_WORSE
        )
        measures.append(
            {"code": indicator.code, "title": indicator.title, "period": period_label(*period)}
        )
    if not columns:
        return {"measures": [], "rows": []}
    frame = pd.DataFrame(columns)
    table = rank(frame, directions)
    plausible = rank_intervals(
        frame, directions, **ranking_uncertainty(held_by_measure, units, list(frame.index))
    )
    rows = []
    for code, row in table.iterrows():
        if pd.isna(row["composite_rank"]):
            continue
        rows.append(
            {
                "rank": float(row["composite_rank"]),
                "rank_low": float(plausible.at[code, "rank_low"]),
                "rank_high": float(plausible.at[code, "rank_high"]),
                "code": str(code),
                "name": wards[str(code)],
                "score": round(float(row["composite_score"]), 2),
                "ranks": {
                    m: float(row[f"rank_{m}"]) for m in columns if pd.notna(row[f"rank_{m}"])
                },
            }
        )
    return {"measures": measures, "rows": rows}


def areas_holding_values(indicator_code: str, area_codes: Iterable[str]) -> set[str] | None:
    """Which of ``area_codes`` hold any value of an indicator; None when no indicator has that code.

    For another app checking a reference before it keeps it (a plan's target must name
    an indicator with values for its area, or its status could never be computed).
    """
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        return None
    return set(
        IndicatorValue.objects.filter(indicator=indicator, area_code__in=list(area_codes))
        .values_list("area_code", flat=True)
        .distinct()
    )
