"""A scrutiny update for one or several localities: the form, the command line and the model."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from cohesion.packs import making
from cohesion.packs.choices import AudienceKind, PackKind
from cohesion.packs.contents import Audience
from cohesion.packs.models import Pack
from cohesion.packs.periods import parse_period
from cohesion.packs.tests.helpers import MIDDLESBROUGH, NEWPORT, NORTH_ORMESBY
from cohesion.places.queries import get_area
from cohesion.plans.tests.factories import ActionFactory, LocalityFactory, TargetFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-04-01..2026-11-30"


@pytest.fixture
def localities():
    """Newport and North Ormesby, each with a plan and a target; and Central, whose plan is not asked for."""
    newport = LocalityFactory(name="Newport", slug="newport")
    north = LocalityFactory(
        name="North Ormesby", slug="north-ormesby", wards=[get_area(NORTH_ORMESBY)]
    )
    central = LocalityFactory(name="Central", slug="central", wards=[])
    TargetFactory(plan__locality=newport, title="Newport: less anti-social behaviour")
    TargetFactory(
        plan__locality=north, title="North Ormesby: fewer fly-tips", area_code=NORTH_ORMESBY
    )
    TargetFactory(plan__locality=central, title="Central: more volunteers")
    return newport, north, central


def _scrutiny(user, slugs, **extra):
    return making.make_pack(
        user,
        PackKind.SCRUTINY_UPDATE,
        MIDDLESBROUGH,
        parse_period(PERIOD),
        localities=slugs,
        **extra,
    )


def _cells(pack: Pack, key: str) -> list[str]:
    return [
        str(row[0])
        for section in pack.frozen_sections()
        if section.key == key
        for table in section.tables
        for row in table.rows
    ]


def test_a_scrutiny_update_for_two_localities_shows_only_their_plans(alice, localities):
    pack = _scrutiny(alice, ["newport", "north-ormesby"])

    assert pack.area_name == "Newport and North Ormesby"
    assert pack.title == f"Scrutiny update: Newport and North Ormesby, {parse_period(PERIOD).label}"
    assert pack.localities == ["newport", "north-ormesby"]
    assert pack.area_code == pack.council_code == MIDDLESBROUGH
    assert sorted(_cells(pack, "scrutiny-targets")) == [
        "Newport: less anti-social behaviour",
        "North Ormesby: fewer fly-tips",
    ]
    assert "localities in E06000002" in pack.area_description


def test_the_survey_change_of_a_locality_covers_only_its_wards(alice, localities):
    from cohesion.packs.contents import Audience, PackContext
    from cohesion.packs.sections.scrutiny import _locality_wards

    ctx = PackContext(
        kind=PackKind.SCRUTINY_UPDATE,
        area_code=MIDDLESBROUGH,
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 11, 30),
        audience=Audience("public"),
        options={"localities": ["newport", "north-ormesby"]},
    )
    wards = _locality_wards(ctx, get_area(MIDDLESBROUGH))
    assert wards is not None
    assert sorted(w.code for w in wards) == sorted([NEWPORT, NORTH_ORMESBY])


def test_actions_of_several_localities_say_whose_they_are(alice, localities):
    newport, north, _central = localities
    for locality in (newport, north):
        ActionFactory(
            plan=locality_plan(locality),
            title="Fly-tipping removed within two working days",
            due_on=dt.date(2026, 6, 30),
        )
    pack = _scrutiny(alice, ["newport", "north-ormesby"])
    assert sorted(_cells(pack, "scrutiny-actions")) == [
        "Fly-tipping removed within two working days (Newport)",
        "Fly-tipping removed within two working days (North Ormesby)",
    ]


def locality_plan(locality):
    from cohesion.plans.models import Plan

    return Plan.objects.get(locality=locality)


def test_only_a_scrutiny_update_can_be_about_localities(alice, localities):
    with pytest.raises(making.PackError, match="Only a scrutiny update"):
        making.make_pack(
            alice,
            PackKind.WARD_BRIEFING,
            MIDDLESBROUGH,
            parse_period(PERIOD),
            localities=["newport"],
        )
    assert not Pack.objects.exists()


def test_an_unknown_locality_is_a_clear_message_and_no_pack(alice, localities):
    with pytest.raises(making.PackError, match="no locality called E06000002:nowhere"):
        _scrutiny(alice, ["newport", "nowhere"])
    assert not Pack.objects.exists()


PUBLIC = Audience(AudienceKind.PUBLIC)


def test_the_last_pack_to_the_panel_is_the_one_for_the_same_localities(alice, localities):
    whole = making.issue(
        making.make_pack(alice, PackKind.SCRUTINY_UPDATE, MIDDLESBROUGH, parse_period(PERIOD)),
        alice,
    )
    both = making.issue(_scrutiny(alice, ["newport", "north-ormesby"]), alice)
    assert making.last_issued(PackKind.SCRUTINY_UPDATE, MIDDLESBROUGH, PUBLIC) == whole
    assert (
        making.last_issued(
            PackKind.SCRUTINY_UPDATE, MIDDLESBROUGH, PUBLIC, localities=["north-ormesby", "newport"]
        )
        == both
    )
    assert (
        making.last_issued(PackKind.SCRUTINY_UPDATE, MIDDLESBROUGH, PUBLIC, localities=["newport"])
        is None
    )


def test_a_reissue_keeps_the_localities(alice, localities):
    first = making.issue(_scrutiny(alice, ["newport", "north-ormesby"]), alice)
    again = making.reissue(first, alice)
    assert again.localities == ["newport", "north-ormesby"]
    assert again.area_name == "Newport and North Ormesby"


def test_make_pack_on_the_command_line_takes_locality_slugs(tmp_path, localities):
    output = tmp_path / "scrutiny.html"
    out = io.StringIO()
    call_command(
        "make_pack", "scrutiny-update", "newport,north-ormesby", "--period", PERIOD,
        "--format", "html", "--output", str(output), stdout=out,
    )  # fmt: skip
    assert "Scrutiny update: Newport and North Ormesby" in out.getvalue()
    html = output.read_text()
    assert "North Ormesby: fewer fly-tips" in html
    assert "Central: more volunteers" not in html


def test_make_pack_on_the_command_line_refuses_an_unknown_locality(tmp_path, localities):
    with pytest.raises(CommandError, match="There is no locality called nowhere"):
        call_command(
            "make_pack", "scrutiny-update", "newport,nowhere", "--period", PERIOD,
            "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip
    assert not Pack.objects.exists()


def test_an_officer_makes_a_locality_scrutiny_update_on_the_form(client, alice, localities):
    client.force_login(alice)
    page = client.get("/packs/new/")
    assert f"{MIDDLESBROUGH}:north-ormesby" in page.content.decode()
    response = client.post(
        "/packs/new/",
        {
            "kind": PackKind.SCRUTINY_UPDATE,
            "localities": [f"{MIDDLESBROUGH}:newport", f"{MIDDLESBROUGH}:north-ormesby"],
            "period": PERIOD,
            "audience_kind": "public",
            "language": "en",
        },
    )
    pack = Pack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/packs/{pack.pk}/"
    assert pack.localities == ["newport", "north-ormesby"]


def test_the_form_asks_for_an_area_or_localities_not_both(client, alice, localities):
    client.force_login(alice)
    data = {"kind": PackKind.SCRUTINY_UPDATE, "period": PERIOD, "audience_kind": "public"}
    response = client.post("/packs/new/", {**data, "language": "en"})
    assert response.status_code == 400
    assert "Choose the area the pack is about." in response.content.decode()
    response = client.post(
        "/packs/new/",
        {
            **data,
            "language": "en",
            "area": MIDDLESBROUGH,
            "localities": [f"{MIDDLESBROUGH}:newport"],
        },
    )
    assert response.status_code == 400
    assert "Choose an area or localities, not both." in response.content.decode()
    response = client.post(
        "/packs/new/",
        {
            **data,
            "kind": PackKind.WARD_BRIEFING,
            "language": "en",
            "localities": [f"{MIDDLESBROUGH}:newport"],
        },
    )
    assert "Only a scrutiny update can be made for localities." in response.content.decode()
    assert not Pack.objects.exists()


def test_darlingtons_officer_is_not_offered_middlesbroughs_localities(client, dave, localities):
    from cohesion.packs.forms import locality_choices

    assert locality_choices(dave) == []
