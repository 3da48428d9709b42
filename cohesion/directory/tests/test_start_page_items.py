"""What the directory puts on a person's start page: the review queue, and their own entries to check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cohesion.directory.queries import start_page_items
from cohesion.directory.tests.factories_upkeep import mistake, owned_service, proposal

pytestmark = pytest.mark.django_db

MIDDLESBROUGH = "E06000002"


def _stale() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=400)


def test_the_coordinator_sees_what_waits_in_her_councils_review_queue(
    alice: Any, carol: Any
) -> None:
    service = owned_service()
    proposal(service, carol, name="Hub drop-in (new times)")
    mistake(service)
    owned_service(name="Old listing", last_checked=_stale())
    items = start_page_items(alice)
    assert len(items) == 1
    assert items[0].text == (
        "Directory of Middlesbrough: 1 change to review, 1 report of a mistake, 1 entry to check"
    )
    assert items[0].url == reverse("directory-review-queue", args=[MIDDLESBROUGH])
    assert items[0].urgent


def test_the_owner_sees_her_organisations_unchecked_services_and_no_queue(carol: Any) -> None:
    owned_service(name="Old listing", last_checked=_stale())
    owned_service(name="Fresh listing")
    items = start_page_items(carol)
    assert [(i.count, i.url) for i in items] == [(1, reverse("directory-manage"))]


def test_people_with_nothing_to_check_see_nothing(alice: Any, bob: Any, amir: Any) -> None:
    owned_service()
    assert start_page_items(alice) == []
    assert start_page_items(bob) == []
    assert start_page_items(amir) == []
