"""The directory's upkeep and signpost routes, attacked from outside: other councils, bad input,
and counts worked back out by setting one period's table beside another's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohesion.directory import maintaining
from cohesion.directory.choices import PublicationState
from cohesion.directory.models import MistakeReport, ProposedChange, Service, Signpost
from cohesion.directory.signposting import DEFAULT_PERIOD_MONTHS, PERIOD_MONTHS, month_starts
from cohesion.directory.tests.factories import OrganisationFactory, ServiceFactory
from cohesion.tensions.tests.factories_reports import ReportFactory
from cohesion.testing.disclosure_attack import Published, assert_no_hidden_cell_narrower_than

pytestmark = pytest.mark.django_db
User = get_user_model()

MIDDLESBROUGH, DARLINGTON = "E06000002", "E06000005"


def _months_ago(n: int) -> dt.datetime:
    start = month_starts(timezone.localdate(), n + 1)[0]
    return timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=3), dt.time(12)))


def _signposts(service: Service, by: object, per_month: dict[int, int]) -> None:
    case = ReportFactory()
    for ago, count in per_month.items():
        for _n in range(count):
            made = Signpost.objects.create(report=case, service=service, kind="signpost", by=by)
            Signpost.objects.filter(pk=made.pk).update(created_at=_months_ago(ago))


def _published(tables: dict[int, dict]) -> Published:
    """What a viewer reads from every period's table at once, with each table's relations."""
    cells: dict = {}
    relations: list = []
    for months, data in tables.items():
        keys = data["months"]
        for row in [*data["services"], data["totals"]]:
            who = row["service_id"] or "all"
            for key in keys:  # a month is the same count in every table that shows it
                cells[(who, key)] = row[key]
            for column in ("signposted", "referred", "total"):
                cells[(who, column, months)] = row[column]
            relations.append(((who, "total", months), [(who, k) for k in keys]))
            relations.append(
                ((who, "total", months), [(who, "signposted", months), (who, "referred", months)])
            )
        ids = [r["service_id"] for r in data["services"]]
        for key in keys:
            relations.append((("all", key), [(s, key) for s in ids]))
        for column in ("signposted", "referred", "total"):
            relations.append((("all", column, months), [(s, column, months) for s in ids]))
    return Published(cells=cells, relations=relations)


def test_a_small_count_cannot_be_worked_out_from_two_periods_tables(client_for, amir, carol):
    """Two signposts this month stay hidden: a viewer reads one period's table, not several.

    Each period ends this month, so a 3-month table shares its months with a 6-month one;
    protected apart, the two hide different counts and, read together, gave the two away.
    """
    service = ServiceFactory(name="Conversation café")
    # Five months ago 6, last month 9, this month 2 (too few to show).
    _signposts(service, carol, {5: 6, 1: 9, 0: 2})
    _signposts(ServiceFactory(name="Welfare rights advice"), carol, {5: 20, 1: 20, 0: 20})
    url = reverse("directory-signpost-counts-twin", args=[MIDDLESBROUGH, "json"])
    client = client_for(amir)
    answers = {m: client.get(url, {"months": str(m)}) for m in PERIOD_MONTHS}
    tables = {m: a.json() for m, a in answers.items() if a.status_code == 200}
    assert list(tables) == [DEFAULT_PERIOD_MONTHS]
    assert all(a.status_code == 400 for m, a in answers.items() if m not in tables)
    refused = client.get(reverse("directory-signpost-counts", args=[MIDDLESBROUGH]), {"months": 3})
    assert refused.status_code == 400 and "last 6 months only" in refused.content.decode()
    table = tables[DEFAULT_PERIOD_MONTHS]
    this_month = table["months"][-1]
    cafe = next(r for r in table["services"] if r["service"] == "Conversation café")
    assert table["disclosure_controlled"] and cafe[this_month] is None
    assert assert_no_hidden_cell_narrower_than(_published(tables), table["threshold"]) > 0
    # The council's coordinator, who sees exact counts, still chooses any period.
    coordinator = client_for(User.objects.get(username="alice"))
    assert all(coordinator.get(url, {"months": str(m)}).status_code == 200 for m in PERIOD_MONTHS)


# --------------------------------------------------------------------------- upkeep routes


@pytest.fixture
def darlington_service():
    organisation = OrganisationFactory(name="Darlington Food Bank", council_code=DARLINGTON)
    return ServiceFactory(organisation=organisation, council_code=DARLINGTON, name="Food parcels")


@pytest.fixture
def middlesbrough_service():
    return ServiceFactory(name="Welfare rights advice")


def _service_form(service: Service, **extra: object) -> dict[str, object]:
    """What the edit form posts: the service's current values with ``extra``."""
    return maintaining.values_of(service) | {"name": "Changed by someone else"} | extra


def test_another_councils_entries_are_404_to_a_coordinator_and_officers(
    client_for, alice, dave, bob, carol, darlington_service, middlesbrough_service
):
    """Alice coordinates Middlesbrough: Darlington's service is not hers to open, change or confirm."""
    for user, service in (
        (alice, darlington_service),
        (dave, middlesbrough_service),
        (bob, middlesbrough_service),
        (carol, darlington_service),
    ):
        client = client_for(user)
        for name in (
            "directory-manage-service",
            "directory-manage-service-edit",
            "directory-manage-service-confirm",
        ):
            url = reverse(name, args=[service.pk])
            assert client.get(url).status_code == 404, (user, name)
            # A GET-only page refuses the method before it looks the entry up.
            assert client.post(url, _service_form(service)).status_code in (404, 405), (user, name)
        add = reverse("directory-manage-service-add", args=[service.organisation.pk])
        assert client.post(add, _service_form(service)).status_code == 404
        confirm = reverse("directory-manage-organisation-confirm", args=[service.organisation.pk])
        assert client.post(confirm).status_code == 404
    assert not ProposedChange.objects.exists()
    assert not Service.objects.filter(
        pk__in=[darlington_service.pk, middlesbrough_service.pk], last_checked=timezone.localdate()
    ).exists()


def test_a_coordinator_cannot_open_another_councils_review_queue_or_decide_its_changes(
    client_for, alice, amir, dave, superuser, darlington_service
):
    darlington_change = ProposedChange.objects.create(
        council_code=DARLINGTON,
        organisation=darlington_service.organisation,
        service=darlington_service,
        service_name="Food parcels",
        kind="edit",
        values={},
    )
    report = MistakeReport.objects.create(
        council_code=DARLINGTON,
        organisation=darlington_service.organisation,
        service=darlington_service,
        service_name="Food parcels",
        what_is_wrong="Closed now",
        email="resident@example.org",
    )
    for user in (alice, amir, dave):
        client = client_for(user)
        assert client.get(reverse("directory-review-queue", args=[DARLINGTON])).status_code == 404
        change_url = reverse("directory-review-change", args=[darlington_change.pk])
        assert client.get(change_url).status_code == 404
        refused = client.post(change_url, {"decision": "approve"})
        assert refused.status_code == 404
        mistake_url = reverse("directory-review-mistake", args=[report.pk])
        answer = client.get(mistake_url)
        assert answer.status_code == 404 and b"resident@example.org" not in answer.content
        assert client.post(mistake_url, {"note": "done"}).status_code == 404
    darlington_change.refresh_from_db()
    report.refresh_from_db()
    assert darlington_change.status == "pending" and report.status == "open"
    # Nor does a made-up council code or a ward code open anything.
    for code in ("E05001234", "<script>", "E06000002 "):
        assert client_for(alice).get(f"/directory/review/{code}/").status_code == 404


def test_an_edit_cannot_move_a_service_into_another_council_or_set_fields_not_on_the_form(
    client_for, alice, middlesbrough_service
):
    """Posting council, organisation or state beside the form's fields changes none of them."""
    url = reverse("directory-manage-service-edit", args=[middlesbrough_service.pk])
    response = client_for(alice).post(
        url,
        _service_form(
            middlesbrough_service,
            name="Welfare rights advice (new times)",
            council_code=DARLINGTON,
            organisation=str(OrganisationFactory(council_code=DARLINGTON).pk),
            state=PublicationState.PUBLISHED,
            last_checked="2999-01-01",
        ),
    )
    assert response.status_code == 302
    change = ProposedChange.objects.get()
    assert change.council_code == MIDDLESBROUGH
    assert "council_code" not in change.values and "state" not in change.values
    service = Service.objects.get(pk=middlesbrough_service.pk)
    assert service.council_code == MIDDLESBROUGH
    assert service.organisation_id == middlesbrough_service.organisation_id
    assert service.name == "Welfare rights advice" and service.last_checked != dt.date(2999, 1, 1)


def test_malformed_service_input_is_refused_with_nothing_saved(
    client_for, alice, middlesbrough_service
):
    url = reverse("directory-manage-service-edit", args=[middlesbrough_service.pk])
    client = client_for(alice)
    for bad in (
        {"name": "x" * 300},
        {"description": "y" * 6000},
        {"minimum_age": "-1"},
        {"minimum_age": "30", "maximum_age": "10"},
        {"days": ["mo"], "opens_at": "25:00", "closes_at": "26:00"},
        {"days": ["mo"], "opens_at": "12:00", "closes_at": "10:00"},
        {"cost": "paid", "amount": "-5"},
        {"location": "00000000-0000-0000-0000-000000000000"},
        {"status": "deleted"},
    ):
        response = client.post(url, _service_form(middlesbrough_service, **bad))
        assert response.status_code == 400, bad
    assert not ProposedChange.objects.exists()


def test_post_only_and_get_only_routes_refuse_the_other_method(
    client_for, alice, middlesbrough_service
):
    client = client_for(alice)
    assert client.post(reverse("directory-manage")).status_code == 405
    assert client.post(reverse("directory-review-queue", args=[MIDDLESBROUGH])).status_code == 405
    sent = reverse("directory-report-mistake-sent", args=[middlesbrough_service.pk])
    assert client_for(None).post(sent).status_code == 405


def test_a_public_mistake_report_is_escaped_and_kept_as_text(
    client_for, alice, middlesbrough_service
):
    Service.objects.filter(pk=middlesbrough_service.pk).update(state=PublicationState.PUBLISHED)
    url = reverse("directory-report-mistake", args=[middlesbrough_service.pk])
    text = '<script>alert(1)</script> =HYPERLINK("http://x") \u202egnirts'
    response = client_for(None).post(url, {"what_is_wrong": text, "email": "", "website": ""})
    assert response.status_code == 302
    report = MistakeReport.objects.get()
    page = client_for(alice).get(reverse("directory-review-mistake", args=[report.pk]))
    body = page.content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    # A draft or withdrawn entry takes no reports (its page is not public).
    Service.objects.filter(pk=middlesbrough_service.pk).update(state=PublicationState.WITHDRAWN)
    assert client_for(None).get(url).status_code == 404
    assert client_for(None).post(url, {"what_is_wrong": "wrong"}).status_code == 404
    assert MistakeReport.objects.count() == 1


def test_a_second_decision_on_the_same_change_is_refused(client_for, alice, middlesbrough_service):
    """Double submission: the second approve finds the change decided and changes nothing."""
    client = client_for(alice)
    client.post(
        reverse("directory-manage-service-edit", args=[middlesbrough_service.pk]),
        _service_form(middlesbrough_service, name="Welfare rights advice, Tuesdays"),
    )
    change = ProposedChange.objects.get()
    url = reverse("directory-review-change", args=[change.pk])
    first = client.post(url, {"decision": "approve"})
    assert first.status_code == 302
    second = client.post(url, {"decision": "send_back", "reason": "no"})
    assert second.status_code in (200, 400, 409)
    change.refresh_from_db()
    assert change.status == "approved"
