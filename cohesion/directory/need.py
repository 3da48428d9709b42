"""Need against provision, by ward: the data behind the page.

For each need with a measure of how many people have it, the people in need of
each LSOA are placed at the LSOA's centre, the directory's published services
for that need at their locations with their sessions a week, and the pure
calculation (:mod:`cohesion.directory.calculations.provision`) gives each ward's
access and gap score. Everything here is published statistics and published
services, so nothing needs disclosure control: no count of people's records is
shown.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from cohesion.directory.calculations.distance import (
    WALKING_DISTANCE_KM,
    WALKING_MINUTES,
    WALKING_SPEED_KMH,
)
from cohesion.directory.calculations.provision import (
    METHOD,
    NeedPoint,
    ProvisionResult,
    Site,
    need_against_provision,
)
from cohesion.directory.calculations.schedules import sessions_per_week
from cohesion.directory.choices import ServiceStatus
from cohesion.directory.models import Service
from cohesion.directory.search import recurrence, with_details
from cohesion.directory.taxonomy import term_and_narrower
from cohesion.places.assignment import AssignmentError, assign_points_to_areas
from cohesion.places.choices import Level
from cohesion.places.models import Area

YOUTH_FILE = "population/mid2020_lsoa11_single_year_persons_tees_valley.csv"


@dataclass(frozen=True)
class NeedMeasure:
    """A need the directory meets and the count of people who have it."""

    code: str  # the taxonomy term
    title: Any
    measure: Any
    source: Any
    indicator: str = ""  # an indicator whose LSOA numerator counts the people in need
    ages: tuple[int, int] | None = None  # or a band of single years of age


MEASURES: dict[str, NeedMeasure] = {
    m.code: m
    for m in (
        NeedMeasure(
            "esol",
            _("ESOL classes"),
            _("Residents who cannot speak English well or at all"),
            _("ONS Census 2021, TS029 Proficiency in English"),
            indicator="english-proficiency-low",
        ),
        NeedMeasure(
            "youth",
            _("Youth provision"),
            _("Young people aged 10 to 19"),
            _("ONS mid-2020 small area population estimates, single year of age"),
            ages=(10, 19),
        ),
        NeedMeasure(
            "befriending-loneliness",
            _("Befriending and loneliness"),
            _("Adults who feel lonely often or always (modelled)"),
            _("DCMS Community Life Survey 2020/21, small-area model"),
            indicator="loneliness",
        ),
    )
}


class NeedDataMissing(LookupError):
    """The count of people in need is not loaded; the message says what to load."""


def _lsoas(council_code: str) -> dict[str, Area]:
    lsoas = Area.objects.current(Level.LSOA).filter(parent__parent__code=council_code)
    if not lsoas.exists():
        lsoas = Area.objects.current(Level.LSOA).filter(parent__code=council_code)
    return {a.code: a for a in lsoas.exclude(centroid_lat=None)}


def _need_by_lsoa(measure: NeedMeasure, lsoas: dict[str, Area]) -> dict[str, float]:
    if measure.indicator:
        from cohesion.indicators.models import Indicator, IndicatorValue
        from cohesion.indicators.queries import latest_period

        indicator = Indicator.objects.filter(code=measure.indicator).first()
        period = latest_period(indicator, lsoas) if indicator else None
        if indicator is None or period is None:
            raise NeedDataMissing(
                _(
                    "The indicator “%(code)s” has no values for this council's LSOAs yet: load the "
                    "indicators (cohesion load-indicators, or cohesion demo)."
                )
                % {"code": measure.indicator}
            )
        values = IndicatorValue.objects.filter(
            indicator=indicator,
            area_code__in=list(lsoas),
            period_start=period[0],
            period_end=period[1],
        ).values_list("area_code", "numerator")
        return {code: float(n) for code, n in values if n is not None}
    assert measure.ages is not None
    path = Path(settings.COHESION_DATA_DIR) / YOUTH_FILE
    if not path.is_file():
        raise NeedDataMissing(
            _("The population estimates file %(path)s is missing.") % {"path": path}
        )
    low, high = measure.ages
    found: dict[str, float] = {}
    with open(path, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            # Mid-2020 estimates are at 2011 LSOAs; 403 of Tees Valley's 417 codes are unchanged
            # in 2021 and are used as they are. The others are left out (stated on the page).
            if row["lsoa11_code"] in lsoas:
                found[row["lsoa11_code"]] = float(
                    sum(int(row[str(a)]) for a in range(low, high + 1))
                )
    return found


def _sites(council_code: str, need: str) -> list[Site]:
    services = with_details(
        Service.objects.published()
        .filter(
            council_code=council_code,
            attributes__taxonomy_term__in=term_and_narrower(codes=[need]),
        )
        .exclude(status__in=[ServiceStatus.DEFUNCT, ServiceStatus.INACTIVE])
        .distinct(),
        AnonymousUser(),  # the need page is public: what the public sees
    )
    sites: list[Site] = []
    for service in services:
        service_level = sum(sessions_per_week(recurrence(s)) for s in service.schedules.all())
        for at in service.at_locations.all():
            location = at.location
            if location.latitude is None or location.longitude is None:
                continue
            sessions = service_level + sum(
                sessions_per_week(recurrence(s)) for s in at.schedules.all()
            )
            sites.append(Site(str(service.pk), location.latitude, location.longitude, sessions))
    return sites


@dataclass
class NeedPage:
    measure: NeedMeasure
    council: Area
    result: ProvisionResult
    wards: dict[str, Area]
    services: int
    sessions: float
    method: str
    left_out: int


def need_page(council: Area, need: str) -> NeedPage:
    measure = MEASURES[need]
    lsoas = _lsoas(council.code)
    counts = _need_by_lsoa(measure, lsoas)
    placed = [code for code in lsoas if code in counts]
    try:
        ward_codes = assign_points_to_areas(
            [lsoas[c].centroid_lon or 0.0 for c in placed],
            [lsoas[c].centroid_lat or 0.0 for c in placed],
        )
    except AssignmentError as exc:
        raise NeedDataMissing(str(exc)) from exc
    wards = {a.code: a for a in Area.objects.current(Level.WARD).filter(parent__code=council.code)}
    points = [
        NeedPoint(ward, lsoas[c].centroid_lat or 0.0, lsoas[c].centroid_lon or 0.0, counts[c])
        for c, ward in zip(placed, ward_codes, strict=True)
        if ward in wards
    ]
    sites = _sites(council.code, need)
    result = need_against_provision(points, sites, WALKING_DISTANCE_KM)
    method = str(METHOD) % {
        "km": WALKING_DISTANCE_KM,
        "minutes": WALKING_MINUTES,
        "speed": WALKING_SPEED_KMH,
    }
    return NeedPage(
        measure=measure,
        council=council,
        result=result,
        wards=wards,
        services=len({s.service for s in sites}),
        sessions=sum(s.sessions for s in sites),
        method=method,
        left_out=len(lsoas) - len(placed),
    )
