"""The weighted roll-up (Decidim accountability's weighted progress, adapted), pinned by hand-worked values."""

from __future__ import annotations

import pytest

from cohesion.plans.calculations.rollup import (
    AMBER,
    GREEN,
    GREY,
    RED,
    ActionRow,
    action_progress,
    plan_rollup,
    theme_rag,
    weighted_progress,
)


def test_equal_weights_give_decidims_plain_average():
    # Decidim's Result#update_progress!: projects.average(:progress) of 20, 50, 80 is 50.
    assert weighted_progress([(20, 1), (50, 1), (80, 1)]) == pytest.approx(50.0)


def test_weights_summing_to_one_give_barcelonas_weighted_sum():
    # ResultWithWeightedProgress: 40 × 0.25 + 100 × 0.75 = 85.
    assert weighted_progress([(40, 0.25), (100, 0.75)]) == pytest.approx(85.0)


def test_whole_number_weights_are_normalised():
    # (40 × 1 + 100 × 3) / 4 = 85, the same as weights of a quarter and three quarters.
    assert weighted_progress([(40, 1), (100, 3)]) == pytest.approx(85.0)


def test_done_counts_as_a_hundred_and_dropped_is_left_out():
    assert action_progress("done", 30) == 100.0
    assert action_progress("dropped", 70) is None
    assert action_progress("on_track", 45) == 45.0
    # Done (100) and on track at 20 average to 60; the dropped action at 0 changes nothing.
    rows = [("done", 30), ("on_track", 20), ("dropped", 0)]
    assert weighted_progress((action_progress(s, p), 1) for s, p in rows) == pytest.approx(60.0)


def test_nothing_to_measure_is_none_not_zero():
    assert weighted_progress([]) is None
    assert weighted_progress([(None, 1), (50, 0)]) is None


def test_a_plan_rolls_up_from_actions_through_objectives_and_themes():
    # Theme 1 (weight 2): objective 10 has actions 100 (done) and 50 → 75;
    #   an action straight under the theme at 25 → theme 1 = (75 + 25) / 2 = 50.
    # Theme 2 (weight 1): one action at 80, one dropped → 80.
    # Plan: (50 × 2 + 80 × 1) / 3 = 60.
    rollup = plan_rollup(
        themes={1: 2, 2: 1},
        objectives={10: (1, 1)},
        actions=[
            ActionRow("done", 10, theme_id=1, objective_id=10),
            ActionRow("on_track", 50, theme_id=1, objective_id=10),
            ActionRow("at_risk", 25, theme_id=1),
            ActionRow("on_track", 80, theme_id=2),
            ActionRow("dropped", 0, theme_id=2),
        ],
    )
    assert rollup.objectives == {10: pytest.approx(75.0)}
    assert rollup.themes == {1: pytest.approx(50.0), 2: pytest.approx(80.0)}
    assert rollup.plan == pytest.approx(60.0)


def test_an_empty_theme_does_not_drag_its_plan_down():
    rollup = plan_rollup(
        themes={1: 1, 2: 1}, objectives={}, actions=[ActionRow("on_track", 40, theme_id=1)]
    )
    assert rollup.themes[2] is None
    assert rollup.plan == pytest.approx(40.0)


def test_a_theme_is_red_amber_green_or_grey_worst_news_first():
    assert theme_rag(["on_track", "off_track"], 0, []) == RED
    assert theme_rag(["on_track"], 1, []) == RED
    assert theme_rag(["on_track"], 0, ["deterioration"]) == RED
    assert theme_rag(["at_risk", "on_track"], 0, ["achieved"]) == AMBER
    assert theme_rag([], 0, ["needs_acceleration"]) == AMBER
    assert theme_rag(["on_track", "done"], 0, ["on_track"]) == GREEN
    assert theme_rag(["dropped"], 0, ["not_enough_data"]) == GREY
