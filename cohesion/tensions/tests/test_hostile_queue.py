"""The case queue's filters attacked with absurd values: each is explained or ignored, never an
error page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"received_to": "9999-12-31"},
        {"received_from": "0001-01-01", "received_to": "9999-12-31"},
        {"received_from": "9999-12-31"},
        {"received_from": "0001-01-01"},
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_not_an_error(client_for, alice, query):
    ReportFactory()
    client: Client = client_for(alice)
    client.raise_request_exception = False
    for name in ("tensions-report-list", "tensions-queue-new", "tensions-queue-overdue"):
        response = client.get(reverse(name), query)
        assert response.status_code in (200, 400), (name, query, response.status_code)
    response = client.get(reverse("tensions-report-list-twin", args=["json"]), query)
    assert response.status_code in (200, 400), (query, response.status_code)


@pytest.mark.parametrize(
    "query",
    [
        {"page": "-1"},
        {"page": "99999"},
        {"page": "1e9"},
        {"ward": "E05999999"},
        {"sort": "reference; DROP TABLE"},
        {"status": "' OR 1=1 --"},
        {"received_from": "2026-12-31", "received_to": "2026-01-01"},
        {"reference": "%%%___"},
    ],
)
def test_absurd_filters_are_explained_or_ignored(client_for, alice, query):
    ReportFactory()
    client: Client = client_for(alice)
    client.raise_request_exception = False
    response = client.get(reverse("tensions-report-list"), query)
    assert response.status_code == 200, (query, response.status_code)
