"""Asylum support by council (Home Office Asy_D11) and modelled loneliness by LSOA."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from cohesion.indicators.calculations.aggregation import apportioned_weighted_mean, weighted_mean
from cohesion.indicators.choices import Aggregation
from cohesion.indicators.loaders.base import Loader
from cohesion.indicators.loaders.geography import (
    COUNCIL,
    COUNTRY,
    ENGLAND,
    LSOA,
    NATIONAL_LSOA_FILES,
    OA_WARD_FILE,
    REGION,
    WALES,
    WARD,
    Geography,
    national_lsoas,
)
from cohesion.indicators.store import ValueRow


def council_populations(wards_file: Path, geography: Geography) -> pd.Series:
    """Census 2021 residents of every council of England and Wales, summed from output areas.

    Councils held in detail (Tees Valley) take their own output-area roll-up;
    the rest take the national ward table, itself summed from output areas.
    """
    wards = Loader.read_csv(wards_file, usecols=["lad25cd", "population"])
    populations = wards.groupby("lad25cd")["population"].sum().astype(float)
    detailed = geography.population(COUNCIL)
    populations.update(detailed)
    return populations


class AsylumSupport(Loader):
    """People in receipt of asylum support on the last day of each quarter, by council."""

    key = "home_office_asylum_support"
    title = "Home Office immigration statistics, Asy_D11: asylum support by local authority"
    publisher = "Home Office"
    upstream = "humaniverse/asylum @ e7044ec, data-raw/local_authority_support.csv"
    geography_level = "council"
    generation_code = "LAD24"
    files = (
        "asylum/asylum_support_by_local_authority_2014q1_latest.csv",
        "census2021_ew/ew_wd25_census2021_pct_from_oa.csv",
        "la_all_codes_drkane.csv",
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        from cohesion.places.models import Area

        support = self.read_csv(data_dir / self.files[0])
        self.require_columns(support, ["Date", "LAD Code", "People"], self.files[0])
        codes = self.read_csv(data_dir / self.files[2], usecols=["LADCD", "RGNCD"])
        region_of = codes.drop_duplicates("LADCD").set_index("LADCD")["RGNCD"]
        populations = council_populations(data_dir / self.files[1], geography)
        support = support.dropna(subset=["LAD Code"])
        totals = support.groupby(["Date", "LAD Code"])["People"].sum()
        known = set(Area.objects.filter(level=COUNCIL).values_list("code", flat=True))
        council_codes = set(totals.index.get_level_values("LAD Code"))
        former = sorted(council_codes - known)
        if former:
            self.warn(
                f"{len(former)} former council codes (before mergers) count towards their region "
                "and nation but are not shown as councils."
            )
        counts: list[ValueRow] = []
        rates: list[ValueRow] = []

        def add(
            code: str, level: str, day: dt.date, people: float, residents: float | None
        ) -> None:
            counts.append(ValueRow(code, level, day, day, value=people))
            if residents:
                value = people / residents * 1000.0
                rates.append(
                    ValueRow(
                        code, level, day, day, value=value, numerator=people, denominator=residents
                    )
                )

        region_population = populations.groupby(populations.index.map(region_of)).sum()
        nation_population = {
            ENGLAND: float(populations[populations.index.str.startswith("E")].sum()),
            WALES: float(populations[populations.index.str.startswith("W")].sum()),
        }
        for date_label, by_council in totals.groupby(level="Date"):
            day = dt.date.fromisoformat(str(date_label))
            by_council = by_council.droplevel("Date")
            for code, people in by_council.items():
                if code in known:
                    add(str(code), COUNCIL, day, float(people), populations.get(code))
            regions = by_council.groupby(by_council.index.map(region_of)).sum()
            for code, people in regions.items():
                if isinstance(code, str) and code.startswith("E12"):
                    add(code, REGION, day, float(people), region_population.get(code))
            for nation, prefix in ((ENGLAND, "E"), (WALES, "W")):
                people = float(by_council[by_council.index.str.startswith(prefix)].sum())
                add(nation, COUNTRY, day, people, nation_population[nation])
        return {"asylum-support": counts, "asylum-support-rate": rates}


class Loneliness(Loader):
    """Modelled loneliness (Community Life Survey 2020/21) for Tees Valley LSOAs, shared between wards by residents."""

    key = "cls_loneliness_modelled"
    title = "Loneliness modelled from the Community Life Survey 2020/21, by LSOA"
    publisher = "Department for Culture, Media and Sport (model: humaniverse)"
    upstream = "humaniverse/loneliness @ 330d200, inst/extdata/england_cls_loneliness_lsoa.csv"
    geography_level = "lsoa"
    generation_code = "LSOA21"
    files = (
        "survey/cls_loneliness_modelled_tees_valley_lsoa21.csv",
        "survey/cls_loneliness_modelled_england_lsoa21_full.csv.gz",
        *NATIONAL_LSOA_FILES,
        OA_WARD_FILE,
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        table = self.read_csv(data_dir / self.files[0], index="lsoa21_code")
        self.require_columns(table, ["perc"], self.files[0])
        table = table.loc[table.index.intersection(geography.lsoa_ward.index)]
        period = (dt.date(2020, 4, 1), dt.date(2021, 3, 31))
        rows = [
            ValueRow(str(code), LSOA, *period, value=float(value))
            for code, value in table["perc"].dropna().items()
        ]
        for level in (WARD, COUNCIL):
            summary = apportioned_weighted_mean(table["perc"], geography.lsoa_weights(level))
            rows += [
                ValueRow(
                    str(code),
                    level,
                    *period,
                    aggregation=Aggregation.LSOA_APPORTIONED,
                    value=float(row["value"]),
                    numerator=float(row["numerator"]) / 100.0,
                    denominator=float(row["denominator"]),
                )
                for code, row in summary.iterrows()
            ]
        england = self.read_csv(data_dir / self.files[1], index="lsoa21_code", required=["perc"])
        lsoas = national_lsoas(data_dir).reindex(england.index)
        known = lsoas["population"].notna() & england["perc"].notna()
        england, lsoas = england[known], lsoas[known]
        for level, parent in (
            (REGION, lsoas["region24_code"].dropna()),
            (COUNTRY, lsoas["country"]),
        ):
            summary = weighted_mean(
                england.loc[parent.index, "perc"], lsoas.loc[parent.index, "population"], parent
            )
            rows += [
                ValueRow(
                    str(code),
                    level,
                    *period,
                    value=float(row["value"]),
                    aggregation=Aggregation.LSOA_BEST_FIT,
                )
                for code, row in summary.iterrows()
            ]
        return {"loneliness": rows}
