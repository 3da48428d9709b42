"""The demo's plans: Middlesbrough's nine themes, Newport and North Ormesby, targets judged on the loaded series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cohesion.accounts.models import Organisation
from cohesion.indicators.publish import SeriesValue, publish_series
from cohesion.plans import demo
from cohesion.plans.calculations.progress import Status
from cohesion.plans.models import CouncilTheme, Locality, Plan, Target
from cohesion.plans.tests.factories import NEWPORT, NORTH_ORMESBY
from cohesion.plans.tests.test_targets_services import (
    NEWPORT_ASB,
    NORTH_ORMESBY_SAFE,
    publish_asb,
    publish_survey,
)

pytestmark = pytest.mark.django_db


def publish_asb_rates() -> None:
    """Rolling 12-month anti-social behaviour per 1,000 (as the crime loader publishes them)."""
    windows = [
        (dt.date(2023, 3, 1), dt.date(2024, 2, 29)),
        (dt.date(2024, 12, 1), dt.date(2025, 11, 30)),
    ]
    # Residents (the denominator) roughly as in Census 2021; counts give rates near the real ones.
    residents = {NEWPORT: 9120.0, NORTH_ORMESBY: 4080.0, "E06000002": 143900.0}
    rates = {NEWPORT: (43.19, 44.28), NORTH_ORMESBY: (41.36, 42.59), "E06000002": (35.74, 38.20)}
    values = []
    for area, pair in rates.items():
        for rate, (start, end) in zip(pair, windows, strict=True):
            count = float(round(rate * residents[area] / 1000))
            values.append(
                SeriesValue(
                    area,
                    start,
                    end,
                    count / residents[area] * 1000,
                    numerator=count,
                    denominator=residents[area],
                )
            )
    publish_series(
        indicator_code=demo.ASB_RATE,
        title="Anti-social behaviour per 1,000 residents",
        unit="rate_per_1000",
        polarity="higher_is_worse",
        source="police.uk (Cleveland Police)",
        description="Rolling 12 months.",
        values=values,
    )


def test_the_demo_builds_both_localities_with_the_nine_themes_and_targets_judged_on_the_data():
    publish_asb(NEWPORT_ASB)
    publish_asb(
        [7, 11, 20, 14, 12, 8, 9, 9, 10, 9, 3, 8, 9, 10, 11, 22, 16, 9, 17, 15], area=NORTH_ORMESBY
    )
    publish_asb_rates()
    publish_survey(NORTH_ORMESBY_SAFE)
    said: list[str] = []
    demo.run(Path("."), said.append)
    demo.run(Path("."), said.append)  # a second run adds nothing

    housing = Organisation.objects.get(name="Thirteen Housing Group")
    assert housing.kind == "housing"
    themes = list(CouncilTheme.objects.filter(council_code="E06000002"))
    assert [t.name for t in themes] == [name for name, _, _ in demo.THEMES]
    assert themes[0].lead_organisation.name == "Cleveland Police"
    assert (themes[1].lead_organisation.name, themes[1].lead_service) == (
        "Middlesbrough Council",
        "Public Health",
    )
    assert themes[8].lead_organisation == housing

    for slug, ward in (("newport", NEWPORT), ("north-ormesby", NORTH_ORMESBY)):
        locality = Locality.objects.get(slug=slug)
        assert locality.manager.username == "nadia"
        assert [w.code for w in locality.wards.all()] == [ward]
        # Only anti-social behaviour is loaded here: the wards holding it, ranked on it.
        assert [(r["rank"], r["name"]) for r in locality.chosen_from["rows"]] == [
            (1.0, "Newport"),
            (2.0, "North Ormesby"),
        ]
        assert locality.chosen_from["measures"][0]["code"] == demo.ASB_RATE
        assert "September 2020" in locality.baseline_wave
        plan = Plan.objects.get(locality=locality)
        assert plan.themes.count() == 9
        assert plan.actions.filter(status="dropped").exclude(dropped_reason="").exists()
        police_action = plan.actions.get(title__startswith="Evening patrols")
        assert (police_action.owner_person.username, police_action.due_on) == (
            "bob",
            dt.date(2027, 3, 31),
        )
    assert Plan.objects.filter(kind="strategy").count() == 1

    statuses = {t.title: t.computed_status for t in Target.objects.all()}
    assert statuses == {
        # 394 to 404 incidents a year: within the Poisson noise of the count.
        "Anti-social behaviour per 1,000 residents in Newport": Status.NOT_DISTINGUISHABLE,
        "Anti-social behaviour recorded in a month in Newport": Status.NOT_DISTINGUISHABLE,
        "Anti-social behaviour per 1,000 residents in North Ormesby": Status.NOT_DISTINGUISHABLE,
        "Anti-social behaviour recorded in a month in North Ormesby": Status.NOT_DISTINGUISHABLE,
        "Residents of North Ormesby who feel safe after dark": Status.ON_TRACK,
        # 5,143 to 5,497 a year across the council: beyond the noise, and the wrong way.
        "Anti-social behaviour per 1,000 residents in Middlesbrough": Status.DETERIORATION,
    }
    assert "No values of survey_synthetic_safe_after_dark for E05009866" in " ".join(said)
    assert all(t.computed_at is not None for t in Target.objects.all())
