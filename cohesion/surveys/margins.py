"""Population margins for weighting, read from the public data folder and summed to wards.

Each characteristic is a separate margin, because small-area counts by age *and* sex
*and* ward together are not published:

- **age band** (16 and over): ONS mid-2020 small area population estimates at 2011
  LSOAs (``population/mid2020_lsoa11_age_bands_persons_ew.csv.gz``), carried to 2021
  LSOAs with the ONS LSOA11 -> LSOA21 lookup (split LSOAs by Census 2021 population)
  and to May 2025 wards with the best-fit lookup;
- **sex**: Census 2021 (TS009) by council (``population/census2021_age_sex_ltla21_ew_bands.csv``):
  the female/male split of residents aged 16 to 74 (the file merges 0-15 with 75+, so
  that band cannot be used), applied to each ward of the council;
- **ward**: Census 2021 usual residents of each ward (``Area.population`` in places);
- **ethnic group**: Census 2021 (TS021) five high-level groups at 2021 LSOAs
  (``census2021/demographr_ethnicity21_lsoa21_tees_valley.csv``) summed to wards;
- **tenure**: Census 2021 (TS054) households by tenure at 2021 LSOAs
  (``census2021/demographr_household_tenure21_lsoa21_tees_valley.csv``) summed to wards
  and collapsed to four groups.

The tables are read once per process and data folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cohesion.surveys.calculations.population_margins import apportion, successor_shares
from cohesion.surveys.demographics import (
    AGE_BANDS,
    ETHNIC_GROUP_CENSUS_LABELS,
    ETHNIC_GROUPS,
    SEXES,
    TENURE_CENSUS_LABELS,
    TENURES,
)

AGE_FILE = "population/mid2020_lsoa11_age_bands_persons_ew.csv.gz"
SEX_FILE = "population/census2021_age_sex_ltla21_ew_bands.csv"
ETHNIC_FILE = "census2021/demographr_ethnicity21_lsoa21_tees_valley.csv"
TENURE_FILE = "census2021/demographr_household_tenure21_lsoa21_tees_valley.csv"
LSOA11_TO_21_FILE = "lookups/lookup_lsoa11_lsoa21_ltla22.csv"
LSOA21_TO_WARD_FILE = "lookups/ew_lsoa21_to_wd25_bestfit_by_pwc.csv"
LSOA21_POPULATION_FILE = "census2021_ew/ew_lsoa21_census2021_pct_from_oa.csv.gz"

AGE_COLUMNS = {
    "age_16_24": "16-24",
    "age_25_34": "25-34",
    "age_35_44": "35-44",
    "age_45_54": "45-54",
    "age_55_64": "55-64",
    "age_65_74": "65-74",
    "age_75_plus": "75+",
}

SOURCES = {
    "age_band": "ONS mid-2020 small area population estimates (2011 LSOAs), residents aged 16+, "
    "carried to May 2025 wards via the ONS LSOA 2011->2021 lookup and the LSOA 2021->ward best fit",
    "sex": "Census 2021 TS009, usual residents aged 16 to 74 by sex, by council",
    "ward": "Census 2021 usual residents per May 2025 ward (output areas summed to wards)",
    "ethnic_group": "Census 2021 TS021 ethnic group (5 groups), 2021 LSOAs summed to May 2025 wards",
    "tenure": "Census 2021 TS054 household tenure (4 groups), 2021 LSOAs summed to May 2025 wards",
}


class MarginDataError(ValueError):
    """A population table needed for weighting is missing or has no figures for an area."""


@dataclass(frozen=True)
class PopulationTables:
    """Counts per ward (rows: ward GSS codes) and the sex split per council."""

    age: pd.DataFrame
    ethnic_group: pd.DataFrame
    tenure: pd.DataFrame
    sex_share: pd.DataFrame
    ward_council: pd.Series
    unlinked: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _require(path: Path) -> Path:
    if not path.exists():
        raise MarginDataError(
            f"The population file {path} is missing; weighting needs the shared data folder "
            "(set COHESION_DATA_DIR)."
        )
    return path


def _lsoa21_to_ward(data_dir: Path) -> pd.DataFrame:
    lookup = pd.read_csv(
        _require(data_dir / LSOA21_TO_WARD_FILE), usecols=["lsoa21cd", "wd25cd", "lad25cd"]
    )
    return lookup.rename(columns={"lsoa21cd": "from_code", "wd25cd": "to_code"})


def _age_by_ward(data_dir: Path, to_ward: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    ages = pd.read_csv(_require(data_dir / AGE_FILE), usecols=["lsoa11_code", *AGE_COLUMNS])
    ages = ages.set_index("lsoa11_code").rename(columns=AGE_COLUMNS)[list(AGE_BANDS)]
    links = pd.read_csv(
        _require(data_dir / LSOA11_TO_21_FILE), usecols=["lsoa11_code", "lsoa21_code"]
    ).rename(columns={"lsoa11_code": "from_code", "lsoa21_code": "to_code"})
    population = pd.read_csv(
        _require(data_dir / LSOA21_POPULATION_FILE), usecols=["lsoa21cd", "population"]
    ).set_index("lsoa21cd")["population"]
    on_lsoa21 = apportion(ages, successor_shares(links, population))
    to_ward_shares = to_ward[["from_code", "to_code"]].assign(share=1.0)
    on_wards = apportion(on_lsoa21.table, to_ward_shares)
    return on_wards.table, on_lsoa21.unlinked + on_wards.unlinked


def _census_by_ward(
    path: Path,
    category_column: str,
    labels: dict[str, str],
    order: tuple[str, ...],
    to_ward: pd.DataFrame,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    raw = pd.read_csv(_require(path), usecols=["lsoa21_code", category_column, "n"])
    unknown = sorted(set(raw[category_column]) - set(labels))
    if unknown:
        raise MarginDataError(f"{path.name} has categories Cohesion does not know: {unknown}.")
    raw["category"] = raw[category_column].map(labels)
    wide = raw.pivot_table(
        index="lsoa21_code", columns="category", values="n", aggfunc="sum", fill_value=0.0
    ).reindex(columns=list(order), fill_value=0.0)
    result = apportion(wide, to_ward[["from_code", "to_code"]].assign(share=1.0))
    return result.table, result.unlinked


def _sex_share(data_dir: Path) -> pd.DataFrame:
    sex = pd.read_csv(_require(data_dir / SEX_FILE))
    adults = sex[sex["age_band"].isin(["16-64", "65-74"])]
    table = adults.pivot_table(index="ltla21_code", columns="sex", values="count", aggfunc="sum")
    table = table.reindex(columns=list(SEXES))
    return table.div(table.sum(axis=1), axis=0)


@lru_cache(maxsize=4)
def _load(data_dir: str) -> PopulationTables:
    root = Path(data_dir)
    to_ward = _lsoa21_to_ward(root)
    age, age_unlinked = _age_by_ward(root, to_ward)
    ethnic, ethnic_unlinked = _census_by_ward(
        root / ETHNIC_FILE, "ethnic_group", ETHNIC_GROUP_CENSUS_LABELS, ETHNIC_GROUPS, to_ward
    )
    tenure, tenure_unlinked = _census_by_ward(
        root / TENURE_FILE, "tenure", TENURE_CENSUS_LABELS, TENURES, to_ward
    )
    ward_council = to_ward.drop_duplicates("to_code").set_index("to_code")["lad25cd"]
    return PopulationTables(
        age=age,
        ethnic_group=ethnic,
        tenure=tenure,
        sex_share=_sex_share(root),
        ward_council=ward_council,
        unlinked={
            "age_band": age_unlinked,
            "ethnic_group": ethnic_unlinked,
            "tenure": tenure_unlinked,
        },
    )


def population_tables(data_dir: Path | str) -> PopulationTables:
    """The ward tables for weighting, read once per data folder."""
    return _load(str(Path(data_dir).resolve()))
