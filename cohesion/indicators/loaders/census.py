"""Census 2021: Tees Valley from output areas, and every other council of England and Wales from wards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from cohesion.indicators.calculations.aggregation import counts_from_percentages, rate, roll_up
from cohesion.indicators.calculations.diversity import fractionalisation, shannon_entropy
from cohesion.indicators.calculations.segregation import segregation_by_parent
from cohesion.indicators.choices import Aggregation
from cohesion.indicators.definitions import SEGREGATION_GROUPS_2021
from cohesion.indicators.loaders.base import IndicatorLoadError, Loader, census_day_2021
from cohesion.indicators.loaders.geography import (
    COUNCIL,
    COUNTRY,
    ENGLAND,
    LSOA,
    REGION,
    WALES,
    WARD,
    Geography,
)
from cohesion.indicators.store import ValueRow

ETHNIC_GROUPS = {
    "asian": "ethnic_group_tb_6a-001",
    "black": "ethnic_group_tb_6a-002",
    "mixed": "ethnic_group_tb_6a-003",
    "white": "ethnic_group_tb_6a-004",
    "other": "ethnic_group_tb_6a-005",
}
assert set(ETHNIC_GROUPS) == set(SEGREGATION_GROUPS_2021)

# Share indicators: code -> (numerator categories, variable prefix whose categories make the denominator).
SHARES: dict[str, tuple[tuple[str, ...], str]] = {
    "english-proficiency-low": (("english_proficiency_4a-003",), "english_proficiency_4a-"),
    "economic-inactivity": (("economic_activity_status_4a-003",), "economic_activity_status_4a-"),
    "born-outside-uk": (("country_of_birth_3a-002",), "country_of_birth_3a-"),
    "arrived-last-2-years": (("residence_length_6b-005",), "residence_length_6b-"),
    "arrived-last-5-years": (
        ("residence_length_6b-004", "residence_length_6b-005"),
        "residence_length_6b-",
    ),
    "moved-from-abroad-last-year": (("migrant_ind-003",), "migrant_ind-"),
    "non-uk-passport": (("passports_all_4a-002",), "passports_all_4a-"),
    "household-no-english": (("hh_language-004",), "hh_language-"),
    "ethnic-minority": (
        (
            "ethnic_group_tb_6a-001",
            "ethnic_group_tb_6a-002",
            "ethnic_group_tb_6a-003",
            "ethnic_group_tb_6a-005",
        ),
        "ethnic_group_tb_6a-",
    ),
}
# Every Census value is built from output areas: Tees Valley's LSOAs, wards and
# councils from the output-area tables and the output-area -> ward lookup; other
# councils, the regions and the nations from the national ward table, itself
# summed from output areas.
FROM_OAS = Aggregation.OUTPUT_AREAS
UPSTREAM = "ONSvisual/dot-density-data @ 12ecaf8, output/data/oa/"


def needed_columns(available: list[str]) -> list[str]:
    prefixes = {prefix for _, prefix in SHARES.values()}
    return [c for c in available if any(c.startswith(p) for p in prefixes)]


def share_rows(
    counts: pd.DataFrame, level: str, period: tuple[dt.date, dt.date]
) -> dict[str, list[ValueRow]]:
    """Share indicators (percentages) from counts already summed to ``level``."""
    out: dict[str, list[ValueRow]] = {}
    for code, (numerator_columns, prefix) in SHARES.items():
        denominator_columns = [c for c in counts.columns if c.startswith(prefix)]
        numerator = counts[list(numerator_columns)].sum(axis=1)
        denominator = counts[denominator_columns].sum(axis=1)
        values = rate(numerator, denominator, per=100.0)
        out[code] = [
            ValueRow(
                area,
                level,
                *period,
                aggregation=FROM_OAS,
                value=values[area],
                numerator=numerator[area],
                denominator=denominator[area],
            )
            for area in counts.index
        ]
    return out


def diversity_rows(
    counts: pd.DataFrame, level: str, period: tuple[dt.date, dt.date]
) -> dict[str, list[ValueRow]]:
    groups = counts[list(ETHNIC_GROUPS.values())].to_numpy(dtype=float)
    fraction = fractionalisation(groups)
    entropy = shannon_entropy(groups, normalise=True)
    return {
        "diversity-fractionalisation": [
            ValueRow(area, level, *period, aggregation=FROM_OAS, value=float(fraction[i]))
            for i, area in enumerate(counts.index)
        ],
        "diversity-entropy": [
            ValueRow(area, level, *period, aggregation=FROM_OAS, value=float(entropy[i]))
            for i, area in enumerate(counts.index)
        ],
    }


def merge(target: dict[str, list[ValueRow]], extra: dict[str, list[ValueRow]]) -> None:
    for code, rows in extra.items():
        target.setdefault(code, []).extend(rows)


def segregation_rows(
    oa_counts: pd.DataFrame, parent_of: pd.Series, level: str, period: tuple[dt.date, dt.date]
) -> dict[str, list[ValueRow]]:
    """Segregation indices for every parent (ward or council) from its output areas."""
    table = oa_counts[list(ETHNIC_GROUPS.values())].copy()
    table.columns = list(ETHNIC_GROUPS)
    table["parent"] = parent_of.reindex(table.index).to_numpy()
    indices = segregation_by_parent(table, "parent", list(ETHNIC_GROUPS))
    out: dict[str, list[ValueRow]] = {}
    for slug in ETHNIC_GROUPS:
        out[f"segregation-dissimilarity-{slug}"] = [
            ValueRow(area, level, *period, aggregation=FROM_OAS, value=_finite(value))
            for area, value in indices[f"dissimilarity_{slug}"].items()
        ]
    out["segregation-multigroup-dissimilarity"] = [
        ValueRow(area, level, *period, aggregation=FROM_OAS, value=_finite(value))
        for area, value in indices["multigroup_dissimilarity"].items()
    ]
    out["segregation-information-theory"] = [
        ValueRow(area, level, *period, aggregation=FROM_OAS, value=_finite(value))
        for area, value in indices["information_theory_h"].items()
    ]
    return out


def _finite(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def oa_counts(data_dir: Path, geography: Geography) -> pd.DataFrame:
    """Estimated counts per output area: published percentage x usual residents."""
    path = data_dir / CensusOutputAreas.files[0]
    table = Loader.read_csv(path, dtype={"oa21cd": str}, index="oa21cd")
    columns = needed_columns(list(table.columns))
    if len(columns) < 20:
        raise IndicatorLoadError(f"{path.name} lacks the Census variables Cohesion needs.")
    population = geography.oa_population
    missing = table.index.difference(population.index)
    if len(missing):
        raise IndicatorLoadError(
            f"{len(missing)} output areas in {path.name} are not loaded in places, e.g. {missing[0]}; "
            "run `cohesion load-places` first."
        )
    return counts_from_percentages(table[columns].fillna(0.0), population)


class CensusOutputAreas(Loader):
    """Census 2021 for Tees Valley, from output-area percentages times output-area residents."""

    key = "census2021_tees_valley_oa"
    title = "Census 2021 output-area tables, Tees Valley (ONS dot-density data)"
    publisher = "Office for National Statistics"
    upstream = UPSTREAM
    release_date = dt.date(2023, 3, 28)
    geography_level = "output_area"
    generation_code = "OA21"
    files = (
        "census2021/tees_valley_oa21_census2021_pct.csv",
        "census2021/census2021_dot_density_category_codes.csv",
        "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv",
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        codes = self.read_csv(data_dir / self.files[1])
        self.require_columns(codes, ["column", "variable", "unit", "category"], self.files[1])
        counts = oa_counts(data_dir, geography)
        period = census_day_2021()
        out: dict[str, list[ValueRow]] = {}
        population = geography.oa_population.reindex(counts.index)
        for level in (LSOA, WARD, COUNCIL):
            parent_of = geography.oa_to(level)
            summed = roll_up(counts, parent_of)
            residents = roll_up(population.to_frame("population"), parent_of)["population"]
            merge(
                out,
                {
                    "population": [
                        ValueRow(
                            area, level, *period, aggregation=FROM_OAS, value=float(residents[area])
                        )
                        for area in residents.index
                    ]
                },
            )
            merge(out, share_rows(summed, level, period))
            merge(out, diversity_rows(summed, level, period))
            if level in (WARD, COUNCIL):
                merge(out, segregation_rows(counts, parent_of, level, period))
        return out


class CensusEnglandWales(Loader):
    """Census 2021 for every other council of England and Wales, the regions and the nations, from wards."""

    key = "census2021_england_wales"
    title = "Census 2021 for every ward of England and Wales (ONS dot-density data, summed from output areas)"
    publisher = "Office for National Statistics"
    upstream = UPSTREAM + " (all 188,880 output areas)"
    release_date = dt.date(2023, 3, 28)
    geography_level = "ward"
    generation_code = "WD25"
    files = (
        "census2021_ew/ew_wd25_census2021_pct_from_oa.csv",
        "lookups/lookup_ltla24_region24.csv",
    )

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        wards = self.read_csv(data_dir / self.files[0], index="wd25cd")
        self.require_columns(wards, ["lad25cd", "population"], self.files[0])
        regions = self.read_csv(data_dir / self.files[1])
        self.require_columns(regions, ["ltla24_code", "region24_code"], self.files[1])
        region_of = regions.set_index("ltla24_code")["region24_code"]
        columns = needed_columns(list(wards.columns))
        counts = counts_from_percentages(wards[columns].fillna(0.0), wards["population"])
        counts["population"] = wards["population"].astype(float)
        period = census_day_2021()
        councils = roll_up(counts, wards["lad25cd"])
        held_in_detail = geography.detailed_councils
        out: dict[str, list[ValueRow]] = {}
        own = councils.loc[[c for c in councils.index if c not in held_in_detail]]
        region_codes = pd.Series(
            [region_of.get(c) for c in councils.index], index=councils.index, dtype=object
        )
        unmatched = region_codes[region_codes.isna() & councils.index.str.startswith("E")]
        if len(unmatched):
            self.warn(
                f"{len(unmatched)} English councils have no region in the lookup; left out of regions."
            )
        in_region = councils[region_codes.notna()]
        by_region = roll_up(in_region, region_codes.dropna())
        nations = roll_up(
            councils,
            pd.Series(
                [ENGLAND if c.startswith("E") else WALES for c in councils.index],
                index=councils.index,
            ),
        )
        for level, frame in ((COUNCIL, own), (REGION, by_region), (COUNTRY, nations)):
            merge(
                out,
                {
                    "population": [
                        ValueRow(
                            area,
                            level,
                            *period,
                            aggregation=FROM_OAS,
                            value=float(frame.at[area, "population"]),
                        )
                        for area in frame.index
                    ]
                },
            )
            merge(out, share_rows(frame, level, period))
            merge(out, diversity_rows(frame, level, period))
        return out
