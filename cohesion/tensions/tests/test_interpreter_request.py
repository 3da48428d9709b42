"""A resident asks for an interpreter on the report form; the case shows it and offers a booking."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cohesion.tensions.models import Report, ReportEvent
from cohesion.tensions.tests.factories_reports import NORTH_ORMESBY
from cohesion.tensions.tests.test_public_form import URL, valid_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous() -> Client:
    return Client(REMOTE_ADDR="203.0.113.9")


def test_a_ticked_box_without_a_language_is_refused_and_nothing_saved(anonymous: Client) -> None:
    response = anonymous.post(URL, data=valid_post(needs_interpreter="on"))
    assert response.status_code == 400  # the form again, with its error
    assert "Write which language you need an interpreter for" in response.text
    assert not Report.objects.exists()


def test_the_language_reaches_the_case_the_queue_and_a_booking_form(
    anonymous: Client, client_for, alice, amir
) -> None:
    anonymous.post(
        URL,
        follow=True,
        data=valid_post(
            needs_interpreter="on", interpreter_language="Tigrinya", email="a@example.org"
        ),
    )
    report = Report.objects.get()
    assert report.interpreter_language == "Tigrinya"

    officer = client_for(alice)
    case = officer.get(report.get_absolute_url()).text
    assert "Asked for:" in case and "Tigrinya" in case
    booking = reverse("programme-booking-add") + f"?language=Tigrinya&amp;ward={NORTH_ORMESBY}"
    assert booking in case
    form = officer.get(
        reverse("programme-booking-add"), {"language": "Tigrinya", "ward": NORTH_ORMESBY}
    )
    assert form.status_code == 200
    assert 'value="Tigrinya"' in form.text
    rows = officer.get(reverse("tensions-report-list-twin", args=["json"])).json()
    listed = rows["reports"] if isinstance(rows, dict) else rows
    assert [r["interpreter_language"] for r in listed] == ["Tigrinya"]
    assert "Interpreter" in officer.get(reverse("tensions-report-list")).text

    # A viewer may read the case but books nothing: no link.
    viewer = client_for(amir).get(report.get_absolute_url())
    if viewer.status_code == 200:
        assert "programme/interpreters/new" not in viewer.text


def test_a_repeat_that_asks_for_an_interpreter_adds_it_to_the_case(anonymous: Client) -> None:
    anonymous.post(URL, follow=True, data=valid_post())
    report = Report.objects.get()
    assert report.interpreter_language == ""
    anonymous.post(URL, follow=True, data=valid_post(interpreter_language="Polish"))
    assert Report.objects.count() == 1
    report.refresh_from_db()
    assert report.interpreter_language == "Polish"
    assert ReportEvent.objects.filter(
        report=report, changes__interpreter_language=["", "Polish"]
    ).exists()
