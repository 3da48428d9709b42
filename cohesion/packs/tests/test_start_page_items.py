"""What packs put on a person's start page: the schedules they manage, and any that failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cohesion.accounts.models import Organisation
from cohesion.packs.choices import PackKind
from cohesion.packs.models import PackSchedule
from cohesion.packs.queries import start_page_items

pytestmark = pytest.mark.django_db


def _schedule(**fields: Any) -> PackSchedule:
    return PackSchedule.objects.create(
        organisation=Organisation.objects.get(name="Middlesbrough Council"),
        kind=PackKind.HATE_QUARTERLY,
        area_code="E06000002",
        roles=["coordinator"],
        **fields,
    )


def test_the_coordinator_sees_each_active_schedule_and_when_it_is_next_made(alice: Any) -> None:
    _schedule()
    _schedule(active=False)
    items = start_page_items(alice)
    assert len(items) == 1
    assert items[0].text == "Quarterly hate-incident report for Middlesbrough"
    assert items[0].detail.startswith("Next made on ")
    assert items[0].url == reverse("packs-schedule-list")
    assert not items[0].urgent


def test_a_failed_schedule_says_why(alice: Any) -> None:
    _schedule(last_error="No reports section for this area.")
    (item,) = start_page_items(alice)
    assert item.urgent
    assert item.detail == "The last run failed: No reports section for this area."


def test_only_the_councils_coordinators_see_its_schedules(
    nadia: Any, amir: Any, bob: Any, dave: Any
) -> None:
    _schedule()
    for person in (nadia, amir, bob, dave):
        assert start_page_items(person) == []
