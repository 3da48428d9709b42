"""Search the directory: by need, language, age, cost, day or "open now", and near a place.

One search costs a fixed number of queries whatever the size of the directory,
in two steps. :func:`find_matches` finds and orders every match from narrow
rows only: the filters the database can answer (need, language, age, cost, a
day named in the schedule, a box around the place) are ``pk IN`` sub-queries
on one query of services; then one query of the candidates' venues (their
coordinates) and one of their sessions (their rules) feed what needs the
calendar (valid dates, term time, "open now") and the exact distance, worked
out in Python with the pure functions of :mod:`cohesion.directory.calculations`.
:func:`results_for` then loads what a page shows (organisation, venues,
sessions, languages, costs, needs) for the matches on that page only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce
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
)
from cohesion.directory.permissions import VIEW
from cohesion.directory.taxonomy import term_and_narrower
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


def _day_q(day: str) -> Q:
    """Sessions that may fall on ``day``: a day named in a schedule's BYDAY (TU, 1TU, -1TU all
    contain "TU"); monthly rules by month day are kept for the calendar check."""
    return Q(byday__icontains=day) | (Q(byday="") & ~Q(bymonthday=""))


# The service a session belongs to: its own, or the one held at its venue.
OWNER = Coalesce("service_id", "service_at_location__service_id")


def _owners(sessions: Any) -> Any:
    """The services holding ``sessions``, as a sub-query."""
    return sessions.order_by().values_list(OWNER)


def base_queryset(user: Any, query: SearchQuery) -> Any:
    """Services the person may see that pass every filter the database can answer.

    Each filter is ``pk IN`` an uncorrelated sub-query of the rows that pass it,
    which PostgreSQL joins once (a hashed semi-join) and SQLite reads once into a
    list. Correlated ``EXISTS`` sub-queries, two of them OR-ed for a day's
    sessions, left PostgreSQL running one for each service, a scan of the
    schedules each time.
    """
    services = Service.objects.restrict(user, VIEW).exclude(
        status__in=[ServiceStatus.DEFUNCT, ServiceStatus.INACTIVE]
    )
    if query.text:
        services = services.filter(
            Q(name__icontains=query.text) | Q(description__icontains=query.text)
        )
    if query.need:
        services = services.filter(
            pk__in=Attribute.objects.filter(
                taxonomy_term__in=term_and_narrower(codes=[query.need])
            ).values("service_id")
        )
    if query.language:
        services = services.filter(
            pk__in=Language.objects.filter(code__iexact=query.language).values("service_id")
        )
    if query.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age),
        )
    paid = Q(pk__in=CostOption.objects.filter(amount__gt=0).values("service_id"))
    if query.cost == "free":
        services = services.exclude(paid)
    elif query.cost == "paid":
        services = services.filter(paid)
    if query.day and query.day != NOW:
        services = services.filter(pk__in=_owners(Schedule.objects.filter(_day_q(query.day))))
    if query.place is not None and query.within_km is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            query.place.lat, query.place.lon, query.within_km
        )
        services = services.filter(
            pk__in=ServiceAtLocation.objects.filter(
                location__latitude__range=(min_lat, max_lat),
                location__longitude__range=(min_lon, max_lon),
            ).values("service_id")
        )
    return services


def with_details(services: Any, user: Any) -> Any:
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
                "location__addresses",
                Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
            ),
        ),
        Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
        "phones",
        "languages",
        "cost_options",
        Prefetch("attributes", queryset=Attribute.objects.select_related("taxonomy_term")),
    )


def service_schedules(service: Service) -> list[Schedule]:
    """Every session of a service: its own and those at each of its venues.

    Reads what is prefetched (:func:`with_details`, or the Open Referral fetches),
    so the search, the service page and the API list the same sessions.
    """
    found = list(service.schedules.all())
    for at in service.at_locations.all():
        found += list(at.schedules.all())
    return found


@dataclass(frozen=True)
class Match:
    """A service that matches a search, before its details are loaded."""

    service_id: Any
    distance_km: float | None = None
    nearest_id: Any = None
    # The sessions on the day asked for; None when no day was asked (every session shows).
    session_ids: frozenset[Any] | None = None


RECURRENCE_FIELDS = (
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "dtstart",
    "valid_from",
    "valid_to",
    "opens_at",
    "closes_at",
    "term_time",
)


def _local(now: dt.datetime | None) -> dt.datetime:
    now = now or timezone.now()
    if timezone.is_aware(now):
        now = timezone.localtime(now).replace(tzinfo=None)
    return now


def _may_be_open_q(now: dt.datetime) -> Q:
    """Sessions that may be running at ``now``: with both times, holding ``now`` or running past
    midnight, on today's or yesterday's weekday or on no named weekday (the calendar decides)."""
    today, yesterday = WEEKDAYS[now.weekday()], WEEKDAYS[(now.weekday() - 1) % 7]
    time = now.time()
    return (Q(byday__icontains=today) | Q(byday__icontains=yesterday) | Q(byday="")) & (
        Q(opens_at__lte=time, closes_at__gt=time) | Q(closes_at__lt=F("opens_at"))
    )


def _sessions_by_service(
    user: Any, candidates: set[Any], query: SearchQuery, now: dt.datetime
) -> dict[Any, list[Any]]:
    """(id, Recurrence) of the candidates' sessions, by service, in one query of narrow rows.

    The sessions are narrowed by the day in SQL and kept for the candidates here:
    a sub-query of the candidates would be run again for every session on SQLite.
    Unordered, so that SQLite reads the table straight through rather than by its id index.
    """
    visible = Location.objects.restrict(user, VIEW)
    sessions = Schedule.objects.filter(
        Q(service__isnull=False) | Q(service_at_location__location__in=visible)
    )
    if query.day == NOW:
        sessions = sessions.filter(_may_be_open_q(now))
    else:
        sessions = sessions.filter(_day_q(query.day))
    found: dict[Any, list[Any]] = {}
    for session_id, owner, *rule in (
        sessions.order_by().annotate(owner=OWNER).values_list("id", "owner", *RECURRENCE_FIELDS)
    ):
        if owner in candidates:
            found.setdefault(owner, []).append(
                (session_id, Recurrence(**dict(zip(RECURRENCE_FIELDS, rule, strict=True))))
            )
    return found


def _venues_by_service(user: Any, candidates: set[Any], query: SearchQuery) -> dict[Any, list[Any]]:
    """(location id, lat, lon) of the candidates' visible venues, by service, in one query.

    Only venues inside the box around the place when a distance is asked (an index
    range on the coordinates); kept for the candidates here, as the sessions are
    (a sub-query of them would make SQLite try every candidate at every venue).
    """
    assert query.place is not None
    venues = ServiceAtLocation.objects.filter(
        location__in=Location.objects.restrict(user, VIEW),
        location__latitude__isnull=False,
        location__longitude__isnull=False,
    ).exclude(location__location_type=LocationType.POSTAL)
    if query.within_km is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            query.place.lat, query.place.lon, query.within_km
        )
        venues = venues.filter(
            location__latitude__range=(min_lat, max_lat),
            location__longitude__range=(min_lon, max_lon),
        )
    found: dict[Any, list[Any]] = {}
    for service_id, location_id, lat, lon in venues.order_by().values_list(
        "service_id", "location_id", "location__latitude", "location__longitude"
    ):
        if service_id in candidates:
            found.setdefault(service_id, []).append((location_id, lat, lon))
    return found


def find_matches(
    user: Any, query: SearchQuery, now: dt.datetime | None = None, terms: TermCalendar | None = None
) -> list[Match]:
    """Every service that matches, nearest first when a place is given, else by name."""
    now = _local(now)
    today = now.date()
    candidates = list(base_queryset(user, query).order_by("name", "pk").values_list("pk", "name"))
    if not candidates:
        return []
    ids = {pk for pk, _name in candidates}
    sessions = _sessions_by_service(user, ids, query, now) if query.day else {}
    venues = _venues_by_service(user, ids, query) if query.place is not None else {}
    terms = terms or school_terms_around(today) if query.day else None
    on = _next_date(WEEKDAYS.index(query.day), today) if query.day not in ("", NOW) else today
    # Many sessions share one rule (Tuesdays 10:00-12:00 in term time): each is worked out once.
    verdicts: dict[Recurrence, bool] = {}

    def runs(rule: Recurrence) -> bool:
        if rule not in verdicts:
            verdicts[rule] = (
                is_open_at(rule, now, terms) if query.day == NOW else occurs_on(rule, on, terms)
            )
        return verdicts[rule]

    matches: list[tuple[Match, str]] = []
    for pk, name in candidates:
        session_ids: frozenset[Any] | None = None
        if query.day == NOW:
            if not any(runs(rule) for _id, rule in sessions.get(pk, [])):
                continue
        elif query.day:
            session_ids = frozenset(sid for sid, rule in sessions.get(pk, []) if runs(rule))
            if not session_ids:
                continue
        distance: float | None = None
        nearest: Any = None
        if query.place is not None:
            placed = [
                (distance_km(query.place.lat, query.place.lon, lat, lon), location_id)
                for location_id, lat, lon in venues.get(pk, [])
            ]
            if placed:
                distance, nearest = min(placed, key=lambda pair: pair[0])
            if query.within_km is not None and (distance is None or distance > query.within_km):
                continue
        matches.append((Match(pk, distance, nearest, session_ids), name))
    if query.place is not None:
        matches.sort(key=lambda m: (m[0].distance_km is None, m[0].distance_km or 0, m[1]))
    return [match for match, _name in matches]


def results_for(user: Any, matches: list[Match]) -> list[SearchResult]:
    """The matches with what their pages show, in their order: a fixed number of queries."""
    services = {
        s.pk: s
        for s in with_details(Service.objects.filter(pk__in=[m.service_id for m in matches]), user)
    }
    results: list[SearchResult] = []
    for match in matches:
        service = services[match.service_id]
        sessions = service_schedules(service)
        if match.session_ids is not None:
            sessions = [s for s in sessions if s.pk in match.session_ids]
        locations = [
            at.location
            for at in service.at_locations.all()
            if at.location.location_type != LocationType.POSTAL
        ]
        nearest = next((loc for loc in locations if loc.pk == match.nearest_id), None)
        results.append(SearchResult(service, locations, match.distance_km, nearest, sessions))
    return results


def run_search(
    user: Any, query: SearchQuery, now: dt.datetime | None = None, terms: TermCalendar | None = None
) -> list[SearchResult]:
    """Every service that matches, with its details (the print list, the downloads)."""
    return results_for(user, find_matches(user, query, now, terms))
