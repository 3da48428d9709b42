"""The geography loaders roll values up through, read once from places.

Output areas (2021) sit in LSOAs (2021), LSOAs in May 2025 wards (ONS best fit
by population-weighted centroid) and wards in councils, as places holds them.
Every roll-up goes through the same chain, so a ward's crime count and its
population are summed over exactly the same LSOAs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cohesion.places.choices import Level

OUTPUT_AREA, LSOA, WARD, COUNCIL, REGION, COUNTRY = (
    Level.OUTPUT_AREA.value,
    Level.LSOA.value,
    Level.WARD.value,
    Level.COUNCIL.value,
    Level.REGION.value,
    Level.COUNTRY.value,
)
ENGLAND = "E92000001"
WALES = "W92000004"


@dataclass
class Geography:
    """Small areas and their ancestors as code -> code maps, with output-area populations."""

    oa_population: pd.Series
    oa_lsoa: pd.Series
    lsoa_ward: pd.Series
    ward_council: pd.Series
    council_region: pd.Series = field(default_factory=lambda: pd.Series(dtype=str))
    names: dict[str, str] = field(default_factory=dict)

    def lsoa_to(self, level: str) -> pd.Series:
        """Each LSOA's ancestor at ``level`` (lsoa, ward or council)."""
        if level == LSOA:
            return pd.Series(self.lsoa_ward.index, index=self.lsoa_ward.index)
        if level == WARD:
            return self.lsoa_ward
        if level == COUNCIL:
            return self.lsoa_ward.map(self.ward_council)
        raise ValueError(f"No chain from LSOAs to {level}.")

    def oa_to(self, level: str) -> pd.Series:
        """Each output area's ancestor at ``level`` (output_area, lsoa, ward or council)."""
        if level == OUTPUT_AREA:
            return pd.Series(self.oa_lsoa.index, index=self.oa_lsoa.index)
        return self.oa_lsoa.map(self.lsoa_to(level))

    def population(self, level: str) -> pd.Series:
        """Census 2021 usual residents at ``level``, summed from output areas."""
        if level == OUTPUT_AREA:
            return self.oa_population
        return self.oa_population.groupby(self.oa_to(level)).sum()

    @property
    def councils(self) -> list[str]:
        return sorted(set(self.ward_council.dropna()))


EW_LSOA_POPULATION_FILE = "census2021_ew/ew_lsoa21_census2021_pct_from_oa.csv.gz"
EW_LSOA_WARD_FILE = "lookups/ew_lsoa21_to_wd25_bestfit_by_pwc.csv"
COUNCIL_REGION_FILE = "lookups/lookup_ltla24_region24.csv"
NATIONAL_LSOA_FILES = (EW_LSOA_POPULATION_FILE, EW_LSOA_WARD_FILE, COUNCIL_REGION_FILE)


def national_lsoas(data_dir: Path) -> pd.DataFrame:
    """Every 2021 LSOA of England and Wales with its Census 2021 residents, region and nation.

    For summaries of England and its regions, built from LSOAs exactly as wards
    and councils are (population-weighted scores, counted deciles).
    """
    residents = pd.read_csv(data_dir / EW_LSOA_POPULATION_FILE, usecols=["lsoa21cd", "population"])
    councils = pd.read_csv(data_dir / EW_LSOA_WARD_FILE, usecols=["lsoa21cd", "lad25cd"])
    regions = pd.read_csv(data_dir / COUNCIL_REGION_FILE, usecols=["ltla24_code", "region24_code"])
    table = residents.merge(councils, on="lsoa21cd", how="left").merge(
        regions, left_on="lad25cd", right_on="ltla24_code", how="left"
    )
    table["country"] = table["lsoa21cd"].str[0].map({"E": ENGLAND, "W": WALES})
    return table.set_index("lsoa21cd")[["population", "region24_code", "country"]]


def geography_from_places() -> Geography:
    """Read the current output areas, LSOAs, wards and councils from places."""
    from cohesion.places.models import Area

    def pairs(level: str, generation: str) -> pd.DataFrame:
        rows = Area.objects.filter(level=level, generation__code=generation).values_list(
            "code", "parent__code", "population", "name"
        )
        return pd.DataFrame(list(rows), columns=["code", "parent", "population", "name"]).set_index(
            "code"
        )

    oas = pairs(OUTPUT_AREA, "OA21")
    lsoas = pairs(LSOA, "LSOA21")
    wards = pairs(WARD, "WD25")
    councils = pairs(COUNCIL, "LAD24")
    names: dict[str, str] = {}
    for frame in (lsoas, wards, councils):
        names.update(frame["name"].to_dict())
    return Geography(
        oa_population=oas["population"].astype(float),
        oa_lsoa=oas["parent"],
        lsoa_ward=lsoas["parent"],
        ward_council=wards["parent"],
        council_region=councils["parent"].dropna(),
        names=names,
    )
