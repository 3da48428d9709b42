"""What the tensions app puts on a person's start page, counted only over what they may open."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from cohesion.tensions.queries import start_page_items
from cohesion.tensions.tests.factories_assessment import AlertFactory
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db


def test_a_viewer_gets_no_case_counts_however_many_cases_there_are(
    amir: Any, cllr_hussain: Any
) -> None:
    for _ in range(3):
        ReportFactory()
    AlertFactory()
    for viewer in (amir, cllr_hussain):
        sections = {item.section for item in start_page_items(viewer)}
        assert "cases" not in sections
        assert "assessments" not in sections  # viewers do not write assessments
        assert "alerts" in sections  # alerts are the partnership's, and viewers may read them


def test_case_counts_are_counts_of_cases_the_person_may_open(alice: Any, bob: Any) -> None:
    ReportFactory(consent_police=True)
    ReportFactory()
    counts = {
        person.username: {
            item.url: item.count for item in start_page_items(person) if item.section == "cases"
        }
        for person in (alice, bob)
    }
    assert counts["alice"]["/tensions/reports/new/"] == 2
    assert counts["bob"]["/tensions/reports/new/"] == 1


def test_cases_assigned_to_the_person_link_to_the_filtered_queue(nadia: Any) -> None:
    ReportFactory(assigned_officer=nadia, status="assigned")
    (mine,) = [i for i in start_page_items(nadia) if "assigned to you" in i.text]
    assert mine.count == 1
    assert mine.url == "/tensions/reports/?assigned=me&status=open&sort=due"


def test_nobody_signed_out_gets_anything() -> None:
    assert start_page_items(AnonymousUser()) == []
