"""The start page after sign-in: each persona sees the work waiting for them, and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cohesion.tensions.tests.factories_assessment import AlertFactory
from cohesion.tensions.tests.factories_reports import (
    DARLINGTON,
    NEWPORT,
    ReportFactory,
)
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    """The page's words, without markup, with spaces collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def cases() -> dict[str, Any]:
    """Middlesbrough: two new cases (one shared with the police) and one overdue; Darlington: one new."""
    past = timezone.now() - dt.timedelta(days=2)
    return {
        "new_private": ReportFactory(),
        "new_shared": ReportFactory(ward_code=NEWPORT, ward_name="Newport", consent_police=True),
        "overdue": ReportFactory(status="triaged", first_contact_due=past),
        "darlington": ReportFactory(
            council_code=DARLINGTON, council_name="Darlington", ward_code="", ward_name=""
        ),
    }


def test_signing_in_leads_to_the_start_page() -> None:
    assert reverse(settings.LOGIN_REDIRECT_URL) == "/start/"


def test_anonymous_visitors_are_asked_to_sign_in(client_for: Any) -> None:
    response = client_for(None).get("/start/")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_the_council_officer_sees_every_new_and_overdue_case_of_her_council(
    client_for: Any, alice: Any, cases: dict[str, Any]
) -> None:
    response = client_for(alice).get("/start/")
    assert response.status_code == 200
    text = _text(response)
    assert "2 new reports to triage" in text
    assert "1 overdue report" in text
    assert reverse("tensions-queue-new") in response.content.decode()
    assert reverse("tensions-queue-overdue") in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_police_officer_counts_only_cases_shared_with_the_police(
    client_for: Any, bob: Any, cases: dict[str, Any]
) -> None:
    text = _text(client_for(bob).get("/start/"))
    # Of Middlesbrough's, only the one the reporter agreed to share; none of Darlington's.
    assert "1 new report to triage" in text
    assert "0 overdue reports" in text


def test_the_officer_of_another_council_sees_none_of_middlesbroughs_cases(
    client_for: Any, dave: Any, cases: dict[str, Any]
) -> None:
    text = _text(client_for(dave).get("/start/"))
    assert "1 new report to triage" in text  # Darlington's own
    assert "0 overdue reports" in text
    assert "Middlesbrough" not in text


def test_the_analyst_who_may_not_open_cases_gets_no_case_counts_but_sees_alerts(
    client_for: Any, amir: Any, cases: dict[str, Any]
) -> None:
    AlertFactory()
    response = client_for(amir).get("/start/")
    text = _text(response)
    assert "to triage" not in text and "overdue report" not in text
    assert 'id="start-cases"' not in response.content.decode()
    assert "1 alert not yet acknowledged in your areas" in text
    assert reverse("tensions-alert-list") in response.content.decode()


def test_the_reporting_centre_volunteer_counts_only_the_cases_her_hub_entered(
    client_for: Any, carol: Any, cases: dict[str, Any]
) -> None:
    from cohesion.accounts.models import Organisation

    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    ReportFactory(channel="reporting_centre", entered_by_organisation=hub)
    response = client_for(carol).get("/start/")
    text = _text(response)
    assert "1 new report to triage" in text
    # The partnership's alerts and assessments are not the hub's.
    assert 'id="start-alerts"' not in response.content.decode()
    assert 'id="start-assessments"' not in response.content.decode()


def test_the_neighbourhood_manager_is_asked_for_her_two_wards_assessments(
    client_for: Any, nadia: Any
) -> None:
    from cohesion.tensions.tests.factories_assessment import TensionAssessmentFactory

    TensionAssessmentFactory()  # North Ormesby, this week
    text = _text(client_for(nadia).get("/start/"))
    assert "1 of 2 wards in Middlesbrough not yet assessed this week" in text


def test_alerts_in_a_followed_area_are_listed_on_their_own(client_for: Any, alice: Any) -> None:
    from cohesion.places.queries import get_area
    from cohesion.tensions.models.alerts import AreaFollow
    from cohesion.tensions.tests.factories_reports import NORTH_ORMESBY

    AlertFactory()
    AlertFactory(area=get_area(NEWPORT))
    AreaFollow.objects.create(user=alice, area=get_area(NORTH_ORMESBY))
    response = client_for(alice).get("/start/")
    text = _text(response)
    assert "1 alert in North Ormesby, which you follow" in text
    assert "2 alerts not yet acknowledged in your areas" in text
    assert reverse("tensions-early-warning-area", args=[NORTH_ORMESBY]) in response.content.decode()


def test_the_start_page_reads_a_fixed_number_of_queries(
    client_for: Any, alice: Any, cases: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = client_for(alice)
    client.get("/start/")
    for _ in range(10):
        ReportFactory()
    with django_assert_max_num_queries(40):
        client.get("/start/")


START_CASES = [
    Case("start page", "/start/", {ANONYMOUS: 302}, default=200),
    Case(
        "the case queue, filtered",
        "/tensions/reports/?status=open&wants_support=on&sort=due&page=1",
        {
            ANONYMOUS: 302,
            "alice": 200,
            "nadia": 200,
            "bob": 200,
            "carol": 200,
            "dave": 200,
            "erin": 200,
        },
        default=403,
    ),
]


@pytest.mark.parametrize("case", START_CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_who_may_open_the_start_page_and_the_filtered_queue(
    case: Case, persona: str, client_for: Any
) -> None:
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user))


def test_the_start_page_speaks_polish_and_arabic(
    client_for: Any, alice: Any, cases: dict[str, Any]
) -> None:
    client = client_for(alice)
    polish = _text(client.get("/start/", HTTP_ACCEPT_LANGUAGE="pl"))
    assert "Twoja strona startowa" in polish
    assert "2 nowe zgłoszenia do oceny" in polish
    arabic = client.get("/start/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in arabic
    assert "بلاغان جديدان للفرز" in arabic
