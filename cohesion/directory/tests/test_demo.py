"""The synthetic Middlesbrough directory the demo builds."""

from __future__ import annotations

import pytest

from cohesion.directory.choices import PublicationState, TermTime
from cohesion.directory.demo import SERVICES, VENUES, create_demo_directory
from cohesion.directory.models import Location, Schedule, Service
from cohesion.directory.taxonomy import stable_id

pytestmark = pytest.mark.django_db

WARD_CODES = {"Newport": "E05009866", "Central": "E05009857", "North Ormesby": "E05009867"}


def test_the_demo_directory_holds_about_sixty_labelled_services() -> None:
    made = create_demo_directory(say=lambda _message: None)
    assert made == len(SERVICES)
    assert 55 <= Service.objects.count() <= 70
    assert not Service.objects.filter(synthetic=False).exists()
    assert all(s.description.startswith("[Synthetic]") for s in Service.objects.all())


def test_building_the_demo_directory_twice_adds_nothing() -> None:
    create_demo_directory(say=lambda _message: None)
    assert create_demo_directory(say=lambda _message: None) == 0
    assert Service.objects.count() == len(SERVICES)


def test_demo_venues_lie_inside_the_wards_they_are_named_for() -> None:
    create_demo_directory(say=lambda _message: None)
    wards = dict(Location.objects.exclude(ward_code="").values_list("name", "ward_code"))
    assert len(wards) == len(VENUES)
    assert wards["Newport Hub"] == WARD_CODES["Newport"]
    assert wards["Victoria Square Learning Centre"] == WARD_CODES["Central"]
    assert wards["North Ormesby Community Hub"] == WARD_CODES["North Ormesby"]


def test_a_resident_can_find_an_esol_class_in_north_ormesby_on_tuesdays() -> None:
    create_demo_directory(say=lambda _message: None)
    sessions = Schedule.objects.filter(
        service__attributes__taxonomy_term_id=stable_id("esol"),
        service_at_location__location__ward_code=WARD_CODES["North Ormesby"],
        byday__contains="TU",
    )
    assert sessions.exists()
    assert sessions.first().service.languages.filter(code="ar").exists()


def test_the_demo_shows_youth_sessions_for_each_age_band_and_holiday_only_food() -> None:
    create_demo_directory(say=lambda _message: None)
    for band in ("youth-8-12", "youth-13-16", "youth-17-19"):
        assert Service.objects.filter(attributes__taxonomy_term_id=stable_id(band)).count() >= 1
    holiday = Schedule.objects.filter(
        service__attributes__taxonomy_term_id=stable_id("holiday-food-activities")
    )
    assert set(holiday.values_list("term_time", flat=True)) == {TermTime.HOLIDAYS}


def test_the_reporting_centre_partner_maintains_its_own_listing() -> None:
    create_demo_directory(say=lambda _message: None)
    centre = Service.objects.get(name="Hate incident reporting centre, North Ormesby")
    assert centre.organisation.partner is not None
    assert centre.organisation.partner.kind == "reporting_centre"


def test_the_demo_shows_the_review_workflow_with_a_draft_and_an_entry_waiting() -> None:
    create_demo_directory(say=lambda _message: None)
    states = set(Service.objects.values_list("state", flat=True))
    assert {PublicationState.DRAFT, PublicationState.IN_REVIEW} <= states


def test_the_demo_holds_changes_waiting_for_review_and_a_public_report() -> None:
    from cohesion.directory.models import ChangeStatus, MistakeReport, ProposedChange

    create_demo_directory(say=lambda _message: None)
    waiting = ProposedChange.objects.filter(status=ChangeStatus.PENDING)
    assert waiting.count() == 2
    assert all(change.synthetic for change in waiting)
    report = MistakeReport.objects.get()
    assert report.synthetic and report.what_is_wrong.startswith("[Synthetic]")
