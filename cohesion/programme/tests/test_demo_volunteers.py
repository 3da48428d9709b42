"""The demo's synthetic interpreter register: languages, expiring checks, hours and bookings."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.programme.choices import BookingStatus
from cohesion.programme.demo import run
from cohesion.programme.models import HoursLogged, InterpreterBooking, Volunteer, VolunteerCheck

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)


def test_the_demo_register_interprets_at_least_20_languages_all_synthetic():
    said: list[str] = []
    run(None, said.append, today=TODAY)  # type: ignore[arg-type]
    volunteers = list(Volunteer.objects.all())
    assert volunteers and all(v.synthetic for v in volunteers)
    languages = {lang for v in volunteers if v.active for lang in v.languages} - {"English"}
    assert len(languages) >= 20
    soon = VolunteerCheck.objects.filter(expires_on__lte=TODAY + dt.timedelta(days=30))
    assert soon.filter(expires_on__gte=TODAY).count() >= 3
    hours = HoursLogged.objects.all()
    assert hours.count() > 20 and all(h.event.synthetic for h in hours)
    bookings = InterpreterBooking.objects.all()
    assert {b.status for b in bookings} >= {BookingStatus.CONFIRMED, BookingStatus.REQUESTED}
    assert all(b.synthetic for b in bookings)
    line = next(s for s in said if "Volunteer register (synthetic)" in s)
    assert f"interpreting {len(languages)} languages" in line


def test_the_demo_register_is_the_same_when_run_again():
    run(None, lambda _line: None, today=TODAY)  # type: ignore[arg-type]
    first = sorted(Volunteer.objects.values_list("name", "languages"))
    hours = HoursLogged.objects.count()
    run(None, lambda _line: None, today=TODAY)  # type: ignore[arg-type]
    assert sorted(Volunteer.objects.values_list("name", "languages")) == first
    assert HoursLogged.objects.count() == hours
