"""Survey results cannot be worked back out: no hidden group is the total minus the rest (Trust item 10).

Each wave's results are read as an outsider with access to the results page
reads them (the JSON twin: every group's estimate and base, or blanks where
hidden) and attacked with cohesion/testing/disclosure_attack.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cohesion.testing.disclosure_attack import Published, assert_no_hidden_cell_narrower_than

pytestmark = pytest.mark.django_db

ALL = ("all", "all")


def _attack_wave(client: Client, wave: Any) -> tuple[int, int]:
    """Attack every breakdown of every question of the wave; returns (hidden groups, attacked)."""
    data = client.get(f"/surveys/waves/{wave.pk}/results.json").json()
    truth = {
        (e.question_code, e.statistic, e.domain_kind, e.domain_code): e.base
        for e in wave.estimates.all()
    }
    tables: dict[tuple[str, str], dict[tuple[str, str], int | None]] = defaultdict(dict)
    for row in data["estimates"]:
        if row["statistic"] == "option":
            continue
        tables[(row["question_code"], row["statistic"])][(row["group_kind"], row["group_code"])] = (
            row["base"]
        )
    hidden = attacked = 0
    for (question, statistic), cells in tables.items():
        if ALL not in cells:
            continue
        relations, at_least = [], []
        for kind in sorted({k for k, _c in cells if k != "all"}):
            groups = [key for key in cells if key[0] == kind]
            true_sum = sum(truth[(question, statistic, *g)] for g in groups)
            # The strongest attacker: when every respondent is in a group, they know it.
            target = relations if true_sum == truth[(question, statistic, *ALL)] else at_least
            target.append((ALL, groups))
        published = Published(cells=cells, relations=relations, at_least=at_least)
        hidden += sum(v is None for v in cells.values())
        attacked += assert_no_hidden_cell_narrower_than(published, wave.survey.threshold)
    return hidden, attacked


def test_no_hidden_group_of_any_demo_survey_is_the_total_minus_the_rest(
    shared_data: Any, client_for: Callable[[Any], Client], superuser: Any
) -> None:
    """Trust item 10: one suppressed group per breakdown was the total minus the rest (61 cells, four waves)."""
    from cohesion.surveys.demo import run
    from cohesion.surveys.models import Wave

    run(shared_data, str)
    waves = list(Wave.objects.filter(estimates__isnull=False).distinct().order_by("pk"))
    assert len(waves) == 13  # the locality survey's 3 waves, 2 for each of the 5 councils
    client = client_for(superuser)
    totals = [_attack_wave(client, wave) for wave in waves]
    assert sum(h for h, _a in totals) > 60, "the attack had too little to attack"
    for wave in waves:
        small = wave.estimates.filter(base__lt=wave.survey.threshold)
        assert not small.filter(suppressed=False).exists()


def test_a_raised_threshold_hides_complements_too_and_resists_the_attack(
    filled_wave: Any, client_for: Callable[[Any], Client], alice: Any
) -> None:
    """Trust item 10: at a threshold that hides some groups of each breakdown, none is recoverable."""
    from cohesion.surveys.estimates import apply_disclosure_control

    survey = filled_wave.survey
    survey.suppression_threshold = 40
    survey.save()
    apply_disclosure_control(filled_wave)
    hidden, attacked = _attack_wave(client_for(alice), filled_wave)
    assert hidden and attacked
    # Complements: some hidden groups have 40 or more respondents.
    assert filled_wave.estimates.filter(suppressed=True, base__gte=40).exists()


def test_a_survey_threshold_below_the_site_floor_is_refused_with_a_form_error(
    client_for: Callable[[Any], Client], alice: Any, locality_survey: Any, settings: Any
) -> None:
    """Trust item 10: an officer could set a survey's threshold to 1."""
    settings.SUPPRESSION_FLOOR = 3
    response = client_for(alice).post(
        f"/surveys/{locality_survey.pk}/edit/",
        {
            "title": locality_survey.title,
            "description": "",
            "questionnaire": locality_survey.questionnaire.pk,
            "weight_by": ["ward"],
            "trim_upper": "5",
            "trim_lower": "0.2",
            "suppression_threshold": "1",
        },
    )
    assert response.status_code == 400
    assert "The threshold cannot be below 3" in response.content.decode()
    locality_survey.refresh_from_db()
    assert locality_survey.suppression_threshold is None


def test_a_stored_threshold_below_the_floor_is_raised_to_the_floor(
    locality_survey: Any, settings: Any
) -> None:
    """Trust item 10: a threshold saved before the floor existed cannot slip through."""
    settings.SUPPRESSION_FLOOR = 4
    locality_survey.suppression_threshold = 1
    assert locality_survey.threshold == 4


def test_estimates_stored_with_primary_suppression_only_are_decided_again_by_the_migration(
    filled_wave: Any, client_for: Callable[[Any], Client], alice: Any
) -> None:
    """A wave stored before secondary suppression: only small bases hidden, until the migration runs."""
    import importlib

    from django.apps import apps

    from cohesion.surveys.models import Estimate

    survey = filled_wave.survey
    survey.suppression_threshold = 40
    survey.save()
    estimates = list(filled_wave.estimates.all())
    for e in estimates:
        e.suppressed = e.base < 40  # as stored before: primary suppression only
    Estimate.objects.bulk_update(estimates, ["suppressed"])
    assert not filled_wave.estimates.filter(suppressed=True, base__gte=40).exists()

    migration = importlib.import_module("cohesion.surveys.migrations.0004_redecide_suppression")
    migration.redecide(apps, None)

    assert filled_wave.estimates.filter(suppressed=True, base__gte=40).exists()
    hidden, attacked = _attack_wave(client_for(alice), filled_wave)
    assert hidden and attacked
