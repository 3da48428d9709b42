"""Signposting a case's person to a service: who may, consent for referrals, recorded on the case."""

import pytest
from django.urls import reverse

from cohesion.accounts.models import Organisation
from cohesion.audit.models import AuditEvent
from cohesion.directory.models import Signpost
from cohesion.directory.signposting import SignpostError, signpost, signpost_counts
from cohesion.directory.tests.factories import ServiceFactory
from cohesion.tensions.models import CaseNote
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_case():
    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    return ReportFactory(channel="reporting_centre", entered_by_organisation=hub)


@pytest.fixture
def support():
    return ServiceFactory(name="Hate crime victim support")


def test_a_centre_volunteer_signposts_a_case_and_it_is_recorded_on_the_case(
    client_for, carol, hub_case, support
):
    client = client_for(carol)
    url = reverse("directory-signpost", args=[hub_case.reference])
    page = client.get(url)
    assert page.status_code == 200 and "Hate crime victim support" in page.content.decode()
    response = client.post(
        url, {"service": support.pk, "kind": "signpost", "note": "Gave a leaflet"}
    )
    assert response.status_code == 302
    made = Signpost.objects.get(report=hub_case)
    assert made.service == support and made.by == carol and made.kind == "signpost"
    note = CaseNote.objects.get(report=hub_case)
    assert "Signposted to Hate crime victim support" in note.text and "Gave a leaflet" in note.text
    assert signpost_counts([support.pk]) == {support.pk: 1}
    assert (
        AuditEvent.objects.filter(action="view", object_id=hub_case.reference).exists()
        or AuditEvent.objects.exists()
    )


def test_a_referral_without_consent_is_refused_and_nothing_is_saved(
    client_for, carol, hub_case, support
):
    url = reverse("directory-signpost", args=[hub_case.reference])
    response = client_for(carol).post(url, {"service": support.pk, "kind": "referral"})
    assert response.status_code == 400
    assert (
        "needs the person&#x27;s consent" in response.content.decode()
        or "needs the person's consent" in response.content.decode()
    )
    assert not Signpost.objects.exists() and not CaseNote.objects.exists()
    with pytest.raises(SignpostError):
        signpost(hub_case, support, actor=carol, kind="referral", consent=False)
    client_for(carol).post(url, {"service": support.pk, "kind": "referral", "consent": "on"})
    assert Signpost.objects.get().consent is True


def test_a_service_outside_the_councils_directory_cannot_be_named(client_for, carol, hub_case):
    darlington = ServiceFactory(organisation__council_code="E06000005", council_code="E06000005")
    url = reverse("directory-signpost", args=[hub_case.reference])
    response = client_for(carol).post(url, {"service": darlington.pk, "kind": "signpost"})
    assert response.status_code == 400
    assert "Choose a published service in this council" in response.content.decode()
    assert not Signpost.objects.exists()


def test_outsiders_get_404_and_readers_cannot_signpost(
    client_for, dave, cllr_hussain, hub_case, support
):
    url = reverse("directory-signpost", args=[hub_case.reference])
    assert client_for(dave).get(url).status_code == 404
    assert (
        client_for(dave).post(url, {"service": support.pk, "kind": "signpost"}).status_code == 404
    )
    assert client_for(cllr_hussain).post(
        url, {"service": support.pk, "kind": "signpost"}
    ).status_code in (403, 404)
    assert client_for(None).get(url).status_code == 302
    assert not Signpost.objects.exists()


def test_the_case_page_links_to_signposting_for_those_who_may_add_to_it(
    client_for, carol, hub_case
):
    page = client_for(carol).get(reverse("tensions-report-detail", args=[hub_case.reference]))
    assert reverse("directory-signpost", args=[hub_case.reference]) in page.content.decode()


def test_the_report_confirmation_lists_local_support_for_a_hate_incident(client):
    from cohesion.directory.models import Attribute
    from cohesion.directory.taxonomy import stable_id

    support = ServiceFactory(name="Hate crime victim support")
    Attribute.objects.create(
        service=support, taxonomy_term_id=stable_id("hate-crime-support"), link_type="need"
    )
    advice = ServiceFactory(name="Welfare rights advice")
    Attribute.objects.create(
        service=advice, taxonomy_term_id=stable_id("advice-welfare-rights"), link_type="need"
    )
    from cohesion.tensions.views.public import SENT_COOKIE, SENT_COOKIE_SALT

    report = ReportFactory()
    response = client.get(reverse("tensions-public-report-sent"))
    assert response.status_code == 302  # no report sent from this browser yet
    from django.core.signing import get_cookie_signer

    signer = get_cookie_signer(salt=SENT_COOKIE + SENT_COOKIE_SALT)
    client.cookies[SENT_COOKIE] = signer.sign(f"{report.reference}:h")
    page = client.get(reverse("tensions-public-report-sent")).content.decode()
    assert "Local support" in page and "Hate crime victim support" in page
    assert "Welfare rights advice" not in page
    client.cookies[SENT_COOKIE] = signer.sign(f"{report.reference}:")
    page = client.get(reverse("tensions-public-report-sent")).content.decode()
    assert "Welfare rights advice" in page and "Hate crime victim support" not in page


def test_the_report_confirmation_lists_only_the_reporters_councils_services(client):
    """A report made to Middlesbrough lists Middlesbrough's support, not Stockton's of the same kind."""
    from cohesion.directory.models import Attribute
    from cohesion.directory.taxonomy import stable_id
    from cohesion.tensions.models import Report
    from cohesion.tensions.tests.test_public_form import URL, valid_post

    for name, council in (
        ("Middlesbrough hate crime support", "E06000002"),
        ("Stockton hate crime support", "E06000004"),
    ):
        service = ServiceFactory(
            name=name, organisation__council_code=council, organisation__name=f"{name} trust"
        )
        Attribute.objects.create(
            service=service, taxonomy_term_id=stable_id("hate-crime-support"), link_type="need"
        )
    client.post(URL, data=valid_post())
    assert Report.objects.get().council_code == "E06000002"
    for _visit in range(2):  # rendered afresh, then served from memory
        page = client.get(reverse("tensions-public-report-sent")).content.decode()
        assert "Middlesbrough hate crime support" in page
        assert "Stockton hate crime support" not in page


@pytest.fixture
def counted(carol):
    """Two services of Middlesbrough's directory: one signposted to three times, one thirteen."""
    import datetime as dt

    from django.utils import timezone

    few = ServiceFactory(name="Conversation café")
    many = ServiceFactory(name="Welfare rights advice")
    case = ReportFactory()
    for service, kind, count in (
        (few, "signpost", 2),
        (few, "referral", 1),
        (many, "signpost", 13),
    ):
        for _n in range(count):
            Signpost.objects.create(
                report=case, service=service, kind=kind, consent=kind == "referral", by=carol
            )
    # Six of the thirteen were last month.
    last_month = timezone.now().replace(day=1) - dt.timedelta(days=1)
    ids = Signpost.objects.filter(service=many).values_list("pk", flat=True)[:6]
    Signpost.objects.filter(pk__in=list(ids)).update(created_at=last_month)
    return few, many


def test_a_coordinator_sees_each_services_signposts_and_referrals_by_month(
    client_for, alice, counted
):
    _few, _many = counted
    url = reverse("directory-signpost-counts-twin", args=["E06000002", "json"])
    data = client_for(alice).get(url, {"months": "3"}).json()
    assert len(data["months"]) == 3 and data["disclosure_controlled"] is False
    rows = {r["service"]: r for r in data["services"]}
    assert rows["Conversation café"]["signposted"] == 2
    assert rows["Conversation café"]["referred"] == 1
    assert rows["Welfare rights advice"]["total"] == 13
    this_month, last_month = data["months"][-1], data["months"][-2]
    assert rows["Welfare rights advice"][last_month] == 6
    assert rows["Welfare rights advice"][this_month] == 7
    assert data["totals"]["total"] == 16 and data["totals"][this_month] == 10
    csv_text = (
        client_for(alice)
        .get(reverse("directory-signpost-counts-twin", args=["E06000002", "csv"]))
        .content.decode()
    )
    assert csv_text.splitlines()[0].startswith("service_id,service,organisation,")
    assert "Welfare rights advice" in csv_text and csv_text.splitlines()[-1].startswith(
        ",All services"
    )
    page = client_for(alice).get(reverse("directory-signpost-counts", args=["E06000002"]))
    assert page.status_code == 200 and "disclosure-note" not in page.content.decode()


def test_a_viewer_sees_the_counts_through_disclosure_control(client_for, amir, counted):
    url = reverse("directory-signpost-counts-twin", args=["E06000002", "json"])
    data = client_for(amir).get(url).json()
    assert data["disclosure_controlled"] is True and data["threshold"] == 5
    few = next(r for r in data["services"] if r["service"] == "Conversation café")
    # Three people, two signposted and one referred: each too few to show.
    assert few["total"] is None and few["signposted"] is None and few["referred"] is None
    this_month = data["months"][-1]
    # The month's total over the services would give the café's count away beside the
    # advice service's: one of the two is hidden too.
    many = next(r for r in data["services"] if r["service"] == "Welfare rights advice")
    assert many[this_month] is None or data["totals"][this_month] is None
    page = client_for(amir).get(reverse("directory-signpost-counts", args=["E06000002"]))
    assert "disclosure-note" in page.content.decode()


def test_signpost_counts_are_for_the_councils_members_and_a_bad_period_is_explained(
    client_for, alice, dave, counted
):
    url = reverse("directory-signpost-counts", args=["E06000002"])
    assert client_for(dave).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    refused = client_for(alice).get(url, {"months": "5"})
    assert refused.status_code == 400
    assert "Choose a period of 3, 6, 12 months." in refused.content.decode()
