"""Need against provision: how much of a kind of help is within reach of the people who need it.

Method: the two-step floating catchment area (2SFCA; W. Luo and F. Wang,
"Measures of spatial accessibility to health care in a GIS environment:
synthesis and a case study in the Chicago region", *Environment and Planning B*
30(6):865-884, 2003), with a walking catchment.

1. For each site j offering S_j sessions a week, its ratio R_j = S_j / sum of
   the need P_k of every need point k within d0 of it: the sessions a week
   it has for each person in need around it.
2. For each need point i (the people in need of a small area, placed at its
   centre), its access A_i = sum of R_j over the sites within d0 of it.

An area's access is the need-weighted mean of A_i over its points, reported as
sessions a week per 1,000 people in need. Because step 1 shares each site's
sessions among everyone in reach, no session is counted twice: the need
weighted sum of access over all points equals the sessions of every site that
has anyone in reach.

The **gap score** of an area compares its access with the whole area's rate
(all sessions in reach of anyone / all need):

    gap = 1 - access / overall rate

0 means the area has the same provision per person in need as the whole; 1
means nothing is within reach; a negative score means better than the whole.
Its need-weighted mean over all areas is 0. "Unmet need" = need x max(gap, 0)
puts a number of people on the shortfall, which is what ranks areas. An area
with no need has no score (there is nothing to fall short of).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy

from cohesion.directory.calculations.distance import WALKING_DISTANCE_KM, distance_matrix_km

# The method as the need page states it, in the reader's language (``%`` with km, minutes, speed).
METHOD = gettext_lazy(
    "Two-step floating catchment area (Luo and Wang, 2003) with a %(km).1f km walking catchment "
    "(%(minutes)s minutes at %(speed)s km/h, the Department for Transport's walking speed). Each "
    "place's weekly sessions are shared among the people in need within walking distance of it; "
    "a ward's access is the need-weighted mean, over its small areas, of the shares within reach, "
    "per 1,000 people in need. Gap score = 1 − ward access ÷ overall access: 0 is the same "
    "provision as the whole council, 1 is none within reach, below 0 is better provided. Unmet need "
    "= people in need × the gap score where it is above 0."
)


@dataclass(frozen=True)
class NeedPoint:
    """People in need in one small area, placed at the area's centre."""

    area: str  # the larger area (ward) it counts towards
    lat: float
    lon: float
    need: float


@dataclass(frozen=True)
class Site:
    """Where a service is delivered, with its sessions a week."""

    service: str
    lat: float
    lon: float
    sessions: float


@dataclass(frozen=True)
class AreaProvision:
    area: str
    need: float
    services_in_reach: int
    sessions_in_reach: float
    access_per_1000: float | None
    gap: float | None
    unmet_need: float | None


@dataclass(frozen=True)
class ProvisionResult:
    areas: list[AreaProvision]
    overall_per_1000: float | None
    catchment_km: float


def two_step_floating_catchment(
    need_lats: np.ndarray,
    need_lons: np.ndarray,
    need: np.ndarray,
    site_lats: np.ndarray,
    site_lons: np.ndarray,
    supply: np.ndarray,
    catchment_km: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Access A_i of every need point and the reach matrix (points x sites), by 2SFCA."""
    need = np.asarray(need, dtype=float)
    supply = np.asarray(supply, dtype=float)
    if len(need) == 0 or len(supply) == 0:
        return np.zeros(len(need)), np.zeros((len(need), len(supply)), dtype=bool)
    reach = distance_matrix_km(need_lats, need_lons, site_lats, site_lons) <= catchment_km
    demand = reach.T.astype(float) @ need  # per site: need within its catchment
    ratio = np.divide(supply, demand, out=np.zeros_like(supply), where=demand > 0)
    access = reach.astype(float) @ ratio
    return access, reach


def need_against_provision(
    points: Sequence[NeedPoint],
    sites: Sequence[Site],
    catchment_km: float = WALKING_DISTANCE_KM,
) -> ProvisionResult:
    """Access, gap score and unmet need for each area (see the module docstring for the method)."""
    areas = sorted({p.area for p in points})
    if not points:
        return ProvisionResult([], None, catchment_km)
    need = np.array([max(0.0, p.need) for p in points], dtype=float)
    access, reach = two_step_floating_catchment(
        np.array([p.lat for p in points]),
        np.array([p.lon for p in points]),
        need,
        np.array([s.lat for s in sites]),
        np.array([s.lon for s in sites]),
        np.array([s.sessions for s in sites], dtype=float),
        catchment_km,
    )
    total_need = float(need.sum())
    overall = float((need * access).sum() / total_need) if total_need > 0 else None
    area_of = np.array([p.area for p in points])
    services = np.array([s.service for s in sites])
    sessions = np.array([s.sessions for s in sites], dtype=float)
    rows: list[AreaProvision] = []
    for area in areas:
        mask = area_of == area
        area_need = float(need[mask].sum())
        in_reach = reach[mask].any(axis=0) if len(sites) else np.zeros(0, dtype=bool)
        if area_need > 0:
            mean_access = float((need[mask] * access[mask]).sum() / area_need)
            gap = 1 - mean_access / overall if overall else 1.0
            unmet = area_need * max(gap, 0.0) if gap is not None else None
            per_1000: float | None = mean_access * 1000
        else:
            per_1000, gap, unmet = None, None, None
        rows.append(
            AreaProvision(
                area=area,
                need=area_need,
                services_in_reach=len(set(services[in_reach])) if len(sites) else 0,
                sessions_in_reach=float(sessions[in_reach].sum()) if len(sites) else 0.0,
                access_per_1000=per_1000,
                gap=gap,
                unmet_need=unmet,
            )
        )
    return ProvisionResult(rows, overall * 1000 if overall is not None else None, catchment_km)
