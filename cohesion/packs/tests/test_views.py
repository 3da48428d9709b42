"""Pack pages for every persona: who reads, who makes, who issues; forms that refuse bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cohesion.audit.models import AuditEvent
from cohesion.packs.choices import PackStatus
from cohesion.packs.models import Pack, PackTemplate
from cohesion.packs.tests.factories import make_pack
from cohesion.packs.tests.helpers import NORTH_ORMESBY, TEST_TEMPLATE, record_value
from cohesion.testing.matrix import ALL_PERSONAS, Case, check_case

pytestmark = pytest.mark.django_db

OFFICERS = {"alice": 200, "nadia": 200, "erin": 200}
CASES = [
    Case(
        "issued pack",
        lambda o: reverse("packs-pack-detail", args=[o["issued"].pk]),
        {**OFFICERS, "amir": 200, "cllr.hussain": 200, "anonymous": 302},
    ),
    Case(
        "draft pack",
        lambda o: reverse("packs-pack-detail", args=[o["draft"].pk]),
        {**OFFICERS, "anonymous": 302},
    ),
    Case(
        "issued pack as PDF",
        lambda o: reverse("packs-pack-file", args=[o["issued"].pk, "pdf"]),
        {**OFFICERS, "amir": 200, "cllr.hussain": 200, "anonymous": 302},
    ),
    Case(
        "issue a draft",
        lambda o: reverse("packs-pack-issue", args=[o["draft"].pk]),
        {
            "alice": 302,
            "nadia": 302,
            "erin": 302,
            "amir": 404,
            "cllr.hussain": 404,
            "anonymous": 302,
        },
        method="post",
    ),
    Case(
        "reissue an issued pack",
        lambda o: reverse("packs-pack-reissue", args=[o["issued"].pk]),
        {
            "alice": 302,
            "nadia": 302,
            "erin": 302,
            "amir": 403,
            "cllr.hussain": 403,
            "anonymous": 302,
        },
        method="post",
    ),
    Case(
        "make a pack",
        reverse("packs-pack-create"),
        {
            **OFFICERS,
            "bob": 403,
            "carol": 403,
            "dave": 200,
            "amir": 403,
            "cllr.hussain": 403,
            "anonymous": 302,
        },
    ),
]


@pytest.fixture
def objects(db):
    return {"issued": make_pack(), "draft": make_pack(status=PackStatus.DRAFT)}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_persona_gets_what_the_pack_rules_say(
    case, persona, objects, client_for, django_user_model
):
    from django.test import Client

    client = (
        Client()
        if persona == "anonymous"
        else client_for(django_user_model.objects.get(username=persona))
    )
    check_case(case, persona, client, objects)


def test_the_councillor_lists_only_issued_packs_of_their_ward(client_for, cllr_hussain, dave):
    issued, draft = make_pack(), make_pack(status=PackStatus.DRAFT)
    page = client_for(cllr_hussain).get(reverse("packs-pack-list"))
    assert list(page.context["packs"]) == [issued]
    assert draft.title in page.content.decode()  # same title, but only one row
    assert page.content.decode().count(f'href="/packs/{issued.pk}/"') == 1
    assert client_for(dave).get(reverse("packs-pack-list")).context["packs"] == []


def test_reading_a_pack_writes_an_audit_event_for_the_council(client_for, cllr_hussain):
    pack = make_pack()
    client_for(cllr_hussain).get(reverse("packs-pack-detail", args=[pack.pk]))
    event = AuditEvent.objects.filter(actor=cllr_hussain, action="view").latest("id")
    assert event.object_id == str(pack.pk)


def test_an_officer_makes_a_pack_on_the_form_and_issues_it(client_for, alice):
    from cohesion.packs.making import template_for

    organisation = Pack._meta.get_field("organisation").related_model.objects.get(
        name="Middlesbrough Council"
    )
    template_for(organisation, "ward-briefing")
    PackTemplate.objects.update(sections=TEST_TEMPLATE)
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    client = client_for(alice)
    data = {
        "kind": "ward-briefing",
        "area": NORTH_ORMESBY,
        "period": "2025-Q2",
        "audience_kind": "public",
        "language": "en",
    }
    response = client.post(reverse("packs-pack-create"), data)
    pack = Pack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "packs-pack-detail", args=[pack.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "ESOL learners" in page and "Issue this pack" in page
    client.post(reverse("packs-pack-issue", args=[pack.pk]))
    pack.refresh_from_db()
    assert pack.status == PackStatus.ISSUED


def test_the_form_refuses_a_period_it_cannot_read_an_area_outside_scope_and_no_data(
    client_for, nadia
):
    client = client_for(nadia)
    base = {"kind": "ward-briefing", "audience_kind": "public", "language": "en"}
    response = client.post(
        reverse("packs-pack-create"), {**base, "area": "E06000005", "period": "2025-Q2"}
    )
    assert response.status_code == 400
    assert "Choose one of the areas you may make packs for." in response.content.decode()
    response = client.post(
        reverse("packs-pack-create"), {**base, "area": NORTH_ORMESBY, "period": "soon"}
    )
    assert "Write the period as a quarter" in response.content.decode()
    response = client.post(
        reverse("packs-pack-create"),
        {**base, "area": NORTH_ORMESBY, "period": "2025-Q2", "audience_kind": "restricted"},
    )
    assert "Name the panel a restricted pack is for." in response.content.decode()
    assert not Pack.objects.exists()


def test_a_template_is_data_a_coordinator_edits_and_a_missing_section_is_refused(
    client_for, alice, nadia
):
    from cohesion.packs.making import template_for

    organisation = Pack._meta.get_field("organisation").related_model.objects.get(
        name="Middlesbrough Council"
    )
    template = template_for(organisation, "committee-paper")
    url = reverse("packs-template-edit", args=[template.pk])
    assert client_for(nadia).get(url).status_code == 403
    client = client_for(alice)
    response = client.post(url, {"sections": "paper-purpose: Why this report\nno-such: Nothing"})
    assert response.status_code == 400
    assert "There is no section called no-such." in response.content.decode()
    response = client.post(
        url, {"sections": "paper-recommendations: What we ask\npaper-purpose: Why"}
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.sections == [
        {"key": "paper-recommendations", "heading": "What we ask"},
        {"key": "paper-purpose", "heading": "Why"},
    ]
