"""Ward values for every ward of England and Wales, once the national wards are loaded in places.

The councils held in detail (Tees Valley) build their ward values from output
areas (:mod:`cohesion.indicators.loaders.census`). Every other ward takes the
national tables, and these loaders say how on every value:

* **Census 2021** -- the national ward table, whose percentages were summed to
  May 2025 wards from all 188,880 output areas, each given whole to the ward
  holding its population-weighted centroid (recorded as *output areas*);
* **IMD 2025 and modelled loneliness** (England only) -- LSOA values, each LSOA
  given whole to the ward holding its population-weighted centroid (the
  LSOA -> WD25 best-fit lookup) and weighted by its Census 2021 residents
  (recorded as *LSOA best fit*). An output-area -> ward lookup, which would
  let an LSOA be shared between wards as in Tees Valley, is not held for the
  whole country: the national output-area lookup stops at LSOAs.

Wales has no IMD 2025 or modelled loneliness (both are English releases), so
Welsh wards hold none; the profile page says so.

They run only when asked (``cohesion load-national`` or
``cohesion load-indicators --england-wales``), and refuse to run before the
national wards are loaded, so a Tees Valley installation stays small.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from cohesion.indicators.calculations.aggregation import (
    LookupCoverageError,
    apportioned_share_in_categories,
    apportioned_weighted_mean,
    best_fit_weights,
    counts_from_percentages,
)
from cohesion.indicators.choices import Aggregation
from cohesion.indicators.loaders.base import IndicatorLoadError, Loader, census_day_2021, year
from cohesion.indicators.loaders.census import (
    FROM_OAS,
    UPSTREAM,
    diversity_rows,
    merge,
    needed_columns,
    share_rows,
)
from cohesion.indicators.loaders.deprivation import MHCLG
from cohesion.indicators.loaders.geography import (
    COUNCIL,
    EW_LSOA_POPULATION_FILE,
    EW_LSOA_WARD_FILE,
    WARD,
    Geography,
)
from cohesion.indicators.store import ValueRow

EW_WARD_CENSUS_FILE = "census2021_ew/ew_wd25_census2021_pct_from_oa.csv"
BEST_FIT = Aggregation.LSOA_BEST_FIT


def national_wards(geography: Geography) -> pd.Series:
    """Ward -> council for every loaded May 2025 ward outside the councils held in detail.

    Raises :class:`IndicatorLoadError` when only the wards of the councils held
    in detail are loaded: the national wards must be loaded first.
    """
    detailed = geography.detailed_councils
    wards = geography.ward_council.dropna()
    wards = wards[~wards.isin(detailed)]
    if wards.empty:
        raise IndicatorLoadError(
            "Only the wards of the councils held in detail are loaded: run "
            "`cohesion load-places --england-wales` first (or `cohesion load-national`, which does both)."
        )
    return wards


def _names(codes: list[str], geography: Geography, limit: int = 8) -> str:
    shown = ", ".join(f"{geography.names.get(c, c)} ({c})" for c in codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


class NationalLoader(Loader):
    """Shared checks of the national ward loaders."""

    national = True

    def wards_not_loaded(self, codes: pd.Index, geography: Geography, file: str) -> None:
        """Refuse a file naming wards that places does not hold (a different ward release)."""
        unknown = sorted(set(codes) - set(geography.ward_council.index))
        if unknown:
            raise IndicatorLoadError(
                f"{file} names {len(unknown)} ward(s) not loaded in places, e.g. "
                f"{', '.join(unknown[:5])}; run `cohesion load-places --england-wales` first."
            )

    def best_fit(
        self, data_dir: Path, lsoas: pd.Index, geography: Geography, wards: pd.Series
    ) -> pd.DataFrame:
        """Each of ``lsoas`` whole in its best-fit ward, weighted by residents; only ``wards`` kept."""
        lookup = self.read_csv(
            data_dir / EW_LSOA_WARD_FILE, usecols=["lsoa21cd", "wd25cd"], index="lsoa21cd"
        )["wd25cd"]
        residents = self.read_csv(
            data_dir / EW_LSOA_POPULATION_FILE,
            usecols=["lsoa21cd", "population"],
            index="lsoa21cd",
        )["population"]
        try:
            weights = best_fit_weights(residents, lookup, lsoas)
        except LookupCoverageError as error:
            raise IndicatorLoadError(
                f"{error} (lookup {EW_LSOA_WARD_FILE}, residents {EW_LSOA_POPULATION_FILE})"
            ) from error
        self.wards_not_loaded(pd.Index(weights["parent"].unique()), geography, EW_LSOA_WARD_FILE)
        return weights[weights["parent"].isin(wards.index)].reset_index(drop=True)

    def english_lsoas(
        self, data_dir: Path, geography: Geography, columns: list[str]
    ) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
        """The English wards outside the councils held in detail, the LSOA table of ``files[0]``
        (``columns``, LSOAs with a value) in those wards, and the LSOAs' best-fit weights."""
        wards = national_wards(geography)
        english = wards[wards.index.str.startswith("E")]
        table = self.read_csv(
            data_dir / self.files[0], usecols=["lsoa21_code", *columns], index="lsoa21_code"
        ).dropna(subset=columns)
        weights = self.best_fit(data_dir, table.index, geography, english)
        return english, table.loc[weights["lsoa"]], weights

    def note_wards_without_values(
        self, wards: pd.Series, held: set[str], geography: Geography, what: str
    ) -> None:
        missing = sorted(set(wards.index) - held)
        if missing:
            self.warn(
                f"{len(missing)} ward(s) hold no {what}: no output area's population-weighted "
                f"centroid lies in them, so the national tables give them no residents: "
                f"{_names(missing, geography)}."
            )


def _weighted(
    frame: pd.DataFrame, level: str, period: tuple[dt.date, dt.date], scale: float = 1.0
) -> list[ValueRow]:
    return [
        ValueRow(
            str(code),
            level,
            *period,
            aggregation=BEST_FIT,
            value=float(row["value"]),
            numerator=float(row["numerator"]) * scale,
            denominator=float(row["denominator"]),
        )
        for code, row in frame.dropna(subset=["value"]).iterrows()
    ]


class CensusWardsEnglandWales(NationalLoader):
    """Census 2021 for every ward of England and Wales outside the councils held in detail."""

    key = "census2021_wards_england_wales"
    title = (
        "Census 2021 for the wards of every council of England and Wales (summed from output areas)"
    )
    publisher = "Office for National Statistics"
    upstream = UPSTREAM + " (all 188,880 output areas, summed to May 2025 wards)"
    release_date = dt.date(2023, 3, 28)
    geography_level = "ward"
    generation_code = "WD25"
    files = (EW_WARD_CENSUS_FILE,)

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        wards = national_wards(geography)
        table = self.read_csv(data_dir / self.files[0], required=["population"], index="wd25cd")
        self.wards_not_loaded(table.index, geography, self.files[0])
        table = table.loc[table.index.intersection(wards.index)]
        self.note_wards_without_values(wards, set(table.index), geography, "Census 2021 values")
        columns = needed_columns(list(table.columns))
        counts = counts_from_percentages(table[columns].fillna(0.0), table["population"])
        period = census_day_2021()
        out: dict[str, list[ValueRow]] = {
            "population": [
                ValueRow(
                    str(code),
                    WARD,
                    *period,
                    aggregation=FROM_OAS,
                    value=float(table.at[code, "population"]),
                )
                for code in table.index
            ]
        }
        merge(out, share_rows(counts, WARD, period))
        merge(out, diversity_rows(counts, WARD, period))
        return out


class Deprivation2025Wards(NationalLoader):
    """IMD 2025 for every English ward outside the councils held in detail, from LSOAs by best fit."""

    key = "imd2025_wards_england"
    title = "English Indices of Deprivation 2025 for the wards of every English council (LSOAs by best fit)"
    publisher = MHCLG
    upstream = "humaniverse/IMD @ 2f6c905, data/imd2025_england_lsoa21.rda"
    release_date = dt.date(2025, 10, 30)
    geography_level = "lsoa"
    generation_code = "LSOA21"
    files = (
        "imd/imd2025_england_lsoa21_full.csv.gz",
        EW_LSOA_WARD_FILE,
        EW_LSOA_POPULATION_FILE,
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        english, lsoas, weights = self.english_lsoas(
            data_dir, geography, ["IMD_score", "IMD_decile", "Income_score"]
        )
        period = year(2025)
        scores = _weighted(apportioned_weighted_mean(lsoas["IMD_score"], weights), WARD, period)
        self.note_wards_without_values(
            english, {r.area_code for r in scores}, geography, "IMD 2025 values"
        )
        return {
            "imd-score": scores,
            "imd-most-deprived-decile": _weighted(
                apportioned_share_in_categories(lsoas["IMD_decile"], [1], weights), WARD, period
            ),
            "imd-income-deprivation": _weighted(
                apportioned_weighted_mean(lsoas["Income_score"] * 100.0, weights), WARD, period
            ),
        }


class LonelinessWards(NationalLoader):
    """Modelled loneliness for every English ward and council outside those held in detail, by best fit."""

    key = "cls_loneliness_wards_england"
    title = "Loneliness modelled from the Community Life Survey 2020/21, for the wards and councils of England (LSOAs by best fit)"
    publisher = "Department for Culture, Media and Sport (model: humaniverse)"
    upstream = "humaniverse/loneliness @ 330d200, inst/extdata/england_cls_loneliness_lsoa.csv"
    geography_level = "lsoa"
    generation_code = "LSOA21"
    files = (
        "survey/cls_loneliness_modelled_england_lsoa21_full.csv.gz",
        EW_LSOA_WARD_FILE,
        EW_LSOA_POPULATION_FILE,
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        english, table, weights = self.english_lsoas(data_dir, geography, ["perc"])
        share = table["perc"]
        period = (dt.date(2020, 4, 1), dt.date(2021, 3, 31))
        # Numerators are people (share x residents), as for Tees Valley.
        rows = _weighted(apportioned_weighted_mean(share, weights), WARD, period, scale=0.01)
        self.note_wards_without_values(
            english, {r.area_code for r in rows}, geography, "modelled loneliness"
        )
        in_councils = weights.assign(parent=weights["parent"].map(english))
        rows += _weighted(
            apportioned_weighted_mean(share, in_councils), COUNCIL, period, scale=0.01
        )
        return {"loneliness": rows}


NATIONAL_LOADERS = (CensusWardsEnglandWales, Deprivation2025Wards, LonelinessWards)
