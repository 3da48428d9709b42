"""The loaders that ship with Cohesion, registered exactly as any other loader would be."""

from __future__ import annotations

from cohesion.indicators.loaders.base import register
from cohesion.indicators.loaders.census import CensusEnglandWales, CensusOutputAreas
from cohesion.indicators.loaders.crime import PoliceStreetCrime
from cohesion.indicators.loaders.deprivation import Deprivation2019, Deprivation2025
from cohesion.indicators.loaders.national import NATIONAL_LOADERS
from cohesion.indicators.loaders.people import AsylumSupport, Loneliness
from cohesion.indicators.loaders.segregation2011 import Segregation2011

BUILT_IN = (
    CensusOutputAreas,
    CensusEnglandWales,
    Deprivation2019,
    Deprivation2025,
    PoliceStreetCrime,
    AsylumSupport,
    Loneliness,
    Segregation2011,
    *NATIONAL_LOADERS,
)


def register_built_in_loaders() -> None:
    for loader in BUILT_IN:
        register(loader)
