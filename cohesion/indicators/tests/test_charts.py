"""Server-drawn sparklines and choropleth classes."""

from __future__ import annotations

import re

from cohesion.indicators.charts import (
    PALETTE,
    ColourClass,
    classes_the_intervals_support,
    colour_for,
    quantile_classes,
    sparkline,
    typical_interval_width,
)


def test_a_sparkline_draws_one_point_per_period_with_a_text_alternative():
    svg = str(sparkline([1.0, 3.0, 2.0], label="Trend from 2023 to 2025"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="Trend from 2023 to 2025"' in svg
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    assert len(points) == 3
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[1] < ys[2] < ys[0]  # SVG y grows downwards: the highest value is nearest the top


def test_a_single_period_or_all_suppressed_values_draw_no_sparkline():
    assert str(sparkline([5.0], label="x")) == ""
    assert str(sparkline([None, None, 2.0], label="x")) == ""


def test_a_missing_value_breaks_the_line_rather_than_joining_across_it():
    svg = str(sparkline([1.0, 2.0, None, 3.0, 4.0], label="x"))
    assert svg.count("<polyline") == 2


def test_quantile_classes_cover_every_value_and_darken_with_the_value():
    values = [float(v) for v in range(1, 21)]
    classes = quantile_classes(values)
    assert len(classes) == 5
    assert classes[0].low == 1 and classes[-1].high == 20
    colours = [colour_for(v, classes) for v in values]
    assert [PALETTE.index(c) for c in colours] == sorted(PALETTE.index(c) for c in colours)
    assert colour_for(None, classes) == "#ffffff"


def test_labels_are_escaped_in_sparklines():
    svg = str(sparkline([1.0, 2.0], label='<script>"'))
    assert "<script>" not in svg


def _classes(*bounds: float) -> list[ColourClass]:
    return [ColourClass(PALETTE[i], bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def test_the_typical_interval_width_is_the_median_width_of_those_held() -> None:
    assert typical_interval_width([(1, 3), (2, 8), (0, 4), (None, 5)]) == 4
    assert typical_interval_width([(1, 3), (2, 8)]) == 4
    assert typical_interval_width([(None, None)]) is None


def test_classes_narrower_than_the_typical_interval_are_merged_with_the_next() -> None:
    # Quantile breaks at 40, 42, 44, 60 over values 30..90; intervals about 8 wide.
    merged = classes_the_intervals_support(_classes(30, 40, 42, 44, 60, 90), 8)
    assert [(c.low, c.high) for c in merged] == [(30, 40), (40, 60), (60, 90)]
    assert [c.colour for c in merged] == [PALETTE[0], PALETTE[2], PALETTE[4]]


def test_a_narrow_last_class_joins_the_one_below_and_the_ends_never_move() -> None:
    merged = classes_the_intervals_support(_classes(0, 10, 20, 22), 8)
    assert [(c.low, c.high) for c in merged] == [(0, 10), (10, 22)]
    everything = classes_the_intervals_support(_classes(0, 1, 2, 3), 50)
    assert [(c.low, c.high) for c in everything] == [(0, 3)]
    assert everything[0].colour == PALETTE[-1]


def test_without_intervals_or_with_wide_classes_nothing_changes() -> None:
    classes = _classes(0, 10, 20, 30)
    assert classes_the_intervals_support(classes, None) == classes
    assert classes_the_intervals_support(classes, 0) == classes
    assert classes_the_intervals_support(classes, 5) == classes


def test_no_two_classes_left_are_closer_than_the_interval_width() -> None:
    import random

    rng = random.Random(7)
    for _ in range(200):
        values = sorted(rng.uniform(0, 100) for _ in range(rng.randint(2, 30)))
        width = rng.uniform(0.5, 40)
        merged = classes_the_intervals_support(quantile_classes(values), width)
        assert merged[0].low == values[0] and merged[-1].high == values[-1]
        if len(merged) > 1:
            assert all(c.high - c.low >= width for c in merged)
        assert all(colour_for(v, merged) in {c.colour for c in merged} for v in values)
