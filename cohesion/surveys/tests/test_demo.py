"""The surveys demo step: clearly labelled synthetic surveys for the Tees Valley councils."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_makes_labelled_synthetic_surveys_with_weighted_waves_once(shared_data):
    from cohesion.core.demo import steps
    from cohesion.surveys.models import Response, Survey, Wave
    from cohesion.surveys.seed_figures import NEWPORT, PUBLISHED

    step = next(s for s in steps() if s.name == "surveys")
    said: list[str] = []
    step.run(shared_data, said.append)

    surveys = Survey.objects.all()
    assert surveys.count() == 6
    assert all(s.is_synthetic and "(synthetic)" in s.title for s in surveys)
    assert {s.council.code for s in surveys} == {
        "E06000001",
        "E06000002",
        "E06000003",
        "E06000004",
        "E06000005",
    }
    assert 3000 <= Response.objects.count() <= 6000
    assert set(Wave.objects.values_list("weighting_status", flat=True)) == {"weighted"}
    residents = Wave.objects.filter(survey__title="Middlesbrough Residents' Survey (synthetic)")
    assert residents.count() == 2
    assert all(w.target_wards.count() == 20 for w in residents)
    locality = Wave.objects.get(survey__title__startswith="Locality survey", name="September 2021")
    estimate = locality.estimates.get(
        question_code="safe_day", statistic="headline", domain_kind="ward", domain_code=NEWPORT
    )
    assert round(estimate.estimate, 2) == PUBLISHED[(NEWPORT, "safe_day")][2]
    assert any("synthetic survey responses" in line for line in said)
    assert Wave.objects.get(public_code="middlesbrough-2025").accepting_online

    # Running the step again adds nothing.
    count = Response.objects.count()
    step.run(shared_data, said.append)
    assert Response.objects.count() == count
