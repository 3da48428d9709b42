"""The geography loaders roll values up through, read once from places.

Output areas (2021) sit in LSOAs (2021) and in May 2025 wards (the ward holding
each output area's population-weighted centroid, as ONS builds ward estimates),
and wards in councils. Places holds the output areas, LSOAs, wards and
councils; the output-area -> ward lookup is read from the data folder.

A ward's residents are the residents of its output areas. An LSOA that
straddles wards is *not* given whole to one of them: values published only
for LSOAs are shared between wards by the residents of the LSOA's output
areas (:func:`Geography.lsoa_weights`), so a ward's crime count and its
population describe the same people. The LSOA -> ward best fit is kept for
LSOA pages (an LSOA's parent ward) and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cohesion.indicators.calculations.aggregation import (
    LookupCoverageError,
    apportionment_weights,
)
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
    oa_ward: pd.Series = field(default_factory=lambda: pd.Series(dtype=str))

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
        """Each output area's ancestor at ``level`` (output_area, lsoa, ward or council).

        Wards (and the councils above them) come from the output-area -> ward
        lookup, never through the LSOA's best-fit ward.
        """
        if level == OUTPUT_AREA:
            return pd.Series(self.oa_lsoa.index, index=self.oa_lsoa.index)
        if level == LSOA:
            return self.oa_lsoa
        if level in (WARD, COUNCIL):
            wards = self.oa_ward.reindex(self.oa_lsoa.index)
            if wards.isna().any():
                missing = wards.index[wards.isna()]
                raise LookupCoverageError(
                    f"The output-area -> ward lookup does not cover {len(missing)} output "
                    f"area(s), e.g. {missing[0]}; their residents cannot be placed in a ward."
                )
            if level == WARD:
                return wards
            councils = wards.map(self.ward_council)
            if councils.isna().any():
                ward = wards[councils.isna()].iloc[0]
                raise LookupCoverageError(
                    f"Ward {ward} of the output-area lookup is not loaded in places with its "
                    "council; run `cohesion load-places` first."
                )
            return councils
        raise ValueError(f"No chain from output areas to {level}.")

    def lsoa_weights(self, level: str) -> pd.DataFrame:
        """Residents of each LSOA in each ward (or council), from its output areas.

        See :func:`~cohesion.indicators.calculations.aggregation.apportionment_weights`.
        """
        return apportionment_weights(self.oa_population, self.oa_lsoa, self.oa_to(level))

    def population(self, level: str) -> pd.Series:
        """Census 2021 usual residents at ``level``, summed from output areas."""
        if level == OUTPUT_AREA:
            return self.oa_population
        return self.oa_population.groupby(self.oa_to(level)).sum()

    @property
    def councils(self) -> list[str]:
        return sorted(set(self.ward_council.dropna()))

    @property
    def detailed_councils(self) -> set[str]:
        """Councils held in detail: those whose output areas are loaded (Tees Valley).

        Their wards' values are built from output areas; every other council's
        wards (when the wards of England and Wales are loaded) take the national
        ward and LSOA tables.
        """
        wards = self.oa_ward.reindex(self.oa_lsoa.index).dropna()
        return set(wards.map(self.ward_council).dropna())


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


OA_WARD_FILE = "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv"


def oa_wards(data_dir: Path) -> pd.Series:
    """Each output area's May 2025 ward, by population-weighted centroid."""
    table = pd.read_csv(data_dir / OA_WARD_FILE, usecols=["oa21cd", "wd25cd"], dtype=str)
    return table.dropna().set_index("oa21cd")["wd25cd"]


def geography_from_places(data_dir: Path) -> Geography:
    """Read the current output areas, LSOAs, wards and councils from places, and each output area's ward."""
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
        oa_ward=oa_wards(data_dir),
    )
