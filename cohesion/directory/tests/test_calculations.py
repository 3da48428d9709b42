"""The directory's pure calculations, pinned against independent implementations.

Distances against PROJ's geodesic on a sphere of the same radius (pyproj ``Geod``);
recurrences against python-dateutil's RFC 5545 ``rrule``; Easter against the
dates the Church of England publishes; 2SFCA against a case worked by hand.
"""

import datetime as dt

import numpy as np
import pytest
from dateutil import rrule
from pyproj import Geod

from cohesion.directory.calculations.distance import (
    EARTH_RADIUS_KM,
    WALKING_DISTANCE_KM,
    bounding_box,
    distance_km,
    distance_matrix_km,
    distances_km,
    walking_minutes,
)
from cohesion.directory.calculations.provision import NeedPoint, Site, need_against_provision
from cohesion.directory.calculations.schedules import (
    HOLIDAYS,
    TERM_TIME,
    Recurrence,
    TermCalendar,
    easter_sunday,
    english_school_terms,
    is_open_at,
    occurs_on,
    parse_byday,
    runs_on_weekday,
    sessions_per_week,
)

# Ward centres from the May 2025 boundaries (representative points).
NEWPORT = (54.568677, -1.251804)
NORTH_ORMESBY = (54.570424, -1.20919)
CENTRAL = (54.578302, -1.231514)
SPHERE = Geod(a=EARTH_RADIUS_KM * 1000, b=EARTH_RADIUS_KM * 1000)


def _geod_km(a, b):
    return SPHERE.inv(a[1], a[0], b[1], b[0])[2] / 1000


def test_distance_matches_proj_geodesic_on_the_same_sphere():
    for a, b in [
        (NEWPORT, NORTH_ORMESBY),
        (NEWPORT, CENTRAL),
        ((51.5007, -0.1246), (55.9533, -3.1883)),
    ]:
        assert distance_km(*a, *b) == pytest.approx(_geod_km(a, b), rel=1e-9)
    assert distance_km(*NEWPORT, *NEWPORT) == 0


def test_the_sphere_is_within_half_a_percent_of_the_wgs84_ellipsoid_across_middlesbrough():
    wgs84 = Geod(ellps="WGS84")
    ellipsoidal = wgs84.inv(NEWPORT[1], NEWPORT[0], NORTH_ORMESBY[1], NORTH_ORMESBY[0])[2] / 1000
    assert distance_km(*NEWPORT, *NORTH_ORMESBY) == pytest.approx(ellipsoidal, rel=0.005)


def test_vectorised_distances_agree_with_the_scalar_formula():
    lats, lons = [NORTH_ORMESBY[0], CENTRAL[0]], [NORTH_ORMESBY[1], CENTRAL[1]]
    one_to_many = distances_km(*NEWPORT, lats, lons)
    matrix = distance_matrix_km([NEWPORT[0]], [NEWPORT[1]], lats, lons)
    expected = [distance_km(*NEWPORT, *NORTH_ORMESBY), distance_km(*NEWPORT, *CENTRAL)]
    assert np.allclose(one_to_many, expected) and np.allclose(matrix[0], expected)


def test_the_bounding_box_holds_every_point_within_the_distance():
    min_lat, max_lat, min_lon, max_lon = bounding_box(*NEWPORT, 2.0)
    for bearing in range(0, 360, 15):
        lon, lat, _ = SPHERE.fwd(NEWPORT[1], NEWPORT[0], bearing, 1999.0)
        assert min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
    with pytest.raises(ValueError):
        bounding_box(*NEWPORT, -1)


def test_walking_distance_is_twenty_minutes_at_the_dft_walking_speed():
    assert pytest.approx(1.6) == WALKING_DISTANCE_KM
    assert walking_minutes(1.6) == 20 and walking_minutes(0.5) == 7


def test_byday_reads_plain_and_ordinal_days_and_refuses_others():
    assert parse_byday("MO, we") == ((None, 0), (None, 2))
    assert parse_byday("1SA,-1FR") == ((1, 5), (-1, 4))
    with pytest.raises(ValueError, match="not an iCalendar day"):
        parse_byday("Tuesday")


RULES = [
    (
        Recurrence(freq="WEEKLY", byday="TU", dtstart=dt.date(2025, 1, 7)),
        {"freq": rrule.WEEKLY, "byweekday": rrule.TU},
    ),
    (
        Recurrence(freq="WEEKLY", byday="MO,TH", interval=2, dtstart=dt.date(2025, 1, 9)),
        {"freq": rrule.WEEKLY, "byweekday": (rrule.MO, rrule.TH), "interval": 2, "wkst": rrule.MO},
    ),
    (
        Recurrence(freq="MONTHLY", byday="1SA", dtstart=dt.date(2025, 1, 1)),
        {"freq": rrule.MONTHLY, "byweekday": rrule.SA(1)},
    ),
    (
        Recurrence(freq="MONTHLY", byday="-1FR", dtstart=dt.date(2025, 1, 1)),
        {"freq": rrule.MONTHLY, "byweekday": rrule.FR(-1)},
    ),
    (
        Recurrence(freq="MONTHLY", bymonthday="15,-1", interval=3, dtstart=dt.date(2025, 2, 1)),
        {"freq": rrule.MONTHLY, "bymonthday": (15, -1), "interval": 3},
    ),
]


@pytest.mark.parametrize(("rule", "expected"), RULES)
def test_every_day_of_two_years_agrees_with_dateutils_rrule(rule, expected):
    until = dt.datetime(2026, 12, 31)
    start = dt.datetime.combine(rule.dtstart, dt.time())
    dates = {d.date() for d in rrule.rrule(dtstart=start, until=until, **expected)}
    ours = {
        rule.dtstart + dt.timedelta(days=i)
        for i in range((until.date() - rule.dtstart).days + 1)
        if occurs_on(rule, rule.dtstart + dt.timedelta(days=i))
    }
    assert ours == dates and dates


def test_a_schedule_runs_only_between_its_valid_dates():
    rule = Recurrence(byday="TU", valid_from=dt.date(2025, 3, 1), valid_to=dt.date(2025, 3, 31))
    assert not occurs_on(rule, dt.date(2025, 2, 25))
    assert occurs_on(rule, dt.date(2025, 3, 4))
    assert occurs_on(rule, dt.date(2025, 3, 25))
    assert not occurs_on(rule, dt.date(2025, 4, 1))


def test_a_rule_naming_no_day_never_falls_on_one():
    assert not occurs_on(Recurrence(), dt.date(2025, 3, 4))
    assert sessions_per_week(Recurrence()) == 0


def test_term_time_and_holiday_sessions_follow_the_school_calendar():
    terms = TermCalendar(((dt.date(2025, 9, 3), dt.date(2025, 10, 24)),))
    in_term = Recurrence(byday="TU", term_time=TERM_TIME)
    in_holidays = Recurrence(byday="TU", term_time=HOLIDAYS)
    assert occurs_on(in_term, dt.date(2025, 9, 9), terms)
    assert not occurs_on(in_term, dt.date(2025, 10, 28), terms)
    assert occurs_on(in_holidays, dt.date(2025, 10, 28), terms)
    assert not occurs_on(in_holidays, dt.date(2025, 9, 9), terms)


def test_open_now_is_half_open_and_runs_past_midnight():
    session = Recurrence(byday="TU", opens_at=dt.time(10), closes_at=dt.time(12))
    tuesday = dt.date(2025, 3, 4)
    assert not is_open_at(session, dt.datetime.combine(tuesday, dt.time(9, 59)))
    assert is_open_at(session, dt.datetime.combine(tuesday, dt.time(10)))
    assert not is_open_at(session, dt.datetime.combine(tuesday, dt.time(12)))
    late = Recurrence(byday="FR", opens_at=dt.time(22), closes_at=dt.time(2))
    assert is_open_at(late, dt.datetime(2025, 3, 7, 23, 0))
    assert is_open_at(late, dt.datetime(2025, 3, 8, 1, 30))
    assert not is_open_at(late, dt.datetime(2025, 3, 8, 2, 0))
    assert not is_open_at(Recurrence(byday="TU"), dt.datetime.combine(tuesday, dt.time(10)))


def test_sessions_per_week_counts_days_intervals_months_and_terms():
    assert sessions_per_week(Recurrence(byday="MO,WE")) == 2
    assert sessions_per_week(Recurrence(freq="WEEKLY", byday="FR", interval=2)) == 0.5
    assert sessions_per_week(Recurrence(freq="MONTHLY", byday="1SA")) == pytest.approx(
        12 / (365.2425 / 7)
    )
    assert sessions_per_week(Recurrence(byday="TU", term_time=TERM_TIME)) == pytest.approx(39 / 52)
    assert sessions_per_week(Recurrence(byday="TU", term_time=HOLIDAYS)) == pytest.approx(13 / 52)
    assert runs_on_weekday(Recurrence(byday="1SA"), 5) and not runs_on_weekday(
        Recurrence(byday="TU"), 0
    )


def test_easter_matches_published_dates():
    published = {
        2000: (4, 23),
        2019: (4, 21),
        2024: (3, 31),
        2025: (4, 20),
        2026: (4, 5),
        2027: (3, 28),
        2038: (4, 25),
    }
    for year, (month, day) in published.items():
        assert easter_sunday(year) == dt.date(year, month, day)


def test_the_approximate_school_year_has_39_weeks_of_term_give_or_take_one():
    for year in (2024, 2025, 2026):
        terms = english_school_terms(year)
        weekdays = sum(
            1
            for start, end in terms.terms
            for i in range((end - start).days + 1)
            if (start + dt.timedelta(days=i)).weekday() < 5
        )
        assert 185 <= weekdays <= 200, (year, weekdays)
        assert not terms.in_term(dt.date(year, 12, 25)) and not terms.in_term(
            dt.date(year + 1, 8, 1)
        )
        assert not terms.in_term(easter_sunday(year + 1) + dt.timedelta(days=1))
        assert terms.in_term(dt.date(year, 10, 1)) or dt.date(year, 10, 1).weekday() >= 5


def test_two_step_floating_catchment_shares_sessions_as_worked_by_hand():
    # Three small areas on a line 1 km apart (A1, A2 in ward W1; A3 in ward W2), two sites.
    # Site X (at A1, 6 sessions) reaches A1 and A2 (within 1.6 km): demand 100 + 200 = 300,
    # ratio 6/300 = 0.02. Site Y (at A3, 3 sessions) reaches A2 and A3: demand 200 + 100 = 300,
    # ratio 0.01. Access: A1 0.02, A2 0.03, A3 0.01.
    # W1: need 300, access (100 x 0.02 + 200 x 0.03) / 300 = 8/300 -> 26.667 per 1,000.
    # W2: need 100, access 0.01 -> 10 per 1,000. Overall (8 + 1) / 400 -> 22.5 per 1,000.
    # Gaps: W1 1 - 26.667/22.5 = -0.185185; W2 1 - 10/22.5 = 0.555556; unmet W2 55.556.
    step = 1 / 111.195  # degrees of latitude per kilometre on this sphere
    points = [
        NeedPoint("W1", 54.5, -1.2, 100),
        NeedPoint("W1", 54.5 + step, -1.2, 200),
        NeedPoint("W2", 54.5 + 2 * step, -1.2, 100),
    ]
    sites = [Site("x", 54.5, -1.2, 6), Site("y", 54.5 + 2 * step, -1.2, 3)]
    result = need_against_provision(points, sites, catchment_km=1.6)
    w1, w2 = result.areas
    assert result.overall_per_1000 == pytest.approx(22.5)
    assert w1.access_per_1000 == pytest.approx(80 / 3)
    assert w2.access_per_1000 == pytest.approx(10)
    assert w1.gap == pytest.approx(-5 / 27) and w1.unmet_need == 0
    assert w2.gap == pytest.approx(5 / 9) and w2.unmet_need == pytest.approx(500 / 9)
    assert (w1.services_in_reach, w1.sessions_in_reach) == (2, 9)
    assert (w2.services_in_reach, w2.sessions_in_reach) == (1, 3)
    # Need-weighted gaps average to zero when every site reaches someone.
    assert (w1.need * w1.gap + w2.need * w2.gap) == pytest.approx(0)


def test_an_area_with_no_need_has_no_gap_and_nothing_in_reach_is_a_gap_of_one():
    points = [NeedPoint("W1", 54.5, -1.2, 0), NeedPoint("W2", 54.6, -1.2, 50)]
    result = need_against_provision(points, [Site("x", 54.5, -1.2, 2)])
    w1, w2 = result.areas
    assert w1.gap is None and w1.access_per_1000 is None
    assert w2.gap == 1 and w2.unmet_need == 50
    assert need_against_provision([], []).areas == []
