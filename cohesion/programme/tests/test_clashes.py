"""Clash detection between planned sessions: the pure rules of calculations/clashes.py."""

from __future__ import annotations

import datetime as dt

from cohesion.programme.calculations.clashes import (
    Session,
    all_clashes,
    audiences_overlap,
    clashes,
    occurrences,
    same_place,
)

UTC = dt.UTC
NORTH_ORMESBY = "E05009867"
NEWPORT = "E05009866"


def session(key: object, **changes: object) -> Session:
    base: dict[str, object] = {
        "key": key,
        "kind": "youth",
        "starts_at": dt.datetime(2026, 7, 27, 10, 0, tzinfo=UTC),
        "ends_at": dt.datetime(2026, 7, 27, 13, 0, tzinfo=UTC),
        "organiser": "hub",
        "ward_code": NORTH_ORMESBY,
        "age_from": 5,
        "age_to": 16,
        "label": str(key),
    }
    base.update(changes)
    return Session(**base)  # type: ignore[arg-type]


def test_two_partners_running_the_same_holiday_session_in_the_same_ward_clash():
    feast = session("feast", organiser="council")
    haf = session(
        "haf",
        starts_at=dt.datetime(2026, 7, 27, 12, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 7, 27, 15, 0, tzinfo=UTC),
    )
    found = clashes(haf, [feast])
    assert [c.other.key for c in found] == ["feast"]
    assert found[0].starts_at == dt.datetime(2026, 7, 27, 12, 0, tzinfo=UTC)


def test_different_wards_do_not_clash_even_with_the_same_venue_name():
    other = session("other", organiser="council", ward_code=NEWPORT, venue="Community Centre")
    mine = session("mine", venue="Community Centre")
    assert clashes(mine, [other]) == []


def test_the_same_organiser_does_not_clash_with_itself():
    assert clashes(session("a"), [session("b")]) == []


def test_a_different_kind_of_activity_does_not_clash():
    assert clashes(session("a"), [session("b", organiser="council", kind="esol_cafe")]) == []


def test_sessions_that_only_touch_end_to_start_do_not_clash():
    later = session(
        "later",
        organiser="council",
        starts_at=dt.datetime(2026, 7, 27, 13, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 7, 27, 15, 0, tzinfo=UTC),
    )
    assert clashes(session("a"), [later]) == []


def test_audiences_of_different_ages_do_not_clash_but_an_open_range_overlaps_all():
    adults = session("adults", organiser="council", age_from=18, age_to=None)
    assert not audiences_overlap(session("kids"), adults)
    assert clashes(session("kids"), [adults]) == []
    anyone = session("anyone", organiser="council", age_from=None, age_to=None)
    assert audiences_overlap(session("kids"), anyone)


def test_audience_groups_must_share_a_group_and_no_group_means_everyone():
    women = session("w", groups=frozenset({"women"}))
    families = session("f", organiser="council", groups=frozenset({"families"}))
    everyone = session("e", organiser="council")
    assert not audiences_overlap(women, families)
    assert audiences_overlap(women, everyone)
    assert audiences_overlap(women, session("x", groups=frozenset({"women", "families"})))


def test_a_weekly_series_clashes_with_a_one_off_in_its_fourth_week():
    weekly = session("weekly", organiser="council", repeat_weeks=6)
    one_off = session(
        "one-off",
        starts_at=dt.datetime(2026, 8, 17, 11, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 8, 17, 12, 0, tzinfo=UTC),
    )
    found = clashes(one_off, [weekly])
    assert len(found) == 1
    assert found[0].other_starts_at == dt.datetime(2026, 8, 17, 10, 0, tzinfo=UTC)
    # After the series ends (6 sessions: the last on 31 August) there is no clash.
    after = session(
        "after",
        starts_at=dt.datetime(2026, 9, 7, 11, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 9, 7, 12, 0, tzinfo=UTC),
    )
    assert clashes(after, [weekly]) == []


def test_weekly_until_a_date_includes_that_date():
    until = session("until", repeat_until=dt.date(2026, 8, 10))
    starts = [start.date() for start, _end in occurrences(until)]
    assert starts == [dt.date(2026, 7, 27), dt.date(2026, 8, 3), dt.date(2026, 8, 10)]


def test_two_weekly_series_on_different_days_never_clash():
    monday = session("mon", repeat_weeks=10)
    tuesday = session(
        "tue",
        organiser="council",
        starts_at=dt.datetime(2026, 7, 28, 10, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 7, 28, 13, 0, tzinfo=UTC),
        repeat_weeks=10,
    )
    assert clashes(monday, [tuesday]) == []


def test_without_wards_the_venue_or_directory_location_decides_the_place():
    a = session("a", ward_code="", venue="St Alban's Church Hall")
    b = session("b", organiser="council", ward_code="", venue="st albans church hall")
    c = session("c", organiser="council", ward_code="", venue="Library")
    assert same_place(a, b)
    assert not same_place(a, c)
    d = session("d", ward_code="", location_id="loc-1")
    e = session("e", organiser="council", ward_code="", location_id="loc-1", venue="Other name")
    assert same_place(d, e)
    assert not same_place(
        session("f", ward_code="", venue=""), session("g", ward_code="", venue="")
    )


def test_an_event_does_not_clash_with_its_own_saved_copy():
    saved = session(7, organiser="council")
    assert clashes(session(7), [saved]) == []


def test_all_clashes_lists_each_pair_once():
    sessions = [session("a"), session("b", organiser="council"), session("c", organiser="police")]
    pairs = {frozenset((c.session.key, c.other.key)) for c in all_clashes(sessions)}
    assert pairs == {frozenset("ab"), frozenset("ac"), frozenset("bc")}
