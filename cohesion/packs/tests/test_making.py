"""Making, issuing and reissuing packs: frozen figures, clear refusals and nothing half-made."""

from __future__ import annotations

import pytest

from cohesion.packs import making
from cohesion.packs.choices import AudienceKind, PackKind, PackStatus
from cohesion.packs.contents import Audience
from cohesion.packs.models import Pack, PackTemplate
from cohesion.packs.periods import BadPeriod, parse_period
from cohesion.packs.tests.helpers import (
    NEWPORT,
    NORTH_ORMESBY,
    TEST_TEMPLATE,
    another_middlesbrough_ward,
    record_value,
)

pytestmark = pytest.mark.django_db
Q2 = parse_period("2025-Q2")


def make(user, area=NORTH_ORMESBY, **kwargs):
    return making.make_pack(
        user, PackKind.WARD_BRIEFING, area, Q2, template=TEST_TEMPLATE, **kwargs
    )


def test_periods_are_read_as_people_write_them():
    assert (Q2.start.isoformat(), Q2.end.isoformat(), Q2.label) == (
        "2025-04-01",
        "2025-06-30",
        "2025 Q2",
    )
    assert parse_period("2024-02").end.isoformat() == "2024-02-29"
    assert parse_period("2025").label == "2025"
    assert parse_period("2025-04-01..2025-04-30").end.day == 30
    with pytest.raises(BadPeriod, match="Write the period"):
        parse_period("last spring")
    with pytest.raises(BadPeriod, match="ends before"):
        parse_period("2025-05-01..2025-04-01")


def test_a_council_gets_the_default_template_for_each_kind_as_editable_data(alice):
    organisation = making.maker_organisation(alice, making.resolve_area(NORTH_ORMESBY))
    for kind in PackKind.values:
        template = making.template_for(organisation, kind)
        assert template.sections and all(set(s) == {"key", "heading"} for s in template.sections)
    assert PackTemplate.objects.filter(organisation=organisation).count() == 4


def test_an_officer_makes_a_draft_pack_of_the_ward_with_its_figures(nadia):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    pack = make(nadia)
    assert pack.status == PackStatus.DRAFT
    assert (pack.area_name, pack.council_code, pack.made_by) == (
        "North Ormesby",
        "E06000002",
        nadia,
    )
    assert pack.title == "Ward councillor briefing: North Ormesby, 2025 Q2"
    [section] = pack.frozen_sections()
    assert section.heading == "Recorded values"
    assert section.tables[0].rows == [["ESOL learners", 12.0]]


def test_a_template_naming_a_missing_section_makes_no_pack(alice):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    with pytest.raises(making.PackError, match="do not exist: no-such-section"):
        making.make_pack(
            alice,
            PackKind.WARD_BRIEFING,
            NORTH_ORMESBY,
            Q2,
            template=[*TEST_TEMPLATE, {"key": "no-such-section", "heading": "Nothing"}],
        )
    assert not Pack.objects.exists()


def test_an_area_outside_the_officers_scope_is_refused_with_a_clear_message(nadia, dave):
    other = another_middlesbrough_ward()  # not one of Nadia's two wards
    record_value(other.code, "ESOL learners", 3)
    with pytest.raises(making.PackError, match="outside the areas you may make packs for"):
        make(nadia, area=other.code)
    with pytest.raises(making.PackError, match="outside the areas"):
        make(dave)
    assert not Pack.objects.exists()


def test_a_viewer_may_not_make_a_pack(cllr_hussain, amir):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    for person in (cllr_hussain, amir):
        with pytest.raises(making.PackError, match="outside the areas"):
            make(person)


def test_a_period_with_no_data_is_refused_and_nothing_is_saved(alice):
    record_value(NORTH_ORMESBY, "ESOL learners", 12, year=2023)
    with pytest.raises(making.PackError, match="There is no data for North Ormesby in 2025 Q2"):
        make(alice)
    assert not Pack.objects.exists()


def test_an_unknown_area_or_kind_is_a_clear_message(alice):
    with pytest.raises(making.PackError, match="no ward or council with the code E09999999"):
        make(alice, area="E09999999")
    with pytest.raises(making.PackError, match="no kind of pack called briefing"):
        making.make_pack(alice, "briefing", NORTH_ORMESBY, Q2)


def test_a_restricted_pack_must_name_its_panel(alice):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    with pytest.raises(making.PackError, match="Name the panel"):
        make(alice, audience=Audience(AudienceKind.RESTRICTED, " "))


def test_an_issued_pack_keeps_its_figures_after_the_data_is_corrected(alice):
    value = record_value(NORTH_ORMESBY, "ESOL learners", 12)
    pack = making.issue(make(alice), alice)
    value.value = 15
    value.save()
    pack.refresh_from_db()
    assert pack.frozen_sections()[0].tables[0].rows == [["ESOL learners", 12.0]]
    with pytest.raises(making.PackError, match="issued pack cannot change"):
        making.rebuild(pack, alice)
    with pytest.raises(making.PackError, match="already been issued"):
        making.issue(pack, alice)


def test_a_reissue_is_a_new_version_listing_what_changed(alice):
    value = record_value(NORTH_ORMESBY, "ESOL learners", 12)
    record_value(NORTH_ORMESBY, "Hate incidents", 4)
    first = making.issue(make(alice), alice)
    value.value = 15
    value.save()
    second = making.reissue(first, alice)
    assert (second.version, second.reissue_of, second.status) == (2, first, PackStatus.DRAFT)
    assert second.changes == [
        {
            "section": "Recorded values",
            "table": "Recorded values",
            "row": "ESOL learners",
            "column": "Value",
            "was": 12.0,
            "now": 15.0,
        }
    ]
    with pytest.raises(making.PackError, match="still a draft"):
        making.reissue(first, alice)
    third = making.reissue(making.issue(second, alice), alice)
    assert third.version == 3 and third.changes == []


def test_a_draft_is_rebuilt_from_todays_data(alice):
    making.template_for(
        making.maker_organisation(alice, making.resolve_area(NEWPORT)), PackKind.WARD_BRIEFING
    )
    PackTemplate.objects.update(sections=TEST_TEMPLATE)
    value = record_value(NEWPORT, "ESOL learners", 7)
    pack = making.make_pack(alice, PackKind.WARD_BRIEFING, NEWPORT, Q2)
    value.value = 8
    value.save()
    making.rebuild(pack, alice)
    pack.refresh_from_db()
    assert pack.frozen_sections()[0].tables[0].rows == [["ESOL learners", 8.0]]


def test_the_committee_paper_frame_is_written_by_the_officer_and_inserts_an_issued_packs_table(
    alice,
):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    briefing = making.issue(make(alice), alice)
    frame = {
        "purpose": "decision",
        "summary": "To agree the cohesion action plan.",
        "recommendations": "Agree the plan.\nNote the figures.",
        "financial": "Within existing budgets.",
        "wards_affected": "North Ormesby",
        "exempt": False,
        "clearance": "Director of Environment and Community Services",
        "inserts": [{"pack": briefing.pk, "table": "values"}],
    }
    paper = making.make_pack(alice, PackKind.COMMITTEE_PAPER, "E06000002", Q2, frame=frame)
    sections = {s.key: s for s in paper.frozen_sections()}
    assert sections["paper-purpose"].paragraphs == [
        "For decision",
        "To agree the cohesion action plan.",
    ]
    assert sections["paper-recommendations"].paragraphs == ["Agree the plan.", "Note the figures."]
    assert ["Financial", "Within existing budgets."] in sections["paper-implications"].tables[
        0
    ].rows
    assert sections["paper-inserts"].tables[0].rows == [["ESOL learners", 12.0]]
    assert paper.frozen_sections()[0].heading == "Purpose of the report"


def test_a_new_council_has_its_templates_and_listing_them_writes_nothing(alice, client):
    from django.urls import reverse

    from cohesion.accounts.choices import OrganisationKind
    from cohesion.accounts.models import Organisation

    council = Organisation.objects.create(name="Redcar Council", kind=OrganisationKind.COUNCIL)
    charity = Organisation.objects.create(name="A charity", kind=OrganisationKind.VOLUNTARY)
    assert sorted(council.pack_templates.values_list("kind", flat=True)) == sorted(PackKind.values)
    assert not charity.pack_templates.exists()
    PackTemplate.objects.all().delete()
    client.force_login(alice)
    assert client.get(reverse("packs-template-list")).status_code == 200
    assert not PackTemplate.objects.exists()


def test_section_builders_are_loaded_once(monkeypatch):
    import importlib

    making.load_builders()
    imported = []
    monkeypatch.setattr(importlib, "import_module", lambda name: imported.append(name))
    making.missing_sections([{"key": "ward-tension", "heading": "Tension"}])
    assert imported == []
