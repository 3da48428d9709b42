"""Server-drawn sparklines and choropleth classes."""

from __future__ import annotations

import re

from cohesion.indicators.charts import PALETTE, colour_for, quantile_classes, sparkline


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
