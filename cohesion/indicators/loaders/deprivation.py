"""English Indices of Deprivation 2025 (LSOAs of Tees Valley, every council of England) and 2019 (councils)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from cohesion.indicators.calculations.aggregation import (
    apportioned_share_in_categories,
    apportioned_weighted_mean,
    share_in_categories,
    weighted_mean,
)
from cohesion.indicators.choices import Aggregation
from cohesion.indicators.loaders.base import Loader, year
from cohesion.indicators.loaders.geography import (
    COUNCIL,
    COUNTRY,
    LSOA,
    NATIONAL_LSOA_FILES,
    OA_WARD_FILE,
    REGION,
    WARD,
    Geography,
    national_lsoas,
)
from cohesion.indicators.store import ValueRow

MHCLG = "Ministry of Housing, Communities and Local Government"


def _rows(
    series: pd.Series,
    level: str,
    period: tuple[dt.date, dt.date],
    aggregation: str = Aggregation.AS_PUBLISHED,
) -> list[ValueRow]:
    return [
        ValueRow(str(code), level, *period, value=float(value), aggregation=aggregation)
        for code, value in series.dropna().items()
    ]


def _weighted_rows(
    frame: pd.DataFrame, level: str, period: tuple[dt.date, dt.date], aggregation: str
) -> list[ValueRow]:
    return [
        ValueRow(
            str(code),
            level,
            *period,
            aggregation=aggregation,
            value=float(row["value"]),
            numerator=float(row["numerator"]),
            denominator=float(row["denominator"]),
        )
        for code, row in frame.iterrows()
    ]


APPORTIONED = Aggregation.LSOA_APPORTIONED
# England and its regions: whole LSOAs, placed in councils by the national
# LSOA -> ward best-fit lookup (no output-area lookup is held outside Tees Valley).
BEST_FIT = Aggregation.LSOA_BEST_FIT


class Deprivation2025(Loader):
    """IMD 2025: LSOA scores for Tees Valley shared between wards by residents; MHCLG's summaries for every English council."""

    key = "imd2025"
    title = "English Indices of Deprivation 2025"
    publisher = MHCLG
    upstream = (
        "humaniverse/IMD @ 2f6c905, data/imd2025_england_lsoa21.rda, imd2025_england_ltla24.rda"
    )
    release_date = dt.date(2025, 10, 30)
    geography_level = "lsoa"
    generation_code = "LSOA21"
    files = (
        "imd/imd2025_tees_valley_lsoa21.csv",
        "imd/imd2025_england_ltla24_summary.csv",
        "imd/imd2025_england_lsoa21_full.csv.gz",
        *NATIONAL_LSOA_FILES,
        OA_WARD_FILE,
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        lsoas = self.read_csv(data_dir / self.files[0], index="lsoa21_code")
        self.require_columns(lsoas, ["IMD_score", "IMD_decile", "Income_score"], self.files[0])
        councils = self.read_csv(data_dir / self.files[1], index="ltla24_code")
        self.require_columns(
            councils,
            [
                "imd_average_score",
                "imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally",
                "income_average_score",
            ],
            self.files[1],
        )
        period = year(2025)
        known = lsoas.index.intersection(geography.lsoa_ward.index)
        if len(known) < len(lsoas):
            self.warn(
                f"{len(lsoas) - len(known)} LSOAs are not loaded in places and were left out."
            )
        lsoas = lsoas.loc[known]
        in_wards = geography.lsoa_weights(WARD)
        income = lsoas["Income_score"] * 100.0
        wider = self.regions_and_england(data_dir, period)
        return {
            "imd-score": _rows(lsoas["IMD_score"], LSOA, period)
            + _weighted_rows(
                apportioned_weighted_mean(lsoas["IMD_score"], in_wards), WARD, period, APPORTIONED
            )
            + _rows(councils["imd_average_score"], COUNCIL, period)
            + wider["imd-score"],
            "imd-most-deprived-decile": _weighted_rows(
                apportioned_share_in_categories(lsoas["IMD_decile"], [1], in_wards),
                WARD,
                period,
                APPORTIONED,
            )
            + _rows(
                councils["imd_proportion_of_lso_as_in_most_deprived_10_percent_nationally"] * 100.0,
                COUNCIL,
                period,
            )
            + wider["imd-most-deprived-decile"],
            "imd-income-deprivation": _rows(income, LSOA, period)
            + _weighted_rows(apportioned_weighted_mean(income, in_wards), WARD, period, APPORTIONED)
            + _rows(councils["income_average_score"] * 100.0, COUNCIL, period)
            + wider["imd-income-deprivation"],
        }

    def regions_and_england(
        self, data_dir: Path, period: tuple[dt.date, dt.date]
    ) -> dict[str, list[ValueRow]]:
        """Regions of England and England itself, from all 33,755 LSOAs weighted by Census 2021 residents."""
        england = self.read_csv(
            data_dir / self.files[2],
            index="lsoa21_code",
            required=["IMD_score", "IMD_decile", "Income_score"],
        )
        lsoas = national_lsoas(data_dir).reindex(england.index)
        if lsoas["population"].isna().any():
            self.warn(
                f"{int(lsoas['population'].isna().sum())} English LSOAs have no Census population; left out of regions."
            )
        known = lsoas["population"].notna()
        england, lsoas = england[known], lsoas[known]
        out: dict[str, list[ValueRow]] = {}
        for level, parent in (
            (REGION, lsoas["region24_code"].dropna()),
            (COUNTRY, lsoas["country"]),
        ):
            scores = england.loc[parent.index]
            weights = lsoas.loc[parent.index, "population"]
            out.setdefault("imd-score", []).extend(
                _weighted_rows(
                    weighted_mean(scores["IMD_score"], weights, parent), level, period, BEST_FIT
                )
            )
            out.setdefault("imd-income-deprivation", []).extend(
                _weighted_rows(
                    weighted_mean(scores["Income_score"] * 100.0, weights, parent),
                    level,
                    period,
                    BEST_FIT,
                )
            )
            out.setdefault("imd-most-deprived-decile", []).extend(
                _weighted_rows(
                    share_in_categories(scores["IMD_decile"], [1], parent), level, period, BEST_FIT
                )
            )
        return out


class Deprivation2019(Loader):
    """IMD 2019: MHCLG's summaries for every English council (2023 council boundaries)."""

    key = "imd2019"
    title = "English Indices of Deprivation 2019 (local authority summaries)"
    publisher = MHCLG
    upstream = "humaniverse/IMD @ 2f6c905, data/imd2019_england_ltla23.rda"
    release_date = dt.date(2019, 9, 26)
    geography_level = "council"
    generation_code = "LAD23"
    files = ("imd/imd2019_england_ltla23_summary.csv",)

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        councils = self.read_csv(data_dir / self.files[0], index="ltla23_code")
        self.require_columns(councils, ["Score", "Proportion", "Income_Score"], self.files[0])
        period = year(2019)
        return {
            "imd-score": _rows(councils["Score"], COUNCIL, period),
            "imd-most-deprived-decile": _rows(councils["Proportion"] * 100.0, COUNCIL, period),
            "imd-income-deprivation": _rows(councils["Income_Score"] * 100.0, COUNCIL, period),
        }
