"""Search the directory: by need, language, age, cost, day or "open now", and near a place.

One search costs a fixed number of queries whatever the size of the directory:
the filters that the database can answer (need, language, age, cost, a day
named in the schedule, a box around the place) are ``EXISTS`` sub-queries on
one query of services; locations, schedules, languages and needs of the page of
candidates come in one prefetch each. What needs the calendar (valid dates,
term time, "open now") and the exact distance is then worked out in Python
with the pure functions of :mod:`cohesion.directory.calculations`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.directory.calculations.distance import bounding_box, distance_km, walking_minutes
from cohesion.directory.calculations.schedules import (
    WEEKDAYS,
    Recurrence,
    TermCalendar,
    is_open_at,
    occurs_on,
    school_terms_around,
)
from cohesion.directory.choices import LocationType, ServiceStatus
from cohesion.directory.models import (
    Attribute,
    CostOption,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from cohesion.directory.permissions import VIEW
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.places.postcodes import PostcodeLookupError, find_postcode, is_postcode

DISTANCES_KM = (1, 2, 3, 5, 10)
DEFAULT_DISTANCE_KM = 3
NOW = "now"


class SearchError(ValueError):
    """The search cannot be run as asked; the message says why in plain words."""


@dataclass(frozen=True)
class Place:
    """Where a person searches from: a point with a name."""

    name: str
    lat: float
    lon: float
    kind: str  # ward, locality, postcode or point


@dataclass(frozen=True)
class SearchQuery:
    need: str = ""
    language: str = ""
    age: int | None = None
    cost: str = ""  # "free", "paid" or ""
    day: str = ""  # "MO".."SU", "now" or ""
    place: Place | None = None
    within_km: float | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.need,
                self.language,
                self.age is not None,
                self.cost,
                self.day,
                self.place,
                self.text,
            )
        )


@dataclass
class SearchResult:
    service: Service
    locations: list[Location]
    distance_km: float | None
    nearest: Location | None
    sessions: list[Schedule] = field(default_factory=list)

    @property
    def walking_minutes(self) -> int | None:
        return walking_minutes(self.distance_km) if self.distance_km is not None else None

    @property
    def is_free(self) -> bool:
        return not any(c.amount for c in self.service.cost_options.all())


def recurrence(schedule: Schedule) -> Recurrence:
    """The pure description of a stored schedule."""
    return Recurrence(
        freq=schedule.freq,
        interval=schedule.interval,
        byday=schedule.byday,
        bymonthday=schedule.bymonthday,
        dtstart=schedule.dtstart,
        valid_from=schedule.valid_from,
        valid_to=schedule.valid_to,
        opens_at=schedule.opens_at,
        closes_at=schedule.closes_at,
        term_time=schedule.term_time,
    )


def need_codes(code: str) -> list[str]:
    """The term and every narrower term under it (youth provision covers each age band)."""
    terms = list(TaxonomyTerm.objects.values_list("code", "parent__code"))
    wanted = {code}
    changed = True
    while changed:
        changed = False
        for term, parent in terms:
            if parent in wanted and term not in wanted:
                wanted.add(term)
                changed = True
    return sorted(wanted)


def place_from_text(text: str) -> Place:
    """A ward or locality by name or GSS code, or a postcode where postcodes are loaded."""
    text = text.strip()
    if not text:
        raise SearchError(_("Enter a ward, area or postcode."))
    if is_postcode(text):
        try:
            postcode = find_postcode(text)
        except PostcodeLookupError as exc:
            raise SearchError(str(exc)) from exc
        assert postcode.lat is not None and postcode.lon is not None
        return Place(postcode.postcode, postcode.lat, postcode.lon, "postcode")
    areas = (
        Area.objects.current()
        .filter(level__in=[Level.WARD, Level.LOCALITY])
        .filter(Q(code__iexact=text) | Q(name__iexact=text) | Q(name__istartswith=text))
        .exclude(centroid_lat=None)
        .order_by("level", "name")
    )
    area = areas.first()
    if area is None or area.centroid_lat is None or area.centroid_lon is None:
        raise SearchError(
            _("We could not find “%(text)s”. Enter a ward such as North Ormesby, or a postcode.")
            % {"text": text}
        )
    return Place(area.name, area.centroid_lat, area.centroid_lon, area.level)


def place_from_point(lat: float, lon: float) -> Place:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SearchError(_("That point is not on the map."))
    return Place(_("the point you chose"), lat, lon, "point")


def _next_date(weekday: int, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def base_queryset(user: Any, query: SearchQuery) -> Any:
    """Services the person may see that pass every filter the database can answer."""
    services = Service.objects.restrict(user, VIEW).exclude(
        status__in=[ServiceStatus.DEFUNCT, ServiceStatus.INACTIVE]
    )
    if query.text:
        services = services.filter(
            Q(name__icontains=query.text) | Q(description__icontains=query.text)
        )
    if query.need:
        services = services.filter(
            Exists(
                Attribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__code__in=need_codes(query.need)
                )
            )
        )
    if query.language:
        services = services.filter(
            Exists(Language.objects.filter(service=OuterRef("pk"), code__iexact=query.language))
        )
    if query.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age),
        )
    paid = Exists(CostOption.objects.filter(service=OuterRef("pk"), amount__gt=0))
    if query.cost == "free":
        services = services.exclude(paid)
    elif query.cost == "paid":
        services = services.filter(paid)
    if query.day and query.day != NOW:
        # A day named in a schedule's BYDAY (TU, 1TU, -1TU all contain "TU"); monthly
        # rules by month day are kept for the calendar check.
        day_q = Q(byday__icontains=query.day) | (Q(byday="") & ~Q(bymonthday=""))
        services = services.filter(
            Exists(Schedule.objects.filter(day_q, service=OuterRef("pk")))
            | Exists(Schedule.objects.filter(day_q, service_at_location__service=OuterRef("pk")))
        )
    if query.place is not None and query.within_km is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            query.place.lat, query.place.lon, query.within_km
        )
        services = services.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service=OuterRef("pk"),
                    location__latitude__range=(min_lat, max_lat),
                    location__longitude__range=(min_lon, max_lon),
                )
            )
        )
    return services


def _with_details(services: Any, user: Any) -> Any:
    """Services with what their pages show; only the locations ``user`` may see (a draft or withdrawn
    venue stays hidden from the public even when its service is published)."""
    return services.select_related("organisation").prefetch_related(
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.filter(
                location__in=Location.objects.restrict(user, VIEW)
            )
            .select_related("location")
            .prefetch_related(
                Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at"))
            ),
        ),
        Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
        "languages",
        "cost_options",
        Prefetch("attributes", queryset=Attribute.objects.select_related("taxonomy_term")),
    )


def _schedules(service: Service) -> list[Schedule]:
    found = list(service.schedules.all())
    for at in service.at_locations.all():
        found += list(at.schedules.all())
    return found


def run_search(
    user: Any, query: SearchQuery, now: dt.datetime | None = None, terms: TermCalendar | None = None
) -> list[SearchResult]:
    """Every service that matches, nearest first when a place is given, else by name."""
    now = now or timezone.now()
    if timezone.is_aware(now):
        now = timezone.localtime(now).replace(tzinfo=None)
    today = now.date()
    terms = terms or school_terms_around(today)
    services = _with_details(base_queryset(user, query).order_by("name", "pk"), user)
    results: list[SearchResult] = []
    for service in services:
        schedules = _schedules(service)
        if query.day == NOW:
            if not any(is_open_at(recurrence(s), now, terms) for s in schedules):
                continue
        elif query.day:
            on = _next_date(WEEKDAYS.index(query.day), today)
            matching = [s for s in schedules if occurs_on(recurrence(s), on, terms)]
            if not matching:
                continue
            schedules = matching
        locations = [
            at.location
            for at in service.at_locations.all()
            if at.location.location_type != LocationType.POSTAL
        ]
        nearest: Location | None = None
        distance: float | None = None
        if query.place is not None:
            placed = [
                (distance_km(query.place.lat, query.place.lon, loc.latitude, loc.longitude), loc)
                for loc in locations
                if loc.latitude is not None and loc.longitude is not None
            ]
            if placed:
                distance, nearest = min(placed, key=lambda pair: pair[0])
            if query.within_km is not None and (distance is None or distance > query.within_km):
                continue
        results.append(SearchResult(service, locations, distance, nearest, schedules))
    if query.place is not None:
        results.sort(key=lambda r: (r.distance_km is None, r.distance_km or 0, r.service.name))
    return results
