"""Packs attacked from outside: other councils' packs by number, methods a page does not take,
fields not on a form, and a restricted panel's figures carried into a public paper."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cohesion.packs import making
from cohesion.packs.choices import AudienceKind, PackKind, PackStatus
from cohesion.packs.contents import Audience
from cohesion.packs.models import Pack, PackSchedule, PackTemplate
from cohesion.packs.periods import parse_period
from cohesion.packs.tests.factories import MIDDLESBROUGH, make_pack

pytestmark = pytest.mark.django_db

Q2 = parse_period("2025-Q2")
PANEL = "Community Safety Scrutiny Panel"


def _paper(user, inserts, audience=None):
    return making.make_pack(
        user,
        PackKind.COMMITTEE_PAPER,
        MIDDLESBROUGH,
        Q2,
        audience=audience,
        frame={"purpose": "information", "inserts": inserts},
    )


def test_a_public_paper_does_not_carry_a_restricted_panels_figures(alice):
    """A restricted pack's tables are less suppressed: a public paper may not copy them."""
    restricted = make_pack(
        area_code=MIDDLESBROUGH, audience_kind=AudienceKind.RESTRICTED, audience_name=PANEL
    )
    with pytest.raises(making.PackError, match=PANEL):
        _paper(alice, [{"pack": restricted.pk, "table": ""}])
    assert not Pack.objects.filter(kind=PackKind.COMMITTEE_PAPER).exists()
    # Nor may a paper for another panel.
    with pytest.raises(making.PackError):
        _paper(
            alice,
            [{"pack": restricted.pk, "table": ""}],
            Audience(AudienceKind.RESTRICTED, "Another panel"),
        )
    # The same panel's paper, and any paper copying a public pack, may.
    paper = _paper(
        alice, [{"pack": restricted.pk, "table": ""}], Audience(AudienceKind.RESTRICTED, PANEL)
    )
    inserted = {s.key: s for s in paper.frozen_sections()}["paper-inserts"]
    assert inserted.tables[0].rows[0] == ["Race", 14]
    public = make_pack(area_code=MIDDLESBROUGH)
    paper = _paper(alice, [{"pack": public.pk, "table": "by-strand"}])
    assert {s.key: s for s in paper.frozen_sections()}["paper-inserts"].tables


def test_a_paper_cannot_copy_a_pack_its_maker_may_not_read(alice, dave):
    """Dave of Darlington names a Middlesbrough pack's number: nothing of it is copied."""
    from cohesion.accounts.models import Organisation

    middlesbrough = make_pack(area_code=MIDDLESBROUGH)
    darlington = Organisation.objects.get(name="Darlington Borough Council")
    try:
        paper = making.make_pack(
            dave,
            PackKind.COMMITTEE_PAPER,
            "E06000005",
            Q2,
            frame={"inserts": [{"pack": middlesbrough.pk, "table": ""}]},
        )
    except making.PackError:
        return
    assert paper.organisation == darlington
    inserted = {s.key: s for s in paper.frozen_sections()}["paper-inserts"]
    assert inserted.tables == [] and inserted.charts == []


def test_another_councils_officer_gets_404_for_every_pack_address(client_for, dave):
    issued, draft = make_pack(), make_pack(status=PackStatus.DRAFT)
    client = client_for(dave)
    for pack in (issued, draft):
        for url in (
            reverse("packs-pack-detail", args=[pack.pk]),
            reverse("packs-pack-table", args=[pack.pk, 1]),
            *(
                reverse("packs-pack-file", args=[pack.pk, f])
                for f in ("html", "pdf", "docx", "xlsx")
            ),
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert b"Race" not in response.content
        for name in ("packs-pack-issue", "packs-pack-rebuild", "packs-pack-reissue"):
            assert client.post(reverse(name, args=[pack.pk])).status_code == 404, name
    draft.refresh_from_db()
    assert draft.status == PackStatus.DRAFT
    assert "Race" not in client.get(reverse("packs-pack-list-twin", args=["csv"])).content.decode()
    template = PackTemplate.objects.filter(organisation__name="Middlesbrough Council").first()
    url = reverse("packs-template-edit", args=[template.pk])
    assert client.post(url, {"sections": "ward-incidents | Mine now"}).status_code == 404


def test_pack_actions_refuse_get_and_odd_addresses_are_404(client_for, alice):
    pack = make_pack(status=PackStatus.DRAFT)
    client = client_for(alice)
    for name in ("packs-pack-issue", "packs-pack-rebuild", "packs-pack-reissue"):
        assert client.get(reverse(name, args=[pack.pk])).status_code == 405
    pack.refresh_from_db()
    assert pack.status == PackStatus.DRAFT
    for url in (
        reverse("packs-pack-file", args=[pack.pk, "exe"]),
        reverse("packs-pack-file", args=[pack.pk, "csv"]),
        reverse("packs-pack-table", args=[pack.pk, 0]),
        reverse("packs-pack-table", args=[pack.pk, 99]),
        "/packs/99999999999999999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_schedule_cannot_be_filed_under_another_council_or_given_extra_fields(client_for, alice):
    client = client_for(alice)
    response = client.post(
        reverse("packs-schedule-list"),
        {
            "kind": PackKind.WARD_BRIEFING,
            "area": "E05009867",
            "cadence": "quarterly",
            "audience_kind": AudienceKind.PUBLIC,
            "audience_name": "",
            "roles": ["viewer"],
            "organisation": "999",
            "active": "",
            "area_code": "E06000005",
        },
    )
    assert response.status_code == 302
    schedule = PackSchedule.objects.get()
    assert schedule.organisation.name == "Middlesbrough Council"
    assert schedule.area_code == "E05009867" and schedule.active is True


def test_table_csv_cells_cannot_run_as_formulas(client_for, alice):
    from cohesion.packs.contents import Section, Table

    table = Table(
        title="=cmd|' /C calc'!A0",
        columns=["@Strand", "Reports"],
        rows=[['=HYPERLINK("http://evil.example")', 3], ["+1+1", "-2+3"], ["-5", 5]],
        key="by-strand",
    )
    pack = make_pack(sections=[Section(key="x", heading="H", tables=[table]).to_dict()])
    text = client_for(alice).get(reverse("packs-pack-table", args=[pack.pk, 1])).content.decode()
    assert "'=HYPERLINK" in text and "'@Strand" in text and "'+1+1" in text and "'-2+3" in text
    assert "\n-5," in text.replace("\r\n", "\n")  # a negative number stays a number
