"""The boundary releases Cohesion knows how to load: one control entry per release.

Like MapIt's import control files, each entry says where a release's areas come
from, which properties hold the code, name and parent, and when the release was
valid. Dates are the days the boundaries took effect (local elections in May for
wards; Census day for small areas; 1 April for councils).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cohesion.places.choices import Level

OGL = "Open Government Licence v3.0"
ONS = "Office for National Statistics"
TEES_VALLEY = "E47000006"


@dataclass(frozen=True)
class AreaFile:
    """A file holding the areas of one generation: GeoJSON boundaries or a CSV list."""

    path: str
    code_key: str
    name_key: str
    parent_key: str | None = None
    upstream: str = ""
    publisher: str = ONS
    licence: str = OGL
    # For CSV lists: columns holding a point for the area and its population.
    lon_key: str | None = None
    lat_key: str | None = None
    population_key: str | None = None


@dataclass(frozen=True)
class Release:
    code: str
    level: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    files: tuple[AreaFile, ...]
    # The level of the parent in the main hierarchy, if any.
    parent_level: str | None = None
    national: bool = False


RELEASES: tuple[Release, ...] = (
    Release(
        code="LAD24",
        level=Level.COUNCIL,
        name="Local authority districts (2024)",
        valid_from=dt.date(2024, 4, 1),
        valid_to=None,
        files=(
            AreaFile(
                "boundaries/ltla24_uk.geojson",
                "ltla24_code",
                "ltla24_name",
                upstream="humaniverse/geographr @ c026be5, data/boundaries_ltla24.rda",
            ),
        ),
        parent_level=Level.REGION,
        national=True,
    ),
    Release(
        code="WD21",
        level=Level.WARD,
        name="Wards (May 2021)",
        valid_from=dt.date(2021, 5, 6),
        valid_to=dt.date(2022, 5, 4),
        files=(
            AreaFile(
                "boundaries/wards21_tees_valley.geojson",
                "ward21_code",
                "ward21_name",
                upstream="humaniverse/geographr @ c026be5, data/boundaries_wards21.rda",
            ),
        ),
        parent_level=Level.COUNCIL,
    ),
    Release(
        code="WD22",
        level=Level.WARD,
        name="Wards (May 2022)",
        valid_from=dt.date(2022, 5, 5),
        valid_to=dt.date(2024, 5, 1),
        files=(
            AreaFile(
                "boundaries/wards22_tees_valley.geojson",
                "ward22_code",
                "ward22_name",
                upstream="humaniverse/geographr @ c026be5, data/boundaries_wards22.rda",
            ),
        ),
        parent_level=Level.COUNCIL,
    ),
    Release(
        code="WD24",
        level=Level.WARD,
        name="Wards (May 2024)",
        valid_from=dt.date(2024, 5, 2),
        valid_to=dt.date(2025, 4, 30),
        files=(
            AreaFile(
                "lookups/lookup_lsoa21_ward24_ltla24.csv",
                "ward24_code",
                "ward24_name",
                parent_key="ltla24_code",
                upstream="humaniverse/geographr @ c026be5, data/lookup_lsoa21_ward24_ltla24.rda",
            ),
        ),
        parent_level=Level.COUNCIL,
    ),
    Release(
        code="WD25",
        level=Level.WARD,
        name="Wards (May 2025)",
        valid_from=dt.date(2025, 5, 1),
        valid_to=None,
        files=(
            AreaFile(
                "boundaries/drkane_geo-lookups/ward_tees_valley_E47000006.geojson",
                "WD25CD",
                "WD25NM",
                parent_key="LAD25CD",
                upstream="drkane/geo-lookups @ e20a072, boundaries/ward/E47000006.geojson",
            ),
        ),
        parent_level=Level.COUNCIL,
    ),
    Release(
        code="LSOA11",
        level=Level.LSOA,
        name="Lower layer super output areas (2011)",
        valid_from=dt.date(2011, 3, 27),
        valid_to=dt.date(2021, 3, 20),
        files=(
            AreaFile(
                "boundaries/drkane_geo-lookups/lsoa11_tees_valley_E47000006.geojson",
                "LSOA11CD",
                "LSOA11NM",
                parent_key="LADCD_ACTIVE",
                upstream="drkane/geo-lookups @ e20a072, boundaries/lsoa11/E47000006.geojson",
            ),
        ),
        parent_level=Level.COUNCIL,
    ),
    Release(
        code="LSOA21",
        level=Level.LSOA,
        name="Lower layer super output areas (2021)",
        valid_from=dt.date(2021, 3, 21),
        valid_to=None,
        files=(
            AreaFile(
                "boundaries/drkane_geo-lookups/lsoa_tees_valley_E47000006.geojson",
                "LSOA21CD",
                "LSOA21NM",
                upstream="drkane/geo-lookups @ e20a072, boundaries/lsoa/E47000006.geojson",
            ),
        ),
        parent_level=Level.WARD,
    ),
    Release(
        code="MSOA21",
        level=Level.MSOA,
        name="Middle layer super output areas (2021)",
        valid_from=dt.date(2021, 3, 21),
        valid_to=None,
        files=(
            AreaFile(
                "boundaries/drkane_geo-lookups/msoa_tees_valley_E47000006.geojson",
                "MSOA21CD",
                "MSOA21NM",
                parent_key="LADCD_ACTIVE",
                upstream="drkane/geo-lookups @ e20a072, boundaries/msoa/E47000006.geojson",
            ),
        ),
        parent_level=Level.COUNCIL,
    ),
    Release(
        code="OA21",
        level=Level.OUTPUT_AREA,
        name="Output areas (2021)",
        valid_from=dt.date(2021, 3, 21),
        valid_to=None,
        files=(
            AreaFile(
                "lookups/tees_valley_oa21_lsoa21_wd25_lad25_pwc.csv",
                "oa21cd",
                "oa21cd",
                parent_key="lsoa21cd",
                upstream="ONSvisual/geo-scripts @ f417343 population-weighted centroids",
                lon_key="pwc_lon",
                lat_key="pwc_lat",
                population_key="population",
            ),
        ),
        parent_level=Level.LSOA,
    ),
)

# All 7,590 wards of England and Wales (May 2025), simplified; loaded on request.
EW_WARDS_FILE = AreaFile(
    "boundaries/ew_wards_wd25_bgc_simplified.geojson.gz",
    "WD25CD",
    "WD25NM",
    parent_key="LAD25CD",
    upstream="drkane/geo-lookups @ e20a072, 320 council files merged and simplified",
)
EW_WARD_POPULATION_FILE = "census2021_ew/ew_wd25_census2021_pct_from_oa.csv"

# Higher levels, from lookups of council codes. Each: generation code, level,
# name, valid from, file, council column, code column, name column.
HIGHER_LEVELS: tuple[tuple[str, str, str, dt.date, str, str, str, str], ...] = (
    (
        "RGN24",
        Level.REGION,
        "Regions (2024)",
        dt.date(2024, 4, 1),
        "lookups/lookup_ltla24_region24.csv",
        "ltla24_code",
        "region24_code",
        "region24_name",
    ),
    (
        "CAUTH23",
        Level.COMBINED_AUTHORITY,
        "Combined authorities (2023)",
        dt.date(2023, 4, 1),
        "lookups/lookup_ltla23_cauth23.csv",
        "ltla23_code",
        "cauth23_code",
        "cauth23_name",
    ),
    (
        "CSP24",
        Level.COMMUNITY_SAFETY_PARTNERSHIP,
        "Community safety partnerships (2024)",
        dt.date(2024, 4, 1),
        "lookups/lookup_ltla24_csp24_pfa24.csv",
        "ltla24_code",
        "csp24_code",
        "csp24_name",
    ),
    (
        "PFA24",
        Level.POLICE_FORCE_AREA,
        "Police force areas (2024)",
        dt.date(2024, 4, 1),
        "lookups/lookup_ltla24_csp24_pfa24.csv",
        "ltla24_code",
        "pfa24_code",
        "pfa24_name",
    ),
    (
        "UTLA23",
        Level.UPPER_TIER,
        "Upper-tier local authorities (2023)",
        dt.date(2023, 4, 1),
        "lookups/lookup_ltla23_utla23.csv",
        "ltla23_code",
        "utla23_code",
        "utla23_name",
    ),
)

LSOA11_TO_LSOA21_FILE = "lookups/lookup_lsoa11_lsoa21_ltla22.csv"
LSOA21_TO_WD25_FILE = "lookups/ew_lsoa21_to_wd25_bestfit_by_pwc.csv"
LSOA21_TO_WD24_FILE = "lookups/lookup_lsoa21_ward24_ltla24.csv"

RELEASES_BY_CODE = {release.code: release for release in RELEASES}
