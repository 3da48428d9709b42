"""The case queue: filters that combine and live in the address, pages of cases, a fixed cost per page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cohesion.accounts.models import Organisation
from cohesion.audit.models import AuditEvent
from cohesion.tensions.tests.factories_reports import (
    DARLINGTON,
    NEWPORT,
    ReportFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = "/tensions/reports/"


def _references(response: Any) -> set[str]:
    html = response.content.decode()
    if 'id="reports-table"' not in html:
        return set()
    table = html.split('id="reports-table"')[1].split("</table>")[0]
    return set(re.findall(r"CHN-[2-9A-Z]{4}-[2-9A-Z]{4}", table))


@pytest.fixture
def mixed() -> dict[str, Any]:
    """Middlesbrough cases that differ in one filter each from the one every filter finds."""
    council = Organisation.objects.get(name="Middlesbrough Council")
    wanted = {
        "ward_code": NEWPORT,
        "ward_name": "Newport",
        "motivations": ["religion", "race"],
        "channel": "reporting_centre",
        "wants_support": True,
        "language": "pl",
        "status": "assigned",
        "assigned_organisation": council,
        "created_at": timezone.now() - dt.timedelta(days=3),
    }
    return {
        "match": ReportFactory(**wanted),
        "other ward": ReportFactory(**{**wanted, "ward_code": "E05009867"}),
        "other strand": ReportFactory(**{**wanted, "motivations": ["race"]}),
        "other channel": ReportFactory(**{**wanted, "channel": "public_online"}),
        "no support": ReportFactory(**{**wanted, "wants_support": False}),
        "english": ReportFactory(**{**wanted, "language": "en-gb"}),
        "closed": ReportFactory(**{**wanted, "status": "closed", "closure_reason": "resolved"}),
        "unassigned": ReportFactory(**{**wanted, "assigned_organisation": None}),
        "old": ReportFactory(**{**wanted, "created_at": timezone.now() - dt.timedelta(days=60)}),
        "tension": ReportFactory(
            **{**wanted, "category": "tension", "motivations": [], "tension_type": "graffiti"}
        ),
    }


def test_every_filter_together_finds_the_one_case_that_meets_them_all(
    client_for: Any, alice: Any, mixed: dict[str, Any]
) -> None:
    since = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    response = client_for(alice).get(
        QUEUE,
        {
            "ward": NEWPORT,
            "category": "hate_incident",
            "strand": "religion",
            "status": "open",
            "channel": "reporting_centre",
            "received_from": since,
            "received_to": timezone.localdate().isoformat(),
            "wants_support": "on",
            "language": "pl",
            "assigned": "organisation",
        },
    )
    assert response.status_code == 200
    assert _references(response) == {mixed["match"].reference}
    assert "1 report" in response.content.decode()


def test_each_filter_alone_leaves_out_only_the_case_that_differs(
    client_for: Any, alice: Any, mixed: dict[str, Any]
) -> None:
    client = client_for(alice)
    every = {r.reference for r in mixed.values()}
    for params, left_out in (
        ({"ward": NEWPORT}, "other ward"),
        ({"strand": "religion"}, "other strand"),
        ({"channel": "reporting_centre"}, "other channel"),
        ({"wants_support": "on"}, "no support"),
        ({"language": "pl"}, "english"),
        ({"status": "open"}, "closed"),
        ({"assigned": "organisation"}, "unassigned"),
        ({"received_from": (timezone.localdate() - dt.timedelta(days=10)).isoformat()}, "old"),
    ):
        found = _references(client.get(QUEUE, params))
        assert mixed[left_out].reference not in found, params
        if left_out != "other strand":
            assert found | {mixed[left_out].reference} >= every - {mixed["tension"].reference}, (
                params
            )


def test_a_regional_language_code_counts_as_its_language(
    client_for: Any, alice: Any, mixed: dict[str, Any]
) -> None:
    assert mixed["english"].reference in _references(
        client_for(alice).get(QUEUE, {"language": "en"})
    )


def test_assigned_to_me_lists_only_the_officers_own_cases(client_for: Any, nadia: Any) -> None:
    mine = ReportFactory(assigned_officer=nadia, status="assigned")
    ReportFactory(status="assigned")
    assert _references(client_for(nadia).get(QUEUE, {"assigned": "me"})) == {mine.reference}


def test_a_reference_is_found_however_it_is_typed(client_for: Any, alice: Any) -> None:
    case = ReportFactory()
    ReportFactory()
    client = client_for(alice)
    typed = case.reference.lower().replace("-", " ")
    assert _references(client.get(QUEUE, {"reference": typed})) == {case.reference}
    assert _references(client.get(QUEUE, {"reference": case.reference[4:8]})) == {case.reference}


def test_a_search_never_reaches_a_case_the_person_may_not_open(client_for: Any, alice: Any) -> None:
    elsewhere = ReportFactory(council_code=DARLINGTON, council_name="Darlington", ward_code="")
    response = client_for(alice).get(QUEUE, {"reference": elsewhere.reference})
    assert _references(response) == set()


def test_the_ward_list_offers_only_wards_of_cases_the_person_sees(
    client_for: Any, bob: Any
) -> None:
    ReportFactory(consent_police=True)  # North Ormesby, shared with the police
    ReportFactory(ward_code=NEWPORT, ward_name="Newport")  # not shared
    html = client_for(bob).get(QUEUE).content.decode()
    ward_select = html.split('name="ward"')[1].split("</select>")[0]
    assert "North Ormesby" in ward_select
    assert "Newport" not in ward_select


def test_the_queue_sorts_by_first_contact_due(client_for: Any, alice: Any) -> None:
    now = timezone.now()
    later = ReportFactory(first_contact_due=now + dt.timedelta(days=2))
    sooner = ReportFactory(first_contact_due=now + dt.timedelta(hours=3))
    none = ReportFactory(first_contact_due=None)
    html = client_for(alice).get(QUEUE, {"sort": "due"}).content.decode()
    positions = [html.index(r.reference) for r in (sooner, later, none)]
    assert positions == sorted(positions)


def test_a_wrong_date_is_explained_and_the_other_filters_still_apply(
    client_for: Any, alice: Any
) -> None:
    wanted = ReportFactory(wants_support=True)
    ReportFactory(wants_support=False)
    response = client_for(alice).get(QUEUE, {"received_from": "31/02/2026", "wants_support": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "“Received from” must be a real date, like 2026-03-27" in html
    assert _references(response) == {wanted.reference}


def test_an_end_before_the_start_is_refused(client_for: Any, alice: Any) -> None:
    response = client_for(alice).get(
        QUEUE, {"received_from": "2026-03-10", "received_to": "2026-03-01"}
    )
    assert "“Received to” must be the same as or after “Received from”" in response.content.decode()


def test_the_list_shows_language_and_wants_support(client_for: Any, alice: Any) -> None:
    ReportFactory(language="ar", wants_support=True)
    html = client_for(alice).get(QUEUE).content.decode()
    table = html.split('id="reports-table"')[1]
    assert ">AR<" in table
    assert "Wants support</strong>" in table


def test_pages_of_fifty_keep_the_filters_in_their_links(client_for: Any, alice: Any) -> None:
    for _ in range(55):
        ReportFactory(wants_support=True)
    ReportFactory(wants_support=False)
    client = client_for(alice)
    first = client.get(QUEUE, {"wants_support": "on"})
    assert len(_references(first)) == 50
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?wants_support=on&amp;page=2"' in html
    second = client.get(QUEUE, {"wants_support": "on", "page": "2"})
    assert len(_references(second)) == 5
    assert not _references(first) & _references(second)
    assert "(showing 51 to 55)" in second.content.decode()


def test_the_twins_download_what_the_filters_find(client_for: Any, alice: Any) -> None:
    wanted = ReportFactory(language="pl", wants_support=True)
    ReportFactory(language="en")
    response = client_for(alice).get("/tensions/reports.csv", {"language": "pl"})
    body = response.content.decode()
    assert wanted.reference in body
    assert body.count("CHN-") == 1
    assert "wants_support" in body.splitlines()[0] and "language" in body.splitlines()[0]


def test_each_page_audits_the_cases_it_lists(client_for: Any, alice: Any) -> None:
    for _ in range(52):
        ReportFactory()
    client_for(alice).get(QUEUE, {"page": "2"})
    event = AuditEvent.objects.filter(actor_username="alice").latest("pk")
    assert event.action == "view"
    assert len(event.changes["ids"]) == 2


def _queries(client: Any, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "open", "sort": "due", "wants_support": "on"},
        {"assigned": "organisation", "strand": "race", "language": "en"},
    ],
)
def test_a_page_costs_the_same_queries_however_many_cases_it_lists(
    client_for: Any, alice: Any, params: dict[str, str]
) -> None:
    council = Organisation.objects.get(name="Middlesbrough Council")
    client = client_for(alice)
    extra = {"assigned_organisation": council, "assigned_officer": alice, "wants_support": True}
    ReportFactory(language="en", **extra)
    client.get(QUEUE)  # warm the per-process caches (translations, site settings)
    few = _queries(client, params)
    for i in range(60):
        ReportFactory(language="en", ward_code=NEWPORT if i % 2 else "E05009867", **extra)
    assert _queries(client, params) == few
