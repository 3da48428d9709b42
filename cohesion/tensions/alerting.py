"""Early warning: weekly series of reports, the statistics run over them, alerts and emails.

The statistics are the pure functions of
:mod:`cohesion.tensions.calculations.early_warning` (EARS C1, C2 and C3, pinned
to R ``surveillance::earsC``, a negative-binomial count model, and the
improved Farrington method of Noufaily et al. 2013, pinned to R
``surveillance::farringtonFlexible``). This module is the service around them:

1. :func:`weekly_report_counts` counts reports per ward and per council, by
   category and for all categories together, for every ISO week (Monday to
   Sunday) in a window, with weeks and wards that had no reports as 0;
2. :func:`flag_weeks` runs every method over the whole table at once and
   returns one row per flagged (series, week, method);
3. :func:`run_early_warning` stores flagged weeks as :class:`Alert` rows,
   emails the people who follow the area about new, recent ones, and
   publishes the counts to the indicators module so they appear on profiles
   and maps like any other indicator (small numbers suppressed there).

Weekly ward counts are small and mostly zero. R's ``earsC`` with its default
``minSigma = 0`` would flag a single report after weeks of none (a zero
standard deviation makes the bound 0), so Cohesion runs EARS with a minimum
sigma of 1 (the ``minSigma`` argument of ``earsC`` exists for exactly this;
Salmon, Schumacher and Hoehle 2016, J Stat Softw 70(10), section 3.1) and the
count model with Farrington's "at least 5 cases in 4 weeks" rule.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from cohesion.tensions.calculations.early_warning import (
    EARS_DEFAULT_ALPHA,
    EarlyWarningResult,
    ears,
    farrington_flexible,
    negative_binomial_threshold,
    weekly_counts,
)
from cohesion.tensions.choices import Category, ClosureReason

logger = logging.getLogger(__name__)

ALL_CATEGORIES = "all"
FARRINGTON = "farrington_flexible"
#: Every method a run may be asked for.
METHODS: tuple[str, ...] = ("C1", "C2", "C3", "negative_binomial", FARRINGTON)
#: The method the weekly run over reports uses unless told otherwise, and its alpha: the
#: setting that catches most spikes while an officer sees at most about one false alert per
#: area a quarter, in the committed calibration (ALERT_CALIBRATION_FILE, from
#: ``bench/bench_alert_calibration.py``; docs/early-warning-calibration.md): EARS C2 at
#: alpha 0.01, 0.60 false alerts per area a quarter and 99.7% of spikes caught. Running C1,
#: C2, C3 and the count model together raised most spikes three times over.
DEFAULT_METHODS: tuple[str, ...] = ("C2",)
REPORTS_DEFAULT_ALPHA = {"C2": 0.01}
#: The same for the monthly police.uk run: the count model at alpha 0.05 on a year of months,
#: 0.90 false alerts per area a quarter and 93.4% of spikes caught (the former four methods
#: together: 2.45 false alerts per area a quarter).
POLICE_DEFAULT_METHODS: tuple[str, ...] = ("negative_binomial",)
POLICE_DEFAULT_ALPHA = {"negative_binomial": 0.05}
#: The calibration figures the alerts page quotes, written by the calibration benchmark.
ALERT_CALIBRATION_FILE = Path(__file__).resolve().parent / "alert_calibration.json"
# Reports that turned out not to be reports of anything are not counted.
NOT_COUNTED_CLOSURES = (ClosureReason.DUPLICATE, ClosureReason.NOT_RELEVANT)

# How the weekly counts are named as a source on indicator pages.
PUBLISHED_SOURCE = "Cohesion incident reports"


# Police.uk series are named "crime:<type slug>" ("crime:all" for every type).
CRIME_PREFIX = "crime:"


def category_label(code: str) -> str:
    """A reader's name for a report category code (or for all categories together), or a police.uk series."""
    if code == ALL_CATEGORIES:
        return _("All reports")
    if code.startswith(CRIME_PREFIX):
        from cohesion.indicators.definitions import CRIME_TYPES

        slug = code[len(CRIME_PREFIX) :]
        names = {v: k for k, v in CRIME_TYPES.items()}
        return str(names.get(slug, _("All crime and anti-social behaviour")))
    labels = dict(Category.choices)
    return str(labels.get(code, code))


@dataclass(frozen=True)
class WarningSettings:
    """How the early-warning run is tuned. The defaults are Cohesion's; each is explained.

    * ``methods``: the methods run (:data:`DEFAULT_METHODS`, chosen by the
      calibration for each source).
    * ``alpha``: per method; EARS uses R ``earsC``'s defaults (0.001 for C1
      and C2, 0.025 for C3) and the count model 0.01, except the calibrated
      default method of each source, which uses its calibrated alpha
      (:data:`REPORTS_DEFAULT_ALPHA`, :data:`POLICE_DEFAULT_ALPHA`).
    * ``ears_baseline``: 7 weeks, as ``earsC``.
    * ``min_sigma``: 1 (see the module docstring).
    * ``count_baseline``: 26 weeks, half a year, so the count model can run
      on a partnership's first year of reports (the function's default is 52).
    * ``history_weeks``: how many weeks the run counts, ending with the
      current week.
    * ``periods_per_year`` (52 for weeks, 12 for months) and the improved
      Farrington method's settings, Noufaily et al. (2013)'s for weekly
      counts: ``farrington_years`` (b) 5 years back, ``farrington_window``
      (w) 3 weeks either side, ``farrington_seasonal_periods`` 10 and the
      latest ``farrington_excluded`` 26 weeks left out of the baseline. It
      judges a week only with ``farrington_years`` years of history before it:
      with the default 104 weeks of history, ask for ``history_weeks`` of at
      least 264 or fewer years back.
    * ``notify_weeks``: only alerts for the latest weeks are emailed, so a
      first run over two years of history does not send old news.
    """

    methods: tuple[str, ...] = DEFAULT_METHODS
    alpha: dict[str, float] = field(
        default_factory=lambda: {
            **EARS_DEFAULT_ALPHA,
            "negative_binomial": 0.01,
            FARRINGTON: 0.01,
            **REPORTS_DEFAULT_ALPHA,
        }
    )
    ears_baseline: int = 7
    min_sigma: float = 1.0
    count_baseline: int = 26
    history_weeks: int = 104
    notify_weeks: int = 2
    periods_per_year: int = 52
    farrington_years: int = 5
    farrington_window: int = 3
    farrington_seasonal_periods: int = 10
    farrington_excluded: int = 26

    @property
    def farrington_history(self) -> int:
        """Periods of history the improved Farrington method needs to judge its first period."""
        return self.periods_per_year * self.farrington_years + self.farrington_window + 1

    def __post_init__(self) -> None:
        unknown = set(self.methods) - set(METHODS)
        if unknown:
            raise ValueError(
                f"Unknown early-warning method(s): {', '.join(sorted(unknown))}. "
                f"Use {', '.join(METHODS)}."
            )
        if self.history_weeks < 2 or self.notify_weeks < 1:
            raise ValueError("history_weeks must be at least 2 and notify_weeks at least 1.")


DEFAULT_SETTINGS = WarningSettings()


# --------------------------------------------------------------------------- counting


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def report_records(council_codes: Sequence[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per counted report in the councils between two dates: date, ward, council, category.

    The date is when the incident happened, or when it was reported if that
    is not known. Reports closed as duplicates or "not relevant" are left out.
    """
    from cohesion.tensions.models import Report

    rows = list(
        Report.objects.filter(council_code__in=list(council_codes))
        .exclude(closure_reason__in=NOT_COUNTED_CLOSURES)
        .values_list("occurred_at", "created_at", "ward_code", "council_code", "category")
    )
    frame = pd.DataFrame(
        [
            (occurred or created, ward, council, category)
            for occurred, created, ward, council, category in rows
        ],
        columns=["date", "ward", "council", "category"],
    )
    if frame.empty:
        return frame
    when = pd.to_datetime(frame["date"], utc=True).dt.tz_convert(settings.TIME_ZONE)
    frame["date"] = when.dt.tz_localize(None)
    day = frame["date"].dt.date
    keep = (day >= start) & (day <= end)
    return frame.loc[keep].reset_index(drop=True)


def council_wards(council_codes: Sequence[str]) -> dict[str, list[str]]:
    """The current wards of each council, by GSS code, in name order."""
    from cohesion.places.choices import Level
    from cohesion.places.models import Area

    wards: dict[str, list[str]] = {code: [] for code in council_codes}
    for code, parent in (
        Area.objects.current(Level.WARD)
        .filter(parent__code__in=list(council_codes))
        .order_by("name")
        .values_list("code", "parent__code")
    ):
        if code not in wards[parent]:
            wards[parent].append(code)
    return wards


def weekly_report_counts(
    council_codes: Sequence[str], *, first_week: dt.date, last_week: dt.date
) -> pd.DataFrame:
    """Weekly counts of reports per (area, category), zero-filled, for the councils' wards and the councils.

    Rows are indexed by ``area`` (ward or council GSS code) and ``category``
    (each report category, and ``"all"``); columns are the Mondays from
    ``first_week`` to ``last_week`` (see
    :func:`cohesion.tensions.calculations.early_warning.weekly_counts`).
    Every current ward of each council has rows even with no reports; a ward
    code from an older boundary set appears if reports carry it. Reports with
    no ward count towards their council only.
    """
    if first_week.weekday() or last_week.weekday():
        raise ValueError("first_week and last_week must be Mondays.")
    if last_week < first_week:
        raise ValueError(f"last_week ({last_week}) is before first_week ({first_week}).")
    records = report_records(council_codes, first_week, last_week + dt.timedelta(days=6))
    categories = list(Category.values)
    wards = council_wards(council_codes)
    ward_codes = [code for codes in wards.values() for code in codes]
    if not records.empty:
        ward_codes += sorted(set(records["ward"]) - set(ward_codes) - {""})
    areas = [*council_codes, *ward_codes]
    if records.empty:
        long = pd.DataFrame({"date": [], "area": [], "category": []})
    else:
        by_ward = records.loc[records["ward"] != "", ["date", "ward", "category"]].rename(
            columns={"ward": "area"}
        )
        by_council = records[["date", "council", "category"]].rename(columns={"council": "area"})
        long = pd.concat([by_ward, by_council], ignore_index=True)
    counts = weekly_counts(
        long,
        areas=areas,
        categories=categories,
        start=pd.Timestamp(first_week),
        end=pd.Timestamp(last_week),
    )
    totals = counts.groupby(level="area", sort=False).sum()
    totals.index = pd.MultiIndex.from_product(
        [totals.index, [ALL_CATEGORIES]], names=["area", "category"]
    )
    return pd.concat([counts, totals]).sort_index(level="area", sort_remaining=False)


@dataclass(frozen=True)
class DisclosedCounts:
    """Weekly counts as they may be shown to someone who may not see the reports.

    ``shown`` has the index and columns of the counts it came from, holding
    the count as it may be shown (rounded under the NHS rule) or NaN where it
    is hidden; ``hidden`` is True where it is hidden.
    """

    shown: pd.DataFrame
    hidden: pd.DataFrame
    threshold: int
    rule: str

    def value(self, area: str, category: str, week: dt.date) -> int | None:
        number = self.shown.at[(area, category), pd.Timestamp(week)]
        return None if pd.isna(number) else int(number)

    def is_hidden(self, area: str, category: str, week: dt.date) -> bool:
        return bool(self.hidden.at[(area, category), pd.Timestamp(week)])


def disclose_weekly_counts(
    counts: pd.DataFrame,
    council_code: str,
    ward_codes: Sequence[str] | None = None,
    rule: Any = None,
) -> DisclosedCounts:
    """One council's weekly counts (from :func:`weekly_report_counts`) through disclosure control.

    ``ward_codes`` are the council's wards among the counts' areas (default:
    every area of ``counts`` other than the council, for counts of one council).

    Every output of these counts to someone who may not see the reports (the
    public page and its twins, the published indicators, viewers' and police
    officers' early-warning pages) shows them through this one decision, so a
    count hidden in one is hidden in all. Each week is one set of linked
    tables: for every ward and the council, all reports = hate incidents +
    community tension; for every category, the council = its wards + reports
    with no ward (never shown). Weeks share no totals, so each is protected on
    its own (:class:`cohesion.core.disclosure.LinkedCounts`). A completed week
    is protected once, when first shown, and then shown as released
    (:class:`cohesion.tensions.models.CountRelease`), so that comparing the
    page on two days never undoes the suppression.

    ``rule`` is the council's own rule unless given: a restricted pack for a
    named panel passes the rule its audience sets.
    """
    from cohesion.core.disclosure import rule_for_council

    rule = rule or rule_for_council(council_code)
    present = set(counts.index.get_level_values("area"))
    if ward_codes is None:
        ward_codes = list(dict.fromkeys(counts.index.get_level_values("area")))
    wards = [w for w in ward_codes if w in present and w != council_code]
    areas = [council_code, *wards]
    part = counts.loc[counts.index.get_level_values("area").isin(areas)]
    shown = pd.DataFrame(np.nan, index=part.index, columns=part.columns)
    hidden = pd.DataFrame(False, index=part.index, columns=part.columns)
    key = rule_key(rule)
    released = released_weeks(council_code, key, [w.date() for w in part.columns])
    for week in part.columns:
        figures = released.get(week.date())
        if figures is None:
            figures = _protect_week(part[week], council_code, wards, rule)
            if week_is_complete(week.date()):
                figures = release_week(council_code, week.date(), key, figures)
        for area, category in part.index:
            # None is hidden; an area the release does not hold (a ward code first seen later) too.
            number = figures.get(f"{area}|{category}")
            shown.at[(area, category), week] = np.nan if number is None else number
            hidden.at[(area, category), week] = number is None
    return DisclosedCounts(shown=shown, hidden=hidden, threshold=rule.threshold, rule=rule.name)


def _protect_week(
    column: pd.Series, council_code: str, wards: Sequence[str], rule: Any
) -> dict[str, int | None]:
    """One week's linked tables protected: ``"area|category"`` to the count shown, None if hidden."""
    from cohesion.core.disclosure import LinkedCounts

    areas = [council_code, *wards]
    categories = [*Category.values]
    linked = LinkedCounts()
    for area in areas:
        for category in [*categories, ALL_CATEGORIES]:
            linked.add((area, category), int(column.get((area, category), 0)))
        linked.total((area, ALL_CATEGORIES), [(area, c) for c in categories])
    for category in [*categories, ALL_CATEGORIES]:
        unassigned = linked_value(column, council_code, category) - sum(
            linked_value(column, w, category) for w in wards
        )
        linked.add(("", category), unassigned, published=False)
        linked.total((council_code, category), [(w, category) for w in wards] + [("", category)])
    linked.total(("", ALL_CATEGORIES), [("", c) for c in categories])
    disclosed = linked.protect(rule)
    return {
        f"{area}|{category}": disclosed.value((area, category))
        for area in areas
        for category in [*categories, ALL_CATEGORIES]
    }


def week_is_complete(week: dt.date) -> bool:
    """Whether the week starting on Monday ``week`` is over (its Sunday is before today)."""
    return week + dt.timedelta(days=6) < timezone.localdate()


def released_weeks(
    council_code: str, rule_key: str, weeks: Sequence[dt.date]
) -> dict[dt.date, dict[str, int | None]]:
    """The latest release of each of ``weeks`` already shown for the council under the rule."""
    from cohesion.tensions.models.releases import CountRelease

    latest: dict[dt.date, dict[str, int | None]] = {}
    for week, figures in CountRelease.objects.filter(
        council_code=council_code, rule=rule_key, week__in=list(weeks)
    ).values_list("week", "figures"):
        latest[week] = figures  # ordered by release time: the last one wins
    return latest


def release_week(
    council_code: str,
    week: dt.date,
    rule_key: str,
    figures: dict[str, int | None],
    reason: str = "",
) -> dict[str, int | None]:
    """Keep a completed week's figures as first shown; the figures every later output shows.

    Two people opening the page at once may both compute the week: whichever
    release was stored first is the one both are shown, so they agree.
    """
    from cohesion.tensions.models.releases import CountRelease

    with transaction.atomic():
        if not reason:
            first = released_weeks(council_code, rule_key, [week]).get(week)
            if first is not None:
                return first
        CountRelease.objects.create(
            council_code=council_code, week=week, rule=rule_key, figures=figures, reason=reason
        )
    return released_weeks(council_code, rule_key, [week])[week]


def revise_week(council_code: str, week: dt.date, reason: str) -> Any:
    """A new release of a completed week, protected afresh from today's reports (an announced revision)."""
    from cohesion.core.disclosure import rule_for_council
    from cohesion.tensions.models.releases import CountRelease

    if not week_is_complete(week):
        raise ValueError(f"The week of {week} is not over yet: only completed weeks are released.")
    rule = rule_for_council(council_code)
    counts = weekly_report_counts([council_code], first_week=week, last_week=week)
    wards = council_areas(counts, [council_code])[council_code]
    figures = _protect_week(counts[pd.Timestamp(week)], council_code, wards, rule)
    release_week(council_code, week, rule_key(rule), figures, reason=reason)
    return CountRelease.objects.filter(council_code=council_code, week=week).last()


def rule_key(rule: Any) -> str:
    """What a release is keyed on besides council and week: a changed rule is released anew."""
    return f"{rule.name}:{rule.threshold}:{rule.rounding}"


def linked_value(column: pd.Series, area: str, category: str) -> int:
    return int(column.get((area, category), 0))


def hide_report_figures(user: Any, alerts: list[Any]) -> list[Any]:
    """Blank the observed count and threshold of report alerts in councils whose cases ``user`` may not all open.

    The threshold is worked out from the weeks before, so it would give
    their counts away too. The alert itself (that a week was flagged) stays.
    police.uk series are public already and keep their figures.
    """
    from cohesion.tensions.access import sees_every_report

    councils = {a.council_code for a in alerts if a.source == "reports"}
    hidden = {code for code in councils if not sees_every_report(user, code)}
    for alert in alerts:
        if alert.source == "reports" and alert.council_code in hidden:
            alert.observed = None
            alert.threshold = None
    return alerts


def disclosed_series_views(
    views: list[SeriesView], counts: pd.DataFrame, council_code: str, first_week: dt.date
) -> list[SeriesView]:
    """An area's series as shown to someone who may not open every report of the council.

    Counts from ``first_week`` on are those of :func:`disclose_weekly_counts`
    (None where hidden); thresholds are left out, since a method's threshold
    is worked out from the counts of the weeks before and would give them away.
    """
    shown_weeks = [c for c in counts.columns if c.date() >= first_week]
    disclosed = disclose_weekly_counts(counts[shown_weeks], council_code)
    out = []
    for view in views:
        keep = [i for i, week in enumerate(view.weeks) if week >= first_week]
        out.append(
            replace(
                view,
                weeks=[view.weeks[i] for i in keep],
                counts=[
                    disclosed.value(view.area_code, view.category, view.weeks[i]) for i in keep
                ],
                thresholds=[None for _ in keep],
                flagged=[view.flagged[i] for i in keep],
            )
        )
    return out


# --------------------------------------------------------------------------- detection


# WarningSettings fields for the improved Farrington method, and its arguments they set.
FARRINGTON_SETTINGS = {
    "periods_per_year": "periods_per_year",
    "farrington_years": "years",
    "farrington_window": "window",
    "farrington_seasonal_periods": "seasonal_periods",
    "farrington_excluded": "excluded",
}


def farrington_arguments(options: WarningSettings) -> dict[str, int]:
    """The arguments of :func:`farrington_flexible` (other than alpha) that ``options`` set."""
    return {argument: getattr(options, name) for name, argument in FARRINGTON_SETTINGS.items()}


def run_method(
    counts: np.ndarray[Any, Any], method: str, options: WarningSettings = DEFAULT_SETTINGS
) -> EarlyWarningResult:
    """Bounds and alarms of one method over a (series x weeks) array of counts."""
    alpha = options.alpha[method]
    if method == FARRINGTON:
        return farrington_flexible(counts, alpha=alpha, **farrington_arguments(options))
    if method == "negative_binomial":
        return negative_binomial_threshold(counts, alpha=alpha, baseline=options.count_baseline)
    return ears(
        counts,
        method,  # type: ignore[arg-type]
        alpha=alpha,
        baseline=options.ears_baseline,
        min_sigma=options.min_sigma,
    )


def first_judged(method: str, options: WarningSettings = DEFAULT_SETTINGS) -> int:
    """The first period (0-based) ``method`` can judge with ``options``: its baseline comes before it.

    EARS C1 uses the ``ears_baseline`` periods before (C2 two more, its guard
    band; C3 two more again, its two lagged statistics), the count model
    ``count_baseline`` periods, the improved Farrington method
    ``farrington_years`` years and ``farrington_window`` periods.
    """
    if method == FARRINGTON:
        return options.farrington_history - 1
    if method == "negative_binomial":
        return options.count_baseline
    extra = {"C1": 0, "C2": 2, "C3": 4}
    if method not in extra:
        raise ValueError(f"Unknown method {method!r}; use one of {', '.join(METHODS)}.")
    return options.ears_baseline + extra[method]


@dataclass(frozen=True)
class ExpectedFalseAlarms:
    """A setting's false alarms on spike-free simulated series, from the committed calibration."""

    rate: float  # false alarms per series-period (week or month)
    per_area_quarter: float  # false alerts per area a quarter, across its categories
    detection: float  # share of spikes of three times the baseline mean caught
    run: str  # which benchmark run measured it


@cache
def _calibration_figures() -> dict[tuple[str, str, float], ExpectedFalseAlarms]:
    import json

    data = json.loads(ALERT_CALIBRATION_FILE.read_text(encoding="utf-8"))
    return {
        (source, row["method"], float(row["alpha"])): ExpectedFalseAlarms(
            rate=float(row["false_alarm_rate"]),
            per_area_quarter=float(row["false_alerts_per_area_quarter"]),
            detection=float(row["detection"]),
            run=str(data["run"]),
        )
        for source, table in data["sources"].items()
        for row in table["settings"]
    }


def expected_false_alarms(source: str, method: str, alpha: float) -> ExpectedFalseAlarms | None:
    """How often ``method`` at ``alpha`` flags a spike-free series of ``source``; None if not calibrated."""
    return _calibration_figures().get((source, method, float(alpha)))


def flag_weeks(
    counts: pd.DataFrame,
    options: WarningSettings = DEFAULT_SETTINGS,
    not_run: list[str] | None = None,
) -> pd.DataFrame:
    """Every (series, week, method) the methods flag, with the observed count and threshold.

    ``counts`` is a table like :func:`weekly_report_counts` returns (rows
    indexed by area and category, one column per week). Every method runs over
    all series at once. Returns columns area, category, week_start (a date),
    method, observed, threshold and alpha; empty if nothing was flagged.

    A method the series are too short for (the improved Farrington method
    without its years of history) flags nothing: why is appended to
    ``not_run`` if given, and otherwise raised as ValueError, so a short
    history is never mistaken for a quiet one.
    """
    columns = ["area", "category", "week_start", "method", "observed", "threshold", "alpha"]
    if counts.empty or counts.shape[1] == 0:
        return pd.DataFrame(columns=columns)
    values = counts.to_numpy(dtype=np.int64)
    weeks = [ts.date() for ts in pd.to_datetime(counts.columns)]
    found = []
    for method in options.methods:
        try:
            result = run_method(values, method, options)
        except ValueError as error:
            if not_run is None:
                raise
            from cohesion.tensions.models.alerts import Method

            not_run.append(f"{Method(method).label}: not run. {error}")
            continue
        rows, cols = np.nonzero(result.alarm)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            area, category = counts.index[r]
            found.append(
                (
                    area,
                    category,
                    weeks[c],
                    method,
                    int(values[r, c]),
                    float(result.upperbound[r, c]),
                    result.alpha,
                )
            )
    return pd.DataFrame(found, columns=columns)


@dataclass(frozen=True)
class SeriesView:
    """One series ready to draw: weeks, counts, one method's thresholds, and which weeks were flagged."""

    area_code: str
    category: str
    method: str
    weeks: list[dt.date]
    counts: list[int | None]  # None: hidden by disclosure control
    thresholds: list[float | None]
    flagged: list[bool]
    note: str = ""  # why there are no thresholds, when the method could not run

    @property
    def label(self) -> str:
        return category_label(self.category)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "area_code": self.area_code,
                "category": self.category,
                "week_start": week,
                "count": count,
                "method": self.method,
                "threshold": None if threshold is None else round(threshold, 3),
                "flagged": flag,
            }
            for week, count, threshold, flag in zip(
                self.weeks, self.counts, self.thresholds, self.flagged, strict=True
            )
        ]


def series_views(
    counts: pd.DataFrame,
    area_code: str,
    method: str,
    flagged_weeks: dict[str, set[dt.date]],
    options: WarningSettings = DEFAULT_SETTINGS,
) -> list[SeriesView]:
    """The series of one area, each with ``method``'s threshold; ``flagged_weeks`` maps category to stored alert weeks."""
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; use one of {', '.join(METHODS)}.")
    part = counts.xs(area_code, level="area", drop_level=True)
    values = part.to_numpy(dtype=np.int64)
    note = ""
    try:
        upperbound = run_method(values, method, options).upperbound
    except ValueError as error:  # too short a history for the method: no thresholds, and why
        note = str(error)
        upperbound = np.full(values.shape, np.nan)
    weeks = [ts.date() for ts in pd.to_datetime(part.columns)]
    views = []
    for i, category in enumerate(part.index):
        bounds = [None if np.isnan(b) else float(b) for b in upperbound[i]]
        marked = flagged_weeks.get(category, set())
        views.append(
            SeriesView(
                area_code=area_code,
                category=str(category),
                method=method,
                weeks=weeks,
                counts=[int(v) for v in values[i]],
                thresholds=bounds,
                flagged=[w in marked for w in weeks],
                note=note,
            )
        )
    order = {ALL_CATEGORIES: 0, **{c: i + 1 for i, c in enumerate(Category.values)}}
    return sorted(views, key=lambda v: order.get(v.category, 99))


# --------------------------------------------------------------------------- the run


@dataclass
class RunSummary:
    """What one early-warning run did, for the command line, the task log and tests."""

    councils: list[str]
    first_week: dt.date
    last_week: dt.date
    series: int = 0
    flagged: int = 0
    new_alerts: int = 0
    emails: int = 0
    published: int = 0
    publish_error: str = ""
    new_alert_ids: list[int] = field(default_factory=list)
    police_months: tuple[dt.date, dt.date] | None = None
    police_series: int = 0
    police_flagged: int = 0
    police_new_alerts: int = 0
    police_emails: int = 0
    not_run: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        text = [
            f"Councils: {', '.join(self.councils) or 'none'}",
            f"Weeks: {self.first_week} to {self.last_week} "
            f"({(self.last_week - self.first_week).days // 7 + 1} weeks)",
            f"Series checked: {self.series}",
            f"Flagged (series, week, method): {self.flagged}",
            f"New alerts: {self.new_alerts}",
            f"Emails sent: {self.emails}",
            f"Values published to indicators: {self.published}",
        ]
        if self.publish_error:
            text.append(f"Publishing to indicators failed: {self.publish_error}")
        if self.police_months is None:
            text.append("police.uk crime: no monthly counts loaded for these councils")
        else:
            first, last = self.police_months
            text += [
                f"police.uk crime: months {first:%Y-%m} to {last:%Y-%m}, "
                f"{self.police_series} series checked",
                f"  Flagged (series, month, method): {self.police_flagged}",
                f"  New alerts: {self.police_new_alerts}",
                f"  Emails sent: {self.police_emails}",
            ]
        text += self.not_run
        return text


def councils_with_reports() -> list[str]:
    from cohesion.tensions.models import Report

    return sorted(
        set(Report.objects.exclude(council_code="").values_list("council_code", flat=True))
    )


def recording_began(council_codes: Sequence[str]) -> dt.date | None:
    """The date of the councils' earliest counted report (incident date, else report date); None if none.

    Histories imported from a council's old records count from their first
    incident, not from the day they were imported.
    """
    from django.db.models import Min
    from django.db.models.functions import Coalesce

    from cohesion.tensions.models import Report

    first = (
        Report.objects.filter(council_code__in=list(council_codes))
        .exclude(closure_reason__in=NOT_COUNTED_CLOSURES)
        .aggregate(first=Min(Coalesce("occurred_at", "created_at")))["first"]
    )
    return timezone.localtime(first).date() if first is not None else None


def run_early_warning(
    council_codes: Sequence[str] | None = None,
    *,
    today: dt.date | None = None,
    options: WarningSettings = DEFAULT_SETTINGS,
    notify: bool = True,
    publish: bool = True,
) -> RunSummary:
    """Count, detect, store alerts, email followers and publish counts, for each council.

    ``council_codes`` defaults to every council with reports. The window is
    ``options.history_weeks`` weeks ending with the week of ``today``, but
    starts no earlier than the week the councils' first report was recorded
    (see :func:`recording_began`). Running
    again is safe: an alert already stored is updated, not duplicated, and
    nobody is emailed twice about it.
    """
    today = today or timezone.localdate()
    codes = list(council_codes) if council_codes is not None else councils_with_reports()
    police_codes = list(council_codes) if council_codes is not None else police_councils()
    last_week = monday(today)
    first_week = last_week - dt.timedelta(weeks=options.history_weeks - 1)
    began = recording_began(codes)
    if began is not None:
        # Weeks before the councils began recording reports are not weeks of no
        # incidents; counting them as zeros would flag the first weeks of use.
        first_week = min(max(first_week, monday(began)), last_week)
    summary = RunSummary(councils=codes, first_week=first_week, last_week=last_week)
    run_police_early_warning(
        police_codes, summary, options=police_settings_for(options), notify=notify
    )
    if not codes:
        return summary
    counts = weekly_report_counts(codes, first_week=first_week, last_week=last_week)
    summary.series = len(counts)
    flags = flag_weeks(counts, options, summary.not_run)
    summary.flagged = len(flags)
    new_alerts = store_alerts(flags)
    summary.new_alerts = len(new_alerts)
    summary.new_alert_ids = [a.pk for a in new_alerts]
    if notify:
        recent = last_week - dt.timedelta(weeks=options.notify_weeks - 1)
        summary.emails = notify_followers([a for a in new_alerts if a.week_start >= recent])
    if publish:
        try:
            summary.published = publish_counts(counts, codes)
        except ValueError as error:  # IndicatorDataError: the counts are kept; say why
            summary.publish_error = str(error)
            logger.warning("Publishing weekly report counts failed: %s", error)
    return summary


# --------------------------------------------------------------------------- police.uk crime

# Monthly series are shorter than weekly ones: the count model learns from a year, and
# the improved Farrington method from two years back (police.uk's three years hold
# ten months it can judge), a month either side, the latest 6 months (Noufaily's
# 26 weeks) left out, and 4 seasonal levels of three months: with 10 levels, some
# would hold a single month and the reweighting would be undefined.
POLICE_SETTINGS = WarningSettings(
    methods=POLICE_DEFAULT_METHODS,
    alpha={
        **EARS_DEFAULT_ALPHA,
        "negative_binomial": 0.01,
        FARRINGTON: 0.01,
        **POLICE_DEFAULT_ALPHA,
    },
    count_baseline=12,
    notify_weeks=1,
    periods_per_year=12,
    farrington_years=2,
    farrington_window=1,
    farrington_seasonal_periods=4,
    farrington_excluded=6,
)


def police_settings_for(options: WarningSettings) -> WarningSettings:
    """The monthly run's settings for a weekly run with ``options``.

    The monthly series keep their own baselines and calibrated alphas
    (:data:`POLICE_SETTINGS`); a run asked for particular methods runs those
    on both sources, otherwise each source runs its calibrated default.
    """
    if options.methods == DEFAULT_SETTINGS.methods:
        return POLICE_SETTINGS
    return replace(POLICE_SETTINGS, methods=options.methods)


def police_councils() -> list[str]:
    """The councils for which indicators hold monthly police.uk counts."""
    from cohesion.indicators.definitions import monthly_crime_code
    from cohesion.indicators.queries import areas_with_values

    return areas_with_values(monthly_crime_code(None), "council")


def police_monthly_counts(council_codes: Sequence[str]) -> pd.DataFrame:
    """Monthly police.uk counts for the councils and their wards, as loaded by indicators.

    Rows are indexed by ``area`` and ``category`` (``crime:<type>`` for each
    tension-related type, ``crime:all`` for every type); columns are the first
    days of the months. Series with a gap (an area the police force does not
    cover, a month missing from the file) are left out. Empty when no crime
    data is loaded. Read through :func:`cohesion.indicators.queries.monthly_series`.
    """
    from cohesion.indicators.definitions import CRIME_TYPES, TENSION_CRIME_TYPES
    from cohesion.indicators.definitions import monthly_crime_code as code_of
    from cohesion.indicators.queries import monthly_series

    categories = {code_of(t): CRIME_PREFIX + CRIME_TYPES[t] for t in TENSION_CRIME_TYPES}
    categories[code_of(None)] = CRIME_PREFIX + "all"
    wards = council_wards(council_codes)
    areas = [*council_codes, *(code for codes in wards.values() for code in codes)]
    table = monthly_series(list(categories), areas)
    if table.empty:
        return table
    table = table.dropna(how="any")
    table.index = table.index.set_names(["area", "category"])
    return table.rename(index=categories, level="category")


def run_police_early_warning(
    council_codes: Sequence[str],
    summary: RunSummary,
    *,
    options: WarningSettings = POLICE_SETTINGS,
    notify: bool = True,
) -> None:
    """Run every method over the councils' monthly police.uk series; store alerts; email followers.

    The same methods as for reports, over months instead of weeks (EARS's
    7-period baseline is then 7 months). Followers are emailed about alerts in
    the latest month loaded only, so loading three years of history does not
    send old news. ``options`` are the run's (methods and alphas); the count
    model's baseline is a year of months (:data:`POLICE_SETTINGS`). Adds what
    it did to ``summary``.
    """
    counts = police_monthly_counts(council_codes)
    if counts.empty:
        return
    months = [ts.date() for ts in pd.to_datetime(counts.columns)]
    summary.police_months = (months[0], months[-1])
    summary.police_series = len(counts)
    # A ward's counts are LSOA counts shared by residents, so can be fractional: the
    # methods count whole events, so each is taken to the nearest whole number.
    flags = flag_weeks(counts.round().astype(np.int64), options, summary.not_run)
    summary.police_flagged = len(flags)
    new_alerts = store_alerts(flags, source="police_uk")
    summary.police_new_alerts = len(new_alerts)
    if notify:
        latest = months[-(options.notify_weeks)]
        summary.police_emails = notify_followers([a for a in new_alerts if a.week_start >= latest])


def run_monthly_early_warning(*, notify: bool = True) -> RunSummary:
    """The police.uk monthly run on its own: every council with monthly counts loaded.

    The weekly run (:func:`run_early_warning`) checks these series too; this one, run once
    a month after the month's police.uk file is loaded, does not wait for the next week.
    Safe to run again: alerts already stored are not stored or emailed twice.
    """
    week = monday(timezone.localdate())
    codes = police_councils()
    summary = RunSummary(councils=codes, first_week=week, last_week=week)
    run_police_early_warning(codes, summary, notify=notify)
    return summary


def _area_for(code: str) -> Any:
    from cohesion.places.queries import get_area

    return get_area(code)


def store_alerts(flags: pd.DataFrame, source: str = "reports") -> list[Any]:
    """Create or update one :class:`Alert` per flagged row of ``source``; return the ones that are new."""
    from cohesion.tensions.models.alerts import Alert

    new: list[Any] = []
    if flags.empty:
        return new
    areas: dict[str, Any] = {}
    with transaction.atomic():
        for row in flags.itertuples(index=False):
            area = areas.get(row.area) or areas.setdefault(row.area, _area_for(row.area))
            alert, created = Alert.objects.update_or_create(
                source=source,
                area_code=row.area,
                category=row.category,
                week_start=row.week_start,
                method=row.method,
                defaults={
                    "area": area,
                    "observed": int(row.observed),
                    "threshold": float(row.threshold),
                    "alpha": float(row.alpha),
                },
            )
            if created:
                new.append(alert)
    return new


def notify_followers(alerts: Iterable[Any]) -> int:
    """Email each follower of an alert's ward or council, once per run, about the alerts they may see.

    A follower only hears about alerts that :meth:`Alert.objects.restrict`
    still lets them view, and only if they have an email address. Returns the
    number of emails sent; marks the alerts notified.
    """
    from cohesion.tensions.models.alerts import Alert, AreaFollow

    alerts = list(alerts)
    if not alerts:
        return 0
    codes = {a.area_code for a in alerts} | {a.council_code for a in alerts}
    follows = (
        AreaFollow.objects.filter(area_code__in=codes, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    per_user: dict[int, tuple[Any, set[str]]] = {}
    for follow in follows:
        per_user.setdefault(follow.user_id, (follow.user, set()))[1].add(follow.area_code)
    sent = 0
    ids = [a.pk for a in alerts]
    for user, followed in per_user.values():
        visible = set(
            Alert.objects.restrict(user, "view").filter(pk__in=ids).values_list("pk", flat=True)
        )
        theirs = [
            a
            for a in alerts
            if a.pk in visible and (a.area_code in followed or a.council_code in followed)
        ]
        if not theirs:
            continue
        send_mail(
            subject=_alert_subject(theirs),
            message=_alert_body(user, theirs),
            from_email=None,
            recipient_list=[user.email],
            fail_silently=False,
        )
        sent += 1
    Alert.objects.filter(pk__in=ids).update(notified_at=timezone.now())
    return sent


def _alert_subject(alerts: list[Any]) -> str:
    areas = sorted({a.area.name for a in alerts})
    shown = ", ".join(areas[:3]) + (" and others" if len(areas) > 3 else "")
    return f"{settings.SERVICE_NAME}: early-warning alert for {shown}"


def _alert_body(user: Any, alerts: list[Any]) -> str:
    from cohesion.tensions.access import sees_every_report

    hidden = {a.council_code for a in alerts if not sees_every_report(user, a.council_code)}
    by_area: dict[str, list[Any]] = defaultdict(list)
    for alert in alerts:
        by_area[alert.area.name].append(alert)
    lines = [
        f"Dear {user.get_full_name() or user.get_username()},",
        "",
        "Counts in areas you follow were higher than expected:",
        "",
    ]
    for name in sorted(by_area):
        lines.append(name)
        for a in sorted(by_area[name], key=lambda a: (a.week_start, a.category, a.method)):
            what = "police.uk records" if a.is_monthly else "reports"
            if a.is_monthly or a.council_code not in hidden:
                figures = f"{a.observed} {what} (threshold {a.threshold:.1f}, "
            else:
                # Counts of cases this follower may not open are not emailed.
                figures = "more reports than expected ("
            lines.append(
                f"  - {a.category_label}, {a.period_text}: {figures}{a.get_method_display()})"
            )
        code = by_area[name][0].area_code
        lines.append(f"  See the chart: {reverse('tensions-early-warning-area', args=[code])}")
        lines.append("")
    lines += [
        "An alert is a prompt to look, not a finding. Consider it in this week's tension assessment.",
        "You receive this because you follow these areas in Cohesion; unfollow them on the area's page.",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- indicators

INDICATOR_CODES = {
    ALL_CATEGORIES: "tension-reports-weekly",
    Category.HATE_INCIDENT: "hate-incident-reports-weekly",
    Category.TENSION: "community-tension-reports-weekly",
}
INDICATOR_TITLES = {
    ALL_CATEGORIES: "Hate incident and community tension reports per week",
    Category.HATE_INCIDENT: "Hate incident reports per week",
    Category.TENSION: "Community tension reports per week",
}


def council_areas(counts: pd.DataFrame, council_codes: Sequence[str]) -> dict[str, list[str]]:
    """Each council's wards among the counts' areas: its current wards and older codes its reports carry."""
    from cohesion.tensions.models import Report

    areas = council_wards(council_codes)
    present = set(counts.index.get_level_values("area"))
    older = (
        Report.objects.filter(council_code__in=list(council_codes))
        .exclude(ward_code="")
        .values_list("ward_code", "council_code")
        .distinct()
    )
    for ward, council in older:
        if ward in present and ward not in areas[council]:
            areas[council].append(ward)
    return areas


def publish_counts(counts: pd.DataFrame, council_codes: Sequence[str]) -> int:
    """Publish the weekly counts of each category (and all) to indicators; returns the values stored.

    Uses the agreed interface :func:`cohesion.indicators.publish.publish_series`.
    If any counted report is synthetic, the indicator says so in its title.
    """
    from cohesion.indicators.publish import SeriesValue, publish_series
    from cohesion.tensions.models import Report

    synthetic = Report.objects.filter(council_code__in=list(council_codes), synthetic=True).exists()
    weeks = [ts.date() for ts in pd.to_datetime(counts.columns)]
    # The same disclosure decision as the public page: hidden here, hidden there.
    disclosed = [
        disclose_weekly_counts(counts, code, wards)
        for code, wards in council_areas(counts, council_codes).items()
    ]
    shown = pd.concat([d.shown for d in disclosed])
    hidden = pd.concat([d.hidden for d in disclosed])
    stored = 0
    for category, code in INDICATOR_CODES.items():
        part = shown.xs(category, level="category")
        mask = hidden.xs(category, level="category")
        values = [
            SeriesValue(
                area_code=str(area),
                period_start=week,
                period_end=week + dt.timedelta(days=6),
                value=None if is_hidden else float(count),
                suppressed=bool(is_hidden),
            )
            for area, row, hidden_row in zip(
                part.index, part.to_numpy(), mask.to_numpy(), strict=True
            )
            for week, count, is_hidden in zip(weeks, row, hidden_row, strict=True)
        ]
        title = INDICATOR_TITLES[category] + (
            " (includes synthetic demo data)" if synthetic else ""
        )
        stored += publish_series(
            indicator_code=code,
            title=title,
            unit="count",
            polarity="higher_is_worse",
            source=PUBLISHED_SOURCE,
            description=(
                f"{INDICATOR_TITLES[category]}, counted by ISO week (Monday to Sunday) from "
                "reports to Cohesion, by the date of the incident (or of the report when that "
                "is not known). Duplicates and reports closed as not relevant are left out."
                + (" Includes synthetic reports made up for the demo." if synthetic else "")
            ),
            values=values,
        )
    return stored


# --------------------------------------------------------------------------- background task


@task()
def run_early_warning_task(council_codes: list[str] | None = None) -> dict[str, Any]:
    """The early-warning run as a background task (django-tasks), e.g. nightly."""
    summary = run_early_warning(council_codes)
    return {
        "councils": summary.councils,
        "first_week": summary.first_week.isoformat(),
        "last_week": summary.last_week.isoformat(),
        "series": summary.series,
        "flagged": summary.flagged,
        "new_alerts": summary.new_alerts,
        "emails": summary.emails,
        "published": summary.published,
        "police_uk_months": [m.isoformat() for m in summary.police_months or ()],
        "police_uk_series": summary.police_series,
        "police_uk_flagged": summary.police_flagged,
        "police_uk_new_alerts": summary.police_new_alerts,
        "police_uk_emails": summary.police_emails,
        "not_run": summary.not_run,
    }
