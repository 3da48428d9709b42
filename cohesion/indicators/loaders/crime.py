"""police.uk street-level crime and anti-social behaviour, by month, LSOA and type.

Rates per 1,000 residents and monthly counts carry the exact Poisson interval
of their count (:mod:`cohesion.indicators.calculations.intervals`): a ward's
month of a dozen incidents is a small count.

police.uk publishes each record at an anonymised snap point with its LSOA;
the shared files hold the counts by LSOA, not the points. An LSOA's count is
therefore shared between the wards its output areas fall in, in proportion to
their residents (:func:`~cohesion.indicators.calculations.aggregation.apportion_counts`),
and every ward and council value says so ("LSOA apportioned by OA
population"). Apportioned counts can be fractional; their intervals are those
of the count rounded to the nearest whole number.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd

from cohesion.indicators.calculations.aggregation import apportion_counts, rate
from cohesion.indicators.calculations.intervals import poisson_rate_intervals
from cohesion.indicators.choices import Aggregation
from cohesion.indicators.definitions import (
    CRIME_TYPES,
    TENSION_CRIME_TYPES,
    monthly_crime_code,
)
from cohesion.indicators.loaders.base import IndicatorLoadError, Loader
from cohesion.indicators.loaders.geography import COUNCIL, LSOA, OA_WARD_FILE, WARD, Geography
from cohesion.indicators.store import ValueRow

WINDOW_MONTHS = 12
STEP_MONTHS = 3


def _finite(number: float) -> float | None:
    return float(number) if math.isfinite(number) else None


def _whole(counts: pd.Series) -> list[float]:
    """Apportioned counts rounded to whole events (halves up), for their Poisson intervals."""
    return [float(math.floor(count + 0.5)) for count in counts.to_numpy(dtype=float)]


def _within(weights: pd.DataFrame, lsoas: pd.Index) -> pd.DataFrame:
    """The apportionment rows of the given LSOAs only."""
    return weights[weights["lsoa"].isin(lsoas)]


def month_start(label: str) -> dt.date:
    try:
        return dt.datetime.strptime(label, "%Y-%m").date()
    except ValueError as error:
        raise IndicatorLoadError(f"{label!r} is not a month (YYYY-MM).") from error


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def twelve_month_windows(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Whole 12-month windows ending at the latest month and every quarter before it, newest first.

    Each is (first day of the first month, last day of the last month). A
    window that would start before the data does is left out rather than
    under-counted.
    """
    windows = []
    end = last
    while True:
        start = add_months(end, -(WINDOW_MONTHS - 1))
        if start < first:
            break
        windows.append((start, add_months(end, 1) - dt.timedelta(days=1)))
        end = add_months(end, -STEP_MONTHS)
    return windows


class PoliceStreetCrime(Loader):
    """Crimes and anti-social behaviour per 1,000 residents over rolling 12-month windows."""

    key = "police_uk_street"
    title = "police.uk street-level crime and anti-social behaviour, Cleveland Police"
    publisher = "Home Office (police.uk)"
    upstream = (
        "Sochiencode/crime-trend-analysis-cleveland @ 5070755, data/raw/*/*-cleveland-street.csv"
    )
    geography_level = "lsoa"
    generation_code = "LSOA21"
    files = (
        "crime/cleveland_street_2023-01_2025-11_counts_by_month_lsoa21_crimetype.csv",
        OA_WARD_FILE,
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        records = self.read_csv(data_dir / self.files[0], dtype={"lsoa21cd": str, "month": str})
        self.require_columns(records, ["month", "lsoa21cd", "crime_type", "count"], self.files[0])
        unknown_types = sorted(set(records["crime_type"]) - set(CRIME_TYPES))
        if unknown_types:
            raise IndicatorLoadError(f"Unknown police.uk crime types: {', '.join(unknown_types)}.")
        outside = ~records["lsoa21cd"].isin(geography.lsoa_ward.index)
        if outside.any():
            self.warn(f"{int(outside.sum())} rows name LSOAs outside the loaded places; left out.")
            records = records[~outside]
        records = records.assign(start=records["month"].map(month_start))
        first, last = records["start"].min(), records["start"].max()
        windows = twelve_month_windows(first, last)
        if not windows:
            raise IndicatorLoadError("The crime file covers less than 12 months.")
        self.release_period = (first, last)

        # Areas covered: every LSOA (and ward) of the councils the force polices, with zero
        # where nothing was recorded.
        lsoa_council = geography.lsoa_to(COUNCIL)
        councils = set(lsoa_council[records["lsoa21cd"].unique()])
        lsoas = lsoa_council[lsoa_council.isin(councils)].index
        populations = {level: geography.population(level) for level in (LSOA, WARD, COUNCIL)}
        parents = {
            level: _within(geography.lsoa_weights(level), lsoas) for level in (WARD, COUNCIL)
        }

        out: dict[str, list[ValueRow]] = {}
        slug_of = {**CRIME_TYPES}
        for position, (start, end) in enumerate(windows):
            in_window = records[(records["start"] >= start) & (records["start"] <= end)]
            table = (
                in_window.pivot_table(
                    index="lsoa21cd", columns="crime_type", values="count", aggfunc="sum"
                )
                .reindex(index=lsoas, columns=list(CRIME_TYPES))
                .fillna(0.0)
            )
            table["all"] = table.sum(axis=1)
            levels = (LSOA, WARD, COUNCIL) if position == 0 else (WARD, COUNCIL)
            for level in levels:
                summed = table if level == LSOA else apportion_counts(table, parents[level])
                method = Aggregation.AS_PUBLISHED if level == LSOA else Aggregation.LSOA_APPORTIONED
                residents = populations[level].reindex(summed.index)
                for column in table.columns:
                    code = "crime-all" if column == "all" else f"crime-{slug_of[column]}"
                    rates = rate(summed[column], residents, per=1000.0)
                    lows, highs = poisson_rate_intervals(
                        _whole(summed[column]), residents.to_numpy(), per=1000.0
                    )
                    bounds = {area: (lows[i], highs[i]) for i, area in enumerate(summed.index)}
                    out.setdefault(code, []).extend(
                        ValueRow(
                            area,
                            level,
                            start,
                            end,
                            value=None if pd.isna(rates[area]) else float(rates[area]),
                            numerator=float(summed.at[area, column]),
                            denominator=float(residents[area]),
                            lower=_finite(bounds[area][0]),
                            upper=_finite(bounds[area][1]),
                            aggregation=method,
                        )
                        for area in summed.index
                    )
        self._add_monthly_counts(records, lsoas, parents, out)
        return out

    def _add_monthly_counts(
        self,
        records: pd.DataFrame,
        lsoas: pd.Index,
        parents: dict[str, pd.DataFrame],
        out: dict[str, list[ValueRow]],
    ) -> None:
        """Each month's count of the tension-related types (and of all types) for wards and councils."""
        months = sorted(records["start"].unique())
        for label in (*TENSION_CRIME_TYPES, None):
            chosen = records if label is None else records[records["crime_type"] == label]
            table = (
                chosen.pivot_table(index="lsoa21cd", columns="start", values="count", aggfunc="sum")
                .reindex(index=lsoas, columns=months)
                .fillna(0.0)
            )
            code = monthly_crime_code(label)
            for level in (WARD, COUNCIL):
                summed = apportion_counts(table, parents[level])
                for month in months:
                    end = add_months(month, 1) - dt.timedelta(days=1)
                    counts = summed[month]
                    lows, highs = poisson_rate_intervals(
                        _whole(counts), [1.0] * len(counts), per=1.0
                    )
                    out.setdefault(code, []).extend(
                        ValueRow(
                            area,
                            level,
                            month,
                            end,
                            value=float(count),
                            numerator=float(count),
                            lower=_finite(lows[i]),
                            upper=_finite(highs[i]),
                            aggregation=Aggregation.LSOA_APPORTIONED,
                        )
                        for i, (area, count) in enumerate(counts.items())
                    )
