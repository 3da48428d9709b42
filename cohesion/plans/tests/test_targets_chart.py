"""The target chart: every value, interval, the baseline and the target inside the plot, text escaped."""

from __future__ import annotations

import datetime as dt
import re

from cohesion.indicators.calculations.intervals import poisson_interval
from cohesion.plans.calculations.progress import Observation
from cohesion.plans.charts import BOTTOM, HEIGHT, TOP, target_chart_svg


def month(year: int, number: int, value: float) -> Observation:
    end = dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)
    lower, upper = poisson_interval(int(value))
    return Observation(dt.date(year, number, 1), end, value, lower, upper)


def test_every_mark_of_the_chart_lies_inside_the_plot_and_the_title_is_escaped():
    series = [month(2024, 8, 66), month(2024, 9, 36), month(2025, 11, 31)]
    svg = str(
        target_chart_svg(
            series,
            baseline=series[0],
            target_value=25.0,
            target_date=dt.date(2027, 3, 31),
            title="<script>alert(1)</script> & ASB",
        )
    )
    ys = [float(y) for y in re.findall(r'\by[12]?="(-?[\d.]+)"', svg)]
    ys += [float(y) for y in re.findall(r'\bcy="(-?[\d.]+)"', svg)]
    assert ys and all(TOP - 8 <= y <= HEIGHT - BOTTOM + 8 for y in ys if y < HEIGHT - 20)
    # The top tick is above the highest interval (66's upper limit is 84.0).
    assert ">100</text>" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<circle") == 3
    assert 'stroke-dasharray="6 4"' in svg  # the target line
    assert "target 25 by 2027-03-31" in svg


def test_a_target_with_no_values_yet_still_draws_its_baseline_and_target_line():
    baseline = Observation(dt.date(2025, 11, 1), dt.date(2025, 11, 30), 31.0)
    svg = str(
        target_chart_svg(
            [], baseline=baseline, target_value=25.0, target_date=dt.date(2027, 3, 31), title="ASB"
        )
    )
    assert "<rect" in svg and "<path" in svg
    assert "<polyline" not in svg
