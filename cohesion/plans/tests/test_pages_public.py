"""The public locality page and /areas/<GSS>/plans.json: public parts only, never internal notes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cohesion.plans.tests.factories import (
    MIDDLESBROUGH,
    NEWPORT,
    ActionFactory,
    PlanFactory,
    PlanThemeFactory,
    TargetFactory,
    user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> dict:
    plan = PlanFactory(
        is_published=True,
        summary="Newport's partners working together.",
        internal_notes="Budget pressure in housing: do not publish.",
    )
    theme = PlanThemeFactory(plan=plan, name="Making people feel safe")
    ActionFactory(plan=plan, theme=theme, title="Evening patrols on Newport Road")
    ActionFactory(plan=plan, theme=theme, title="Covert operation", is_public=False)
    TargetFactory(plan=plan, theme=theme, computed_status="on_track")
    draft = PlanFactory(locality=plan.locality, title="Draft plan", internal_notes="Secret")
    ActionFactory(plan=draft, title="Draft action")
    return {"plan": plan, "draft": draft}


def test_the_public_locality_page_shows_our_part_and_your_part_and_no_internal_notes(published):
    locality = published["plan"].locality
    response = Client().get(reverse("plans-locality-public", args=[MIDDLESBROUGH, locality.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Our part" in page and "Your part" in page
    assert "Tell us where and when you feel unsafe." in page
    assert "Evening patrols on Newport Road" in page
    assert "On track" in page
    for hidden in ("Budget pressure", "Covert operation", "Draft plan", "Draft action"):
        assert hidden not in page


def test_the_public_locality_page_works_in_arabic(published):
    locality = published["plan"].locality
    response = Client(headers={"accept-language": "ar"}).get(
        reverse("plans-locality-public", args=[MIDDLESBROUGH, locality.slug])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "Evening patrols on Newport Road" in page


def test_anonymous_callers_get_the_public_parts_of_the_plans_covering_a_ward(published):
    data = Client().get(reverse("plans-area-plans", args=[NEWPORT, "json"])).json()
    assert [p["title"] for p in data["plans"]] == ["Newport locality action plan"]
    plan = data["plans"][0]
    assert [a["title"] for a in plan["actions"]] == ["Evening patrols on Newport Road"]
    assert [t["status"] for t in plan["targets"]] == ["on_track"]
    assert "internal_notes" not in plan and "Budget pressure" not in str(data)


def test_a_partner_also_gets_the_plans_they_read(client_for, published):
    data = client_for(user("bob")).get(reverse("plans-area-plans", args=[NEWPORT, "json"])).json()
    titles = {p["title"] for p in data["plans"]}
    assert titles == {"Newport locality action plan", "Draft plan"}
    assert "Covert operation" in str(data)
    assert "Budget pressure" not in str(data) and "Secret" not in str(data)
    csv = client_for(user("bob")).get(reverse("plans-area-plans", args=[NEWPORT, "csv"]))
    assert csv.content.decode().splitlines()[0] == "plan,kind,title,theme,status,due"


def test_the_council_sees_nothing_of_another_councils_plans_in_its_areas(client_for, published):
    data = (
        client_for(user("dave")).get(reverse("plans-area-plans", args=["E06000005", "json"])).json()
    )
    assert data["plans"] == []


def test_a_council_lists_all_its_plans_and_an_lsoa_those_of_its_ward(published):
    from cohesion.places.models import Area

    council = Client().get(reverse("plans-area-plans", args=[MIDDLESBROUGH, "csv"]))
    assert "Newport locality action plan" in council.content.decode()
    lsoa = Area.objects.filter(parent__code=NEWPORT).first()
    assert lsoa is not None
    data = Client().get(reverse("plans-area-plans", args=[lsoa.code, "json"])).json()
    assert [p["title"] for p in data["plans"]] == ["Newport locality action plan"]
    assert Client().get(reverse("plans-area-plans", args=[NEWPORT, "geojson"])).status_code == 404
